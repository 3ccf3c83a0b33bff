"""Writes the shipped Word templates (``templates/*.docx``) and ``templates/README.md``.

Run ``python -m ttdn.outputs.documents.templategen [--out DIR]``. The output is byte-reproducible (fixed zip
timestamps and core properties), so regenerating and committing shows real changes only.

Layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức) and Phụ lục III (Mẫu 1.4 for
a báo cáo, Mẫu 1.5 for a công văn): A4, margins 20/20/30/15 mm, Times New Roman, black;
a two-column borderless header table; page numbers centred in the top margin from page 2;
a borderless two-column block for "Nơi nhận" and the signature; the appendix in its own
landscape section with a table whose header row repeats on every page.

Each Jinja tag is written in a single run so that docxtpl sees it whole; staff may edit
the wording in Word or LibreOffice (see ``templates/README.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
from collections.abc import Callable
from pathlib import Path

from ttdn.outputs.documents.contexts import CONTEXT_SPEC, KIND_LABELS, TEMPLATE_FILES, Var

FONT = "Times New Roman"
PAGE_W, PAGE_H = 21.0, 29.7  # cm
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2.0, 2.0, 3.0, 1.5
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 16.5 cm
LAND_TEXT_W = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 25.2 cm
HEAD_LEFT_W, HEAD_RIGHT_W = 6.6, 9.9
CELL_PAD = 0.1  # left/right cell margin of the header table, cm
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_W = 5.73  # printed width of MOTTO, bold 14 pt Times New Roman, cm
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
RED = "C00000"

TEMPLATES_DIR = Path(__file__).resolve().parents[3] / "templates"


# --------------------------------------------------------------------------- low-level helpers


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), v)
    return e


def _fonts(rpr) -> None:
    """Times New Roman for every script of a run (ascii, hAnsi, cs, eastAsia)."""
    from docx.oxml.ns import qn

    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = _el("w:rFonts")
        rpr.insert(0, rf)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rf.attrib.pop(qn(a), None)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rf.set(qn(a), FONT)


class Doc:
    """A python-docx Document with the helpers the three templates need."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        self._styles()
        self._page()

    # ---- styles and page

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        doc = self.doc
        # Document defaults: Times New Roman 14, black, Vietnamese.
        rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr"))
        _fonts(rpr)
        for tag in ("w:sz", "w:szCs", "w:lang", "w:color"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
        rpr.append(_el("w:color", **{"w:val": "000000"}))
        rpr.append(_el("w:sz", **{"w:val": "28"}))
        rpr.append(_el("w:szCs", **{"w:val": "28"}))
        rpr.append(_el("w:lang", **{"w:val": "vi-VN", "w:eastAsia": "en-US", "w:bidi": "ar-SA"}))
        normal = doc.styles["Normal"]
        normal.font.name = FONT
        _fonts(normal.element.get_or_add_rPr())
        normal.font.size = Pt(14)
        normal.font.color.rgb = RGBColor(0, 0, 0)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0

        def pstyle(
            name: str,
            *,
            size=14,
            bold=False,
            italic=False,
            align=None,
            first=None,
            before=0,
            after=6,
            line=1.15,
            keep=False,
        ):
            st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = normal
            st.quick_style = True
            st.font.size = Pt(size)
            st.font.bold = bold
            st.font.italic = italic
            f = st.paragraph_format
            f.alignment = align
            f.first_line_indent = Cm(first) if first is not None else None
            f.space_before, f.space_after = Pt(before), Pt(after)
            f.line_spacing = line
            f.keep_with_next = keep
            f.widow_control = True
            return st

        J, C = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
        # Body text: 14 pt, justified, first line 1.27 cm, 6 pt between paragraphs, 1.15 lines.
        pstyle("TTDN Body", align=J, first=1.27)
        pstyle("TTDN Heading 1", bold=True, align=J, first=1.27, before=6, keep=True)
        pstyle("TTDN Heading 2", bold=True, align=J, first=1.27, keep=True)
        pstyle("TTDN Heading 3", bold=True, italic=True, align=J, first=1.27, keep=True)
        pstyle("TTDN Table", size=12, before=2, after=2, line=1.0)
        pstyle("TTDN Table Heading", size=12, bold=True, align=C, before=2, after=2, line=1.0)

    def _page(self) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        s = self.doc.sections[0]
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(PAGE_W), Cm(PAGE_H)
        self._margins(s)
        s.different_first_page_header_footer = True

    @staticmethod
    def _margins(s) -> None:
        from docx.shared import Cm, Twips

        def up(cm: float):  # whole twips, rounded up so that 1.5 cm stays ≥ 15 mm
            return Twips(math.ceil(cm / 2.54 * 1440))

        s.top_margin, s.bottom_margin = up(MARGIN_TOP), up(MARGIN_BOTTOM)
        s.left_margin, s.right_margin = up(MARGIN_LEFT), up(MARGIN_RIGHT)
        s.header_distance, s.footer_distance = Cm(0.8), Cm(0.8)
        s.gutter = Cm(0)

    # ---- paragraphs and runs

    @staticmethod
    def run(p, text: str, *, bold=None, italic=None, size=None, color=None, underline=None):
        from docx.shared import Pt, RGBColor

        r = p.add_run(text)
        _fonts(r._r.get_or_add_rPr())
        if bold is not None:
            r.bold = bold
        if italic is not None:
            r.italic = italic
        if size is not None:
            r.font.size = Pt(size)
        r.font.color.rgb = RGBColor.from_string(color or "000000")
        if underline is not None:
            r.underline = underline
        return r

    def para(
        self,
        container,
        runs=(),
        *,
        style=None,
        align=None,
        size=None,
        bold=None,
        italic=None,
        color=None,
        first=None,
        left=None,
        right=None,
        before=None,
        after=None,
        line=None,
        keep=None,
        reuse=False,
        border_bottom=False,
        mark_size=None,
    ):
        """A paragraph in ``container`` (document, cell, header). ``runs``: a string or a
        list of strings / (text, {format}) pairs; format keys default to the paragraph's."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        if reuse and len(container.paragraphs) == 1 and not container.paragraphs[0].text:
            p = container.paragraphs[0]
            if style:
                p.style = self.doc.styles[style]
        else:
            p = container.add_paragraph(style=style)
        f = p.paragraph_format
        if align is not None:
            f.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "left": WD_ALIGN_PARAGRAPH.LEFT,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            }[align]
        if first is not None:
            f.first_line_indent = Cm(first)
        if left is not None:
            f.left_indent = Cm(left)
        if right is not None:
            f.right_indent = Cm(right)
        if before is not None:
            f.space_before = Pt(before)
        if after is not None:
            f.space_after = Pt(after)
        if line is not None:
            f.line_spacing = line
        if keep is not None:
            f.keep_with_next = keep
        if isinstance(runs, str):
            runs = [runs]
        for item in runs:
            text, fmt = (item, {}) if isinstance(item, str) else item
            opts = {"bold": bold, "italic": italic, "size": size, "color": color, **fmt}
            self.run(p, text, **opts)
        if border_bottom:
            ppr = p._p.get_or_add_pPr()
            bdr = _el("w:pBdr")
            bdr.append(
                _el(
                    "w:bottom",
                    **{"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"},
                )
            )
            _insert_ppr_child(ppr, bdr)
        if mark_size is not None or size is not None:
            # The paragraph mark's size sets an empty paragraph's height.
            ppr = p._p.get_or_add_pPr()
            rpr = _el("w:rPr")
            half = str(int((mark_size or size) * 2))
            rpr.append(_el("w:sz", **{"w:val": half}))
            rpr.append(_el("w:szCs", **{"w:val": half}))
            ppr.append(rpr)
        return p

    def tag(self, container, text: str, reuse: bool = False):
        """A paragraph holding only a docxtpl block tag (``{%p … %}``, ``{%tr … %}``)."""
        return self.para(container, text, reuse=reuse)

    # ---- tables

    def table(
        self,
        container,
        rows: int,
        widths: list[float],
        *,
        borders: bool,
        align_center: bool = False,
        cell_pad: float | None = None,
    ):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml.ns import qn
        from docx.shared import Cm

        t = container.add_table(rows=rows, cols=len(widths))
        t.autofit = False
        if align_center:
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
        tblpr = t._tbl.tblPr
        tblw = tblpr.find(qn("w:tblW"))
        if tblw is None:
            tblw = _el("w:tblW")
            tblpr.append(tblw)
        tblw.set(qn("w:w"), str(int(sum(widths) / 2.54 * 1440)))
        tblw.set(qn("w:type"), "dxa")
        bdr = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if borders:
                bdr.append(
                    _el(
                        f"w:{side}",
                        **{"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"},
                    )
                )
            else:
                bdr.append(_el(f"w:{side}", **{"w:val": "nil"}))
        # Schema order inside w:tblPr: … tblW, jc, tblCellSpacing, tblInd, tblBorders, shd,
        # tblLayout, tblCellMar, tblLook …
        after = {"shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"}
        for i, child in enumerate(tblpr):
            if child.tag.split("}")[1] in after:
                tblpr.insert(i, bdr)
                break
        else:
            tblpr.append(bdr)
        if cell_pad is not None:
            pad = str(round(cell_pad / 2.54 * 1440))
            mar = _el("w:tblCellMar")
            mar.append(_el("w:left", **{"w:w": pad, "w:type": "dxa"}))
            mar.append(_el("w:right", **{"w:w": pad, "w:type": "dxa"}))
            look = tblpr.find(qn("w:tblLook"))
            if look is not None:
                look.addprevious(mar)
            else:
                tblpr.append(mar)
        for i, w in enumerate(widths):
            t.columns[i].width = Cm(w)
            for cell in t.columns[i].cells:
                cell.width = Cm(w)
        return t

    @staticmethod
    def repeat_header(row) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(_el("w:tblHeader"))

    @staticmethod
    def cant_split(row) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(_el("w:cantSplit"))

    # ---- saving

    def save(self, title: str) -> bytes:
        from ttdn.outputs.documents.render import normalize_zip

        cp = self.doc.core_properties
        cp.title = title
        cp.subject = "Thông tin đối ngoại"
        cp.author = "ttdn"
        cp.last_modified_by = "ttdn"
        cp.comments = (
            "Mẫu do ttdn tạo (python -m ttdn.outputs.documents.templategen); sửa được trong Word."
        )
        cp.keywords = ""
        cp.category = ""
        cp.language = "vi-VN"
        cp.revision = 1
        cp.created = FIXED_TIME
        cp.modified = FIXED_TIME
        cp.last_printed = FIXED_TIME
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalize_zip(buf.getvalue())


_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _insert_ppr_child(ppr, child) -> None:
    """Insert ``child`` into ``w:pPr`` respecting the schema's element order."""
    name = child.tag.split("}")[1]
    rank = _PPR_ORDER.index(name)
    for i, existing in enumerate(ppr):
        other = existing.tag.split("}")[1]
        if other in _PPR_ORDER and _PPR_ORDER.index(other) > rank:
            ppr.insert(i, child)
            return
    ppr.append(child)


def _field(p, instr: str, placeholder: str, size: float) -> None:
    """A complex field (PAGE) in paragraph ``p``."""
    from docx.shared import Pt

    def run_with(el):
        r = p.add_run()
        _fonts(r._r.get_or_add_rPr())
        r.font.size = Pt(size)
        r._r.append(el)
        return r

    run_with(_el("w:fldChar", **{"w:fldCharType": "begin"}))
    instr_el = _el("w:instrText")
    instr_el.text = f" {instr} "
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run_with(instr_el)
    run_with(_el("w:fldChar", **{"w:fldCharType": "separate"}))
    r = p.add_run(placeholder)
    _fonts(r._r.get_or_add_rPr())
    r.font.size = Pt(size)
    run_with(_el("w:fldChar", **{"w:fldCharType": "end"}))


# --------------------------------------------------------------------------- shared blocks


def headers(d: Doc) -> None:
    """Page numbers centred in the top margin from page 2 on; the sample mark on every page."""
    s = d.doc.sections[0]
    first = s.first_page_header
    first.is_linked_to_previous = False
    d.para(
        first,
        [("{{ sample_mark }}", {"bold": True, "color": RED})],
        align="center",
        size=10,
        reuse=True,
    )
    default = s.header
    default.is_linked_to_previous = False
    p = d.para(default, [], align="center", reuse=True, size=13)
    _field(p, "PAGE", "2", 13)
    d.para(default, [("{{ sample_mark }}", {"bold": True, "color": RED})], align="center", size=10)


def sample_line(d: Doc) -> None:
    """The red "DỮ LIỆU MẪU" line at the top of page 1 (only for sample data)."""
    d.tag(d.doc, "{%p if sample %}")
    d.para(
        d.doc,
        [("{{ sample_mark }}", {"bold": True, "color": RED})],
        align="center",
        size=13,
        after=6,
    )
    d.tag(d.doc, "{%p endif %}")


def header_table(d: Doc, *, subject: str | None = None) -> None:
    """Ô 1–4 (and 5b for a công văn): agency on the left, national title on the right."""
    t = d.table(d.doc, 1, [HEAD_LEFT_W, HEAD_RIGHT_W], borders=False, cell_pad=CELL_PAD)
    left, right = t.rows[0].cells
    d.tag(left, "{%p if issuer.parent %}", reuse=True)
    d.para(left, "{{ issuer.parent }}", align="center", size=13, bold=False)
    d.tag(left, "{%p endif %}")
    d.para(left, "{{ issuer.name }}", align="center", size=13, bold=True)
    d.para(left, "{{ issuer.rule }}", align="center", size=13, bold=True, line=0.75)
    d.para(left, "{{ doc.number_line }}", align="center", size=13, before=6)
    if subject is not None:
        d.para(left, subject, align="center", size=12, before=6)
    d.para(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", size=12, bold=True, reuse=True
    )
    d.para(right, MOTTO, align="center", size=14, bold=True)
    # The rule under the motto, as long as the motto; its own paragraph so that the motto
    # never wraps, even when a viewer substitutes a wider font.
    pad = (HEAD_RIGHT_W - 2 * CELL_PAD - MOTTO_W) / 2
    d.para(right, [], left=pad, right=pad, border_bottom=True, mark_size=2)
    d.para(right, "{{ doc.place_date }}", align="center", size=14, italic=True, before=12)


def title_block(d: Doc, kind_title: str, subject: str) -> None:
    """Ô 5a: the document type and its subject, with a short rule beneath."""
    d.para(d.doc, kind_title, align="center", size=14, bold=True, before=18)
    d.para(d.doc, subject, align="center", size=14, bold=True)
    rule = 5.0
    pad = (TEXT_W - rule) / 2
    d.para(d.doc, [], left=pad, right=pad, border_bottom=True, mark_size=4, after=6)


def addressees(d: Doc) -> None:
    """ "Kính gửi:" — on one line for one addressee, else a list aligned after the colon."""
    d.tag(d.doc, "{%p if to.single %}")
    d.para(d.doc, ["Kính gửi: ", "{{ to.lines[0] }}"], align="center", size=14, before=6, after=6)
    d.tag(d.doc, "{%p else %}")
    t = d.table(d.doc, 1, [2.6, 10.0], borders=False, align_center=True)
    a, b = t.rows[0].cells
    d.para(a, "Kính gửi:", align="right", size=14, reuse=True)
    d.tag(b, "{%p for line in to.lines %}", reuse=True)
    d.para(b, "{{ line }}", align="left", size=14)
    d.tag(b, "{%p endfor %}")
    d.tag(d.doc, "{%p endif %}")
    d.para(d.doc, [], mark_size=6)


def signature_block(d: Doc, recipients: list[str]) -> None:
    """Ô 7 and 9b: "Nơi nhận" (left) and the signature (right), borderless."""
    t = d.table(d.doc, 1, [7.5, 9.0], borders=False)
    d.cant_split(t.rows[0])
    left, right = t.rows[0].cells
    d.para(left, "Nơi nhận:", size=12, bold=True, italic=True, reuse=True, before=6)
    for r in recipients:
        d.para(left, r, size=11)
    d.tag(right, "{%p for line in signer.lines %}", reuse=True)
    d.para(right, "{{ line }}", align="center", size=14, bold=True, before=6)
    d.tag(right, "{%p endfor %}")
    d.para(right, "{{ signer.name }}", align="center", size=14, bold=True, before=84)


def body(d: Doc, runs, style: str = "TTDN Body", **kw):
    return d.para(d.doc, runs, style=style, **kw)


def h1(d: Doc, text: str):
    return body(d, text, "TTDN Heading 1")


def h2(d: Doc, text: str):
    return body(d, text, "TTDN Heading 2")


def loop_lines(d: Doc, var: str, items: str, runs, empty: str | None = None) -> None:
    """One body paragraph per item of ``items``; ``empty`` when there is none."""
    d.tag(d.doc, f"{{%p for {var} in {items} %}}")
    body(d, runs)
    d.tag(d.doc, "{%p endfor %}")
    if empty is not None:
        d.tag(d.doc, f"{{%p if not {items} %}}")
        body(d, empty)
        d.tag(d.doc, "{%p endif %}")


def appendix_section(d: Doc) -> None:
    """A new landscape section; its pages are numbered from 1 (NĐ 30: each appendix apart)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    s = d.doc.add_section(WD_SECTION.NEW_PAGE)
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Cm(PAGE_H), Cm(PAGE_W)
    d._margins(s)
    s.different_first_page_header_footer = True
    # Schema order: pgNumType comes before cols, …, titlePg, docGrid.
    sect = s._sectPr
    later = {
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    }
    pg = _el("w:pgNumType", **{"w:start": "1"})
    for i, child in enumerate(sect):
        if child.tag.split("}")[1] in later:
            sect.insert(i, pg)
            break
    else:
        sect.append(pg)


def appendix_heading(d: Doc) -> None:
    d.para(d.doc, "Phụ lục", align="center", size=14, bold=True)
    d.para(d.doc, "{{ appendix.title }}", align="center", size=14, bold=True)
    d.para(d.doc, "{{ appendix.reference }}", align="center", size=14, italic=True)
    rule = 5.0
    pad = (LAND_TEXT_W - rule) / 2
    d.para(d.doc, [], left=pad, right=pad, border_bottom=True, mark_size=4, after=12)


APPENDIX_COLUMNS = [
    ("TT", 1.4, "{{ t.ref }}", "center"),
    ("Nội dung", 7.0, "{{ t.content }}", "left"),
    ("Tiến độ", 2.2, "{{ t.timeline }}", "center"),
    ("Cơ quan chủ trì", 2.7, "{{ t.lead }}", "left"),
    ("Cơ quan phối hợp", 3.5, "{{ t.coordinators }}", "left"),
    ("Kết quả", 6.0, "{{ t.result_text }}", "left"),
    ("Trạng thái", 2.4, "{{ t.status_note }}", "center"),
]


def appendix_table(d: Doc, grouped: bool) -> None:
    widths = [w for _, w, _, _ in APPENDIX_COLUMNS]
    assert abs(sum(widths) - LAND_TEXT_W) < 0.01
    rows = 7 if grouped else 4
    t = d.table(d.doc, rows, widths, borders=True)
    head = t.rows[0]
    d.repeat_header(head)
    d.cant_split(head)
    for cell, (label, _, _, _) in zip(head.cells, APPENDIX_COLUMNS, strict=True):
        d.para(cell, label, style="TTDN Table Heading", reuse=True)

    def tag_row(row, text):
        d.para(row.cells[0], text, style="TTDN Table", reuse=True)

    def data_row(row):
        for cell, (_, _, tag, align) in zip(row.cells, APPENDIX_COLUMNS, strict=True):
            d.para(cell, tag, style="TTDN Table", align=align, reuse=True)

    if grouped:
        tag_row(t.rows[1], "{%tr for g in groups %}")
        group = t.rows[2]
        merged = group.cells[0].merge(group.cells[-1])
        d.para(
            merged,
            [("{{ g.name }}", {"bold": True}), (" ({{ g.count }} nhiệm vụ)", {"bold": False})],
            style="TTDN Table",
            reuse=True,
        )
        d.cant_split(group)
        tag_row(t.rows[3], "{%tr for t in g.tasks %}")
        data_row(t.rows[4])
        tag_row(t.rows[5], "{%tr endfor %}")
        tag_row(t.rows[6], "{%tr endfor %}")
    else:
        tag_row(t.rows[1], "{%tr for t in tasks %}")
        data_row(t.rows[2])
        tag_row(t.rows[3], "{%tr endfor %}")


def task_lines(d: Doc, items: str) -> None:
    """Each task of ``items``: number, short content and status; beneath, the city task it
    implements (a task of an agency plan) and its result."""
    d.tag(d.doc, f"{{%p for t in {items} %}}")
    body(
        d,
        [
            ("{{ t.ref }}. ", {"bold": True}),
            "{{ t.content_short }}",
            (" ({{ t.status_note }})", {"italic": True}),
        ],
    )
    d.tag(d.doc, "{%p if t.implements %}")
    body(d, [("{{ t.implements }}", {"italic": True})])
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p if t.result %}")
    body(d, [("Kết quả: ", {"italic": True}), "{{ t.result }}"])
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p endfor %}")


def assessment_part(d: Doc) -> None:
    h1(d, "II. ĐÁNH GIÁ CHUNG")
    for n, (title, key) in enumerate(
        (("Ưu điểm", "highlights"), ("Hạn chế", "limitations"), ("Nguyên nhân", "causes")), 1
    ):
        h2(d, f"{n}. {title}")
        loop_lines(d, "x", f"assessment.{key}", "{{ x }}", empty="Chưa có nội dung được ghi nhận.")


def recommendations_part(d: Doc) -> None:
    h1(d, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    loop_lines(
        d,
        "x",
        "assessment.recommendations",
        "{{ x }}",
        empty="Chưa có đề xuất, kiến nghị được ghi nhận.",
    )


def indicators_part(d: Doc) -> None:
    loop_lines(
        d,
        "i",
        "indicators",
        "- {{ i.label }}: {{ i.value }}{{ i.end }}",
        empty="Chưa có chỉ tiêu định lượng được ghi nhận trong kỳ.",
    )


# --------------------------------------------------------------------------- the templates


def agency_report() -> bytes:
    d = Doc()
    headers(d)
    sample_line(d)
    header_table(d)
    title_block(d, "BÁO CÁO", "Kết quả thực hiện công tác thông tin đối ngoại {{ period.label }}")
    addressees(d)
    body(
        d,
        "Thực hiện {{ plan.reference }}, {{ agency.name }} báo cáo kết quả thực hiện "
        "công tác thông tin đối ngoại {{ period.label }} như sau (số liệu tính đến ngày "
        "{{ period.cutoff }}):",
    )
    h1(d, "I. KẾT QUẢ THỰC HIỆN")
    h2(d, "1. Tình hình chung")
    d.tag(d.doc, "{%p if tasks %}")
    body(
        d,
        "Theo Phụ lục Kế hoạch, {{ agency.name }} chủ trì {{ totals.count }} nhiệm vụ. "
        "Tính đến ngày {{ period.cutoff }}: {{ totals.breakdown }}; số nhiệm vụ quá hạn: "
        "{{ totals.overdue }}.",
    )
    d.tag(d.doc, "{%p else %}")
    body(d, "Theo Phụ lục Kế hoạch, {{ agency.name }} không chủ trì nhiệm vụ nào.")
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p if not has_progress %}")
    body(
        d,
        "Chưa có số liệu tiến độ được ghi nhận đối với {{ agency.name }} tính đến ngày "
        "{{ period.cutoff }}.",
    )
    d.tag(d.doc, "{%p endif %}")
    h2(d, "2. Kết quả định lượng")
    indicators_part(d)
    h2(d, "3. Kết quả thực hiện các nhiệm vụ chủ trì")
    task_lines(d, "tasks")
    d.tag(d.doc, "{%p if not tasks %}")
    body(d, "{{ agency.name }} không chủ trì nhiệm vụ nào trong Phụ lục Kế hoạch.")
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p if coordinated %}")
    h2(d, "4. Tham gia phối hợp thực hiện")
    d.tag(d.doc, "{%p for t in coordinated %}")
    body(
        d,
        [
            ("{{ t.ref }}. ", {"bold": True}),
            "{{ t.content_short }}",
            (" (chủ trì: {{ t.lead }})", {"italic": True}),
            ": {{ t.result }}",
        ],
    )
    d.tag(d.doc, "{%p endfor %}")
    d.tag(d.doc, "{%p endif %}")
    assessment_part(d)
    h1(d, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next.label_upper }}")
    loop_lines(d, "x", "assessment.directions", "{{ x }}")
    d.tag(d.doc, "{%p if next.tasks %}")
    body(
        d, "Tiếp tục triển khai {{ next.count }} nhiệm vụ chưa hoàn thành{{ next.overdue_phrase }}:"
    )
    loop_lines(d, "t", "next.tasks", "- {{ t.ref }}. {{ t.content_short }} ({{ t.note }}).")
    d.tag(d.doc, "{%p elif tasks %}")
    body(d, "Các nhiệm vụ được giao trong Kế hoạch đã hoàn thành hoặc đã dừng thực hiện.")
    d.tag(d.doc, "{%p else %}")
    body(d, "Không có nhiệm vụ chủ trì nào chưa hoàn thành.")
    d.tag(d.doc, "{%p endif %}")
    recommendations_part(d)
    body(
        d,
        "Trên đây là báo cáo kết quả thực hiện công tác thông tin đối ngoại "
        "{{ period.label }} của {{ agency.name }} (chi tiết tại Phụ lục kèm theo)./.",
    )
    signature_block(d, ["- Như trên;", "- Lưu: VT, …."])
    appendix_section(d)
    appendix_heading(d)
    appendix_table(d, grouped=False)
    return d.save("Mẫu báo cáo kết quả thực hiện công tác thông tin đối ngoại của cơ quan")


def city_report() -> bytes:
    d = Doc()
    headers(d)
    sample_line(d)
    header_table(d)
    title_block(
        d,
        "BÁO CÁO",
        "Kết quả thực hiện công tác thông tin đối ngoại {{ period.label }} của thành phố Hà Nội",
    )
    addressees(d)
    body(
        d,
        "Thực hiện {{ plan.reference }}; trên cơ sở báo cáo của các cơ quan, đơn vị, "
        "{{ issuer.name_plain }} tổng hợp, báo cáo kết quả thực hiện công tác thông tin "
        "đối ngoại {{ period.label }} như sau (số liệu tính đến ngày {{ period.cutoff }}):",
    )
    h1(d, "I. KẾT QUẢ THỰC HIỆN")
    h2(d, "1. Tình hình chung")
    body(
        d,
        "Phụ lục Kế hoạch có {{ totals.count }} nhiệm vụ do {{ totals.agencies }} cơ quan, "
        "đơn vị chủ trì. Tính đến ngày {{ period.cutoff }}: {{ totals.breakdown }}; số "
        "nhiệm vụ quá hạn: {{ totals.overdue }}.",
    )
    d.tag(d.doc, "{%p if not has_progress %}")
    body(
        d,
        "Chưa có số liệu tiến độ được ghi nhận đối với các nhiệm vụ của Kế hoạch tính "
        "đến ngày {{ period.cutoff }}.",
    )
    d.tag(d.doc, "{%p endif %}")
    h2(d, "2. Kết quả định lượng trên toàn Thành phố")
    indicators_part(d)
    h2(d, "3. Kết quả theo cơ quan chủ trì")
    d.tag(d.doc, "{%p for g in groups %}")
    body(d, "3.{{ g.number }}. {{ g.name }}", "TTDN Heading 3")
    body(d, "Chủ trì {{ g.count }} nhiệm vụ: {{ g.breakdown }}.")
    task_lines(d, "g.reported")
    d.tag(d.doc, "{%p if g.unrecorded_refs %}")
    body(d, [("Chưa ghi nhận tiến độ: ", {"italic": True}), "{{ g.unrecorded_refs }}."])
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p endfor %}")
    h2(d, "4. Tình hình gửi báo cáo của các cơ quan, đơn vị")
    body(d, "{{ reports.summary }}")
    loop_lines(d, "r", "reports.agencies", "- {{ r.line }}")
    assessment_part(d)
    h1(d, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next.label_upper }}")
    loop_lines(d, "x", "assessment.directions", "{{ x }}")
    d.tag(d.doc, "{%p if next.tasks %}")
    body(
        d,
        "Tiếp tục đôn đốc các cơ quan, đơn vị triển khai {{ next.count }} nhiệm vụ chưa "
        "hoàn thành (chi tiết tại Phụ lục){{ next.overdue_phrase }}:",
    )
    loop_lines(
        d, "t", "next.overdue", "- {{ t.ref }}. {{ t.content_short }} ({{ t.lead }}; {{ t.note }})."
    )
    body(d, "Các nhiệm vụ chưa hoàn thành theo cơ quan chủ trì:")
    loop_lines(d, "a", "next.by_agency", "- {{ a.name }}: {{ a.text }}.")
    d.tag(d.doc, "{%p else %}")
    body(d, "Các nhiệm vụ trong Kế hoạch đã hoàn thành hoặc đã dừng thực hiện.")
    d.tag(d.doc, "{%p endif %}")
    recommendations_part(d)
    body(
        d,
        "Trên đây là báo cáo kết quả thực hiện công tác thông tin đối ngoại "
        "{{ period.label }} của thành phố Hà Nội; {{ issuer.name_plain }} kính báo cáo "
        "{{ plan.issuer }} xem xét, chỉ đạo (chi tiết tại Phụ lục kèm theo)./.",
    )
    signature_block(d, ["- Như trên;", "- Lưu: VT, …."])
    appendix_section(d)
    appendix_heading(d)
    appendix_table(d, grouped=True)
    return d.save("Mẫu báo cáo tổng hợp kết quả thực hiện công tác thông tin đối ngoại")


def reminder() -> bytes:
    d = Doc()
    headers(d)
    sample_line(d)
    header_table(
        d, subject="V/v đôn đốc thực hiện nhiệm vụ thông tin đối ngoại năm {{ plan.year }}"
    )
    d.para(d.doc, [], mark_size=6, after=6)
    addressees(d)
    body(
        d,
        "Thực hiện {{ plan.reference }}, {{ issuer.name_plain }} theo dõi, tổng hợp kết "
        "quả thực hiện Kế hoạch của các cơ quan, đơn vị. Theo số liệu tiến độ được ghi "
        "nhận đến ngày {{ as_of }}, {{ recipient.name }} còn các nội dung sau chưa hoàn "
        "thành:",
    )
    d.tag(d.doc, "{%p if tasks %}")
    body(d, "Nhiệm vụ quá hạn:", "TTDN Heading 2")
    loop_lines(d, "t", "tasks", "- {{ t.ref }}. {{ t.content_short }} ({{ t.note }}){{ t.end }}")
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p if reports %}")
    body(d, "Báo cáo chưa gửi:", "TTDN Heading 2")
    loop_lines(d, "r", "reports", "- {{ r.name }} ({{ r.note }}){{ r.end }}")
    d.tag(d.doc, "{%p endif %}")
    d.tag(d.doc, "{%p if not has_items %}")
    body(d, "Không có nhiệm vụ quá hạn hoặc báo cáo chưa gửi.")
    d.tag(d.doc, "{%p endif %}")
    body(
        d,
        "{{ issuer.name_plain }} đề nghị {{ recipient.name }} khẩn trương triển khai, hoàn "
        "thành các nội dung nêu trên; cập nhật tiến độ thực hiện và gửi báo cáo về "
        "{{ issuer.name_plain }} để tổng hợp, báo cáo {{ plan.issuer }} theo quy định./.",
    )
    signature_block(d, ["- Như trên;", "- Lưu: VT, …."])
    return d.save("Mẫu công văn đôn đốc thực hiện nhiệm vụ thông tin đối ngoại")


BUILDERS: dict[str, Callable[[], bytes]] = {
    "agency": agency_report,
    "city": city_report,
    "reminder": reminder,
}


def build(kind: str) -> bytes:
    """The shipped template of ``kind`` (agency, city, reminder), as bytes."""
    return BUILDERS[kind]()


def _template_dirs() -> list[Path]:
    """Where shipped templates are: a checkout's ``templates/``, then the wheel's copy
    (``ttdn_templates``)."""
    import importlib.util

    dirs = [TEMPLATES_DIR]
    try:
        spec = importlib.util.find_spec("ttdn_templates")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        dirs += [Path(p) for p in (spec.submodule_search_locations or [])]
    return dirs


def shipped_template(kind: str) -> bytes:
    """The template in ``templates/`` (staff may have edited it), else the copy installed with
    ttdn, else built afresh (the same bytes, slower)."""
    for folder in _template_dirs():
        try:
            return (folder / TEMPLATE_FILES[kind]).read_bytes()
        except OSError:
            continue
    return build(kind)


# --------------------------------------------------------------------------- README


README_HEAD = """\
# Mẫu văn bản Word / Word templates

Tệp trong thư mục này do `python -m ttdn.outputs.documents.templategen` tạo ra (chạy lại cho kết quả giống hệt
từng byte). *Generated by `python -m ttdn.outputs.documents.templategen`; regenerating gives identical bytes.*

| Tệp / File | Dùng cho / Used by |
| --- | --- |
| `bao-cao-co-quan.docx` | `ttdn report --period 2026-H1 --agency so-du-lich` — báo cáo của một cơ quan / one agency's report |
| `bao-cao-tong-hop.docx` | `ttdn report --period 2026-H1` — báo cáo tổng hợp của Thành phố (Sở Văn hoá và Thể thao) / consolidated city report |
| `cong-van-don-doc.docx` | `ttdn report reminder --agency so-du-lich` — công văn đôn đốc / reminder letter |

## Sửa mẫu / Editing a template

- Mở tệp bằng Word hoặc LibreOffice, sửa câu chữ, nơi nhận, chức vụ người ký… rồi lưu dưới
  dạng `.docx`. Có thể dùng mẫu đã sửa bằng `ttdn report … --template TỆP.docx`.
  *Open the file in Word or LibreOffice, change wording, recipients, signatory…, save as
  .docx, and pass it with `--template`.*
- Phần trong `{{ … }}` là biến, được thay bằng số liệu; phần trong `{% … %}` là lệnh (lặp,
  điều kiện). `{%p … %}` đứng một mình trong một đoạn, `{%tr … %}` một mình trong một dòng
  của bảng: cả đoạn/dòng đó được thay bằng lệnh. *`{{ … }}` are variables; `{% … %}` are
  statements; `{%p … %}` must be alone in its paragraph and `{%tr … %}` alone in its table
  row (the whole paragraph/row is replaced).*
- Giữ nguyên tên biến (không dấu, có dấu chấm: `issuer.name`). Khi gõ lại một thẻ, nên gõ
  liền một lần để Word không tách định dạng giữa chừng; thẻ lấy định dạng của ký tự đầu.
  *Keep variable names exactly; type a tag in one go — the tag takes the formatting of its
  first character.*
- Kiểm tra trước khi dùng / check before use: `ttdn template check TỆP.docx` báo lỗi cú pháp
  và biến không có trong danh sách dưới đây (kèm số đoạn và trích đoạn văn).
- Dòng kẻ dưới Tiêu ngữ là đường viền dưới của đoạn “Độc lập - Tự do - Hạnh phúc” (dài bằng
  dòng chữ); dòng kẻ dưới tên cơ quan là biến `issuer.rule` (dấu gạch dưới, dài khoảng 2/5
  tên cơ quan).
- Số, ngày văn bản và họ tên người ký để trống (“…”) trừ khi dùng `--number`, `--date`,
  `--signer`; chức vụ người ký theo loại cơ quan, đổi bằng `--signer-title` (lặp lại cho
  nhiều dòng, ví dụ `--signer-title "KT. GIÁM ĐỐC" --signer-title "PHÓ GIÁM ĐỐC"`).
  `--number 125/BC-SDL` (có dấu “/”) được dùng nguyên văn. *Number, date and signer name are
  blank unless given; never invented.*
- Mẫu được điền trong môi trường Jinja hạn chế (sandbox), tự thoát ký tự đặc biệt
  (`&`, `<`, `>`), biến sai tên là lỗi (StrictUndefined). *Rendered in a Jinja sandbox with
  autoescape and StrictUndefined.*

## Biến / Variables

Kiểu / types: `str` chuỗi, `bool` đúng/sai (dùng trong `{%p if … %}`), `list[…]` danh sách
(dùng trong `{%p for x in … %}`), `obj` nhóm có các trường (`issuer.name`).
"""


def _rows(name: str, var: Var, out: list[str]) -> None:
    out.append(f"| `{name}` | {var.type} | {var.vi} | {var.en} |")
    if var.fields:
        prefix = f"{name}[]." if var.type == "list[obj]" else f"{name}."
        for k, sub in var.fields.items():
            _rows(f"{prefix}{k}", sub, out)


def readme() -> str:
    out = [README_HEAD]
    common = None
    for kind, spec in CONTEXT_SPEC.items():
        if common is None:
            from ttdn.outputs.documents.contexts import COMMON_SPEC

            common = COMMON_SPEC
            out.append("\n### Chung cho mọi mẫu / Common to every template\n")
            out.append("| Biến / Variable | Kiểu | Ý nghĩa | Meaning |\n| --- | --- | --- | --- |")
            for name, var in common.items():
                _rows(name, var, out)
        out.append(f"\n### `{TEMPLATE_FILES[kind]}` — {KIND_LABELS[kind]} ({kind})\n")
        out.append("Các biến chung ở trên, và / the common variables, and:\n")
        out.append("| Biến / Variable | Kiểu | Ý nghĩa | Meaning |\n| --- | --- | --- | --- |")
        for name, var in spec.items():
            if name in common:
                continue
            _rows(name, var, out)
    out.append(
        "\nTrong danh sách `xxx[]` là từng phần tử: `{%p for t in tasks %}` … "
        "`{{ t.ref }}` … `{%p endfor %}`. *`xxx[]` means an item of the list.*\n"
    )
    return "\n".join(out)


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    from ttdn.data.fsutil import atomic_write_bytes

    written = []
    for kind, name in TEMPLATE_FILES.items():
        path = out_dir / name
        atomic_write_bytes(path, build(kind))
        written.append(path)
    path = out_dir / "README.md"
    atomic_write_bytes(path, readme().encode("utf-8"))
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m ttdn.outputs.documents.templategen",
        description="Tạo lại các mẫu Word trong templates/.",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=TEMPLATES_DIR,
        help="thư mục ghi mẫu (mặc định: templates/ của kho mã)",
    )
    args = ap.parse_args(argv)
    for p in write_all(args.out):
        print(p)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
