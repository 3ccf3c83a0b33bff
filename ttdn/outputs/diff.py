"""What changed between two versions of the data, in words: ``ttdn diff`` and ``ttdn log``.

:func:`compare` turns two :class:`~ttdn.data.loader.Dataset` objects into a list of
:class:`Change` records, per plan: tasks added, removed, moved between sections, renumbered,
and per field (timeline and due date, lead and coordinators by agency name, texts with the
changed words marked); progress entries and report submissions recorded; then agencies and
groups added, renamed, removed. Tasks are matched by their stable ``id``, so a task moved to
another file or renumbered is one task that changed, not one removed and one added.

A change is a list of segments (plain text, identifiers, deleted and inserted words), so one
record renders as plain text (``[-cũ-]{+mới+}``, as ``git diff --word-diff``), Markdown
(``~~cũ~~ **mới**``, for a merge request) or JSON.

Also here: :func:`task_history` (``ttdn log``) and :func:`readable` (``ttdn textconv``, the
normalised text ``git diff`` shows for a data file once ``ttdn git-setup`` has run).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.model import (
    AGENCY_KIND_LABELS,
    INDICATORS,
    REPORT_NAMES,
    STATUS_LABELS,
    PeriodReport,
    ProgressEntry,
)
from ttdn.domain.schedule import format_date, parse_timeline
from ttdn.i18n import N_, _, translate
from ttdn.outputs.words import report_name
from ttdn.text import shorten

Seg = tuple[str, str]  # (kind, text); kinds: "t" text, "id" identifier, "del", "ins", "sep"

SECTION_LABELS = {
    "plan": N_("Thông tin kế hoạch"),
    "tasks": N_("Nhiệm vụ"),
    "progress": N_("Tiến độ"),
    "reports": N_("Báo cáo định kỳ"),
}
SECTION_ORDER = ["plan", "tasks", "progress", "reports"]

TASK_LABELS = {
    "ref": N_("số thứ tự"),
    "content": N_("nội dung"),
    "timeline": N_("tiến độ"),
    "due": N_("hạn"),
    "lead": N_("chủ trì"),
    "lead_as_printed": N_("tên cơ quan chủ trì như in"),
    "coordinators": N_("phối hợp"),
    "coordinator_groups": N_("nhóm phối hợp"),
    "coordinators_as_printed": N_("cột phối hợp như in"),
    "implements": N_("thực hiện nhiệm vụ cấp trên"),
    "carried_over": N_("chuyển từ năm trước"),
    "note": N_("ghi chú"),
}

# The order in which a task's changes are listed: what matters most to a reader first.
TASK_ORDER = [
    "ref",
    "timeline",
    "lead",
    "coordinators",
    "coordinator_groups",
    "content",
    "lead_as_printed",
    "coordinators_as_printed",
    "implements",
    "carried_over",
    "note",
]

PLAN_LABELS = {
    "title": N_("tên kế hoạch"),
    "kind": N_("loại kế hoạch"),
    "year": N_("năm kế hoạch"),
    "issuer": N_("cơ quan ban hành"),
    "parent": N_("kế hoạch cấp trên"),
    "number": N_("số văn bản"),
    "number_note": N_("ghi chú về số văn bản"),
    "date": N_("ngày ban hành"),
    "date_note": N_("ghi chú về ngày ban hành"),
    "signatory": N_("người ký"),
    "preamble": N_("đoạn mở đầu"),
    "legal_bases": N_("căn cứ ban hành"),
    "purposes": N_("mục đích"),
    "requirements": N_("yêu cầu"),
    "content": N_("nội dung thực hiện"),
    "funding": N_("kinh phí thực hiện"),
    "implementation": N_("tổ chức thực hiện"),
    "closing": N_("đoạn kết"),
    "recipients": N_("nơi nhận"),
    "reporting": N_("chế độ báo cáo"),
    "appendix": N_("phụ lục"),
    "sample": N_("dữ liệu mẫu"),
}

AGENCY_LABELS = {
    "name": N_("tên"),
    "short_name": N_("tên ngắn"),
    "name_en": N_("tên tiếng Anh"),
    "kind": N_("loại"),
    "aliases": N_("cách viết khác"),
    "parent": N_("cơ quan cấp trên"),
    "note": N_("ghi chú"),
    "sample": N_("dữ liệu mẫu"),
}

GROUP_LABELS = {
    "name": N_("tên"),
    "member_kinds": N_("loại cơ quan thuộc nhóm"),
    "note": N_("ghi chú"),
}

ENTRY_LABELS = {
    "status": N_("trạng thái"),
    "result": N_("kết quả"),
    "note": N_("ghi chú"),
    "indicators": N_("chỉ tiêu"),
    "evidence": N_("minh chứng"),
}

REPORT_LABELS = {
    "submitted": N_("ngày gửi"),
    "number": N_("số"),
    "highlights": N_("kết quả nổi bật"),
    "limitations": N_("hạn chế"),
    "causes": N_("nguyên nhân"),
    "directions": N_("phương hướng"),
    "recommendations": N_("đề xuất, kiến nghị"),
}

# Texts longer than this are shown as a word diff rather than "old → new".
SHORT_TEXT = 60
CONTEXT_WORDS = 6


@dataclass
class Change:
    """One change, ready to render; ``parts`` are its segments."""

    section: str  # plan, tasks, progress, reports, agencies, groups
    kind: str  # stable code, e.g. task-timeline, agency-renamed, progress-added
    parts: list[Seg]
    plan: str | None = None
    task: str | None = None
    ref: str | None = None
    agency: str | None = None
    field: str | None = None
    old: object = None
    new: object = None

    def __post_init__(self) -> None:
        if self.parts and self.parts[0][0] == "t" and self.parts[0][1]:
            first = self.parts[0][1]
            self.parts[0] = ("t", first[0].upper() + first[1:])

    def text(self) -> str:
        return render(self.parts, "text")

    def markdown(self) -> str:
        return render(self.parts, "markdown")

    def as_json(self) -> dict:
        return {
            "section": self.section,
            "kind": self.kind,
            "plan": self.plan,
            "task": self.task,
            "ref": self.ref,
            "agency": self.agency,
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "text": self.text(),
        }


def _jsonable(v: object) -> object:
    if isinstance(v, BaseModel):
        return v.model_dump(mode="json", exclude_defaults=True)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------- rendering

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render(parts: Iterable[Seg], style: str) -> str:
    """Segments as plain text (``[-x-]{+y+}``) or Markdown (``~~x~~ **y**``)."""
    out: list[str] = []
    for kind, s in parts:
        if style == "markdown":
            if kind == "id":
                out.append(f"`{s}`")
            elif kind == "del":
                out.append(f"~~{md_escape(s)}~~")
            elif kind == "ins":
                out.append(f"**{md_escape(s)}**")
            elif kind == "sep":
                out.append(" ")
            else:
                out.append(md_escape(s))
        else:
            if kind == "id":
                out.append(f"[{s}]")
            elif kind == "del":
                out.append(f"[-{s}-]")
            elif kind == "ins":
                out.append(f"{{+{s}+}}")
            elif kind == "sep":
                pass
            else:
                out.append(s)
    return "".join(out)


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Seg]:
    """The words of ``new`` with those removed from / added to ``old`` marked.

    Long runs of unchanged words are cut to ``context`` words on each side ("…").
    """
    a, b = old.split(), new.split()
    if a == b:
        return [("t", _("chỉ đổi dấu cách hoặc xuống dòng"))]
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[Seg] = []
    last = len(ops) - 1
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        if i:
            out.append(("t", " "))
        if tag == "equal":
            words = a[i1:i2]
            if i == 0 and len(words) > context:
                text = "… " + " ".join(words[-context:])
            elif i == last and len(words) > context:
                text = " ".join(words[:context]) + " …"
            elif 0 < i < last and len(words) > 2 * context + 1:
                text = " ".join(words[:context]) + " … " + " ".join(words[-context:])
            else:
                text = " ".join(words)
            out.append(("t", text))
        elif tag == "delete":
            out.append(("del", " ".join(a[i1:i2])))
        elif tag == "insert":
            out.append(("ins", " ".join(b[j1:j2])))
        else:
            out += [("del", " ".join(a[i1:i2])), ("sep", " "), ("ins", " ".join(b[j1:j2]))]
    return out


def _value(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return _("có") if v else _("không")
    if isinstance(v, dt.date):
        return format_date(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v) if v else "—"
    return str(v)


def _text_parts(label: str, old: str | None, new: str | None) -> list[Seg]:
    """``label``: a text added, removed, or changed (word diff when long)."""
    if old is None:
        return [("t", _("thêm {label}: {new}", label=label, new=new))]
    if new is None:
        return [("t", _("bỏ {label} (trước đây: {old})", label=label, old=shorten(old, 80)))]
    if len(old) <= SHORT_TEXT and len(new) <= SHORT_TEXT and "\n" not in old + new:
        return [("t", f"{label}: {old} → {new}")]
    return [("t", f"{label}: ")] + word_diff(old, new)


# ---------------------------------------------------------------------------- names


def agency_name(ds: Dataset, slug: str | None) -> str:
    return "—" if slug is None else ds.agency_name(slug)


def _set_parts(label: str, old: list[str], new: list[str], name_old, name_new) -> list[Seg]:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    bits = []
    if added:
        bits.append(_("thêm {names}", names=", ".join(name_new(x) for x in added)))
    if removed:
        bits.append(_("bỏ {names}", names=", ".join(name_old(x) for x in removed)))
    if not bits:
        bits.append(_("đổi thứ tự"))
    return [("t", f"{label}: " + "; ".join(bits))]


# ---------------------------------------------------------------------------- comparing


def compare(
    old: Dataset, new: Dataset, plan: str | None = None, task: str | None = None
) -> list[Change]:
    """Every change from ``old`` to ``new`` (only plan ``plan`` / task ``task`` if given)."""
    out: list[Change] = []
    ids = sorted(set(old.plans) | set(new.plans))
    for pid in ids:
        if plan is None or pid == plan:
            out += _plan_changes(old, new, pid, task)
    if task is None:
        out += _agency_changes(old, new)
        out += _group_changes(old, new)
    return out


def _plan_changes(old: Dataset, new: Dataset, pid: str, only: str | None) -> list[Change]:
    o, n = old.plans.get(pid), new.plans.get(pid)
    if o is None and n is None:
        return []
    if o is None or n is None:
        pd = n or o
        assert pd is not None
        if only is not None:
            # The task (and its progress) appears or disappears with its whole plan: compare
            # with an empty plan.
            empty = PlanData(pd.id, pd.plan, pd.file)
            a, b = (empty, pd) if o is None else (pd, empty)
            return _task_changes(old, new, a, b, only) + _progress_changes(old, new, a, b, only)
        kind = "plan-added" if o is None else "plan-removed"
        text = (
            _("thêm kế hoạch ({n} nhiệm vụ)", n=len(pd.tasks))
            if o is None
            else _("xoá kế hoạch ({n} nhiệm vụ)", n=len(pd.tasks))
        )
        return [Change("plan", kind, [("t", text)], plan=pid)]
    out: list[Change] = []
    if only is None:
        out += _plan_field_changes(old, new, o, n)
    out += _task_changes(old, new, o, n, only)
    out += _progress_changes(old, new, o, n, only)
    if only is None:
        out += _report_changes(old, new, o, n)
    return out


# ------------------------------------------------------------------ plan fields


def _plan_field_changes(old: Dataset, new: Dataset, o: PlanData, n: PlanData) -> list[Change]:
    out: list[Change] = []
    po, pn = o.plan, n.plan

    def add(fld: str, parts: list[Seg], ov: object = None, nv: object = None) -> None:
        out.append(Change("plan", f"plan-{fld}", parts, plan=n.id, field=fld, old=ov, new=nv))

    for fld in type(pn).model_fields:
        ov, nv = getattr(po, fld), getattr(pn, fld)
        if ov == nv:
            continue
        label = translate(PLAN_LABELS.get(fld, fld))
        if fld in ("issuer",):
            add(fld, [("t", f"{label}: {agency_name(old, ov)} → {agency_name(new, nv)}")], ov, nv)
        elif fld == "reporting" and ov is not None and nv is not None:
            for parts in _reporting_parts(ov, nv):
                add(fld, parts, ov, nv)
        elif fld == "signatory" and ov is not None and nv is not None:
            for sub in ("name", "title", "authority"):
                a, b = getattr(ov, sub), getattr(nv, sub)
                if a != b:
                    sublabel = {
                        "name": _("họ tên"),
                        "title": _("chức vụ"),
                        "authority": _("thẩm quyền ký"),
                    }[sub]
                    text = _(
                        "người ký, {what}: {old} → {new}",
                        what=sublabel,
                        old=_value(a),
                        new=_value(b),
                    )
                    add(fld, [("t", text)], a, b)
        elif isinstance(ov, str) or isinstance(nv, str):
            add(fld, _text_parts(label, ov, nv), ov, nv)
        elif isinstance(ov, (list, BaseModel)) or isinstance(nv, (list, BaseModel)):
            lines = _body_lines(old, new, fld, label, ov, nv)
            for parts, a, b in lines or [([("t", _("sửa {label}", label=label))], ov, nv)]:
                add(fld, parts, a, b)
        else:
            add(fld, [("t", f"{label}: {_value(ov)} → {_value(nv)}")], ov, nv)
    return out


# A changed line of the plan's body: its segments, the old and the new value.
BodyLine = tuple[list[Seg], object, object]


def _body_lines(
    old: Dataset, new: Dataset, fld: str, label: str, ov: object, nv: object
) -> list[BodyLine]:
    """What changed in a part of the plan's body (purposes, content, duties…), paragraph by
    paragraph; [] when it cannot be said more precisely than "sửa <label>"."""
    if isinstance(ov, list) and isinstance(nv, list):
        if all(isinstance(x, str) for x in ov + nv):
            unit = N_("{label}, dòng {n}") if fld == "recipients" else N_("{label}, đoạn {n}")
            return _paragraph_lines(label, ov, nv, unit)
        if fld == "content":
            return _section_lines(label, _flat_sections(ov), _flat_sections(nv))
        if fld == "implementation":
            return _duty_lines(old, new, label, ov, nv)
    if fld == "appendix" and ov is not None and nv is not None:
        out: list[BodyLine] = []
        for sub, sublabel in _APPENDIX_LABELS.items():
            a, b = getattr(ov, sub), getattr(nv, sub)
            if a != b:
                out.append((_text_parts(translate(sublabel), a, b), a, b))
        return out
    return []


_APPENDIX_LABELS = {
    "title": N_("tên phụ lục"),
    "subtitle": N_("dòng kèm theo tên phụ lục"),
    "ends_after": N_("mục cuối cùng của phụ lục"),
    "note": N_("ghi chú về phụ lục"),
}


def _paragraph_lines(label: str, old: list[str], new: list[str], unit: str) -> list[BodyLine]:
    """One line per paragraph added, removed or changed (word diff), numbered as in the new
    text (a removed paragraph: as in the old)."""
    out: list[BodyLine] = []

    def where(n: int) -> str:
        return translate(unit).format(label=label, n=n)

    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        # in a block that differs, an old paragraph is paired with the next new one that
        # shares most of its words (edited); the new ones passed over were added
        j = j1
        for i in range(i1, i2):
            k = next((k for k in range(j, j2) if _similar(old[i], new[k])), None)
            if k is None:
                out.append((_text_parts(where(i + 1), old[i], None), old[i], None))
                continue
            for added in range(j, k):
                out.append((_text_parts(where(added + 1), None, new[added]), None, new[added]))
            out.append((_text_parts(where(k + 1), old[i], new[k]), old[i], new[k]))
            j = k + 1
        for added in range(j, j2):
            out.append((_text_parts(where(added + 1), None, new[added]), None, new[added]))
    return out


def _similar(old: str, new: str) -> bool:
    """Two paragraphs are one edited when at least half of their words are common."""
    matcher = difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False)
    return matcher.ratio() >= 0.5


def _duty_owner(ds: Dataset, duty) -> str:
    """Who a duty of "Tổ chức thực hiện" is given to: the agency, else the group."""
    if duty.agency:
        return agency_name(ds, duty.agency)
    return ds.group_name(duty.group) if duty.group else "—"


def _flat_sections(sections: list) -> dict[str, object]:
    """The sections of "Nội dung thực hiện" and their subsections, by number (1, 1.1…)."""
    out: dict[str, object] = {}
    todo = list(sections)
    while todo:
        sec = todo.pop(0)
        out.setdefault(sec.ref, sec)
        todo[:0] = sec.subsections
    return out


def _section_lines(label: str, old: dict, new: dict) -> list[BodyLine]:
    out: list[BodyLine] = []
    for ref in list(new) + [r for r in old if r not in new]:
        a, b = old.get(ref), new.get(ref)
        where = _("{label}, mục {ref}", label=label, ref=ref)
        if a is None or b is None:
            sec = b or a
            title = f" “{sec.title}”" if sec.title else ""
            text = (
                _("thêm {where}{title}", where=where, title=title)
                if a is None
                else _("bỏ {where}{title}", where=where, title=title)
            )
            out.append(([("t", text)], a and a.title, b and b.title))
            continue
        if a.title != b.title:
            label_t = f"{where}, {translate(N_('tên mục'))}"
            out.append((_text_parts(label_t, a.title, b.title), a.title, b.title))
        out += _paragraph_lines(where, a.paragraphs, b.paragraphs, N_("{label}, đoạn {n}"))
    if not out and list(old) != list(new):
        out.append(([("t", _("{label}: đổi thứ tự các mục", label=label))], None, None))
    return out


def _duty_lines(
    old_ds: Dataset, new_ds: Dataset, label: str, old: list, new: list
) -> list[BodyLine]:
    out: list[BodyLine] = []
    a_by = {d.ref: d for d in old}
    b_by = {d.ref: d for d in new}
    if len(a_by) != len(old) or len(b_by) != len(new):
        return []  # numbers repeated: no way to pair the duties
    for ref in list(b_by) + [r for r in a_by if r not in b_by]:
        a, b = a_by.get(ref), b_by.get(ref)
        where = _("{label}, mục {ref}", label=label, ref=ref)
        if a is None or b is None:
            d = b or a
            text = (
                _("thêm {where}{title}", where=where, title=f" “{d.heading}”")
                if a is None
                else _("bỏ {where}{title}", where=where, title=f" “{d.heading}”")
            )
            out.append(([("t", text)], a and a.heading, b and b.heading))
            continue
        if a.heading != b.heading:
            label_h = f"{where}, {translate(N_('tiêu đề'))}"
            out.append((_text_parts(label_h, a.heading, b.heading), a.heading, b.heading))
        if (a.agency, a.group) != (b.agency, b.group):
            was, now = _duty_owner(old_ds, a), _duty_owner(new_ds, b)
            out.append(
                ([("t", f"{where}: {was} → {now}")], a.agency or a.group, b.agency or b.group)
            )
        out += _paragraph_lines(where, a.duties, b.duties, N_("{label}, đoạn {n}"))
    if not out and list(a_by) != list(b_by):
        out.append(([("t", _("{label}: đổi thứ tự các mục", label=label))], None, None))
    return out


def _reporting_parts(ov, nv) -> list[list[Seg]]:
    out: list[list[Seg]] = []
    op = {p.id: p for p in ov.periods}
    np_ = {p.id: p for p in nv.periods}
    for pid in list(np_) + [p for p in op if p not in np_]:
        a, b = op.get(pid), np_.get(pid)
        name = (b or a).name
        if a is None:
            out.append(
                [
                    (
                        "t",
                        _(
                            "thêm kỳ báo cáo {name}, hạn gửi trước {date}",
                            name=name,
                            date=format_date(b.due_before),
                        ),
                    )
                ]
            )
        elif b is None:
            out.append([("t", _("bỏ kỳ báo cáo {name}", name=name))])
        elif a.due_before != b.due_before:
            out.append(
                [
                    (
                        "t",
                        _(
                            "hạn gửi {name}: trước {old} → trước {new}",
                            name=name,
                            old=format_date(a.due_before),
                            new=format_date(b.due_before),
                        ),
                    )
                ]
            )
    if ov.model_copy(update={"periods": []}) != nv.model_copy(update={"periods": []}):
        out.append([("t", _("sửa chế độ báo cáo (cơ quan nhận, đối tượng báo cáo)"))])
    if not out:  # e.g. a period renamed
        out.append([("t", _("sửa chế độ báo cáo"))])
    return out


# ------------------------------------------------------------------ tasks


def _ref_key(ref: str) -> tuple:
    m = re.match(r"^([IVXLC]+)\.(\d+)", ref or "")
    if not m:
        return (9999, 0, ref or "")
    roman = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, prev = 0, 0
    for ch in reversed(m.group(1)):
        v = roman[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return (total, int(m.group(2)), ref)


def _task_head(ref: str, tid: str) -> list[Seg]:
    return [("t", f"{ref} "), ("id", tid), ("t", ": ")]


def _section_label(tr: TaskRef) -> str:
    return _("phần {section} ({title})", section=tr.section.section, title=tr.section.title)


def _task_added(new: Dataset, pd: PlanData, tr: TaskRef) -> Change:
    t = tr.task
    parts = _task_head(t.ref, t.id) + [
        (
            "t",
            _(
                "thêm nhiệm vụ (chủ trì {lead}; tiến độ {timeline}): {content}",
                lead=agency_name(new, t.lead),
                timeline=t.timeline,
                content=shorten(t.content, 100),
            ),
        )
    ]
    return Change("tasks", "task-added", parts, plan=pd.id, task=t.id, ref=t.ref, new=t)


def _task_removed(pd: PlanData, tr: TaskRef) -> Change:
    t = tr.task
    parts = _task_head(t.ref, t.id) + [
        ("t", _("xoá nhiệm vụ ({content})", content=shorten(t.content, 100)))
    ]
    return Change("tasks", "task-removed", parts, plan=pd.id, task=t.id, ref=t.ref, old=t)


def _due(pd: PlanData, task) -> dt.date | None:
    return task.due or parse_timeline(task.timeline, pd.year).due


def _task_changes(
    old: Dataset, new: Dataset, o: PlanData, n: PlanData, only: str | None
) -> list[Change]:
    ids = [i for i in n.tasks if i not in o.tasks] + [i for i in o.tasks if i not in n.tasks]
    ids += [i for i in n.tasks if i in o.tasks]
    if only is not None:
        ids = [i for i in ids if i == only]
    per_task: list[tuple[tuple, list[Change]]] = []
    for tid in ids:
        a, b = o.tasks.get(tid), n.tasks.get(tid)
        if a is None:
            assert b is not None
            per_task.append((_ref_key(b.task.ref), [_task_added(new, n, b)]))
        elif b is None:
            per_task.append((_ref_key(a.task.ref), [_task_removed(o, a)]))
        else:
            changes = _task_diff(old, new, o, n, a, b)
            if changes:
                per_task.append((_ref_key(b.task.ref), changes))
    per_task.sort(key=lambda x: x[0])
    return [c for _key, cs in per_task for c in cs]


def _task_diff(
    old: Dataset, new: Dataset, po: PlanData, pn: PlanData, a: TaskRef, b: TaskRef
) -> list[Change]:
    ta, tb = a.task, b.task
    head = _task_head(tb.ref, tb.id)
    out: list[Change] = []

    def add(kind: str, parts: list[Seg], fld: str | None = None, ov=None, nv=None) -> None:
        out.append(
            Change(
                "tasks",
                kind,
                head + parts,
                plan=pn.id,
                task=tb.id,
                ref=tb.ref,
                field=fld,
                old=ov,
                new=nv,
            )
        )

    if a.section.section != b.section.section:
        add(
            "task-moved",
            [("t", _("chuyển từ {old} sang {new}", old=_section_label(a), new=_section_label(b)))],
            "section",
            a.section.section,
            b.section.section,
        )
    fields = [f for f in TASK_ORDER if f in type(tb).model_fields]
    fields += [f for f in type(tb).model_fields if f not in TASK_ORDER and f not in ("id", "due")]
    for fld in fields:
        ov, nv = getattr(ta, fld), getattr(tb, fld)
        if fld == "timeline":
            da, db = _due(po, ta), _due(pn, tb)
            if ov != nv:
                due = (
                    _("hạn {old} → {new}", old=format_date(da), new=format_date(db))
                    if da != db
                    else _("hạn không đổi: {date}", date=format_date(db))
                )
                text = _("tiến độ {old} → {new} ({due})", old=ov, new=nv, due=due)
                add("task-timeline", [("t", text)], "timeline", ov, nv)
            elif ta.due != tb.due:
                if da != db:
                    text = _("hạn {old} → {new}", old=format_date(da), new=format_date(db))
                else:
                    text = _(
                        "hạn cụ thể {old} → {new}",
                        old=format_date(ta.due),
                        new=format_date(tb.due),
                    )
                add("task-due", [("t", text)], "due", ta.due, tb.due)
            continue
        if ov == nv:
            continue
        label = translate(TASK_LABELS.get(fld, fld))
        if fld == "ref":
            add("task-ref", [("t", f"{label} {ov} → {nv}")], fld, ov, nv)
        elif fld == "lead":
            add(
                "task-lead",
                [("t", f"{label} {agency_name(old, ov)} → {agency_name(new, nv)}")],
                fld,
                ov,
                nv,
            )
        elif fld == "coordinators":
            add(
                "task-coordinators",
                _set_parts(
                    label, ov, nv, lambda s: agency_name(old, s), lambda s: agency_name(new, s)
                ),
                fld,
                ov,
                nv,
            )
        elif fld == "coordinator_groups":
            add(
                "task-coordinator-groups",
                _set_parts(label, ov, nv, old.group_name, new.group_name),
                fld,
                ov,
                nv,
            )
        elif isinstance(ov, str) or isinstance(nv, str):
            add(f"task-{fld.replace('_', '-')}", _text_parts(label, ov, nv), fld, ov, nv)
        else:
            add(
                f"task-{fld.replace('_', '-')}",
                [("t", f"{label}: {_value(ov)} → {_value(nv)}")],
                fld,
                ov,
                nv,
            )
    return out


# ------------------------------------------------------------------ progress


def _entry_key(e: ProgressEntry) -> str:
    return json.dumps(e.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _entry_head(ds: Dataset, pd: PlanData, slug: str, e: ProgressEntry) -> list[Seg]:
    tr = pd.tasks.get(e.task)
    ref = f"{tr.task.ref} " if tr else ""
    return [("t", f"{agency_name(ds, slug)}, {ref}"), ("id", e.task), ("t", ": ")]


def _progress_changes(
    old: Dataset, new: Dataset, o: PlanData, n: PlanData, only: str | None
) -> list[Change]:
    out: list[Change] = []
    slugs = list(n.progress) + [s for s in o.progress if s not in n.progress]
    for slug in sorted(slugs):
        oe = [
            e
            for e in (o.progress[slug].entries if slug in o.progress else [])
            if only is None or e.task == only
        ]
        ne = [
            e
            for e in (n.progress[slug].entries if slug in n.progress else [])
            if only is None or e.task == only
        ]
        pool: dict[str, int] = {}
        for e in oe:
            pool[_entry_key(e)] = pool.get(_entry_key(e), 0) + 1
        added: list[ProgressEntry] = []
        for e in ne:
            k = _entry_key(e)
            if pool.get(k):
                pool[k] -= 1
            else:
                added.append(e)
        removed: list[ProgressEntry] = []
        for e in oe:
            k = _entry_key(e)
            if pool.get(k):
                pool[k] -= 1
                removed.append(e)
        for e in added:
            match = next((r for r in removed if r.task == e.task and r.date == e.date), None)
            head = _entry_head(new, n, slug, e)
            if match is not None:
                removed.remove(match)
                bits: list[Seg] = [
                    ("t", _("sửa mục tiến độ ngày {date}: ", date=format_date(e.date)))
                ]
                first = True
                for fld, label_id in ENTRY_LABELS.items():
                    label = translate(label_id)
                    a, b = getattr(match, fld), getattr(e, fld)
                    if a == b:
                        continue
                    if not first:
                        bits.append(("t", "; "))
                    first = False
                    if fld == "status":
                        bits.append(
                            (
                                "t",
                                f"{label} {translate(STATUS_LABELS.get(a, a))} → "
                                f"{translate(STATUS_LABELS.get(b, b))}",
                            )
                        )
                    elif fld in ("result", "note"):
                        bits += _text_parts(label, a, b)
                    elif fld == "indicators":
                        bits.append(("t", f"{label}: {_indicators(a)} → {_indicators(b)}"))
                    else:
                        bits.append(("t", f"{label}: {_value(a)} → {_value(b)}"))
                out.append(
                    Change(
                        "progress",
                        "progress-changed",
                        head + bits,
                        plan=n.id,
                        task=e.task,
                        agency=slug,
                        old=match,
                        new=e,
                    )
                )
                continue
            text = _(
                "{status}, ngày {date}",
                status=translate(STATUS_LABELS.get(e.status, e.status)),
                date=format_date(e.date),
            )
            detail = e.result or e.note
            if detail:
                text += f" — {shorten(detail, 100)}"
            out.append(
                Change(
                    "progress",
                    "progress-added",
                    head + [("t", text)],
                    plan=n.id,
                    task=e.task,
                    agency=slug,
                    new=e,
                )
            )
        for e in removed:
            head = _entry_head(old, o, slug, e)
            text = _(
                "xoá mục tiến độ ngày {date} ({status})",
                date=format_date(e.date),
                status=translate(STATUS_LABELS.get(e.status, e.status)),
            )
            out.append(
                Change(
                    "progress",
                    "progress-removed",
                    head + [("t", text)],
                    plan=n.id,
                    task=e.task,
                    agency=slug,
                    old=e,
                )
            )
    return out


def _indicators(d: dict[str, int]) -> str:
    if not d:
        return "—"
    return "; ".join(f"{translate(INDICATORS.get(k, k))} {v}" for k, v in d.items())


def _period(p: str) -> str:
    return report_name(p).lower() if p in REPORT_NAMES else _("báo cáo {period}", period=p)


def _report_changes(old: Dataset, new: Dataset, o: PlanData, n: PlanData) -> list[Change]:
    out: list[Change] = []
    slugs = sorted(set(o.progress) | set(n.progress))
    for slug in slugs:
        ro = {r.period: r for r in (o.progress[slug].reports if slug in o.progress else [])}
        rn = {r.period: r for r in (n.progress[slug].reports if slug in n.progress else [])}
        for period in [p for p in ("H1", "annual") if p in ro or p in rn]:
            a, b = ro.get(period), rn.get(period)
            if a == b:
                continue
            name = agency_name(new if b else old, slug)
            if b is not None and b.submitted and (a is None or a.submitted is None):
                text = _(
                    "{agency}: gửi {report} ngày {date}",
                    agency=name,
                    report=_period(period),
                    date=format_date(b.submitted),
                )
                if b.number:
                    text += _(" (số {number})", number=b.number)
                out.append(
                    Change(
                        "reports",
                        "report-submitted",
                        [("t", text)],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                        new=b,
                    )
                )
            elif a is None:
                assert b is not None
                out.append(
                    Change(
                        "reports",
                        "report-added",
                        [
                            (
                                "t",
                                _(
                                    "{agency}: thêm {report} (chưa ghi ngày gửi)",
                                    agency=name,
                                    report=_period(period),
                                ),
                            )
                        ],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        new=b,
                    )
                )
            elif b is None:
                out.append(
                    Change(
                        "reports",
                        "report-removed",
                        [
                            (
                                "t",
                                _("{agency}: xoá {report}", agency=name, report=_period(period)),
                            )
                        ],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                    )
                )
            else:
                bits = []
                for fld in PeriodReport.model_fields:
                    x, y = getattr(a, fld), getattr(b, fld)
                    if x == y or fld == "period":
                        continue
                    label = translate(REPORT_LABELS.get(fld, fld))
                    if fld in ("submitted", "number"):
                        bits.append(f"{label} {_value(x)} → {_value(y)}")
                    else:
                        bits.append(_("sửa {label}", label=label))
                out.append(
                    Change(
                        "reports",
                        "report-changed",
                        [("t", f"{name}: {_period(period)}: " + "; ".join(bits))],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                        new=b,
                    )
                )
    return out


# ------------------------------------------------------------------ agencies, groups


def _agency_changes(old: Dataset, new: Dataset) -> list[Change]:
    out: list[Change] = []
    added = [s for s in new.agencies if s not in old.agencies]
    removed = [s for s in old.agencies if s not in new.agencies]
    for s in list(added):
        same = next((r for r in removed if old.agencies[r].name == new.agencies[s].name), None)
        if same is not None:
            added.remove(s)
            removed.remove(same)
            out.append(
                Change(
                    "agencies",
                    "agency-slug",
                    [
                        ("t", _("đổi mã cơ quan {name}: ", name=new.agencies[s].name)),
                        ("id", same),
                        ("t", " → "),
                        ("id", s),
                    ],
                    agency=s,
                    old=same,
                    new=s,
                )
            )
    for s in sorted(added):
        a = new.agencies[s]
        out.append(
            Change(
                "agencies",
                "agency-added",
                [("t", _("thêm cơ quan {name} ", name=a.name)), ("id", s)],
                agency=s,
                new=a,
            )
        )
    for s in sorted(removed):
        a = old.agencies[s]
        out.append(
            Change(
                "agencies",
                "agency-removed",
                [("t", _("xoá cơ quan {name} ", name=a.name)), ("id", s)],
                agency=s,
                old=a,
            )
        )
    for s in sorted(set(old.agencies) & set(new.agencies)):
        a, b = old.agencies[s], new.agencies[s]
        if a == b:
            continue
        for fld in type(b).model_fields:
            x, y = getattr(a, fld), getattr(b, fld)
            if x == y:
                continue
            if fld == "name":
                out.append(
                    Change(
                        "agencies",
                        "agency-renamed",
                        [("t", _("đổi tên cơ quan ")), ("id", s), ("t", f": “{x}” → “{y}”")],
                        agency=s,
                        field=fld,
                        old=x,
                        new=y,
                    )
                )
                continue
            label = translate(AGENCY_LABELS.get(fld, fld))
            if fld == "kind":
                text = (
                    f"{label}: {translate(AGENCY_KIND_LABELS.get(x, x))} → "
                    f"{translate(AGENCY_KIND_LABELS.get(y, y))}"
                )
            elif fld == "parent":
                text = f"{label}: {agency_name(old, x)} → {agency_name(new, y)}"
            elif fld == "aliases":
                text = render(_set_parts(label, x, y, str, str), "text")
            else:
                text = f"{label}: {_value(x)} → {_value(y)}"
            out.append(
                Change(
                    "agencies",
                    f"agency-{fld.replace('_', '-')}",
                    [("t", _("cơ quan {name} ", name=b.name)), ("id", s), ("t", f": {text}")],
                    agency=s,
                    field=fld,
                    old=x,
                    new=y,
                )
            )
    return out


def _group_changes(old: Dataset, new: Dataset) -> list[Change]:
    out: list[Change] = []
    for g in sorted(set(new.groups) - set(old.groups)):
        out.append(
            Change(
                "groups",
                "group-added",
                [("t", _("thêm nhóm cơ quan {name} ", name=new.groups[g].name)), ("id", g)],
                new=new.groups[g],
            )
        )
    for g in sorted(set(old.groups) - set(new.groups)):
        out.append(
            Change(
                "groups",
                "group-removed",
                [("t", _("xoá nhóm cơ quan {name} ", name=old.groups[g].name)), ("id", g)],
                old=old.groups[g],
            )
        )
    for g in sorted(set(old.groups) & set(new.groups)):
        a, b = old.groups[g], new.groups[g]
        if a == b:
            continue
        for fld in type(b).model_fields:
            x, y = getattr(a, fld), getattr(b, fld)
            if x == y or fld == "id":
                continue
            if fld == "name":
                parts = [("t", _("đổi tên nhóm cơ quan ")), ("id", g), ("t", f": “{x}” → “{y}”")]
            else:
                label = translate(GROUP_LABELS.get(fld, fld))
                parts = [
                    ("t", _("nhóm cơ quan {name} ", name=b.name)),
                    ("id", g),
                    ("t", f": {label}: {_value(x)} → {_value(y)}"),
                ]
            out.append(
                Change("groups", f"group-{fld.replace('_', '-')}", parts, field=fld, old=x, new=y)
            )
    return out


# ---------------------------------------------------------------------------- reports


@dataclass
class Side:
    """One side of a comparison: a commit, or the working tree (``commit`` None)."""

    label: str  # what the user typed ("HEAD", "main") or "thư mục làm việc"
    commit: str | None = None
    short: str | None = None

    def describe(self) -> str:
        if self.commit is None:
            return self.label
        if self.short and self.label not in (self.commit, self.short):
            return f"{self.label} ({self.short})"
        return self.short or self.label

    def as_json(self) -> dict:
        return {
            "rev": self.label if self.commit else None,
            "commit": self.commit,
            "worktree": self.commit is None,
        }


@dataclass
class DiffReport:
    before: Side
    after: Side
    changes: list[Change]
    warnings: list[str] = field(default_factory=list)
    layout_only: bool = False  # files differ, data does not
    plan_titles: dict[str, str] = field(default_factory=dict)


def build_report(
    old: Dataset, new: Dataset, before: Side, after: Side, plan: str | None = None
) -> DiffReport:
    changes = compare(old, new, plan=plan)
    rep = DiffReport(before, after, changes)
    for side, ds in ((before, old), (after, new)):
        errors = [p for p in ds.problems if p.severity == "error"]
        if errors:
            files = sorted({p.file for p in errors})
            rep.warnings.append(
                _(
                    "dữ liệu ở {side} có {n} lỗi (tệp {files}); phần không đọc được bị bỏ qua "
                    "khi so sánh; chạy “ttdn validate” để xem",
                    side=side.describe(),
                    n=len(errors),
                    files=", ".join(files[:5]) + ("…" if len(files) > 5 else ""),
                )
            )
    if not changes:
        a = {rel: s.lines for rel, s in old.sources.items()}
        b = {rel: s.lines for rel, s in new.sources.items()}
        rep.layout_only = a != b
    for ds in (old, new):
        for pid, pd in ds.plans.items():
            rep.plan_titles[pid] = pd.plan.title
    return rep


def _grouped(changes: list[Change]):
    """(plan id or None, section, changes) in display order."""
    plans: dict[str, dict[str, list[Change]]] = {}
    other: dict[str, list[Change]] = {}
    for c in changes:
        if c.plan is not None:
            plans.setdefault(c.plan, {}).setdefault(c.section, []).append(c)
        else:
            other.setdefault(c.section, []).append(c)
    return plans, other


def render_text(rep: DiffReport) -> str:
    lines = [
        _(
            "Thay đổi từ {before} đến {after}:",
            before=rep.before.describe(),
            after=rep.after.describe(),
        )
    ]
    if not rep.changes:
        lines.append(_no_change(rep))
    plans, other = _grouped(rep.changes)
    for pid, sections in plans.items():
        lines.append("")
        title = rep.plan_titles.get(pid, "")
        lines.append(
            _("Kế hoạch {plan}: {title}", plan=pid, title=title)
            if title
            else _("Kế hoạch {plan}", plan=pid)
        )
        for sec in SECTION_ORDER:
            if sec in sections:
                lines.append(f"  {translate(SECTION_LABELS[sec])}:")
                lines += [f"    {c.text()}" for c in sections[sec]]
    for sec, title in (("agencies", _("Cơ quan")), ("groups", _("Nhóm cơ quan"))):
        if sec in other:
            lines.append("")
            lines.append(f"{title}:")
            lines += [f"  {c.text()}" for c in other[sec]]
    return "\n".join(lines) + "\n"


def _no_change(rep: DiffReport) -> str:
    if rep.layout_only:
        return _(
            "Không có thay đổi nào về dữ liệu. Các tệp chỉ khác nhau về cách trình bày hoặc vị trí."
        )
    return _("Không có thay đổi nào về dữ liệu.")


def render_markdown(rep: DiffReport) -> str:
    lines = [
        _("### Thay đổi dữ liệu kế hoạch thông tin đối ngoại"),
        "",
        _(
            "Từ {before} đến {after}.",
            before=md_escape(rep.before.describe()),
            after=md_escape(rep.after.describe()),
        ),
    ]
    for w in rep.warnings:
        lines += ["", _("> **Lưu ý:** {message}", message=md_escape(w))]
    if not rep.changes:
        lines += ["", _no_change(rep)]
    plans, other = _grouped(rep.changes)
    for pid, sections in plans.items():
        title = rep.plan_titles.get(pid)
        lines += [
            "",
            _("#### Kế hoạch `{plan}`", plan=pid) + (f": {md_escape(title)}" if title else ""),
        ]
        for sec in SECTION_ORDER:
            if sec in sections:
                lines += ["", f"**{translate(SECTION_LABELS[sec])}**", ""]
                lines += [f"- {c.markdown()}" for c in sections[sec]]
    for sec, title in (("agencies", _("Cơ quan")), ("groups", _("Nhóm cơ quan"))):
        if sec in other:
            lines += ["", f"#### {title}", ""]
            lines += [f"- {c.markdown()}" for c in other[sec]]
    return "\n".join(lines) + "\n"


def render_json(rep: DiffReport) -> str:
    return json.dumps(
        {
            "from": rep.before.as_json(),
            "to": rep.after.as_json(),
            "warnings": rep.warnings,
            "layout_only": rep.layout_only,
            "changes": [c.as_json() for c in rep.changes],
        },
        ensure_ascii=False,
        indent=2,
    )


# ---------------------------------------------------------------------------- history


@dataclass
class HistoryItem:
    commit: object  # ttdn.data.gitrepo.Commit; None: the working tree (not committed yet)
    changes: list[Change]


def task_history(
    repo: Path,
    prefix: str,
    task_id: str,
    plan: str | None = None,
    rev: str = "HEAD",
    worktree: Dataset | None = None,
) -> list[HistoryItem]:
    """Commits that changed task ``task_id`` (found by its stable id), newest first.

    With ``worktree`` (the data as it is on disk), its changes against ``rev`` come first,
    as an item whose ``commit`` is None."""
    from functools import lru_cache

    from ttdn.data.gitrepo import Reader, history, resolve

    reader = Reader(repo, prefix)

    @lru_cache(maxsize=8)
    def dataset(sha: str | None) -> Dataset:
        return reader.dataset(sha)

    out: list[HistoryItem] = []
    if worktree is not None:
        changes = compare(dataset(resolve(repo, rev)), worktree, plan=plan, task=task_id)
        if changes:
            out.append(HistoryItem(None, changes))
    for c in history(repo, prefix, rev):
        changes = compare(dataset(c.parent), dataset(c.sha), plan=plan, task=task_id)
        if changes:
            out.append(HistoryItem(c, changes))
    return out


def _vn_date(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def render_history_text(task_id: str, title: str, items: list[HistoryItem], show_plan: bool) -> str:
    lines = [_("Lịch sử nhiệm vụ {title} (mới nhất trước):", title=title)]
    if not items:
        lines.append(_("Không thấy commit nào thay đổi nhiệm vụ {task}.", task=task_id))
    for it in items:
        c = it.commit
        lines.append("")
        if c is None:
            lines.append(_("Chưa commit (thư mục làm việc)"))
        else:
            lines.append(f"{_vn_date(c.date)}  {c.short}  {c.author}  {c.subject}")  # type: ignore[attr-defined]
        for ch in it.changes:
            where = f"[{ch.plan}] " if show_plan else ""
            lines.append(f"    {where}{ch.text()}")
    return "\n".join(lines) + "\n"


def render_history_json(task_id: str, items: list[HistoryItem]) -> str:
    return json.dumps(
        {
            "task": task_id,
            "uncommitted": [c.as_json() for it in items if it.commit is None for c in it.changes],
            "commits": [
                {
                    "commit": it.commit.sha,  # type: ignore[attr-defined]
                    "short": it.commit.short,  # type: ignore[attr-defined]
                    "author": it.commit.author,  # type: ignore[attr-defined]
                    "email": it.commit.email,  # type: ignore[attr-defined]
                    "date": it.commit.date,  # type: ignore[attr-defined]
                    "subject": it.commit.subject,  # type: ignore[attr-defined]
                    "changes": [c.as_json() for c in it.changes],
                }
                for it in items
                if it.commit is not None
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


# ---------------------------------------------------------------------------- textconv


def _line_value(v: object) -> str:
    if isinstance(v, str):
        return v.replace("\n", " ¶ ")
    if isinstance(v, bool):
        return _("có") if v else _("không")
    if v is None:
        return "—"
    return str(v)


def _readable_mapping(
    d: dict, labels: dict[str, str], indent: int, names: dict[str, str], skip: Iterable[str] = ()
) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for k, v in d.items():
        if k in skip:
            continue
        label = translate(labels.get(k, k))
        if isinstance(v, dict):
            if all(not isinstance(x, (dict, list)) for x in v.values()):
                inner = "; ".join(
                    f"{translate(INDICATORS.get(a, a))} {_line_value(b)}" for a, b in v.items()
                )
                out.append(f"{pad}{label}: {inner or '—'}")
            else:
                out.append(f"{pad}{label}:")
                out += _readable_mapping(v, _ALL_LABELS, indent + 2, names)
        elif isinstance(v, list):
            if not v:
                out.append(f"{pad}{label}: —")
            elif all(isinstance(x, str) and len(x) <= 40 for x in v):
                out.append(f"{pad}{label}: " + ", ".join(_named(x, names) for x in v))
            else:
                out.append(f"{pad}{label}:")
                for x in v:
                    if isinstance(x, dict):
                        sub = _readable_mapping(x, _ALL_LABELS, indent + 4, names)
                        if sub:
                            out.append(f"{pad}  - " + sub[0].lstrip())
                            out += sub[1:]
                    else:
                        out.append(f"{pad}  - {_line_value(x)}")
        else:
            shown = (
                _named(v, names)
                if k in ("lead", "parent", "issuer", "recipient", "agency")
                else _line_value(v)
            )
            out.append(f"{pad}{label}: {shown}")
    return out


def _named(v: object, names: dict[str, str]) -> str:
    if isinstance(v, str) and v in names:
        return f"{names[v]} [{v}]"
    return _line_value(v)


_ALL_LABELS = {
    **PLAN_LABELS,
    **AGENCY_LABELS,
    **TASK_LABELS,
    **ENTRY_LABELS,
    **REPORT_LABELS,
    "date": N_("ngày"),
    "task": N_("nhiệm vụ"),
    "period": N_("kỳ"),
    "id": N_("mã"),
    "member_kinds": N_("loại cơ quan thuộc nhóm"),
    "ref": N_("số mục"),
    "paragraphs": N_("đoạn"),
    "subsections": N_("mục con"),
    "heading": N_("tiêu đề"),
    "agency": N_("cơ quan"),
    "group": N_("nhóm"),
    "duties": N_("nhiệm vụ"),
    "authority": N_("thẩm quyền ký"),
    "title": N_("tên"),
    "name": N_("tên"),
    "recipient": N_("cơ quan nhận báo cáo"),
    "subject_kinds": N_("loại cơ quan phải báo cáo"),
    "subject_agencies": N_("cơ quan phải báo cáo"),
    "periods": N_("kỳ báo cáo"),
    "due_before": N_("hạn gửi trước"),
    "source": N_("nguồn"),
    "subtitle": N_("dòng kèm theo"),
    "ends_after": N_("mục cuối"),
    "section": N_("phần"),
}


def readable(raw: bytes, names: dict[str, str] | None = None) -> str:
    """A normalised, layout-independent text of one data file (for ``git diff``).

    Task files become one block per task ("III.4 [dl-04]" then one field per line), progress
    files one block per entry; other files one field per line. Text that cannot be read as
    YAML is returned as it is, so ``git diff`` always works.
    """
    from ttdn.data.yamlsource import parse

    names = names or {}
    src = parse(_("tệp"), raw)
    d = src.data
    if not isinstance(d, dict):
        return raw.decode("utf-8", "replace")
    out: list[str] = []
    if isinstance(d.get("tasks"), list) and "section" in d:
        out.append(
            _(
                "Phần {section}: {title}",
                section=_line_value(d.get("section")),
                title=_line_value(d.get("title")),
            )
        )
        rest = {k: v for k, v in d.items() if k not in ("section", "title", "tasks")}
        out += _readable_mapping(rest, _ALL_LABELS, 2, names)
        for t in d["tasks"]:
            out.append("")
            if not isinstance(t, dict):
                out.append(_line_value(t))
                continue
            out.append(f"{_line_value(t.get('ref'))} [{_line_value(t.get('id'))}]")
            out += _readable_mapping(t, _ALL_LABELS, 2, names, skip=("id", "ref"))
    elif isinstance(d.get("entries"), list) or isinstance(d.get("reports"), list):
        slug = d.get("agency")
        head = _("Tiến độ của {agency}", agency=_named(slug, names))
        if d.get("sample"):
            head += _(" (DỮ LIỆU MẪU)")
        out.append(head)
        for e in d.get("entries") or []:
            out.append("")
            if not isinstance(e, dict):
                out.append(_line_value(e))
                continue
            date = _line_value(e.get("date"))
            with_d = (
                format_date(dt.date.fromisoformat(date))
                if re.match(r"^\d{4}-\d\d-\d\d$", date)
                else date
            )
            status = translate(STATUS_LABELS.get(e.get("status"), _line_value(e.get("status"))))  # type: ignore[arg-type]
            out.append(f"{_line_value(e.get('task'))} — {with_d}: {status}")
            out += _readable_mapping(e, _ALL_LABELS, 2, names, skip=("task", "date", "status"))
        for r in d.get("reports") or []:
            out.append("")
            if not isinstance(r, dict):
                out.append(_line_value(r))
                continue
            out.append(_period(str(r.get("period"))).capitalize())
            out += _readable_mapping(r, _ALL_LABELS, 2, names, skip=("period",))
        rest = {k: v for k, v in d.items() if k not in ("agency", "sample", "entries", "reports")}
        if rest:
            out.append("")
            out += _readable_mapping(rest, _ALL_LABELS, 0, names)
    elif isinstance(d.get("groups"), list):
        for g in d["groups"]:
            if isinstance(g, dict):
                out.append(
                    _(
                        "Nhóm {name} [{id}]",
                        name=_line_value(g.get("name")),
                        id=_line_value(g.get("id")),
                    )
                )
                out += _readable_mapping(g, _ALL_LABELS, 2, names, skip=("id", "name"))
                out.append("")
    else:
        if "kind" in d and isinstance(d.get("kind"), str) and d["kind"] in AGENCY_KIND_LABELS:
            d = {**d, "kind": f"{translate(AGENCY_KIND_LABELS[d['kind']])} ({d['kind']})"}
        out += _readable_mapping(d, _ALL_LABELS, 0, names)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def agency_names(root: Path | None) -> dict[str, str]:
    """slug → name of the agencies under ``root`` (best effort, for textconv)."""
    from ttdn.data.yamlsource import parse

    names: dict[str, str] = {}
    if root is None or not (root / "agencies").is_dir():
        return names
    for p in sorted((root / "agencies").glob("*.y*ml")):
        try:
            d = parse(p.name, p.read_bytes()).data
        except OSError:
            continue
        if isinstance(d, dict) and isinstance(d.get("name"), str):
            names[p.stem] = d["name"]
    return names
