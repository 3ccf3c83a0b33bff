"""``ttdn overdue``: every overdue task and report, longest overdue first."""

from __future__ import annotations

from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_PROBLEMS,
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
def overdue(
    as_of: AsOfOpt = None,
    agency: agency_option(help="Chỉ một cơ quan.") = None,
    plan: PlanOpt = None,
    fmt: TableFmtOpt = TableFmt.table,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Thoát mã 1 nếu danh sách không rỗng.")
    ] = False,
    kind: KindOpt = None,
    group: GroupOpt = None,
    data: DataOpt = None,
) -> None:
    """Mọi nhiệm vụ quá hạn chưa xong và báo cáo quá hạn chưa ghi nhận đã gửi, quá hạn lâu nhất
    trước."""
    day = parse_as_of(as_of)

    def compute(ds) -> dict:
        from ttdn.domain.status import overdue_items
        from ttdn.outputs import contract

        pd = clean_plan(ds, plan, day)
        slug = resolve_agency(ds, agency) if agency else None
        items = overdue_items(ds, pd, day, slug)
        only = select_agencies(ds, kind, group)
        if only is not None:
            items = [i for i in items if i.agency in only]
        return contract.overdue_list_json(ds, pd, day, items)

    doc = answer(data, day, ["overdue", agency, plan, kind, group], compute)
    print_answer(doc, fmt, lambda t: t.print_overdue)
    if fail_if_any and doc["items"]:
        raise typer.Exit(EXIT_PROBLEMS)
