"""The plan's body, before the appendix: title, preamble and legal bases, purposes,
requirements, content sections, funding, implementation duties ("Tổ chức thực hiện"),
closing, recipients ("Nơi nhận"), signatory, number and date, and the reporting duty.

The text arrives as :class:`~.source.Line` values: whole paragraphs from Word and PDF
(``hard``), printed lines from extracted text, which are joined into paragraphs here. A
paragraph starts at a dash ("- "), at a heading ("II. NỘI DUNG THỰC HIỆN", "1.2. …"), and
after a line that ends a sentence when the next begins with a capital; a heading goes on
while the next line begins in lower case. What cannot be read with certainty goes to the
review list; fields the document leaves blank stay null with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import get_args

from ttdn.domain.model import AGENCY_KIND_LABELS, AgencyKind
from ttdn.edit.plan_import.names import NameIndex
from ttdn.edit.plan_import.source import Line, Review, where
from ttdn.i18n import _, translate
from ttdn.text import fold

_ROMAN_HEAD = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
_NUM_HEAD = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.\s+(\S.*)$")
_DASH = re.compile(r"^[-–+•]\s+")
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s*\S")
_ENDS = tuple(".…!?")
# Parts of the body, by the folded words of their Roman-numbered heading.
_PARTS = [
    ("muc dich", "aims"),
    ("yeu cau", "aims"),
    ("noi dung", "content"),
    ("kinh phi", "funding"),
    ("to chuc thuc hien", "implementation"),
]
_KIND_ORDER = list(get_args(AgencyKind))
_PART_LABELS = {
    "purposes": lambda: _("Mục đích"),
    "requirements": lambda: _("Yêu cầu"),
    "content": lambda: _("Nội dung thực hiện"),
    "funding": lambda: _("Kinh phí thực hiện"),
    "implementation": lambda: _("Tổ chức thực hiện"),
    "closing": lambda: _("Đoạn kết"),
}


@dataclass
class Para:
    """One paragraph with the line it starts on; ``ref`` is set for a numbered heading."""

    text: str
    line: Line
    ref: str | None = None
    roman: bool = False

    @property
    def heading(self) -> bool:
        return self.roman or self.ref is not None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _join(a: str, b: str) -> str:
    """Two printed lines of one paragraph: a word cut after a hyphen ("01/CTr-" / "UBND")
    joins without a space."""
    if re.search(r"\w-$", a) and b[:1].isalnum():
        return a + b
    return f"{a} {b}"


def _roman(text: str) -> bool:
    return bool(_ROMAN_HEAD.match(text)) and text.upper() == text


def _starts_paragraph(prev: Para, text: str) -> bool:
    if _roman(text):
        return True
    if _DASH.match(text):  # not "chính trị" / "- xã hội": a dash cut from the line before
        return prev.heading or prev.text.endswith((*_ENDS, ":", ";"))
    if prev.heading:
        return not text[0].islower()
    if _NUM_HEAD.match(text):
        return prev.text.endswith(_ENDS)
    return prev.text.endswith(_ENDS) and (text[0].isupper() or text[0] == "(")


def paragraphs(lines: list[Line]) -> list[Para]:
    """The paragraphs of ``lines`` (see the module's docstring)."""
    out: list[Para] = []
    for line in lines:
        text = _clean(line.text)
        if not text:
            continue
        if out and not line.hard and not _starts_paragraph(out[-1], text):
            out[-1].text = _join(out[-1].text, text)
            continue
        para = Para(text, line, roman=_roman(text))
        m = _NUM_HEAD.match(text)
        if m and not para.roman and (not out or out[-1].heading or out[-1].text.endswith(_ENDS)):
            para.ref = m.group(1)
        out.append(para)
    return out


def _undash(text: str) -> str:
    return _DASH.sub("", text, count=1)


def _heading_title(para: Para) -> str:
    m = _ROMAN_HEAD.match(para.text) if para.roman else _NUM_HEAD.match(para.text)
    return m.group(2).strip() if m else para.text


@dataclass
class Body:
    """The body read: ``fields`` in the keys of :class:`ttdn.domain.model.Plan`."""

    fields: dict = field(default_factory=dict)
    review: list[Review] = field(default_factory=list)


def _title(lines: list[Line]) -> tuple[str | None, int]:
    """ "KẾ HOẠCH" followed by its subject (lines going on in lower case): the title, and the
    index of the first line after it."""
    for i, line in enumerate(lines):
        if _clean(line.text) != "KẾ HOẠCH":
            continue
        j = i + 1
        while j < len(lines) and not _clean(lines[j].text):
            j += 1
        if j == len(lines):
            return None, i + 1
        subject = _clean(lines[j].text)
        j += 1
        while j < len(lines) and _clean(lines[j].text)[:1].islower():
            subject = _join(subject, _clean(lines[j].text))
            j += 1
        return "Kế hoạch " + subject[0].lower() + subject[1:], j
    return None, 0


def _legal_bases(preamble: str) -> list[str]:
    """ "Thực hiện A; B, UBND … ban hành …" → [A, B]."""
    m = re.match(r"^(?:Thực hiện|Căn cứ)\s+(.+?),\s+[^,;]*\bban hành\b", preamble)
    if not m:
        return []
    return [b.strip() for b in m.group(1).split(";") if b.strip()]


def _number_and_date(
    fields: dict, head: list[Line], subtitle: str | None, year: int, review: list[Review]
) -> None:
    """Number and date from "Số: 12/KH-UBND" and "…, ngày 5 tháng 1 năm 2026" above the
    title, or from the appendix's "Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2026"; what is
    left blank stays null, with a note."""
    top = " ".join(_clean(line.text) for line in head)
    printed = _clean((subtitle or "").strip("()"))
    printed = printed.split(" của ")[0]
    number = date = None
    if m := re.search(r"\bSố:\s*(\d+[\w./-]*/[\w.Đđ-]+)", top):
        number = m.group(1)
    elif m := re.search(r"số\s*(\d+)\s*/\s*([\wĐđ.-]+)", printed):
        number = f"{m.group(1)}/{m.group(2)}"
    if m := re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", top):
        d, mo, y = m.groups()
    elif m := re.search(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", printed):
        d, mo, y = m.groups()
    else:
        d = mo = y = None
    if d:
        try:
            date = dt.date(int(y), int(mo), int(d))
        except ValueError:
            review.append(Review("body", _("ngày ban hành"), f"{d}/{mo}/{y}"))
    fields["number"] = number
    fields["date"] = date
    where_ = _("dòng dưới tên phụ lục") if printed else _("đầu văn bản")
    shown = f"“{printed}”" if printed else "—"
    if number is None:
        fields["number_note"] = (
            f"Văn bản nguồn để trống số văn bản: dòng dưới tên phụ lục chỉ in {shown}, "
            "không có số; chưa ghi số, không suy đoán."
            if printed
            else "Văn bản nguồn không ghi số văn bản; chưa ghi số, không suy đoán."
        )
        review.append(Review("blank", where_, printed or "—", _("số văn bản")))
    if date is None:
        only_year = f", chỉ có năm {year}" if str(year) in printed else ""
        fields["date_note"] = (
            f"Văn bản nguồn để trống ngày, tháng ban hành: dòng dưới tên phụ lục chỉ in "
            f"{shown}{only_year}; chưa ghi ngày, không suy đoán."
            if printed
            else "Văn bản nguồn không ghi ngày ban hành; chưa ghi ngày, không suy đoán."
        )
        review.append(Review("blank", where_, printed or "—", _("ngày ban hành")))


def _tail(lines: list[Line], body: Body) -> None:
    """ "Nơi nhận:" and its items (a dash each; other lines go on the item before), then the
    signatory: "TM."/"KT." lines, the title in capitals, the name."""
    recipients: list[str] = []
    authority: list[str] = []
    title = name = None
    signing = False
    for line in lines:
        text = _clean(line.text)
        if not text:
            continue
        if not signing and (_AUTHORITY.match(text) or (text.isupper() and not _DASH.match(text))):
            signing = True
        if not signing:
            if _DASH.match(text):
                recipients.append(_undash(text))
            elif recipients:
                recipients[-1] = _join(recipients[-1], text)
            else:
                body.review.append(Review("dropped", where(line), text))
        elif _AUTHORITY.match(text):
            authority.append(text)
        elif title is None and text.isupper():
            title = text
        elif name is None:
            name = text
        else:
            body.review.append(Review("dropped", where(line), text))
    if recipients:
        body.fields["recipients"] = recipients
    if authority or title or name:
        body.fields["signatory"] = {"authority": authority, "title": title, "name": name}
    if not name:
        body.review.append(Review("blank", _("cuối văn bản"), "—", _("người ký")))


def _reporting(paras: list[Para], index: NameIndex, ds_groups: dict, year: int, body: Body):
    """The reporting duty from the closing sentence that sets it: "báo cáo 6 tháng trước ngày
    20/6 và báo cáo năm trước ngày 20/11, gửi Sở … tổng hợp"."""
    for p in paras:
        h1 = re.search(r"báo cáo 6 tháng trước ngày (\d{1,2})/(\d{1,2})", p.text)
        annual = re.search(r"báo cáo năm trước ngày (\d{1,2})/(\d{1,2})", p.text)
        if not (h1 or annual):
            continue
        periods = []
        for pid, label, m in (("H1", "Báo cáo 6 tháng", h1), ("annual", "Báo cáo năm", annual)):
            if m:
                try:
                    due = dt.date(year, int(m.group(2)), int(m.group(1)))
                except ValueError:
                    body.review.append(Review("body", where(p.line), m.group(0)))
                    continue
                periods.append({"id": pid, "name": label, "due_before": due})
        to = re.search(r"gửi (.+?) (?:để )?tổng hợp", p.text)
        recipient = index.exact(to.group(1)) if to else None
        if recipient is None or recipient.kind != "agency" or not periods:
            body.review.append(
                Review("body", where(p.line), p.text, _("không đọc được chế độ báo cáo"))
            )
            return
        kinds: set[str] = set()
        who = re.search(r"(?:Đề nghị|Yêu cầu)\s+(.+?)\s+căn cứ", p.text)
        if who:
            for gid in index.column(who.group(1)).groups:
                members = getattr(ds_groups.get(gid), "members", None)
                kinds.update(members.kinds if members else [])
            if "ban nganh" in fold(who.group(1)):
                # "các sở, ban, ngành": the city's departments, its offices and organisations
                kinds.update(("department", "office", "city_organization"))
        subject_kinds = [k for k in _KIND_ORDER if k in kinds]
        body.review.append(
            Review(
                "reporting",
                where(p.line),
                who.group(1) if who else p.text[:80],
                ", ".join(translate(AGENCY_KIND_LABELS[k]) for k in subject_kinds) or "—",
            )
        )
        body.fields["reporting"] = {
            "recipient": recipient.id,
            "subject_kinds": subject_kinds,
            "periods": periods,
            "source": p.text,
        }
        return


def read_body(
    lines: list[Line],
    index: NameIndex,
    groups: dict,
    year: int,
    subtitle: str | None,
) -> Body:
    """The body of a plan from its ``lines`` before the appendix."""
    body = Body()
    title, at = _title(lines)
    if title:
        body.fields["title"] = title
    stop = next(
        (i for i in range(at, len(lines)) if fold(lines[i].text).startswith("noi nhan")),
        len(lines),
    )
    head = lines[: max(at - 2, 0)]
    _number_and_date(body.fields, head, subtitle, year, body.review)
    paras = paragraphs(lines[at:stop])
    first = next((k for k, p in enumerate(paras) if p.roman), len(paras))
    if paras[:first]:
        preamble = "\n".join(p.text for p in paras[:first])
        body.fields["preamble"] = preamble
        if bases := _legal_bases(preamble):
            body.fields["legal_bases"] = bases
        else:
            body.review.append(
                Review("body", where(paras[0].line), preamble[:80], _("không tách được căn cứ"))
            )
    f = body.fields
    part = None
    aims_key: str | None = None
    path: list[dict] = []  # the content sections open at each depth
    closing: list[Para] = []
    for p in paras[first:]:
        if p.roman:
            folded = fold(_heading_title(p))
            part = next((k for words, k in _PARTS if words in folded), None)
            if part is None:
                body.review.append(Review("body", where(p.line), p.text, _("phần không nhận ra")))
            continue
        text = _undash(p.text)
        if part == "aims":
            if p.ref:
                folded = fold(_heading_title(p))
                aims_key = (
                    "purposes"
                    if "muc dich" in folded
                    else "requirements"
                    if "yeu cau" in folded
                    else None
                )
                if aims_key is None:
                    body.review.append(Review("body", where(p.line), p.text))
            elif aims_key:
                f.setdefault(aims_key, []).append(text)
            else:
                body.review.append(Review("body", where(p.line), p.text[:80]))
        elif part == "content":
            if p.ref:
                depth = p.ref.count(".")
                section = {"ref": p.ref, "title": _heading_title(p)}
                del path[depth:]
                if depth == 0:
                    f.setdefault("content", []).append(section)
                elif path:
                    path[-1].setdefault("subsections", []).append(section)
                else:
                    body.review.append(Review("body", where(p.line), p.text[:80]))
                    continue
                path.append(section)
            elif path:
                path[-1].setdefault("paragraphs", []).append(text)
            else:
                body.review.append(Review("body", where(p.line), p.text[:80]))
        elif part == "funding":
            f.setdefault("funding", []).append(text)
        elif part == "implementation":
            duties = f.setdefault("implementation", [])
            if p.ref:
                heading = _heading_title(p)
                name = re.sub(r"^Đề nghị\s+", "", heading)
                target = index.exact(name)
                duty = {"ref": p.ref, "heading": heading, "duties": []}
                if target is not None:
                    duty[target.kind] = target.id
                else:
                    body.review.append(
                        Review("name", where(p.line), name, ", ".join(index.candidates(name)))
                    )
                duties.append(duty)
            elif duties and duties[-1]["duties"] and not _DASH.match(p.text):
                part = "closing"  # the first undashed paragraph after the duties
                closing.append(p)
            elif duties:
                duties[-1]["duties"].append(text)
            else:
                body.review.append(Review("body", where(p.line), p.text[:80]))
        elif part == "closing":
            closing.append(p)
        else:
            body.review.append(Review("dropped", where(p.line), p.text[:80]))
    if closing:
        f["closing"] = [p.text for p in closing]
    _reporting(closing, index, groups, year, body)
    _tail(lines[stop + 1 :], body)
    for key, label in _PART_LABELS.items():
        if key not in f:
            body.review.append(Review("blank", _("phần thân"), label()))
    return body
