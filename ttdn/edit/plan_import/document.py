"""The intermediate structure every reader makes of a plan document (see :mod:`.source`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ttdn.i18n import _


class PlanImportError(Exception):
    """The document cannot be imported; the message says what was looked for."""


@dataclass
class Review:
    """One uncertain decision, with where it came from."""

    kind: str  # name | timeline | columns | dropped | blank | body | reporting
    where: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Line:
    """One line (or, from Word, one paragraph) with where it came from."""

    text: str
    page: int
    number: int  # 1-based line (Word: paragraph) number in the document (PDF: on its page)
    hard: bool = False  # a paragraph of its own (Word); text lines may continue one another
    page_start: bool = False  # the first line of a page (text and PDF)


def where(line: Line) -> str:
    """Where ``line`` came from, for the review list."""
    return _("trang {page}, dòng {line}", page=line.page, line=line.number)


@dataclass
class Table:
    """A Word table: ``rows[i][j]`` is the paragraphs of cell j of row i."""

    rows: list[list[list[str]]]
    after_line: int  # index in Document.lines of the first line after the table
    wheres: list[str] | None = None  # where each row came from (PDF: page and row)


@dataclass
class Document:
    path: Path
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    review: list[Review] = field(default_factory=list)  # what the reader dropped (PDF)
