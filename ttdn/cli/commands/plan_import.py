"""``ttdn plan import FILE --id ID``: a new plan from the signed document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import typer

from ttdn.cli.commands.plan import plan_app
from ttdn.cli.common import (
    EXIT_PROBLEMS,
    DataOpt,
    agency_option,
    check_input,
    fail,
    open_data,
    resolve_agency,
)
from ttdn.i18n import _


@plan_app.command("import")
def plan_import(
    file: Annotated[Path, typer.Argument(help="Văn bản kế hoạch đã ký: .docx, .pdf hoặc .txt.")],
    plan_id: Annotated[str, typer.Option("--id", help="Mã kế hoạch mới (ví dụ ha-noi-2027).")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Năm kế hoạch (mặc định: đọc từ văn bản).", show_default=False),
    ] = None,
    kind: Annotated[
        Literal["city", "agency"],
        typer.Option("--kind", help="Kế hoạch Thành phố hay của cơ quan."),
    ] = "city",
    issuer: agency_option(help="Cơ quan ban hành (mặc định: UBND Thành phố).") = None,
    data: DataOpt = None,
) -> None:
    """Nhập kế hoạch từ văn bản đã ký; liệt kê mọi chỗ cần rà soát (import-review.md)."""
    from ttdn.edit.plan_import import PlanImportError, import_plan

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plan_id):
        raise fail(
            _("--id “{id}” không hợp lệ: chỉ dùng chữ thường không dấu, số và “-”", id=plan_id)
        )
    check_input(file)
    ds = open_data(data)
    slug = resolve_agency(ds, issuer) if issuer else None
    try:
        result = import_plan(ds, file, plan_id, year=year, kind=kind, issuer=slug)
    except PlanImportError as exc:
        raise fail(str(exc), EXIT_PROBLEMS) from None
    print(_("Đã nhập kế hoạch “{id}” ({n} nhiệm vụ):", id=result.plan_id, n=result.tasks))
    for rel in result.files:
        print(f"  {rel}")
    print()
    print(result.review_text(), end="")
    print(_("Hãy rà soát danh sách trên, rồi chạy “ttdn validate” và commit."))
