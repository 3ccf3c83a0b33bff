"""``ttdn status``: the tasks of the plan or of one agency, their due dates and reports."""

from __future__ import annotations

from typing import Annotated

import typer

from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    GroupOpt,
    KindOpt,
    PlanOpt,
    TableFmt,
    agency_option,
    app,
    clean_plan,
    open_data,
    parse_as_of,
    resolve_agency,
    select_agencies,
)


@app.command()
def status(
    agency: agency_option(help="Mã hoặc tên cơ quan.") = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    kind: KindOpt = None,
    group: GroupOpt = None,
    data: DataOpt = None,
) -> None:
    """Nhiệm vụ của một cơ quan: việc chủ trì, việc phối hợp, hạn, quá hạn, báo cáo."""
    from ttdn.domain.summary import agency_overview, plan_overview
    from ttdn.outputs import contract

    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    only = select_agencies(ds, kind, group)
    if agency is None:
        view = plan_overview(ds, pd, day, only)
        if fmt is TableFmt.json:
            print(contract.dumps(contract.plan_status_json(ds, pd, day, view)))
        else:
            from ttdn.outputs.terminal import print_plan_status

            print_plan_status(ds, pd, day, view)
        return
    agency_view = agency_overview(ds, pd, day, resolve_agency(ds, agency))
    if fmt is TableFmt.json:
        print(contract.dumps(contract.agency_status_json(ds, pd, day, agency_view)))
    else:
        from ttdn.outputs.terminal import print_agency_status

        print_agency_status(ds, pd, day, agency_view)
