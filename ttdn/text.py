"""Vietnamese text helpers: NFC, ASCII slugs, loose matching, suggestions.

No language of the interface here: the wording of a suggestion ("did you mean …?") is made
at the edge (:func:`ttdn.outputs.problems.did_you_mean`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
    """One line of at most ``width`` characters, cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"
