"""``ttdn import xlsx``: record the progress filled in a workbook exported by ttdn."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    agency_option,
    app,
    check_input,
    complete_plan,
    open_data,
    resolve_agency,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

import_app = Typer(
    help="Nhập tiến độ từ bảng tính Excel đã điền.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(import_app, name="import")


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
    from ttdn.edit.xlsx_import import XlsxError, import_workbook, report_change_words

    check_input(file)
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
    if res.skipped:
        print(
            _(
                "Bỏ qua {n} dòng đã được ghi đúng như vậy từ trước (lần ghi gần nhất của "
                "nhiệm vụ): không ghi lại.",
                n=res.skipped,
            )
        )
    if res.reports_skipped:
        print(
            _(
                "Bỏ qua {n} dòng báo cáo đã được ghi đúng như vậy từ trước: không ghi lại.",
                n=res.reports_skipped,
            )
        )
    if not res.entries and not res.reports:
        if not res.skipped and not res.reports_skipped:
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
    for change in res.reports:
        fields = {
            "report": report_change_words(ds, change),
            "agency": ds.agency_name(change.agency),
            "path": change.file,
        }
        if dry_run:
            print(_("Sẽ ghi {report} của {agency} vào {path}", **fields))
        else:
            print(_("Đã ghi {report} của {agency} vào {path}", **fields))
    if dry_run:
        print(
            _(
                "Chạy thử: {n} lần cập nhật hợp lệ; chưa ghi gì.",
                n=len(res.entries) + len(res.reports),
            )
        )
