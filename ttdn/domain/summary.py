"""One row per agency: counts by status, overdue tasks, missing reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.duties import CityCounts, DutyStatus, city_counts, duty_statuses
from ttdn.domain.model import STATUS_LABELS
from ttdn.domain.status import (
    ReportStatus,
    TaskStatus,
    coordinated_by,
    coordinated_via_groups,
    led_by,
    plan_status,
    report_status,
    reporting_agencies,
)


@dataclass
class AgencySummary:
    agency: str
    name: str
    led: int = 0
    coordinating: int = 0
    coordinating_via_groups: int = 0  # tasks coordinated as a member of a group only
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_LABELS, 0))
    overdue: int = 0
    reports_missing: int = 0
    unrecorded: int = 0  # led tasks on which nothing is recorded yet (counted in not_started)
    must_report: bool = False
    kind: str | None = None  # the agency's kind (None: not a known agency)

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "name": self.name,
            "led": self.led,
            "coordinating": self.coordinating,
            "coordinating_via_groups": self.coordinating_via_groups,
            "by_status": self.by_status,
            "overdue": self.overdue,
            "reports_missing": self.reports_missing,
            "unrecorded": self.unrecorded,
            "must_report": self.must_report,
            "kind": self.kind,
        }


def agency_summaries(
    ds: Dataset, pd: PlanData, statuses: list[TaskStatus], as_of: dt.date
) -> list[AgencySummary]:
    """Agencies that lead or coordinate a task or must report, in name order."""
    rows: dict[str, AgencySummary] = {}

    def row(slug: str) -> AgencySummary:
        if slug not in rows:
            a = ds.agencies.get(slug)
            rows[slug] = AgencySummary(slug, ds.agency_short(slug), kind=a.kind if a else None)
        return rows[slug]

    members: dict[str, list[str]] = {}
    for ts in statuses:
        r = row(ts.task.lead)
        r.led += 1
        r.by_status[ts.status] += 1
        r.unrecorded += not ts.recorded
        r.overdue += ts.overdue
        for c in ts.task.coordinators:
            row(c).coordinating += 1
        via: set[str] = set()
        for g in ts.task.coordinator_groups:
            via.update(members.setdefault(g, ds.group_members(g)))
        for c in sorted(via - set(ts.task.coordinators) - {ts.task.lead}):
            row(c).coordinating_via_groups += 1
    for slug in reporting_agencies(ds, pd):
        row(slug).must_report = True
    for rs in report_status(ds, pd, as_of):
        if rs.state == "missing":
            row(rs.agency).reports_missing += 1
    return sorted(rows.values(), key=lambda r: (-r.led, r.name))


# --------------------------------------------------------------------------- ttdn status


@dataclass
class PlanOverview:
    """The whole plan on a day (``ttdn status``): every task's status, one row per agency."""

    statuses: list[TaskStatus]
    agencies: list[AgencySummary]
    counts: CityCounts | None = None  # own plans and reports of the bodies subject to report


@dataclass
class AgencyOverview:
    """One agency's part of the plan on a day (``ttdn status --agency``)."""

    agency: str
    led: list[TaskStatus]
    coordinating: list[TaskStatus]
    reports: list[ReportStatus]
    # tasks coordinated only as a member of a group: (group id, tasks), groups.yaml order
    via_groups: list[tuple[str, list[TaskStatus]]] = field(default_factory=list)
    duties: list[DutyStatus] = field(default_factory=list)  # standing duties (section IV)


def plan_overview(
    ds: Dataset,
    pd: PlanData,
    as_of: dt.date,
    only: set[str] | None = None,
    collect: dict[str, list[TaskStatus]] | None = None,
) -> PlanOverview:
    """Every task's status on ``as_of`` and the per-agency rows summing them up; with
    ``only``, the tasks those agencies lead and their rows and counts. ``collect``: as
    :func:`~ttdn.domain.status.plan_status` takes it."""
    statuses = plan_status(pd, as_of, ds, collect)
    rows = agency_summaries(ds, pd, statuses, as_of)
    if only is not None:
        statuses = [s for s in statuses if s.task.lead in only]
        rows = [r for r in rows if r.agency in only]
    return PlanOverview(statuses, rows, city_counts(ds, pd, as_of, only))


def agency_overview(ds: Dataset, pd: PlanData, as_of: dt.date, agency: str) -> AgencyOverview:
    """The tasks ``agency`` leads and coordinates on ``as_of``, and its periodic reports."""
    statuses = plan_status(pd, as_of, ds)
    return AgencyOverview(
        agency,
        led_by(statuses, agency),
        coordinated_by(statuses, agency),
        report_status(ds, pd, as_of, [agency]),
        coordinated_via_groups(ds, statuses, agency),
        duty_statuses(ds, pd, as_of, agency),
    )
