"""``ttdn export xlsx`` and ``ttdn export ics``: the appendix as a workbook or a calendar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    PlanOpt,
    agency_option,
    app,
    check_output,
    clean_plan,
    open_data,
    parse_as_of,
    resolve_agency,
    write_output,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

export_app = Typer(
    help="Xuất phụ lục nhiệm vụ: bảng tính Excel (kèm cột để cơ quan điền), lịch (.ics).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Tệp sẽ ghi.", show_default=False)]


@export_app.command("xlsx")
def export_xlsx(
    out: OutOpt,
    agency: agency_option(
        help="Chỉ nhiệm vụ (chủ trì, phối hợp) và báo cáo của cơ quan này."
    ) = None,
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
) -> None:
    """Phụ lục nhiệm vụ kèm trạng thái ra tệp Excel, có cột để cơ quan điền tiến độ."""
    from ttdn.outputs.xlsx.columns import XlsxError
    from ttdn.outputs.xlsx.export import export_workbook

    check_output(out, ".xlsx")
    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    if slug and plan is None:
        from ttdn.domain.plans import own_plan

        # the agency's own plan, where its progress counts (with the city tasks it
        # coordinates); --plan chooses another
        pd = own_plan(ds, pd, slug) or pd
    try:
        workbook = export_workbook(ds, pd, day, slug)
    except XlsxError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise typer.Exit(exc.code) from None
    write_output(out, workbook)
    sample = _(" (DỮ LIỆU MẪU)") if ds.is_sample else ""
    if slug:
        msg = _(
            "Đã ghi {path}: nhiệm vụ của {agency} trong {plan}, tính đến {date}{sample}.",
            agency=ds.agencies[slug].name,
            path=out,
            plan=pd.id,
            date=f"{day:%d/%m/%Y}",
            sample=sample,
        )
    else:
        msg = _(
            "Đã ghi {path}: nhiệm vụ trong {plan}, tính đến {date}{sample}.",
            path=out,
            plan=pd.id,
            date=f"{day:%d/%m/%Y}",
            sample=sample,
        )
    print(msg)
    print(
        _(
            "Cơ quan điền các cột bên phải rồi gửi lại; nhập bằng: ttdn import xlsx {path}",
            path=out,
        )
    )


@export_app.command("ics")
def export_ics(
    out: OutOpt,
    agency: agency_option(
        help="Chỉ hạn của cơ quan này (nhiệm vụ chủ trì, phối hợp và báo cáo)."
    ) = None,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Mọi hạn nhiệm vụ và hạn báo cáo ra tệp lịch .ics (Outlook, Google Calendar…)."""
    from ttdn.outputs.ics import export_calendar

    check_output(out, ".ics")
    ds = open_data(data)
    pd = clean_plan(ds, plan, parse_as_of(None))
    slug = resolve_agency(ds, agency) if agency else None
    text, n = export_calendar(ds, pd, slug, as_of=parse_as_of(None), previous=out)
    write_output(out, text.encode("utf-8"))
    print(
        _(
            "Đã ghi {path}: {n} sự kiện (hạn nhiệm vụ, hạn báo cáo) của {plan}.",
            path=out,
            n=n,
            plan=pd.id,
        )
    )
