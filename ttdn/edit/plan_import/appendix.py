"""The appendix table ("Phụ lục nhiệm vụ"): sections, and per task its number, content,
timeline, lead and coordinators as printed.

Two shapes arrive: a table of cells (from Word, or rebuilt from a PDF's word boxes by
:mod:`.pdf`), and plain extracted text, where the cells of a row are interleaved. In plain text a row is read as: content, then the timeline (a known form such as
"Năm 2026", "Tháng 1", "Quý I"), then the lead (a known agency name, or the section's title),
then the coordinators; on the next page, the content goes on first if it was cut mid-sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ttdn.edit.plan_import.names import _tone_first
from ttdn.edit.plan_import.source import Document, Line, PlanImportError, Review, where
from ttdn.i18n import _
from ttdn.text import fold, nfc

ROMAN = re.compile(r"^([IVXLC]+)\.?$")
_ROMANS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]
_NUMBER_ROW = re.compile(r"^(\d{1,3})\.?(?:\s+(.*))?$")
_SECTION_ROW = re.compile(r"^([IVXLC]+)\.?\s+(\S.*)$")
TIMELINE = re.compile(
    r"(?:(?<=\s)|^)("
    r"Tháng\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:/\d{4}|\s+năm\s+\d{4})?"
    r"|Quý\s+[IV]+(?:\s*[-–,]\s*[IV]+)?(?:/\d{4}|\s+năm\s+\d{4})?"
    r"|Năm\s+\d{4}"
    r"|6\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|Thường\s+xuyên|Cả\s+năm|Hằng\s+(?:tháng|quý)|Trước\s+ngày\s+\d{1,2}/\d{1,2}(?:/\d{4})?"
    r")(?=$|\s+[A-ZĐÀ-Ỹ])"
)
# What the header row must name, as folded words (any of the alternatives).
COLUMNS = [
    ("tt", "stt"),
    ("noi dung",),
    ("tien do", "thoi gian"),
    ("phu trach", "chu tri"),
    ("phoi hop",),
]
COLUMN_NAMES = "TT, Nội dung, Tiến độ thời gian, Cơ quan phụ trách (chủ trì), Cơ quan phối hợp"
_SENTENCE_END = tuple(".…!?")


@dataclass
class Row:
    section: str
    number: int
    where: str
    content: str = ""
    timeline: str = ""
    lead: str = ""
    coordinators: str = ""


@dataclass
class Section:
    roman: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Appendix:
    title: str | None
    subtitle: str | None
    sections: list[Section]
    review: list[Review]
    start: int  # index of the "PHỤ LỤC" line: the body ends before it


def join_lines(lines: list[str]) -> str:
    """Printed lines as text: a line that ends a sentence followed by one that starts with a
    capital or a dash starts a new paragraph ("\\n"); other lines join with a space, a word cut
    after a hyphen ("1-" / "2") without one."""
    out = ""
    for raw in lines:
        s = " ".join(raw.split())
        if not s:
            continue
        if not out:
            out = s
        elif out.endswith(_SENTENCE_END) and (s[0].isupper() or s.startswith(("- ", "+ "))):
            out += "\n" + s
        elif re.search(r"\w-$", out) and s[0].isalnum():
            out += s
        else:
            out += " " + s
    return out


def _one_line(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _folded(text: str) -> str:
    return fold(text)


def _check_header(text: str, where_: str) -> None:
    # words, not phrases: a PDF header wraps its cells across lines
    f = set(_folded(text).split())
    missing = [alts[0] for alts in COLUMNS if not any(set(a.split()) <= f for a in alts)]
    if missing:
        raise PlanImportError(
            _(
                "bảng phụ lục ({where}) không có các cột mong đợi ({columns}); dòng tiêu đề là “{header}”",
                where=where_,
                columns=COLUMN_NAMES,
                header=" ".join(text.split())[:120],
            )
        )


def find_start(doc: Document) -> int:
    """Index of the line "PHỤ LỤC"; raises when there is none."""
    for i, line in enumerate(doc.lines):
        if fold(line.text) in ("phu luc", "phu luc nhiem vu"):
            return i
    raise PlanImportError(
        _(
            "không thấy phụ lục nhiệm vụ trong “{name}”: cần một dòng “PHỤ LỤC” rồi bảng có các cột {columns}",
            name=doc.path.name,
            columns=COLUMN_NAMES,
        )
    )


def _titles(lines: list[Line], start: int, stop: int) -> tuple[str | None, str | None]:
    title = subtitle = None
    for line in lines[start + 1 : stop]:
        t = " ".join(line.text.split())
        if not t:
            continue
        if t.startswith("("):
            subtitle = subtitle or t
        elif title is None and t.upper() == t:
            title = t
        if subtitle:
            break
    return title, subtitle


# ------------------------------------------------------------------ cells (Word, PDF)


def from_cells(rows: list[tuple[list[list[str]], str]], review: list[Review]) -> list[Section]:
    """Sections from rows of cells, each cell a list of its paragraphs."""
    sections: list[Section] = []
    for cells, at in rows:
        first = _one_line(cells[0]) if cells else ""
        texts = [c for c in cells[1:] if _one_line(c)]
        if ROMAN.match(first) and texts:
            distinct = {_one_line(c) for c in texts}
            if len(distinct) == 1:
                sections.append(Section(ROMAN.match(first).group(1), distinct.pop()))
                continue
        m = re.match(r"^(\d{1,3})\.?$", first)
        if not m or not sections:
            if any(_one_line(c) for c in cells):
                review.append(Review("dropped", at, _one_line(sum(cells, []))))
            continue
        if len(cells) != 5:
            raise PlanImportError(
                _(
                    "hàng {where} của bảng phụ lục có {n} cột, cần 5: {columns}",
                    where=at,
                    n=len(cells),
                    columns=COLUMN_NAMES,
                )
            )
        sec = sections[-1]
        sec.rows.append(
            Row(
                sec.roman,
                int(m.group(1)),
                at,
                content="\n".join(" ".join(p.split()) for p in cells[1] if p.strip()),
                timeline=_one_line(cells[2]),
                lead=_one_line(cells[3]),
                coordinators=_one_line(cells[4]),
            )
        )
    return sections


# ------------------------------------------------------------------ plain text


@dataclass
class _Unit:
    words: list[str]
    part: int

    @property
    def norm(self) -> list[str]:
        return [_w(w) for w in self.words]


def _w(word: str) -> str:
    return _tone_first(nfc(word).lower()).strip(",;.:()")


def _match(phrase: list[str], units: list[_Unit], ui: int = 0, pi: int = 0, first: bool = True):
    """Where ``phrase`` is printed in ``units``: chunks (unit, start, end), each at the start
    or the end of a unit, in order; None when it is not."""
    if pi == len(phrase):
        return []
    for u in range(ui, len(units)):
        words = units[u].norm
        spans = []
        for k in range(min(len(words), len(phrase) - pi), 0, -1):
            if words[:k] == phrase[pi : pi + k]:
                spans.append((0, k))
                break
        for k in range(min(len(words), len(phrase) - pi), 0, -1):
            if words[len(words) - k :] == phrase[pi : pi + k] and len(words) - k > 0:
                spans.append((len(words) - k, len(words)))
                break
        for s, e in spans:
            rest = _match(phrase, units, u + 1, pi + e - s, False)
            if rest is not None:
                return [(u, s, e), *rest]
    return None


def _complete(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _split_row(
    row_lines: list[tuple[str, int]], leads: list[list[str]], at: str, review: list[Review]
):
    """(content, timeline, lead, coordinators) of one row of plain text."""
    # find the timeline
    t_idx = t_match = None
    for i, (text, _part) in enumerate(row_lines):
        m = TIMELINE.search(text)
        if m and (m.start() > 0 or i > 0):
            t_idx, t_match = i, m
            break
    if t_idx is None:
        review.append(
            Review(
                "columns",
                at,
                _one_line([t for t, _ in row_lines])[:160],
                _("không thấy cột tiến độ"),
            )
        )
        return join_lines([t for t, _ in row_lines]), "", "", ""
    before = [t for t, _ in row_lines[:t_idx]] + [row_lines[t_idx][0][: t_match.start()]]
    timeline = " ".join(t_match.group(1).split())
    t_part = row_lines[t_idx][1]
    units = [_Unit(row_lines[t_idx][0][t_match.end() :].split(), t_part)]
    units += [_Unit(t.split(), p) for t, p in row_lines[t_idx + 1 :]]
    units = [u for u in units if u.words]
    best = None
    for phrase in leads:
        chunks = _match(phrase, units)
        if chunks:
            key = (chunks[0][0], chunks[0][1], -len(phrase), len(chunks))
            if best is None or key < best[0]:
                best = (key, chunks)
    taken: dict[int, tuple[int, int]] = {}
    lead_words: list[str] = []
    if best is None:
        if units:
            lead_words = units[0].words
            taken[0] = (0, len(units[0].words))
        review.append(
            Review("columns", at, " ".join(lead_words), _("không nhận ra cột cơ quan phụ trách"))
        )
    else:
        for u, s, e in best[1]:
            taken[u] = (s, e)
            lead_words += units[u].words[s:e]
    content = before[:]
    coords: list[str] = []
    mode, mode_part = "coords", t_part
    for u, unit in enumerate(units):
        s, e = taken.get(u, (0, 0))
        pre, post = unit.words[:s], unit.words[e:]
        if unit.part != mode_part:  # a new page: the content goes on first if it was cut
            mode_part = unit.part
            mode = "coords" if _complete(join_lines(content)) else "content"
        if mode == "content" and u in taken:
            content.append(" ".join(pre))
            coords.append(" ".join(post))
            mode = "coords"
        elif mode == "content":
            content.append(" ".join(unit.words))
        else:
            coords += [" ".join(pre), " ".join(post)]
    return join_lines(content), timeline, _one_line(lead_words), _one_line(coords)


def from_text(
    doc: Document, start: int, leads: list[list[str]], review: list[Review]
) -> list[Section]:
    lines = doc.lines
    head = next(
        (i for i in range(start, len(lines)) if re.match(r"^\s*S?TT\b", lines[i].text)), None
    )
    if head is None:
        raise PlanImportError(
            _(
                "không thấy dòng tiêu đề của bảng phụ lục (cần các cột {columns})",
                columns=COLUMN_NAMES,
            )
        )
    i = head
    header: list[str] = []
    while i < len(lines) and not (
        _SECTION_ROW.match(lines[i].text.strip()) and lines[i].text.strip().isupper()
    ):
        header.append(lines[i].text)
        i += 1
    _check_header(" ".join(header), where(lines[head]))
    sections: list[Section] = []
    rows: list[tuple[Row, list[tuple[str, int]]]] = []
    current: tuple[Row, list[tuple[str, int]]] | None = None
    part = 0
    in_title = False
    for line in lines[i:]:
        text = line.text.strip()
        if line.page_start:
            part += 1
        if not text:
            continue
        expected_section = _ROMANS[len(sections)] if len(sections) < len(_ROMANS) else None
        m = _SECTION_ROW.match(text)
        if m and m.group(1) == expected_section and text.upper() == text:
            sections.append(Section(m.group(1), m.group(2).strip()))
            current, in_title = None, True
            continue
        if in_title and text.upper() == text and not text[0].isdigit():
            sections[-1].title += " " + text
            continue
        in_title = False
        m = _NUMBER_ROW.match(text)
        if m and sections:
            n = int(m.group(1))
            if n == len(sections[-1].rows) + 1:
                row = Row(sections[-1].roman, n, where(line))
                sections[-1].rows.append(row)
                current = (row, [])
                rows.append(current)
                if m.group(2):
                    current[1].append((m.group(2), part))
                continue
            if m.group(2) is None:
                review.append(Review("dropped", where(line), text, _("số trang")))
                part += 1
                continue
        if current is None:
            review.append(Review("dropped", where(line), text))
            continue
        current[1].append((text, part))
    for row, row_lines in rows:
        row.content, row.timeline, row.lead, row.coordinators = _split_row(
            row_lines, leads, row.where, review
        )
    return sections


def read_appendix(doc: Document, leads: list[list[str]]) -> Appendix:
    """The appendix of ``doc``; raises :class:`PlanImportError` when there is none or its
    table has other columns."""
    start = find_start(doc)
    review: list[Review] = list(doc.review)
    table = next((t for t in doc.tables if t.after_line > start), None)
    if table is not None:
        title, subtitle = _titles(doc.lines, start, table.after_line)
        wheres = table.wheres or [_("hàng {n} của bảng", n=k + 1) for k in range(len(table.rows))]
        _check_header(" ".join(" ".join(c) for c in table.rows[0]), wheres[0])
        rows = list(zip(table.rows[1:], wheres[1:], strict=True))
        sections = from_cells(rows, review)
    elif doc.path.suffix.lower() != ".txt":
        raise PlanImportError(
            _(
                "không thấy bảng phụ lục trong “{name}” sau dòng “PHỤ LỤC”: cần một bảng có các cột {columns}",
                name=doc.path.name,
                columns=COLUMN_NAMES,
            )
        )
    else:
        sections = from_text(doc, start, leads, review)
        head = next(
            (i for i in range(start, len(doc.lines)) if doc.lines[i].text.strip().startswith("TT")),
            start,
        )
        title, subtitle = _titles(doc.lines, start, head)
    if not sections or not any(s.rows for s in sections):
        raise PlanImportError(
            _(
                "phụ lục không có nhiệm vụ nào: cần bảng có các cột {columns}, chia phần I, II…",
                columns=COLUMN_NAMES,
            )
        )
    return Appendix(title, subtitle, sections, review, start)
