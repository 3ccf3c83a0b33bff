"""The standing duties of "Tổ chức thực hiện" (``standing_duties`` of a plan), per body.

Rules:

- A duty of ``kind: duty`` falls on the agency of its ``implementation`` item, or on every
  member of that item's group (``groups.yaml``). Its status for one body is the latest
  progress entry of that body naming the duty's id (``task: <id>``) in the plan's progress,
  read as a task's (:func:`ttdn.domain.status.task_status`); "Thường xuyên" is never late.
- ``own_plan`` and ``report`` fall on every body the plan makes subject (``reporting``). A
  body's own plan is written when an agency plan (``kind: agency``) issued by it has this
  plan as parent; a report's state is :func:`ttdn.domain.status.report_status`'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.model import Duty, StandingDuty, Task, TaskSection
from ttdn.domain.status import (
    Contribution,
    ReportStatus,
    TaskStatus,
    by_date,
    child_plans,
    report_status,
    reporting_agencies,
    task_status,
)

# The section the duties are taken as tasks of (only its number is read).
_SECTION = TaskSection(section="IV", title="IV")


def implementation_item(pd: PlanData, duty: StandingDuty) -> Duty | None:
    """The item of ``implementation`` a ``kind: duty`` points at; None if there is none."""
    return next((d for d in pd.plan.implementation if d.ref == duty.implementation), None)


def duty_content(pd: PlanData, duty: StandingDuty) -> str:
    """The duty's text: its own ``content``, else the item of "Tổ chức thực hiện"."""
    if duty.content:
        return duty.content
    item = implementation_item(pd, duty)
    if item is not None and duty.item is not None and duty.item <= len(item.duties):
        return item.duties[duty.item - 1]
    return ""


def duty_bodies(ds: Dataset, pd: PlanData, duty: StandingDuty) -> list[str]:
    """The slugs of the bodies that carry ``duty``."""
    if duty.kind != "duty":
        return reporting_agencies(ds, pd)
    item = implementation_item(pd, duty)
    if item is None:
        return []
    if item.agency:
        return [item.agency]
    return ds.group_members(item.group) if item.group else []


def duties_of(ds: Dataset, pd: PlanData, slug: str) -> list[StandingDuty]:
    """The standing duties that fall on ``slug``, in plan order."""
    subject = slug in reporting_agencies(ds, pd)
    out = []
    for d in pd.plan.standing_duties:
        if d.kind != "duty":
            if subject:
                out.append(d)
            continue
        item = implementation_item(pd, d)
        if item is None:
            continue
        if item.agency == slug or (item.group and slug in ds.group_members(item.group)):
            out.append(d)
    return out


def own_plans(ds: Dataset, pd: PlanData) -> dict[str, PlanData]:
    """The agency plans written under ``pd``, by issuing agency (the first one of each)."""
    out: dict[str, PlanData] = {}
    for p in child_plans(ds, pd):
        if p.plan.kind == "agency":
            out.setdefault(p.plan.issuer, p)
    return out


@dataclass
class DutyStatus:
    """One standing duty of one body on a day."""

    duty: StandingDuty
    agency: str
    content: str
    task: TaskStatus | None = None  # kind duty: as a task
    own_plan: str | None = None  # kind own_plan: the id of the body's plan, if written
    report: ReportStatus | None = None  # kind report


def duty_statuses(ds: Dataset, pd: PlanData, as_of: dt.date, slug: str) -> list[DutyStatus]:
    """Every standing duty of ``slug`` on ``as_of`` (module rules)."""
    duties = duties_of(ds, pd, slug)
    if not duties:
        return []
    pf = pd.progress.get(slug)
    mine: dict[str, list[Contribution]] = {}
    for e in pf.entries if pf else []:
        if e.date <= as_of:
            mine.setdefault(e.task, []).append(Contribution(slug, e))
    reports = {r.period: r for r in report_status(ds, pd, as_of, [slug])}
    plans = own_plans(ds, pd)
    out = []
    for d in duties:
        content = duty_content(pd, d)
        ds_ = DutyStatus(d, slug, content)
        if d.kind == "duty":
            task = Task(
                id=d.id, ref=d.ref, content=content or d.id, timeline=d.timeline or "-", lead=slug
            )
            contribs = sorted(mine.get(d.id, []), key=by_date)
            ds_.task = task_status(
                TaskRef(task, pd.id, _SECTION, pd.file, 0), pd.year, contribs, as_of
            )
        elif d.kind == "own_plan":
            ds_.own_plan = plans[slug].id if slug in plans else None
        else:
            ds_.report = reports.get(d.period) if d.period else None
        out.append(ds_)
    return out


@dataclass
class CityCounts:
    """How far the bodies the plan makes subject are with their own plan and reports."""

    subjects: int
    own_plans: int
    # per report period id, in plan order: (received, of which late)
    reports: dict[str, tuple[int, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "subjects": self.subjects,
            "own_plans": self.own_plans,
            "reports": {p: {"received": r, "late": late} for p, (r, late) in self.reports.items()},
        }


def city_counts(
    ds: Dataset, pd: PlanData, as_of: dt.date, only: set[str] | None = None
) -> CityCounts | None:
    """The city's counts on ``as_of`` (of the subjects in ``only``, if given); None when the
    plan sets no reporting."""
    rep = pd.plan.reporting
    if rep is None:
        return None
    subjects = [s for s in reporting_agencies(ds, pd) if only is None or s in only]
    plans = own_plans(ds, pd)
    counts = CityCounts(len(subjects), sum(s in plans for s in subjects))
    for p in rep.periods:
        counts.reports[p.id] = (0, 0)
    for rs in report_status(ds, pd, as_of, subjects):
        if rs.state in ("submitted", "submitted_late"):
            r, late = counts.reports[rs.period]
            counts.reports[rs.period] = (r + 1, late + (rs.state == "submitted_late"))
    return counts


@dataclass
class PeriodReports:
    """Every subject body's report for one period on a day (``ttdn report status``)."""

    period: str
    reports: list[ReportStatus]

    def count(self, *states: str) -> int:
        return sum(r.state in states for r in self.reports)

    @property
    def totals(self) -> dict[str, int]:
        """expected = received + missing + pending; received = on time + late."""
        return {
            "expected": len(self.reports),
            "received": self.count("submitted", "submitted_late"),
            "on_time": self.count("submitted"),
            "late": self.count("submitted_late"),
            "missing": self.count("missing"),
            "pending": self.count("pending"),
        }


def period_reports(
    ds: Dataset, pd: PlanData, period: str, as_of: dt.date, only: set[str] | None = None
) -> PeriodReports:
    """The reports for ``period`` (``H1``/``annual``) of the bodies the plan makes subject
    (those in ``only``, if given), in slug order."""
    subjects = [s for s in reporting_agencies(ds, pd) if only is None or s in only]
    rows = [r for r in report_status(ds, pd, as_of, subjects) if r.period == period]
    return PeriodReports(period, rows)
