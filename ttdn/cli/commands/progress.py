"""``ttdn progress set``: append one progress update to an agency's file."""

from __future__ import annotations

import re
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
from ttdn.i18n import _, error_line

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
        typer.Option(
            "--status",
            "-s",
            help="not_started, in_progress, done, paused, cancelled, hoặc tên trạng thái "
            "(“hoàn thành”, “hoan thanh”, “done”…).",
        ),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.", show_default=False)] = None,
    result: Annotated[
        str | None, typer.Option("--result", help="Kết quả.", show_default=False)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Ngày (YYYY-MM-DD hoặc dd/mm/yyyy; mặc định: hôm nay).",
            show_default=False,
        ),
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
    from ttdn.edit.record import RecordError, append_entry, implementing_tasks, locate_task
    from ttdn.text import nfc

    day = parse_as_of(date, "--date")
    ds = open_data(data)
    pd = pick_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    try:
        tr = locate_task(ds, pd, nfc(task_id).strip(), chosen=plan is not None)
        implementing = implementing_tasks(ds, tr)
        if implementing and slug in (None, tr.task.lead):
            _refuse_rolled_up(tr, implementing, status_, date, result, note, indicator, evidence)
        path, entry, written = append_entry(
            ds,
            ds.plans[tr.plan_id],
            tr.task.id,
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


def _arg(value: str) -> str:
    """A command-line argument as typed in any shell (quoted when it must be)."""
    if re.fullmatch(r"[\w.,:/=+@-]+", value):
        return value
    return '"' + value.replace('"', '\\"') + '"'


def _refuse_rolled_up(tr, implementing, status, date, result, note, indicators, evidence):
    """Entries of a city task's lead do not count when the task is rolled up from the plans
    that implement it: refuse, naming the implementing tasks and the command to use."""
    from ttdn.edit.record import RecordError

    args = ["--status", status]
    args += ["--date", date] if date else []
    args += ["--result", result] if result else []
    args += ["--note", note] if note else []
    for item in indicators or []:
        args += ["-i", item]
    for item in evidence or []:
        args += ["--evidence", item]
    commands = [
        "  ttdn progress set " + " ".join(_arg(a) for a in [t.task.id, "--plan", t.plan_id, *args])
        for t in implementing
    ]
    raise RecordError(
        [
            error_line(
                _(
                    "trạng thái nhiệm vụ {ref} ({task}) được tổng hợp từ nhiệm vụ thực hiện "
                    "{tasks}, nên ghi vào đây không thay đổi gì trong báo cáo; không ghi gì. "
                    "Hãy ghi vào nhiệm vụ thực hiện:",
                    ref=tr.task.ref,
                    task=tr.task.id,
                    tasks=", ".join(f"{t.task.id} ({t.plan_id})" for t in implementing),
                )
            ),
            *commands,
        ]
    )
