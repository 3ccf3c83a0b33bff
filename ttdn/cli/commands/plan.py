"""``ttdn plan new``: an agency's plan, or next year's, from an existing plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    agency_option,
    app,
    clean_plan,
    complete_plan,
    fail,
    open_data,
    resolve_agency,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

plan_app = Typer(
    help="Tạo kế hoạch mới từ kế hoạch có sẵn.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(plan_app, name="plan")


@plan_app.command("new")
def plan_new(
    from_: Annotated[
        str,
        typer.Option(
            "--from", help="Mã kế hoạch gốc (ví dụ ha-noi-2026).", autocompletion=complete_plan
        ),
    ],
    agency: agency_option(help="Tạo kế hoạch của cơ quan này, căn cứ kế hoạch gốc.") = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Tạo kế hoạch năm này từ kế hoạch gốc (chuyển tiếp nhiệm vụ).",
            show_default=False,
        ),
    ] = None,
    plan_id: Annotated[
        str | None, typer.Option("--id", help="Mã kế hoạch mới (tuỳ chọn).", show_default=False)
    ] = None,
    data: DataOpt = None,
) -> None:
    """Khung kế hoạch của một cơ quan (--agency), hoặc kế hoạch năm sau (--year)."""
    import re

    from ttdn.edit.scaffold import ScaffoldError, agency_plan, next_year_plan

    if (agency is None) == (year is None):
        raise fail(_("cần đúng một trong hai tuỳ chọn --agency hoặc --year"))
    if plan_id is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plan_id):
        raise fail(
            _(
                "--id “{id}” không hợp lệ: chỉ dùng chữ thường không dấu, số và “-”",
                id=plan_id,
            )
        )
    ds = open_data(data)
    source = clean_plan(ds, from_, dt.date.today())
    try:
        if agency is not None:
            slug = resolve_agency(ds, agency)
            new_id, files = agency_plan(ds, source, slug, plan_id)
        else:
            new_id, files = next_year_plan(ds, source, year, plan_id)  # type: ignore[arg-type]
    except ScaffoldError as exc:
        raise fail(str(exc)) from None
    print(_("Đã tạo kế hoạch “{id}”:", id=new_id))
    for rel in files:
        print(f"  {rel}")
    print(_("Hãy biên soạn lại nội dung, rồi chạy “ttdn validate”."))
