"""Problems found in data: values, collected and reported together, never raised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ttdn.domain.messages import Message, from_data, to_data

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at one place, shown ``file:line:col: error[code]: message``.

    ``file`` is relative to the data root (POSIX separators); ``line`` and ``column`` are
    1-based, 0 when the problem concerns the whole file. ``message`` is a message id with
    its parameters, put into words in the language of the run at the edge
    (:mod:`ttdn.outputs.problems`).
    """

    code: str
    file: str
    line: int
    column: int
    message: Message
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_data(self) -> list:
        """The problem as JSON-able plain data (:func:`from_data` reads it back)."""
        return [self.code, self.file, self.line, self.column, to_data(self.message), self.severity]


def problem_from_data(data: list) -> Problem:
    """A problem from :meth:`Problem.to_data`."""
    code, file, line, column, message, severity = data
    m = from_data(message)
    return Problem(
        code, file, line, column, m if isinstance(m, Message) else Message(str(m)), severity
    )


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, then line and column; duplicates removed."""
    return sorted(set(problems), key=Problem.sort_key)
