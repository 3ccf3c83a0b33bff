"""Choosing which plan a command works on."""

from __future__ import annotations

import datetime as dt

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.messages import Message, msg, suggestion


class PlanNotFound(Exception):
    """No plan matches (a usage problem); ``message`` says why (put into words at the edge)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.id)
        self.message = message


def select_plan(ds: Dataset, plan_id: str | None, as_of: dt.date) -> PlanData:
    """``plan_id`` if given; else the city plan of ``as_of``'s year, else the latest earlier
    city plan (a report for 2026 written in January 2027 still finds the 2026 plan)."""
    if plan_id is not None:
        if plan_id in ds.plans:
            return ds.plans[plan_id]
        plans = msg(" Các kế hoạch: {plans}", plans=", ".join(sorted(ds.plans)))
        raise PlanNotFound(
            msg(
                "không có kế hoạch “{plan}”.{hint}",
                plan=plan_id,
                hint=(suggestion(plan_id, ds.plans.keys()), plans if ds.plans else ""),
            )
        )
    city = sorted((p for p in ds.plans.values() if p.plan.kind == "city"), key=lambda p: p.year)
    for pd in reversed(city):
        if pd.year == as_of.year:
            return pd
    earlier = [p for p in city if p.year <= as_of.year]
    if earlier:
        return earlier[-1]
    if city:
        return city[0]
    raise PlanNotFound(
        msg(
            "thư mục dữ liệu chưa có kế hoạch nào của Thành phố "
            "(plans/<mã>/plan.yaml với kind: city)"
        )
    )


def own_plan(ds: Dataset, pd: PlanData, agency: str) -> PlanData | None:
    """``agency``'s own plan under ``pd`` (``kind: agency``, ``parent: pd``), if it has one:
    where its tasks' progress counts."""
    for p in ds.plans.values():
        if p.plan.kind == "agency" and p.plan.issuer == agency and p.plan.parent == pd.id:
            return p
    return None
