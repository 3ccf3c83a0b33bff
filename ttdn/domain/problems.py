"""Problems found in data: values, collected and reported together, never raised."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at one place: ``file:line:col: error[code]: message``.

    ``file`` is relative to the data root (POSIX separators); ``line`` and ``column`` are
    1-based, 0 when the problem concerns the whole file.
    """

    code: str
    file: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        """The compiler-style one-line form."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, then line and column; duplicates removed."""
    return sorted(set(problems), key=Problem.sort_key)


def to_json(problems: list[Problem]) -> str:
    """The ``--format json`` form: a list of objects."""
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
