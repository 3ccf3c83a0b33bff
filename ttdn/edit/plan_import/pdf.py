"""A plan from a PDF, read from the boxes of its words (poppler's ``pdftotext -bbox-layout``).

``pdftotext -layout`` prints each line with spaces, and a cell's lines drift by a character
or two from line to line, so cutting at fixed columns mis-reads rows. The boxes do not drift:

1. words are grouped into printed lines by their vertical position, page by page;
2. a line printed at the same height at the top or the bottom of several pages (a running
   header or footer), or a lone page number there, is dropped and listed for review;
3. before "PHỤ LỤC", lines become paragraphs: a line starts one when the line before it
   stopped short of the right margin (its next word would have fitted), when it starts with
   a dash, or after a blank gap;
4. the appendix table's columns start where its header row's cells do (each moved to the
   blank gutter between the words of the rows below it); each word goes to the column its
   left edge is in. A number in the first column starts a task row, a Roman numeral a
   section row; lines without one (a cell going on, on the same page or the next) add to
   the row before. Within a cell, paragraphs are found as in 3, against the column's right
   edge.

The result is a :class:`~.document.Document` as from Word: paragraphs, then the table.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.edit.plan_import.document import (
    Document,
    Line,
    PlanImportError,
    Review,
    Table,
)
from ttdn.i18n import _
from ttdn.text import fold, nfc

_NS = "{http://www.w3.org/1999/xhtml}"
_PAGE_NUMBER = re.compile(r"^[-–—]?\s*(?:Trang\s+)?\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–—]?$", re.I)
_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_NUMBER = re.compile(r"^\d{1,3}\.?$")
_DASH = re.compile(r"^[-–+•]$")


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Row:
    """One printed line: its words left to right."""

    page: int
    words: list[Word] = field(default_factory=list)
    number: int = 0  # its line number on the page, once headers and footers are dropped

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return max(w.y1 - w.y0 for w in self.words)


def _boxes(path: Path) -> list[list[Word]]:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PlanImportError(
            _(
                "cần chương trình pdftotext (gói poppler-utils) để đọc tệp PDF; hãy cài nó, "
                "hoặc nhập bản Word (.docx) của văn bản"
            )
        )
    run = subprocess.run(
        [exe, "-bbox-layout", "-enc", "UTF-8", os.fspath(path), "-"],
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
    try:
        root = ET.fromstring(run.stdout)
    except ET.ParseError as exc:
        raise PlanImportError(
            _("pdftotext không đọc được “{name}”: {error}", name=path.name, error=exc)
        ) from exc
    pages = []
    for page in root.iter(f"{_NS}page"):
        words = []
        for w in page.iter(f"{_NS}word"):
            text = nfc(w.text or "").strip()
            if text:
                box = [float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
                words.append(Word(*box, text))
        pages.append(words)
    return pages


def _rows(page: int, words: list[Word]) -> list[Row]:
    """Words grouped into printed lines (by the middle of their boxes), top to bottom."""
    rows: list[Row] = []
    for w in sorted(words, key=lambda w: ((w.y0 + w.y1) / 2, w.x0)):
        mid = (w.y0 + w.y1) / 2
        if rows:
            last = rows[-1]
            if abs(mid - (last.y0 + last.y1) / 2) < 0.4 * last.height:
                last.words.append(w)
                continue
        rows.append(Row(page, [w]))
    for r in rows:
        r.words.sort(key=lambda w: w.x0)
    return rows


def _margins(pages: list[list[Row]], review: list[Review]) -> list[list[Row]]:
    """Pages without their running headers and footers (and lone page numbers)."""

    def key(r: Row) -> str:
        return re.sub(r"\d+", "#", r.text)

    seen: dict[tuple[str, int], int] = {}
    dropped: dict[str, tuple[str, list[int]]] = {}
    for rows in pages:
        for r in {id(x): x for x in (rows[:1] + rows[-1:])}.values():
            seen[(key(r), round(r.y0 / 4))] = seen.get((key(r), round(r.y0 / 4)), 0) + 1
    out = []
    for rows in pages:
        kept = list(rows)
        for r in (rows[:1], rows[-1:]):
            if not r or r[0] not in kept:
                continue
            r = r[0]
            if seen.get((key(r), round(r.y0 / 4)), 0) >= 2 or _PAGE_NUMBER.match(r.text):
                kept.remove(r)
                dropped.setdefault(key(r), (r.text, []))[1].append(r.page)
        out.append(kept)
    for text, on in dropped.values():
        review.append(Review("dropped", _("trang {pages}", pages=_ranges(on)), text))
    return out


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    out: list[str] = []
    for p in sorted(set(pages)):
        if out and out[-1].split("–")[-1] == str(p - 1):
            out[-1] = out[-1].split("–")[0] + f"–{p}"
        else:
            out.append(str(p))
    return ", ".join(out)


def _space(rows: list[Row]) -> float:
    """The width of a space between words (the commonest gap)."""
    gaps = sorted(
        b.x0 - a.x1
        for r in rows[:200]
        for a, b in zip(r.words, r.words[1:], strict=False)
        if b.x0 > a.x1
    )
    return gaps[len(gaps) // 2] if gaps else 3.0


def _join(a: str, b: str) -> str:
    if re.search(r"\w-$", a) and b[:1].isalnum():
        return a + b
    return f"{a} {b}"


def _is_break(prev: Row, row: Row, right: float, space: float, gapped: bool) -> bool:
    """Does ``row`` start a paragraph after ``prev``? (see the module's docstring)"""
    first = row.words[0]
    if _DASH.match(first.text) and prev.words[-1].text.endswith(tuple(".;:…!?)")):
        return True  # not "chính trị" / "- xã hội", a dash that wrapped to the next line
    if prev.x1 + space + (first.x1 - first.x0) < right - 0.5:
        return True  # its first word would have fitted on the line before
    return gapped and prev.page == row.page and row.y0 - prev.y1 > 0.5 * row.height


def _paragraphs(rows: list[Row], right: float, space: float) -> list[tuple[str, Row]]:
    out: list[tuple[str, Row]] = []
    prev = None
    for row in rows:
        if prev is None or _is_break(prev, row, right, space, gapped=True):
            out.append((row.text, row))
        else:
            out[-1] = (_join(out[-1][0], row.text), out[-1][1])
        prev = row
    return out


def _header_cells(rows: list[Row], space: float) -> list[tuple[float, float]]:
    """The x-extent of each header cell: the words of the header lines, merged where they
    are closer than a few spaces."""
    spans = sorted((w.x0, w.x1) for r in rows for w in r.words)
    cells: list[list[float]] = []
    for x0, x1 in spans:
        if cells and x0 - cells[-1][1] < 2.5 * space:
            cells[-1][1] = max(cells[-1][1], x1)
        else:
            cells.append([x0, x1])
    return [(a, b) for a, b in cells]


def _bounds(cells: list[tuple[float, float]], body: list[Row]) -> list[float]:
    """Where each column starts: in the blank gutter (no word of the body rows in it) nearest
    to the left of its header cell."""
    covered = sorted((w.x0, w.x1) for r in body for w in r.words)
    merged: list[list[float]] = []
    for x0, x1 in covered:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in zip(merged, merged[1:], strict=False)]
    bounds = [float("-inf")]
    for k in range(1, len(cells)):
        lo, hi = cells[k - 1][0], cells[k][0] + 1
        inside = [g for g in gaps if lo < g[1] <= hi]
        bounds.append(max(inside)[1] - 0.5 if inside else cells[k][0] - 0.5)
    return bounds


@dataclass
class _TableRow:
    page: int
    lines: list[list[Row]]  # per column, its printed lines (as rows of words)


def _column_of(x: float, bounds: list[float]) -> int:
    return max(k for k, b in enumerate(bounds) if x >= b)


def _split(row: Row, bounds: list[float]) -> list[Row]:
    parts = [Row(row.page) for _b in bounds]
    for w in row.words:
        parts[_column_of(w.x0, bounds)].words.append(w)
    return parts


def read_pdf(path: Path) -> Document:
    """The document's paragraphs before the appendix, and its appendix table."""
    review: list[Review] = []
    pages = _margins([_rows(p, words) for p, words in enumerate(_boxes(path), 1)], review)
    for page in pages:
        for n, r in enumerate(page, 1):
            r.number = n
    rows = [r for page in pages for r in page]
    space = _space(rows)
    start = next((i for i, r in enumerate(rows) if fold(r.text) in ("phu luc",)), len(rows))
    head = next(
        (i for i in range(start, len(rows)) if fold(rows[i].words[0].text) in ("tt", "stt")),
        len(rows),
    )
    before = rows[:head]
    right = max((r.x1 for r in before), default=0.0)
    lines: list[Line] = []
    for text, row in _paragraphs(before, right, space):
        lines.append(Line(text, row.page, row.number, hard=True))
    doc = Document(path, lines)
    doc.review = review
    if head == len(rows):
        return doc
    # the header goes on until the first row with a number or a Roman numeral on its left
    second = rows[head].words[1].x0 if len(rows[head].words) > 1 else rows[head].x1
    data = next(
        (
            i
            for i in range(head + 1, len(rows))
            if rows[i].x0 < second
            and (_ROMAN.match(rows[i].words[0].text) or _NUMBER.match(rows[i].words[0].text))
        ),
        len(rows),
    )
    cells = _header_cells(rows[head:data], space)
    body = [r for r in rows[data:] if not _ROMAN.match(r.words[0].text)]
    bounds = _bounds(cells, body)
    header_parts = [_split(r, bounds) for r in rows[head:data]]
    header = [
        [" ".join(hp[k].text for hp in header_parts if hp[k].words)] for k in range(len(cells))
    ]
    table: list[_TableRow] = []
    for r in rows[data:]:
        parts = _split(r, bounds)
        lead = parts[0].text
        if _ROMAN.match(lead):
            rest = Row(r.page, [w for p in parts[1:] for w in p.words])
            table.append(_TableRow(r.page, [[parts[0]], [rest]]))
        elif _NUMBER.match(lead):
            table.append(_TableRow(r.page, [[p] if p.words else [] for p in parts]))
        elif not lead and table:
            current = table[-1]
            if len(current.lines) == 2:  # a section title going on
                current.lines[1].append(Row(r.page, [w for p in parts[1:] for w in p.words]))
            else:
                for k, p in enumerate(parts):
                    if p.words:
                        current.lines[k].append(p)
        else:
            review.append(Review("dropped", _("trang {page}", page=r.page), r.text))
    rights = [
        max((p.x1 for t in table if len(t.lines) > 2 for p in t.lines[k]), default=0.0)
        for k in range(len(bounds))
    ]
    out_rows: list[list[list[str]]] = [header]
    wheres = [_("trang {page}, tiêu đề bảng", page=rows[head].page)]
    for n, t in enumerate(table, 1):
        if len(t.lines) == 2:
            title = " ".join(p.text for p in t.lines[1])
            out_rows.append([[t.lines[0][0].text]] + [[title]] * (len(bounds) - 1))
        else:
            out_rows.append(
                [
                    [text for text, _row in _paragraphs_in(t.lines[k], rights[k], space)]
                    for k in range(len(bounds))
                ]
            )
        wheres.append(_("trang {page}, hàng {n} của bảng", page=t.page, n=n))
    doc.tables.append(Table(out_rows, len(lines), wheres))
    return doc


def _paragraphs_in(rows: list[Row], right: float, space: float) -> list[tuple[str, Row]]:
    out: list[tuple[str, Row]] = []
    prev = None
    for row in rows:
        if prev is None or _is_break(prev, row, right, space, gapped=False):
            out.append((row.text, row))
        else:
            out[-1] = (_join(out[-1][0], row.text), out[-1][1])
        prev = row
    return out
