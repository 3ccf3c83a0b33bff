"""The city's counts a leader asks first: own plans written x/N and periodic reports
received x/N, N being the bodies the plan makes subject to reporting.

Issue 16 adds these counts to ``ttdn status``; until that lands, the web dashboard (``ttdn
site``) computes them here, from the same rules as the rest of the domain
(:func:`~ttdn.domain.status.reporting_agencies`, :func:`~ttdn.domain.status.report_status`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.status import ReportStatus, child_plans, report_status, reporting_agencies


@dataclass
class PeriodCount:
    """One reporting period across the subject bodies."""

    period: str
    name: str
    due_before: dt.date
    subjects: int  # N
    received: int = 0  # submitted, on time or late
    late: int = 0  # of those received, sent on or after the deadline
    missing: int = 0  # not received and past the deadline
    pending: int = 0  # not received, deadline not reached


@dataclass
class CityCounts:
    """Own plans written x/N and each period's reports received x/N."""

    subjects: list[str]  # slugs of the bodies the plan makes subject, sorted
    own_plans: list[str]  # of those, the ones with an own plan under the city plan
    periods: list[PeriodCount] = field(default_factory=list)
    reports: list[ReportStatus] = field(default_factory=list)


def own_plan_issuers(ds: Dataset, pd: PlanData) -> set[str]:
    """Slugs of the agencies that have written their own plan under ``pd`` (an agency plan
    whose parent is ``pd`` and whose issuer is the agency)."""
    return {p.plan.issuer for p in child_plans(ds, pd) if p.plan.kind == "agency"}


def city_counts(ds: Dataset, pd: PlanData, as_of: dt.date) -> CityCounts:
    """Own plans written and reports received on ``as_of`` by the bodies ``pd`` makes
    subject (``reporting.subject_kinds`` and ``subject_agencies``)."""
    subjects = reporting_agencies(ds, pd)
    issuers = own_plan_issuers(ds, pd)
    reports = report_status(ds, pd, as_of)
    out = CityCounts(subjects, [s for s in subjects if s in issuers], reports=reports)
    if pd.plan.reporting is None:
        return out
    for period in pd.plan.reporting.periods:
        pc = PeriodCount(period.id, period.name, period.due_before, len(subjects))
        for rs in reports:
            if rs.period != period.id:
                continue
            if rs.state in ("submitted", "submitted_late"):
                pc.received += 1
                pc.late += rs.state == "submitted_late"
            elif rs.state == "missing":
                pc.missing += 1
            else:
                pc.pending += 1
        out.periods.append(pc)
    return out
