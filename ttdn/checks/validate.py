"""Checks across files: references, ids, dates, timelines and progress records.

:func:`validate` returns every problem of a dataset (those found while loading included),
sorted by file and line: it runs each rule of :data:`ttdn.checks.rules.RULES`. Codes are
stable and listed in :data:`ttdn.checks.codes.CODES` and the README.
"""

from __future__ import annotations

import datetime as dt

from ttdn.checks.rules import RULES, Context, unknown_indicator
from ttdn.domain.dataset import Dataset
from ttdn.domain.problems import Problem, sort_problems


def validate(ds: Dataset, as_of: dt.date | None = None) -> list[Problem]:
    """All problems of ``ds``. ``as_of``: progress dated after it is an error."""
    ctx = Context(as_of)
    out = list(ds.problems)
    for rule in RULES:
        out.extend(rule(ds, ctx))
    return sort_problems(out)


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    """True when a problem is an error (with ``strict``, when there is any problem)."""
    return any(p.severity == "error" or strict for p in problems)


__all__ = ["validate", "has_errors", "unknown_indicator"]
