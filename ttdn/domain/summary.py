"""One row per agency: counts by status, overdue tasks, missing reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import STATUS_LABELS
from ttdn.domain.status import (
    ReportStatus,
    TaskStatus,
    coordinated_by,
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
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_LABELS, 0))
    overdue: int = 0
    reports_missing: int = 0
    must_report: bool = False
    kind: str | None = None  # the agency's kind (None: not a known agency)

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "name": self.name,
            "led": self.led,
            "coordinating": self.coordinating,
            "by_status": self.by_status,
            "overdue": self.overdue,
            "reports_missing": self.reports_missing,
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

    for ts in statuses:
        r = row(ts.task.lead)
        r.led += 1
        r.by_status[ts.status] += 1
        r.overdue += ts.overdue
        for c in ts.task.coordinators:
            row(c).coordinating += 1
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


@dataclass
class AgencyOverview:
    """One agency's part of the plan on a day (``ttdn status --agency``)."""

    agency: str
    led: list[TaskStatus]
    coordinating: list[TaskStatus]
    reports: list[ReportStatus]


def plan_overview(ds: Dataset, pd: PlanData, as_of: dt.date) -> PlanOverview:
    """Every task's status on ``as_of`` and the per-agency rows summing them up."""
    statuses = plan_status(pd, as_of, ds)
    return PlanOverview(statuses, agency_summaries(ds, pd, statuses, as_of))


def agency_overview(ds: Dataset, pd: PlanData, as_of: dt.date, agency: str) -> AgencyOverview:
    """The tasks ``agency`` leads and coordinates on ``as_of``, and its periodic reports."""
    statuses = plan_status(pd, as_of, ds)
    return AgencyOverview(
        agency,
        led_by(statuses, agency),
        coordinated_by(statuses, agency),
        report_status(ds, pd, as_of, [agency]),
    )
