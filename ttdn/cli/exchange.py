"""Commands meeting other tools: export xlsx/ics, import xlsx, schema."""

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
    complete_plan,
    fail,
    open_data,
    parse_as_of,
    resolve_agency,
    write_output,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

# --------------------------------------------------------------------------- export, import, schema

export_app = Typer(
    help="Xuất phụ lục nhiệm vụ: bảng tính Excel (kèm cột để cơ quan điền), lịch (.ics).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
import_app = Typer(
    help="Nhập tiến độ từ bảng tính Excel đã điền.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

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
    from ttdn.outputs.xlsx import export_workbook

    check_output(out, ".xlsx")
    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    write_output(out, export_workbook(ds, pd, day, slug))
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
    text, n = export_calendar(ds, pd, slug)
    write_output(out, text.encode("utf-8"))
    print(
        _(
            "Đã ghi {path}: {n} sự kiện (hạn nhiệm vụ, hạn báo cáo) của {plan}.",
            path=out,
            n=n,
            plan=pd.id,
        )
    )


@import_app.command("xlsx")
def import_xlsx(
    file: Annotated[Path, typer.Argument(help="Tệp Excel đã điền (xuất bằng ttdn export xlsx).")],
    agency: agency_option(
        help="Cơ quan ghi (mặc định: cơ quan của tệp, hoặc cơ quan chủ trì)."
    ) = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            help="Mã kế hoạch (mặc định: kế hoạch mà tệp được xuất ra).",
            show_default=False,
            autocompletion=complete_plan,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và cho biết sẽ ghi gì.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Ghi tiến độ từ các dòng đã điền của tệp Excel; có dòng sai thì không ghi gì."""
    from ttdn.domain.status import today
    from ttdn.outputs.xlsx import XlsxError, import_workbook

    if not file.is_file():
        raise fail(_("không có tệp “{path}”", path=file))
    ds = open_data(data)
    slug = resolve_agency(ds, agency) if agency else None
    try:
        res = import_workbook(ds, file, plan_id=plan, agency=slug, today=today(), dry_run=dry_run)
    except XlsxError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise typer.Exit(exc.code) from None
    for note in res.notes:
        print(note, file=sys.stderr)
    if not res.entries:
        print(_("Không có dòng nào được điền trong {path}; không ghi gì.", path=file))
        return
    for rel, entry in res.entries:
        fields = {
            "task": entry["task"],
            "status": entry["status"],
            "date": f"{entry['date']:%d/%m/%Y}",
            "path": rel,
        }
        if dry_run:
            print(_("Sẽ ghi tiến độ {task} ({status}) ngày {date} vào {path}", **fields))
        else:
            print(_("Đã ghi tiến độ {task} ({status}) ngày {date} vào {path}", **fields))
    if dry_run:
        print(_("Chạy thử: {n} lần cập nhật hợp lệ; chưa ghi gì.", n=len(res.entries)))


@app.command("schema")
def schema_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Thư mục ghi (mặc định: schemas/ cạnh thư mục dữ liệu, ở gốc kho).",
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Ghi JSON Schema cho từng loại tệp dữ liệu (để VS Code gợi ý và kiểm tra khi soạn)."""
    from ttdn.outputs.jsonschema import SCHEMA_DIR, write_schemas

    if out is None:
        from ttdn.data.loader import DataRootError, find_data_root

        try:
            out = find_data_root(data).parent / SCHEMA_DIR
        except DataRootError as exc:
            raise fail(_("{error}; hoặc chỉ thư mục ghi bằng --out", error=exc)) from None
    for path in write_schemas(out):
        print(_("Đã ghi {path}", path=path))
