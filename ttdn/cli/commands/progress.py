"""``ttdn progress set``: append one progress update to an agency's file."""

from __future__ import annotations

import re
import sys
from pathlib import Path
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


PeriodOpt = Annotated[
    str,
    typer.Option("--period", "-p", help="Kỳ báo cáo: 2026-H1 (6 tháng) hoặc 2026 (năm)."),
]


def _period_and_agency(period: str, agency: str, plan: str | None, data):
    from ttdn.cli.common import fail
    from ttdn.outputs.documents.period import ReportError, parse_period

    try:
        per = parse_period(period)
    except ReportError as exc:
        raise fail(str(exc)) from None
    ds = open_data(data)
    pd = pick_plan(ds, plan, per.end)
    slug = resolve_agency(ds, agency)
    return ds, pd, per, slug


def _record(ds, pd, slug: str, period_id: str, fields: dict) -> tuple[str, dict]:
    from ttdn.edit.period_report import record_period_report
    from ttdn.edit.record import RecordError

    try:
        return record_period_report(ds, pd, slug, period_id, fields)
    except RecordError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise typer.Exit(exc.code) from None


@progress_app.command("report")
def progress_report(
    period: PeriodOpt,
    agency: agency_option(help="Cơ quan gửi báo cáo."),
    date: Annotated[
        str,
        typer.Option("--date", help="Ngày gửi (dd/mm/yyyy hoặc YYYY-MM-DD)."),
    ],
    number: Annotated[
        str | None,
        typer.Option("--number", help="Số, ký hiệu báo cáo (125/BC-SDL).", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file", help="Tệp hoặc đường dẫn của báo cáo đã gửi (để tra cứu).", show_default=False
        ),
    ] = None,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Ghi nhận một cơ quan đã gửi báo cáo kỳ (số, ngày gửi, tệp), không cần sửa YAML."""
    from ttdn.cli.commands.report import _doc_date
    from ttdn.edit.period_report import number_warning

    day = _doc_date(date)
    ds, pd, per, slug = _period_and_agency(period, agency, plan, data)
    fields = {"submitted": day, "number": number, "file": file}
    rel, item = _record(ds, pd, slug, per.id, fields)
    warning = number_warning(ds, slug, number) if number else None
    if warning:
        print(_("ttdn: cảnh báo: {message}", message=warning), file=sys.stderr)
    print(
        _(
            "Đã ghi báo cáo {period} của {agency} (gửi ngày {date}{number}) vào {path}",
            period=per.label,
            agency=ds.agencies[slug].name,
            date=f"{day:%d/%m/%Y}",
            number=_(", số {number}", number=number) if number else "",
            path=rel,
        )
    )


@progress_app.command("narrative")
def progress_narrative(
    period: PeriodOpt,
    agency: agency_option(help="Cơ quan báo cáo."),
    highlights: Annotated[
        str | None,
        typer.Option("--highlights", help="Ưu điểm, kết quả nổi bật.", show_default=False),
    ] = None,
    limitations: Annotated[
        str | None, typer.Option("--limitations", help="Hạn chế.", show_default=False)
    ] = None,
    causes: Annotated[
        str | None, typer.Option("--causes", help="Nguyên nhân.", show_default=False)
    ] = None,
    directions: Annotated[
        str | None, typer.Option("--directions", help="Phương hướng kỳ tới.", show_default=False)
    ] = None,
    recommendations: Annotated[
        str | None,
        typer.Option("--recommendations", help="Đề xuất, kiến nghị.", show_default=False),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            help="Tệp văn bản có các mục “# Ưu điểm”, “# Hạn chế”, “# Nguyên nhân”, "
            "“# Phương hướng”, “# Kiến nghị”.",
            show_default=False,
        ),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Soạn trong trình soạn thảo ($EDITOR).")
    ] = False,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Ghi hoặc sửa phần đánh giá của báo cáo kỳ (ưu điểm, hạn chế, nguyên nhân, phương
    hướng, kiến nghị) từ tùy chọn, từ tệp văn bản hoặc trong $EDITOR."""
    from ttdn.cli.common import fail
    from ttdn.edit.period_report import NARRATIVE, narrative_template, parse_narrative

    ds, pd, per, slug = _period_and_agency(period, agency, plan, data)
    fields: dict[str, str | None] = {}
    if from_file is not None:
        try:
            fields.update(parse_narrative(from_file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(
                _("không đọc được “{path}” ({reason})", path=from_file, reason=exc)
            ) from None
    if edit:
        fields.update(parse_narrative(_edit_text(ds, pd, slug, per.id, narrative_template())))
    given = dict(
        highlights=highlights,
        limitations=limitations,
        causes=causes,
        directions=directions,
        recommendations=recommendations,
    )
    fields.update({k: v for k, v in given.items() if v is not None})
    fields = {k: v.strip() for k, v in fields.items() if k in NARRATIVE and v and v.strip()}
    if not fields:
        raise fail(
            _(
                "không có nội dung nào để ghi: dùng --highlights, --limitations, --causes, "
                "--directions, --recommendations, --from-file hoặc --edit"
            )
        )
    rel, _item = _record(ds, pd, slug, per.id, fields)
    print(
        _(
            "Đã ghi phần đánh giá báo cáo {period} của {agency} vào {path}",
            period=per.label,
            agency=ds.agencies[slug].name,
            path=rel,
        )
    )


def _edit_text(ds, pd, slug: str, period_id: str, blank: str) -> str:
    """The narrative as written in ``$EDITOR`` (``VISUAL``, ``EDITOR``; Notepad on
    Windows), starting from what is recorded."""
    import os
    import shlex
    import subprocess
    import tempfile

    from ttdn.cli.common import fail
    from ttdn.edit.period_report import HEADINGS

    pf = pd.progress.get(slug)
    old = next((r for r in pf.reports if r.period == period_id), None) if pf else None
    text = blank
    if old is not None:
        text = "".join(f"# {HEADINGS[f][0]}\n{getattr(old, f) or ''}\n\n" for f in HEADINGS)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = "notepad" if os.name == "nt" else None
    if not editor:
        raise fail(_("chưa đặt biến môi trường EDITOR: dùng --from-file hoặc các tùy chọn"))
    with tempfile.TemporaryDirectory(prefix="ttdn-") as tmp:
        path = Path(tmp) / "danh-gia.txt"
        path.write_text(text, encoding="utf-8")
        try:
            subprocess.run([*shlex.split(editor, posix=os.name != "nt"), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise fail(
                _("không mở được trình soạn thảo “{editor}” ({reason})", editor=editor, reason=exc)
            ) from None
        return path.read_text(encoding="utf-8")
