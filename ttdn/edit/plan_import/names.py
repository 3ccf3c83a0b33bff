"""Names printed in a plan, resolved to agency slugs and groups — never guessed silently.

A printed name resolves when, after :func:`norm` (NFC, case, hóa/hoá, whitespace, the common
abbreviations UBND, HĐND, TP, TTĐN), it equals an agency's name, short name or alias, a
group's name or alias, or an agency's initialism ("Sở VHTT"). A coordinator column is read
left to right, taking the longest known name at each place; what is left stays as printed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ttdn.domain.dataset import Dataset
from ttdn.text import nfc

# Tone marks on the second vowel of oa/oe/uy ("hoá", "thuỷ") as on the first ("hóa", "thủy").
_OLD_STYLE = re.compile(
    r"([oO])([aAeE])([\u0301\u0300\u0309\u0303\u0323])|([uU])([yY])([\u0301\u0300\u0309\u0303\u0323])"
)
_ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "tp": "thành phố",
    "tp.": "thành phố",
    "ttđn": "thông tin đối ngoại",
}
# Words joining names in a coordinator column, skipped between names.
_JOINERS = {"và", "các", "cùng", "với"}
_WORD = re.compile(r"[^\s,;]+|[,;]")


def _tone_first(text: str) -> str:
    import unicodedata

    d = unicodedata.normalize("NFD", text)
    d = _OLD_STYLE.sub(
        lambda m: "".join(
            g for g in (m.group(1), m.group(3), m.group(2), m.group(4), m.group(6), m.group(5)) if g
        ),
        d,
    )
    return unicodedata.normalize("NFC", d)


def norm(text: str) -> str:
    """The comparison form of a printed name: "Văn phòng UBND TP" → "văn phòng ủy ban nhân dân
    thành phố"; "Sở Văn hoá" and "Sở Văn hóa" compare equal."""
    words = _tone_first(nfc(text).lower()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words).strip(" ,;.:")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(norm(text))


def _initialism(name: str) -> str | None:
    """ "Sở Văn hóa và Thể thao" → "sở vhtt": the first word, then the initials of the rest
    (without "và")."""
    words = norm(name).split()
    if len(words) < 3:
        return None
    rest = [w for w in words[1:] if w != "và"]
    return words[0] + " " + "".join(w[0] for w in rest)


@dataclass(frozen=True)
class Target:
    kind: str  # "agency" | "group"
    id: str


@dataclass
class Resolved:
    """A coordinator column read: the agencies and groups it names, and what stayed as
    printed (``unresolved``, each with its closest known names in ``candidates``)."""

    agencies: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    candidates: dict[str, list[str]] = field(default_factory=dict)


class NameIndex:
    """The names of one data root, ready for look-ups."""

    def __init__(self, ds: Dataset) -> None:
        self.phrases: dict[tuple[str, ...], set[Target]] = {}
        self.labels: dict[Target, str] = {}
        initialisms: dict[str, set[Target]] = {}
        for slug, a in ds.agencies.items():
            t = Target("agency", slug)
            self.labels[t] = a.name
            for name in (a.name, a.short_name, *a.aliases):
                self._add(name, t)
                if ini := _initialism(name):
                    initialisms.setdefault(ini, set()).add(t)
        for gid, g in ds.groups.items():
            t = Target("group", gid)
            self.labels[t] = g.name
            for name in (g.name, *getattr(g, "aliases", [])):
                self._add(name, t)
        for ini, targets in initialisms.items():
            key = tuple(ini.split())
            if len(targets) == 1 and key not in self.phrases:  # an initialism must be unique
                self.phrases[key] = targets
        self.longest = max((len(k) for k in self.phrases), default=1)

    def _add(self, name: str, t: Target) -> None:
        words = _tokens(name)
        while words and words[0] in _JOINERS:  # "Các cơ quan" also answers to "cơ quan"
            self.phrases.setdefault(tuple(words), set()).add(t)
            words = words[1:]
        if words:
            self.phrases.setdefault(tuple(words), set()).add(t)

    def exact(self, printed: str) -> Target | None:
        """The one agency or group whose name ``printed`` is, or None."""
        words = _tokens(printed)
        while words and words[0] in _JOINERS:
            words = words[1:]
        found = self.phrases.get(tuple(words), set())
        return next(iter(found)) if len(found) == 1 else None

    def candidates(self, printed: str, n: int = 3) -> list[str]:
        """The closest known names (for the review list)."""
        key = " ".join(_tokens(printed))
        names = {" ".join(k): t for k, ts in self.phrases.items() for t in ts}
        close = difflib.get_close_matches(key, list(names), n=n * 2, cutoff=0.6)
        out: list[str] = []
        for c in close:
            t = names[c]
            label = f"{t.id} ({self.labels[t]})"
            if label not in out:
                out.append(label)
        return out[:n]

    def column(self, printed: str) -> Resolved:
        """Read a coordinator column: the longest known name at each place, skipping commas,
        semicolons and joining words; any other run of words stays as printed."""
        res = Resolved()
        words = _tokens(printed)
        raw_words = _WORD.findall(nfc(printed))
        i, pending = 0, []

        def flush() -> None:
            if pending:
                text = " ".join(pending).strip(" ,;")
                if text:
                    res.unresolved.append(text)
                    res.candidates[text] = self.candidates(text)
                pending.clear()

        while i < len(words):
            w = words[i]
            if w in (",", ";") or (w in _JOINERS and not pending):
                flush()
                i += 1
                continue
            hit = None
            for n in range(min(self.longest, len(words) - i), 0, -1):
                found = self.phrases.get(tuple(words[i : i + n]))
                if found and len(found) == 1:
                    hit = (n, next(iter(found)))
                    break
            if hit is None:
                pending.append(raw_words[i] if len(raw_words) == len(words) else w)
                i += 1
                continue
            flush()
            n, t = hit
            bucket = res.agencies if t.kind == "agency" else res.groups
            if t.id not in bucket:
                bucket.append(t.id)
            i += n
        flush()
        return res
