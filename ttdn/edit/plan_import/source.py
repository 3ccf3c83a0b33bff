"""Readers: a plan document (.txt, .docx, .pdf) as one intermediate structure.

:class:`Document` holds the text outside tables as :class:`Line` values (a whole paragraph
per line from Word, a printed line from text and PDF), and, from Word, the appendix table as
rows of cells (each cell a list of its paragraphs). From a PDF, the lines keep their layout
(``pdftotext -layout``) so that the appendix parser can find the columns by position.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.i18n import _
from ttdn.text import nfc


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
    number: int  # 1-based line (or paragraph) number in the document
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


@dataclass
class Document:
    path: Path
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    layout: bool = False  # lines keep their horizontal layout (PDF)


def read_document(path: Path) -> Document:
    """Read ``path`` by its extension."""
    ext = path.suffix.lower()
    if ext == ".txt":
        return read_txt(path)
    if ext == ".docx":
        return read_docx(path)
    if ext == ".pdf":
        return read_pdf(path)
    raise PlanImportError(
        _("không đọc được “{name}”: chỉ nhận tệp .docx, .pdf hoặc .txt", name=path.name)
    )


def _split_pages(text: str, layout: bool) -> list[Line]:
    """Lines of extracted text; a form feed starts a page. A line that begins with one space
    before a word is where some extractors left a page break (as in shared/seed)."""
    out: list[Line] = []
    page, n = 1, 0
    for p, chunk in enumerate(nfc(text).replace("\r\n", "\n").split("\f")):
        page += p > 0
        for i, raw in enumerate(chunk.split("\n")):
            n += 1
            line = raw.rstrip()
            start = i == 0 and p > 0
            if not layout and line.startswith(" ") and not line.startswith("  ") and line.strip():
                start = True
                line = line[1:]
            if start and n > 1 and not (i == 0 and p > 0):
                page += 1
            out.append(Line(line, page, n, page_start=start))
    return out


def read_txt(path: Path) -> Document:
    """Text already extracted from the signed document (as in shared/seed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanImportError(_("“{name}” không phải văn bản UTF-8", name=path.name)) from exc
    return Document(path, _split_pages(text, layout=False))


def read_pdf(path: Path) -> Document:
    """Text with its layout, from poppler's ``pdftotext -layout``."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PlanImportError(
            _(
                "cần chương trình pdftotext (gói poppler-utils) để đọc tệp PDF; hãy cài nó, "
                "hoặc nhập bản Word (.docx) của văn bản"
            )
        )
    run = subprocess.run(
        [exe, "-layout", "-enc", "UTF-8", os.fspath(path), "-"],
        capture_output=True,
        check=False,
    )
    if run.returncode != 0:
        msg = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PlanImportError(
            _(
                "pdftotext không đọc được “{name}”: {error}",
                name=path.name,
                error=msg[-1] if msg else run.returncode,
            )
        )
    return Document(
        path, _split_pages(run.stdout.decode("utf-8", "replace"), layout=True), layout=True
    )


def read_docx(path: Path) -> Document:
    """Paragraphs and tables in document order (python-docx)."""
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(os.fspath(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not Word
        raise PlanImportError(
            _("không mở được “{name}” như tệp Word: {error}", name=path.name, error=exc)
        ) from exc
    lines: list[Line] = []
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            rows = []
            for row in block.rows:
                rows.append([[nfc(p.text) for p in cell.paragraphs] for cell in row.cells])
            tables.append(Table(rows, len(lines)))
        else:
            lines.append(Line(nfc(block.text), 1, len(lines) + 1, hard=True))
    return Document(path, lines, tables)
