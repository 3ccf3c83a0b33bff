"""``ttdn status``: the tasks of the plan or of one agency, their due dates and reports."""

from __future__ import annotations

from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    GroupOpt,
    KindOpt,
    PlanOpt,
    TableFmt,
    TableFmtOpt,
    agency_option,
    answer,
    app,
    clean_plan,
    parse_as_of,
    print_answer,
    resolve_agency,
    select_agencies,
)


@app.command()
def status(
    agency: agency_option(help="Mã hoặc tên cơ quan.") = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: TableFmtOpt = TableFmt.table,
    kind: KindOpt = None,
    group: GroupOpt = None,
    data: DataOpt = None,
) -> None:
    """Nhiệm vụ của một cơ quan: việc chủ trì, việc phối hợp, hạn, quá hạn, báo cáo."""
    day = parse_as_of(as_of)

    def compute(ds) -> dict:
        from ttdn.domain.summary import agency_overview, plan_overview
        from ttdn.outputs import contract

        pd = clean_plan(ds, plan, day)
        only = select_agencies(ds, kind, group)
        if agency is None:
            return contract.plan_status_json(ds, pd, day, plan_overview(ds, pd, day, only))
        view = agency_overview(ds, pd, day, resolve_agency(ds, agency))
        return contract.agency_status_json(ds, pd, day, view)

    doc = answer(data, day, ["status", agency, plan, kind, group], compute)
    print_answer(
        doc, fmt, lambda t: t.print_plan_status if agency is None else t.print_agency_status
    )
