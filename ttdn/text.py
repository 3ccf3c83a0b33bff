"""Vietnamese text helpers: NFC, ASCII slugs, loose matching, suggestions.

No language of the interface here: the wording of a suggestion ("did you mean …?") is made
at the edge (:func:`ttdn.outputs.problems.did_you_mean`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_day(text: str) -> dt.date | None:
    """A date as users write it: ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (also ``d.m.yyyy``,
    ``d-m-yyyy``); None when it is not a real date."""
    text = text.strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def clean_text(text: str) -> str:
    """Text as ttdn stores it: NFC, line ends ``\n``."""
    return nfc(text).replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` other than newline and tab, as ``U+XXXX``
    (data files cannot hold them, nor can Excel cells); None when there is none."""
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            return f"U+{ord(ch):04X}"
    return None


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Sở Du lịch" → "so-du-lich".

    đ/Đ are mapped by hand because NFKD does not decompose them.
    """
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", text.lower()).strip("-")


def fold(text: str) -> str:
    """A key for loose comparison: no diacritics, case or punctuation ("Sở  du-lịch" → "so du lich")."""
    return slugify(text).replace("-", " ")


def suggest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Closest candidates to ``word`` (for "có phải ý bạn là …?")."""
    cands = sorted(candidates)
    found = difflib.get_close_matches(word, cands, n=n, cutoff=0.6)
    if not found:
        folded = {fold(c): c for c in cands}
        found = [
            folded[f] for f in difflib.get_close_matches(fold(word), list(folded), n=n, cutoff=0.5)
        ]
    return found


def quote(value: object) -> str:
    return f"“{value}”"


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut between words with "…" (only "…" when
    even the first word does not fit: a word is never broken)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[:width]  # the last character tells whether text[: width - 1] ends a word
    cut = head[:-1] if head[-1] == " " else head[:-1].rpartition(" ")[0]
    return cut.rstrip() + "…"
