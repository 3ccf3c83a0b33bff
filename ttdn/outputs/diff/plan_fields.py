"""Changes of a plan's own fields: title, document, body paragraphs, duties, reporting."""

from __future__ import annotations

import difflib

from pydantic import BaseModel

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.schedule import format_date
from ttdn.i18n import N_, _, translate
from ttdn.outputs.diff.changes import Change, Seg, _text_parts, _value, agency_name
from ttdn.outputs.diff.labels import PLAN_LABELS


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
