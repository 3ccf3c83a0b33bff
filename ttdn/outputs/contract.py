"""The JSON shapes printed by ``--format json``: a public contract for scripts.

Keep these stable; add keys, never rename or remove them (documented in the README).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (only read here: printing a remembered answer imports no model)
    from ttdn.domain.dataset import Dataset, PlanData, TaskRef
    from ttdn.domain.duties import DutyStatus, PeriodReports
    from ttdn.domain.status import OverdueItem, ReportStatus, TaskStatus
    from ttdn.domain.summary import AgencyOverview, PlanOverview


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def plan_json(pd: PlanData) -> dict[str, Any]:
    p = pd.plan
    return {
        "id": pd.id,
        "title": p.title,
        "year": p.year,
        "kind": p.kind,
        "issuer": p.issuer,
        "number": p.number,
        "date": _iso(p.date),
        "sample": p.sample,
    }


def task_json(tr: TaskRef, due: dt.date | None, schedule_kind: str) -> dict[str, Any]:
    t = tr.task
    return {
        "id": t.id,
        "ref": t.ref,
        "section": tr.section.section,
        "content": t.content,
        "timeline": t.timeline,
        "due": _iso(due),
        "schedule": schedule_kind,
        "lead": t.lead,
        "coordinators": list(t.coordinators),
        "coordinator_groups": list(t.coordinator_groups),
        "implements": t.implements,
    }


def status_task_json(ts: TaskStatus) -> dict[str, Any]:
    d = task_json(ts.ref, ts.due, ts.schedule.kind)
    d.update(
        {
            "status": ts.status,
            "recorded": ts.recorded,
            "last_update": _iso(ts.last_update),
            "result": ts.result,
            "flag": ts.flag,
            "overdue": ts.overdue,
            "days_overdue": ts.days_overdue,
            "days_left": ts.days_left,
            "missed_occurrences": [_iso(x) for x in ts.missed],
            "rolled_up": ts.rolled_up,
            "implemented_by": [
                {
                    "plan": c.ref.plan_id,
                    "id": c.task.id,
                    "ref": c.task.ref,
                    "lead": c.task.lead,
                    "status": c.status,
                    "recorded": c.recorded,
                    "last_update": _iso(c.last_update),
                    "result": c.result,
                    "overdue": c.overdue,
                }
                for c in ts.children
            ],
        }
    )
    return d


def report_json(rs: ReportStatus) -> dict[str, Any]:
    return {
        "agency": rs.agency,
        "period": rs.period,
        "name": rs.name,
        "due_before": _iso(rs.due_before),
        "submitted": _iso(rs.submitted),
        "number": rs.number,
        "state": rs.state,
        "days_late": rs.days_late,
    }


def duty_json(d: DutyStatus) -> dict[str, Any]:
    """One standing duty of one body (``status --agency``, ``standing_duties``)."""
    out: dict[str, Any] = {
        "id": d.duty.id,
        "ref": d.duty.ref,
        "kind": d.duty.kind,
        "content": d.content,
        "timeline": d.duty.timeline,
    }
    if d.task is not None:
        out.update(
            {
                "status": d.task.status,
                "recorded": d.task.recorded,
                "last_update": _iso(d.task.last_update),
                "result": d.task.result,
                "flag": d.task.flag,
                "days_overdue": d.task.days_overdue,
                "days_left": d.task.days_left,
                "missed_occurrences": [_iso(x) for x in d.task.missed],
                "rolled_up": d.task.rolled_up,
            }
        )
    elif d.duty.kind == "own_plan":
        out.update({"status": "done" if d.own_plan else "not_started", "plan": d.own_plan})
    else:
        out["report"] = report_json(d.report) if d.report else None
    return out


def overdue_json(item: OverdueItem) -> dict[str, Any]:
    d: dict[str, Any] = {
        "kind": item.kind,
        "agency": item.agency,
        "days_overdue": item.days,
        "due": _iso(item.due),
    }
    if item.task is not None:
        d["task"] = status_task_json(item.task)
    if item.report is not None:
        d["report"] = report_json(item.report)
    return d


def plan_status_json(
    ds: Dataset, pd: PlanData, as_of: dt.date, view: PlanOverview
) -> dict[str, Any]:
    """``ttdn status --format json``."""
    return {
        "plan": plan_json(pd),
        "as_of": as_of.isoformat(),
        "sample": ds.is_sample,
        "tasks": [status_task_json(s) for s in view.statuses],
        "agencies": [r.as_json() for r in view.agencies],
        "city": view.counts.as_json() if view.counts else None,
    }


def agency_status_json(
    ds: Dataset, pd: PlanData, as_of: dt.date, view: AgencyOverview
) -> dict[str, Any]:
    """``ttdn status --agency … --format json``."""
    return {
        "agency": view.agency,
        "agency_name": ds.agencies[view.agency].name,
        "plan": plan_json(pd),
        "as_of": as_of.isoformat(),
        "sample": ds.is_sample,
        "tasks": [status_task_json(s) for s in view.led],
        "coordinating": [status_task_json(s) for s in view.coordinating],
        "coordinating_via_groups": [
            {
                "group": gid,
                "group_name": ds.group_name(gid),
                "tasks": [status_task_json(s) for s in sts],
            }
            for gid, sts in view.via_groups
        ],
        "reports": [report_json(r) for r in view.reports],
        "standing_duties": [duty_json(d) for d in view.duties],
    }


def overdue_list_json(
    ds: Dataset, pd: PlanData, as_of: dt.date, items: list[OverdueItem]
) -> dict[str, Any]:
    """``ttdn overdue --format json``."""
    return {
        "plan": plan_json(pd),
        "as_of": as_of.isoformat(),
        "sample": ds.is_sample,
        "items": [
            {**overdue_json(i), "agency_short_name": ds.agency_short(i.agency)} for i in items
        ],
    }


def period_reports_json(
    ds: Dataset, pd: PlanData, as_of: dt.date, view: PeriodReports
) -> dict[str, Any]:
    """``ttdn report status --format json``: each subject body's report, and totals."""
    return {
        "plan": plan_json(pd),
        "as_of": as_of.isoformat(),
        "sample": ds.is_sample,
        "period": view.period,
        "totals": view.totals,
        "bodies": [
            {
                **report_json(r),
                "agency_name": ds.agency_name(r.agency),
                "agency_short_name": ds.agency_short(r.agency),
                "kind": ds.agencies[r.agency].kind if r.agency in ds.agencies else None,
            }
            for r in view.reports
        ],
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
