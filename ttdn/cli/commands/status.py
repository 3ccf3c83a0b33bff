"""``ttdn status``: the tasks of the plan or of one agency, their due dates and reports."""

from __future__ import annotations

from typing import Annotated

import typer

from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    PlanOpt,
    TableFmt,
    agency_option,
    app,
    clean_plan,
    open_data,
    parse_as_of,
    resolve_agency,
)
from ttdn.i18n import _


@app.command()
def status(
    agency: agency_option(help="Mã hoặc tên cơ quan.") = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    data: DataOpt = None,
) -> None:
    """Nhiệm vụ của một cơ quan: việc chủ trì, việc phối hợp, hạn, quá hạn, báo cáo."""
    from ttdn.domain.status import coordinated_by, led_by, plan_status, report_status
    from ttdn.outputs import contract

    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    statuses = plan_status(pd, day, ds)
    if agency is None:
        from ttdn.domain.summary import agency_summaries

        rows = agency_summaries(ds, pd, statuses, day)
        if fmt is TableFmt.json:
            print(
                contract.dumps(
                    {
                        "plan": contract.plan_json(pd),
                        "as_of": day.isoformat(),
                        "sample": ds.is_sample,
                        "tasks": [contract.status_task_json(s) for s in statuses],
                        "agencies": [r.as_json() for r in rows],
                    }
                )
            )
            return
        from ttdn.domain.summary import summary_table
        from ttdn.outputs.terminal import console, plan_header

        con = console()
        plan_header(con, ds, pd, day)
        con.print(summary_table(ds, rows))
        return
    slug = resolve_agency(ds, agency)
    led, coord = led_by(statuses, slug), coordinated_by(statuses, slug)
    reports = report_status(ds, pd, day, [slug])
    if fmt is TableFmt.json:
        print(
            contract.dumps(
                {
                    "agency": slug,
                    "agency_name": ds.agencies[slug].name,
                    "plan": contract.plan_json(pd),
                    "as_of": day.isoformat(),
                    "sample": ds.is_sample,
                    "tasks": [contract.status_task_json(s) for s in led],
                    "coordinating": [contract.status_task_json(s) for s in coord],
                    "reports": [contract.report_json(r) for r in reports],
                }
            )
        )
        return
    from ttdn.outputs.terminal import console, plan_header, report_line, rollup_note, task_table

    con = console()
    a = ds.agencies[slug]
    con.print(f"{a.name} ({slug})", style="bold", markup=False)
    plan_header(con, ds, pd, day)
    late = sum(s.overdue for s in led)
    con.print(
        _(
            "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ; {late} nhiệm vụ quá hạn.",
            led=len(led),
            coordinated=len(coord),
            late=late,
        ),
        markup=False,
    )
    if led:
        con.print(task_table(_("Nhiệm vụ chủ trì"), led))
    else:
        con.print(_("Không chủ trì nhiệm vụ nào trong phụ lục."), markup=False)
    if coord:
        con.print(task_table(_("Nhiệm vụ phối hợp"), coord))
    note = rollup_note(led + coord)
    if note:
        con.print(note, markup=False)
    con.print(_("Báo cáo định kỳ:"), style="bold", markup=False)
    if not reports:
        con.print(_("  Cơ quan này không thuộc diện báo cáo theo kế hoạch."), markup=False)
    for r in reports:
        con.print("  ", report_line(r))
