"""``ttdn progress set``: append one progress update to an agency's file."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    PlanOpt,
    agency_option,
    app,
    complete_task,
    open_data,
    parse_as_of,
    pick_plan,
    resolve_agency,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

progress_app = Typer(
    help="Ghi tiến độ thực hiện nhiệm vụ.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(progress_app, name="progress")


@progress_app.command("set")
def progress_set(
    task_id: Annotated[
        str,
        typer.Argument(
            help="Mã nhiệm vụ (ví dụ dl-01) hoặc số thứ tự (III.1).",
            autocompletion=complete_task,
        ),
    ],
    status_: Annotated[
        str,
        typer.Option("--status", "-s", help="not_started, in_progress, done, paused, cancelled."),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.", show_default=False)] = None,
    result: Annotated[
        str | None, typer.Option("--result", help="Kết quả.", show_default=False)
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Ngày (mặc định: hôm nay).", show_default=False)
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            help="Chỉ tiêu KEY=N, số luỹ kế từ đầu năm đến ngày ghi (không phải số phát "
            "sinh thêm), ví dụ news_articles=12 (lặp lại được).",
            show_default=False,
        ),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            help="Văn bản hoặc đường dẫn minh chứng (lặp lại được).",
            show_default=False,
        ),
    ] = None,
    agency: agency_option(help="Cơ quan ghi (mặc định: cơ quan chủ trì).") = None,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Ghi thêm một lần cập nhật tiến độ vào tệp của cơ quan (chỉ thêm dòng, ghi an toàn)."""
    from ttdn.edit.record import RecordError, append_entry

    day = parse_as_of(date)
    ds = open_data(data)
    pd = pick_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    try:
        path, entry, written = append_entry(
            ds,
            pd,
            task_id,
            status_,
            day,
            note=note,
            result=result,
            indicators=indicator or [],
            evidence=evidence or [],
            agency=slug,
        )
    except RecordError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise typer.Exit(exc.code) from None
    if not written:
        print(
            _(
                "Không ghi thêm: {path} đã có đúng mục này (nhiệm vụ {task}, {status}, "
                "ngày {date}) là lần ghi gần nhất của nhiệm vụ.",
                task=entry["task"],
                status=entry["status"],
                date=f"{day:%d/%m/%Y}",
                path=path,
            )
        )
        return
    print(
        _(
            "Đã ghi tiến độ {task} ({status}) ngày {date} vào {path}",
            task=entry["task"],
            status=entry["status"],
            date=f"{day:%d/%m/%Y}",
            path=path,
        )
    )
