"""Readers: a plan document (.txt, .docx, .pdf) as one intermediate structure.

:class:`Document` holds the text outside tables as :class:`Line` values (a whole paragraph
per line from Word and PDF, a printed line from text), and, from Word, the appendix table as
rows of cells (each cell a list of its paragraphs). From a PDF, :mod:`.pdf` makes the same
shape as from Word (paragraphs, then the table) out of the boxes of its words.
"""

from __future__ import annotations

import os
from pathlib import Path

from ttdn.edit.plan_import.document import Document, Line, PlanImportError, Review, Table, where
from ttdn.edit.plan_import.pdf import read_pdf
from ttdn.i18n import _
from ttdn.text import nfc

__all__ = [
    "Document",
    "Line",
    "PlanImportError",
    "Review",
    "Table",
    "read_document",
    "read_docx",
    "read_pdf",
    "read_txt",
    "where",
]


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


def _split_pages(text: str) -> list[Line]:
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
            if line.startswith(" ") and not line.startswith("  ") and line.strip():
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
    return Document(path, _split_pages(text))


def read_docx(path: Path) -> Document:
    """Paragraphs and tables in document order (python-docx)."""
    import docx
    from docx.table import Table as DocxTable

    from ttdn.data.zipcap import ZipTooLarge, check_zip
    from ttdn.edit.xlsx_import import zip_too_large

    try:
        check_zip(path)
    except ZipTooLarge as exc:
        raise PlanImportError(zip_too_large(path, exc)) from None
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
