"""``ttdn agencies import``: add or update many agencies from a CSV or Excel table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import DataOpt, app, check_input, fail
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

agencies_app = Typer(
    help="Danh sách cơ quan: nhập, cập nhật hàng loạt.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(agencies_app, name="agencies")


def report_lines(res, dry_run: bool) -> list[str]:
    """What an import did (or would do), one line per file added or updated, then counts."""
    lines = []
    for rel in res.added:
        lines.append(_("Sẽ thêm {path}", path=rel) if dry_run else _("Đã thêm {path}", path=rel))
    for rel in res.updated:
        lines.append(
            _("Sẽ cập nhật {path}", path=rel) if dry_run else _("Đã cập nhật {path}", path=rel)
        )
    counts = {"added": len(res.added), "updated": len(res.updated), "unchanged": len(res.unchanged)}
    if dry_run:
        lines.append(
            _(
                "Chạy thử: sẽ thêm {added}, cập nhật {updated}, giữ nguyên {unchanged} cơ quan; "
                "chưa ghi gì.",
                **counts,
            )
        )
    else:
        lines.append(
            _("Đã thêm {added}, cập nhật {updated}, giữ nguyên {unchanged} cơ quan.", **counts)
        )
    return lines


@agencies_app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Tệp .csv hoặc .xlsx, mỗi dòng một cơ quan; cột: mã tệp (không bắt buộc), "
            "tên, tên ngắn, loại, mã chính thức, chữ viết tắt, thư điện tử.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và cho biết sẽ ghi gì.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Thêm hoặc cập nhật cơ quan từ bảng CSV/Excel; có dòng sai thì không ghi gì."""
    from ttdn.data.loader import DataRootError, find_data_root
    from ttdn.edit.agencies_import import AgencyImportError, import_file

    check_input(file)
    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    try:
        res = import_file(root, file, dry_run=dry_run)
    except AgencyImportError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise typer.Exit(exc.code) from None
    for note in res.notes:
        print(note, file=sys.stderr)
    for line in report_lines(res, dry_run):
        print(line)
