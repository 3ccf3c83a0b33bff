"""``ttdn report status``: who has sent a period's report, late or not, and who has not."""

from __future__ import annotations

from typing import Annotated

import typer

from ttdn.cli.commands.report import report_app
from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    GroupOpt,
    KindOpt,
    PlanOpt,
    TableFmt,
    TableFmtOpt,
    answer,
    clean_plan,
    fail,
    parse_as_of,
    print_answer,
    select_agencies,
)
from ttdn.i18n import _


@report_app.command("status")
def report_status(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="Kỳ báo cáo: 2026-H1 (6 tháng) hoặc 2026 (năm).",
            show_default=False,
        ),
    ],
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: TableFmtOpt = TableFmt.table,
    kind: KindOpt = None,
    group: GroupOpt = None,
    data: DataOpt = None,
) -> None:
    """Báo cáo của một kỳ: cơ quan nào đã gửi, gửi muộn, chưa ghi nhận đã gửi; có dòng tổng."""
    from ttdn.domain.duties import period_reports
    from ttdn.outputs import contract
    from ttdn.outputs.documents.period import ReportError, parse_period

    try:
        p = parse_period(period)
    except ReportError as exc:
        raise fail(str(exc)) from None
    day = parse_as_of(as_of)

    def compute(ds) -> dict:
        pd = clean_plan(ds, plan, day)
        if pd.year != p.year:
            raise fail(
                _(
                    "kỳ báo cáo {period} không thuộc kế hoạch {plan} (năm {year})",
                    period=period,
                    plan=pd.id,
                    year=pd.year,
                )
            )
        rep = pd.plan.reporting
        if rep is None or p.id not in {x.id for x in rep.periods}:
            raise fail(
                _("kế hoạch “{plan}” không có kỳ báo cáo {period}", plan=pd.id, period=period)
            )
        view = period_reports(ds, pd, p.id, day, select_agencies(ds, kind, group))
        return contract.period_reports_json(ds, pd, day, view)

    doc = answer(data, day, ["report status", period, plan, kind, group], compute)
    print_answer(doc, fmt, lambda t: t.print_period_reports)
