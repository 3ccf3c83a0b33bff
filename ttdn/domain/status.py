"""Where each task and report stands on a given day.

Rules (stated in the README):

- A task's **status** is the latest progress entry recorded by its lead agency on or before
  the day looked at (entries dated later are ignored, so results are reproducible). Entries
  of coordinating agencies are listed as contributions but do not change the status. No
  entry: ``not_started``.
- A task is **overdue** when its due date (explicit ``due``, else from its timeline) is before
  the day looked at and its status is neither ``done`` nor ``cancelled``. Tasks with no fixed
  date ("Theo kế hoạch") are never overdue.
- A **recurring** task ("Hằng tháng", "Hằng quý") is overdue for every past month/quarter in
  which its lead recorded no entry, unless the task is done or cancelled.
- **Roll-up**: a task that tasks of other plans implement (agency plans whose ``parent`` is
  this plan, tasks with ``implements``) takes its status from them: ``done`` when all are
  done or cancelled (at least one done), ``cancelled`` when all are cancelled,
  ``in_progress`` when any is in progress or done, ``paused`` when any is paused and none
  has progressed, else ``not_started``. It is late when its own due date has passed and it
  is not done, or when any implementing task is late (the most days wins). Entries recorded
  directly on the city task are still listed as contributions.
- **Indicators** are running totals (luỹ kế): the figures of an entry count everything done
  for the task since the start of the plan year, up to the entry's date. A figure on a day
  is, per agency, task and indicator, the latest value recorded on or before that day
  (an entry that does not mention an indicator leaves its total as it was), summed over
  tasks and agencies. Recording the same figures twice therefore never counts twice.
- The agency that receives the reports (``reporting.recipient``) is not among those that
  must report.
- A **report** is due before ``due_before``: submitted on or after it is late; not recorded
  and the day looked at is ``due_before`` or later: missing (late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from ttdn.domain.clock import today  # noqa: F401  (re-exported: callers use status.today)
from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.messages import N_
from ttdn.domain.model import Agency, PeriodReport, ProgressEntry
from ttdn.domain.schedule import Schedule, occurrence_start, parse_timeline

DUE_SOON_DAYS = 30

Flag = Literal["overdue", "due_soon", "ongoing", "open", "done", "cancelled", "upcoming", "unknown"]


@dataclass(slots=True)
class Contribution:
    """One progress entry of a task and the agency whose file records it."""

    agency: str
    entry: ProgressEntry
    # the entry's date, kept here: lists of contributions are sorted by it again and again,
    # and reading it from the entry (a pydantic model) each time costs more than sorting
    date: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.date = self.entry.date


# The sort key of contributions (in date order).
by_date = attrgetter("date")


@dataclass
class TaskStatus:
    """One task as of a day."""

    ref: TaskRef
    schedule: Schedule
    due: dt.date | None
    status: str = "not_started"
    last_update: dt.date | None = None
    result: str | None = None
    entries: list[Contribution] = field(default_factory=list)
    flag: Flag = "upcoming"
    days_overdue: int = 0
    days_left: int | None = None
    missed: list[dt.date] = field(default_factory=list)
    recorded: bool = False  # False: the lead has recorded nothing yet (status is the default)
    children: list[TaskStatus] = field(default_factory=list)  # implementing tasks (roll-up)

    @property
    def rolled_up(self) -> bool:
        """True when the status comes from implementing tasks of other plans."""
        return bool(self.children)

    @property
    def task(self):
        return self.ref.task

    @property
    def overdue(self) -> bool:
        return self.flag == "overdue"


# What each state of a report (:class:`ReportStatus`) is called.
REPORT_STATE_LABELS = {
    "submitted": N_("đã gửi đúng hạn"),
    "submitted_late": N_("gửi muộn"),
    "missing": N_("chưa ghi nhận đã gửi — quá hạn"),
    "pending": N_("chưa đến hạn"),
}


@dataclass
class ReportStatus:
    """One agency's report for one period, as of a day."""

    agency: str
    period: str
    name: str
    due_before: dt.date
    submitted: dt.date | None
    number: str | None
    state: Literal["submitted", "submitted_late", "missing", "pending"]
    days_late: int = 0


def entries_by_task(pd: PlanData, as_of: dt.date) -> dict[str, list[Contribution]]:
    """Every progress entry on or before ``as_of``, per task, in date order."""
    out: dict[str, list[Contribution]] = {}
    for slug, pf in pd.progress.items():
        for e in pf.entries:
            if e.date <= as_of:
                out.setdefault(e.task, []).append(Contribution(slug, e))
    for lst in out.values():
        lst.sort(key=by_date)
    return out


def rollup_status(children: list[TaskStatus]) -> str:
    """The status of a task from the statuses of the tasks implementing it."""
    states = [c.status for c in children]
    if all(s in ("done", "cancelled") for s in states):
        return "cancelled" if all(s == "cancelled" for s in states) else "done"
    if any(s in ("in_progress", "done") for s in states):
        return "in_progress"
    if any(s == "paused" for s in states):
        return "paused"
    return "not_started"


def task_status(
    tr: TaskRef,
    year: int,
    contribs: list[Contribution],
    as_of: dt.date,
    children: list[TaskStatus] | None = None,
) -> TaskStatus:
    """The status of one task (see the module rules); ``children``: implementing tasks."""
    ts = _task_status(tr, year, contribs, as_of, children or [])
    late = [c for c in ts.children if c.overdue]
    if late and ts.status not in ("done", "cancelled"):
        worst = max(c.days_overdue for c in late)
        if ts.flag != "overdue" or worst > ts.days_overdue:
            ts.flag, ts.days_overdue = "overdue", max(worst, ts.days_overdue)
    return ts


def _task_status(
    tr: TaskRef, year: int, contribs: list[Contribution], as_of: dt.date, children: list[TaskStatus]
) -> TaskStatus:
    task = tr.task
    sched = parse_timeline(task.timeline, year)
    due = task.due or sched.due
    ts = TaskStatus(tr, sched, due, entries=contribs, children=children)
    lead = task.lead
    lead_entries = [c for c in contribs if c.agency == lead]
    if children:
        ts.status = rollup_status(children)
        ts.recorded = any(c.recorded for c in children)
        dated = [c for c in children if c.last_update and c.result]
        if dated:
            ts.result = max(dated, key=lambda c: c.last_update).result
        updates = [c.last_update for c in children if c.last_update]
        if updates:
            ts.last_update = max(updates)
    elif lead_entries:
        last = lead_entries[-1].entry
        ts.recorded = True
        ts.status = last.status
        ts.result = last.result
    if ts.result is None:  # the latest result of anyone
        ts.result = next((c.entry.result for c in reversed(contribs) if c.entry.result), None)
    if contribs and (ts.last_update is None or contribs[-1].date > ts.last_update):
        ts.last_update = contribs[-1].date
    if due is not None:
        ts.days_left = (due - as_of).days
    if ts.status in ("done", "cancelled"):
        ts.flag = ts.status  # type: ignore[assignment]
        return ts
    if task.due is None and sched.kind == "recurring" and not children:
        for occ in sched.occurrences:
            if occ >= as_of:
                break
            start = occurrence_start(sched, occ)
            if not any(start <= c.date <= occ for c in lead_entries):
                ts.missed.append(occ)
        if ts.missed:
            ts.flag = "overdue"
            ts.days_overdue = (as_of - ts.missed[0]).days
            return ts
    if due is None:
        ts.flag = "open" if sched.kind == "open" else "unknown"
        return ts
    if as_of > due:
        ts.flag = "overdue"
        ts.days_overdue = (as_of - due).days
    elif task.due is None and sched.kind in ("ongoing", "recurring"):
        ts.flag = "ongoing"
    elif (due - as_of).days <= DUE_SOON_DAYS:
        ts.flag = "due_soon"
    else:
        ts.flag = "upcoming"
    return ts


def child_plans(ds: Dataset, pd: PlanData) -> list[PlanData]:
    """Plans whose parent is ``pd`` (agency plans under the city plan)."""
    return [p for p in ds.plans.values() if p.plan.parent == pd.id and p.id != pd.id]


def plan_children(ds: Dataset) -> dict[str, list[PlanData]]:
    """:func:`child_plans` of every plan at once, by the parent's id (one pass over the
    plans, each list in ``ds.plans`` order): for walking the tree of plans."""
    out: dict[str, list[PlanData]] = {}
    for p in ds.plans.values():
        parent = p.plan.parent
        if parent is not None and parent != p.id:
            out.setdefault(parent, []).append(p)
    return out


def plan_status(
    pd: PlanData,
    as_of: dt.date,
    ds: Dataset | None = None,
    collect: dict[str, list[TaskStatus]] | None = None,
) -> list[TaskStatus]:
    """Every task of a plan as of ``as_of``, in appendix order.

    With ``ds``, tasks implemented by tasks of child plans are rolled up (module rules).
    ``collect`` receives the statuses of every plan computed on the way (plan id → statuses:
    this plan and those under it), for a caller that shows them all.
    """
    children = plan_children(ds) if ds is not None else {}
    return _plan_status(pd, as_of, children, frozenset(), collect)


def _plan_status(
    pd: PlanData,
    as_of: dt.date,
    children: dict[str, list[PlanData]],
    seen: frozenset[str],
    collect: dict[str, list[TaskStatus]] | None = None,
) -> list[TaskStatus]:
    """:func:`plan_status` with the plans under each plan (``children``); ``seen``: the plans
    above this one (a cycle of parents is not followed)."""
    by_task = entries_by_task(pd, as_of)
    implementing: dict[str, list[TaskStatus]] = {}
    if pd.id not in seen:
        for child in children.get(pd.id, ()):
            if child.id in seen:
                continue
            for cs in _plan_status(child, as_of, children, seen | {pd.id}, collect):
                if cs.task.implements:
                    implementing.setdefault(cs.task.implements, []).append(cs)
    out = [
        task_status(tr, pd.year, by_task.get(tid, []), as_of, implementing.get(tid))
        for tid, tr in pd.tasks.items()
    ]
    if collect is not None:
        collect[pd.id] = out
    return out


def reporting_agencies(ds: Dataset, pd: PlanData) -> list[str]:
    """Slugs of the agencies that must report on ``pd`` (by kind, plus those named), never
    the agency that receives and consolidates the reports: it does not report to itself."""
    rep = pd.plan.reporting
    if rep is None:
        return []
    kinds = set(rep.subject_kinds)
    out = [s for s, a in ds.agencies.items() if a.kind in kinds]
    out += [s for s in rep.subject_agencies if s not in out]
    return sorted(s for s in out if s != rep.recipient)


def report_plans(ds: Dataset, pd: PlanData, slug: str) -> list[PlanData]:
    """Where ``slug``'s reports under ``pd`` may be recorded, first match wins: ``pd``'s
    progress file, then the agency's own plans under ``pd``."""
    own = [p for p in child_plans(ds, pd) if p.plan.kind == "agency" and p.plan.issuer == slug]
    return [pd, *own]


def recorded_report(
    ds: Dataset, pd: PlanData, slug: str, period: str
) -> tuple[PlanData, PeriodReport | None]:
    """(the plan whose progress file holds ``slug``'s report for ``period`` under ``pd``, that
    report), as :func:`report_status` finds it; (``pd``, None) when none is recorded."""
    for p in report_plans(ds, pd, slug):
        pf = p.progress.get(slug)
        for r in pf.reports if pf else []:
            if r.period == period:
                return p, r
    return pd, None


def report_status(
    ds: Dataset, pd: PlanData, as_of: dt.date, agencies: list[str] | None = None
) -> list[ReportStatus]:
    """The reports due under ``pd`` for ``agencies`` (default: all that must report)."""
    rep = pd.plan.reporting
    if rep is None:
        return []
    subjects = set(reporting_agencies(ds, pd))
    slugs = agencies if agencies is not None else sorted(subjects)
    out: list[ReportStatus] = []
    for slug in slugs:
        if slug not in subjects:
            continue
        recorded = {}
        for p in report_plans(ds, pd, slug):
            pf = p.progress.get(slug)
            for r in pf.reports if pf else []:
                recorded.setdefault(r.period, r)
        for period in rep.periods:
            r = recorded.get(period.id)
            submitted = r.submitted if r and r.submitted and r.submitted <= as_of else None
            number = r.number if r else None
            if submitted is not None:
                late = (submitted - period.due_before).days
                state = "submitted_late" if late >= 0 else "submitted"
                days = late + 1 if late >= 0 else 0
            elif as_of >= period.due_before:
                state, days = "missing", (as_of - period.due_before).days + 1
            else:
                state, days = "pending", 0
            out.append(
                ReportStatus(
                    slug, period.id, period.name, period.due_before, submitted, number, state, days
                )
            )  # type: ignore[arg-type]
    return out


def agency_label(agency: Agency | None, slug: str) -> str:
    return agency.name if agency else slug


def led_by(statuses: list[TaskStatus], slug: str) -> list[TaskStatus]:
    return [s for s in statuses if s.task.lead == slug]


def coordinated_by(statuses: list[TaskStatus], slug: str) -> list[TaskStatus]:
    return [s for s in statuses if slug in s.task.coordinators]


def coordinated_via_groups(
    ds: Dataset, statuses: list[TaskStatus], slug: str
) -> list[tuple[str, list[TaskStatus]]]:
    """The tasks ``slug`` coordinates only as a member of a coordinating group, per group
    (``groups.yaml`` order; a task under the first of its groups ``slug`` belongs to). Tasks
    it leads or coordinates by name are not repeated."""
    mine = ds.groups_of(slug)
    out: dict[str, list[TaskStatus]] = {}
    for s in statuses:
        t = s.task
        if t.lead == slug or slug in t.coordinators:
            continue
        gid = next((g for g in mine if g in t.coordinator_groups), None)
        if gid is not None:
            out.setdefault(gid, []).append(s)
    return [(g, out[g]) for g in mine if g in out]


@dataclass
class OverdueItem:
    """One line of ``ttdn overdue``: a task (or one occurrence) or a missing report."""

    kind: Literal["task", "report"]
    agency: str
    days: int
    due: dt.date
    task: TaskStatus | None = None
    report: ReportStatus | None = None


def overdue_items(
    ds: Dataset, pd: PlanData, as_of: dt.date, agency: str | None = None
) -> list[OverdueItem]:
    """Everything late on ``as_of``, most overdue first."""
    items: list[OverdueItem] = []
    for ts in plan_status(pd, as_of, ds):
        if agency is not None and ts.task.lead != agency:
            continue
        if ts.missed:
            for occ in ts.missed:
                items.append(OverdueItem("task", ts.task.lead, (as_of - occ).days, occ, task=ts))
        elif ts.overdue and ts.due is not None:
            items.append(OverdueItem("task", ts.task.lead, ts.days_overdue, ts.due, task=ts))
    for rs in report_status(ds, pd, as_of, [agency] if agency else None):
        if rs.state == "missing":
            items.append(OverdueItem("report", rs.agency, rs.days_late, rs.due_before, report=rs))
    items.sort(key=lambda i: (-i.days, i.agency, i.task.task.ref if i.task else ""))
    return items


def running_totals(entries: Iterable[ProgressEntry], as_of: dt.date) -> dict[tuple[str, str], int]:
    """One agency's running totals on ``as_of``: ``(task, indicator) → value`` of the latest
    entry dated on or before ``as_of`` that records the indicator (entries of one day: the
    later in the file wins)."""
    latest: dict[tuple[str, str], tuple[dt.date, int]] = {}
    for e in entries:
        if e.date > as_of:
            continue
        for key, value in e.indicators.items():
            old = latest.get((e.task, key))
            if old is None or e.date >= old[0]:
                latest[(e.task, key)] = (e.date, value)
    return {k: v for k, (_d, v) in latest.items()}


def indicator_totals(
    entry_lists: Iterable[Iterable[ProgressEntry]], as_of: dt.date
) -> dict[str, int]:
    """The figures on ``as_of``: each agency's running totals (one entry list per progress
    file, :func:`running_totals`), summed over tasks and agencies, per indicator."""
    sums: dict[str, int] = {}
    for entries in entry_lists:
        for (_task, key), value in running_totals(entries, as_of).items():
            sums[key] = sums.get(key, 0) + value
    return sums
