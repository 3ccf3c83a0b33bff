"""Where the data root is, found without loading anything (shell completion uses it too)."""

from __future__ import annotations

from pathlib import Path

DATA_ENV = "TTDN_DATA"


def search_up(start: Path) -> Path | None:
    """The nearest data root at or above ``start``: a ``data/`` folder holding ``plans/`` or
    ``agencies/``, or ``start``'s own ancestor named ``data`` that holds them. Like git
    looking for ``.git``: any folder inside a checkout finds the checkout's data."""
    for d in (start, *start.parents):
        cand = d / "data"
        if cand.is_dir() and _holds_data(cand):
            return cand
        if d.name == "data" and _holds_data(d):
            return d
    return None


def _holds_data(d: Path) -> bool:
    return (d / "plans").is_dir() or (d / "agencies").is_dir()
