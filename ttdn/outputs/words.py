"""Domain words: names of things of the domain in the language of the run."""

from __future__ import annotations

from ttdn.domain.model import REPORT_NAMES
from ttdn.i18n import get_lang, translate


def report_name(period: str, name: str | None = None) -> str:
    """The name of a periodic report: ``name``, the plan's own wording (data), when ttdn
    speaks Vietnamese; the catalogue's name of the period otherwise."""
    if name and get_lang() == "vi":
        return name
    return translate(REPORT_NAMES[period]) if period in REPORT_NAMES else name or period
