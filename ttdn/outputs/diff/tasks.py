"""Tasks added, removed, moved, renumbered, and changed field by field."""

from __future__ import annotations

import datetime as dt
import re

from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.schedule import format_date, parse_timeline
from ttdn.i18n import _, translate
from ttdn.outputs.diff.changes import Change, Seg, _set_parts, _text_parts, _value, agency_name
from ttdn.outputs.diff.labels import TASK_LABELS, TASK_ORDER
from ttdn.text import shorten


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
    return Change(
        "tasks",
        "task-removed",
        parts,
        plan=pd.id,
        task=t.id,
        ref=t.ref,
        old=t,
        warning="task-removed",
    )


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

    def add(
        kind: str,
        parts: list[Seg],
        fld: str | None = None,
        ov=None,
        nv=None,
        warning: str | None = None,
    ) -> None:
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
                warning=warning,
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
            later = "deadline-later" if da and db and db > da else None
            if ov != nv:
                due = (
                    _("hạn {old} → {new}", old=format_date(da), new=format_date(db))
                    if da != db
                    else _("hạn không đổi: {date}", date=format_date(db))
                )
                text = _("tiến độ {old} → {new} ({due})", old=ov, new=nv, due=due)
                add("task-timeline", [("t", text)], "timeline", ov, nv, later)
            elif ta.due != tb.due:
                if da != db:
                    text = _("hạn {old} → {new}", old=format_date(da), new=format_date(db))
                else:
                    text = _(
                        "hạn cụ thể {old} → {new}",
                        old=format_date(ta.due),
                        new=format_date(tb.due),
                    )
                add("task-due", [("t", text)], "due", ta.due, tb.due, later)
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
                "lead-changed",
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
