"""Commands of daily work: validate, status, overdue, progress set, plan new, demo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    AsOfOpt,
    DataOpt,
    Fmt,
    PlanOpt,
    TableFmt,
    agency_option,
    app,
    clean_plan,
    complete_plan,
    complete_task,
    fail,
    open_data,
    parse_as_of,
    pick_plan,
    progress_app,
    resolve_agency,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

# --------------------------------------------------------------------------- validate


@app.command()
def validate(
    data: DataOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="text hoặc json.")] = Fmt.text,
    as_of: AsOfOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là lỗi.")] = False,
) -> None:
    """Kiểm tra mọi tệp dữ liệu; mỗi lỗi một dòng tệp:dòng:cột."""
    from ttdn.checks.validate import has_errors
    from ttdn.data.cache import validate as run  # remembered for unchanged data
    from ttdn.outputs.problems import problem_line, problems_json

    ds = open_data(data)
    problems = run(ds, as_of=parse_as_of(as_of) if as_of else None)
    if fmt is Fmt.json:
        print(problems_json(problems))
    else:
        for p in problems:
            print(problem_line(p))
        n_err = sum(p.severity == "error" for p in problems)
        n_warn = len(problems) - n_err
        files = len(ds.sources)
        if problems:
            print(
                _(
                    "{errors} lỗi, {warnings} cảnh báo trong {files} tệp.",
                    errors=n_err,
                    warnings=n_warn,
                    files=files,
                ),
                file=sys.stderr,
            )
        else:
            print(
                _(
                    "Dữ liệu hợp lệ: {files} tệp, {agencies} cơ quan, {tasks} nhiệm vụ.",
                    files=files,
                    agencies=len(ds.agencies),
                    tasks=sum(len(p.tasks) for p in ds.plans.values()),
                ),
                file=sys.stderr,
            )
    raise typer.Exit(EXIT_PROBLEMS if has_errors(problems, strict) else EXIT_OK)


# --------------------------------------------------------------------------- status


@app.command()
def status(
    agency: agency_option(help="Mã hoặc tên cơ quan.") = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    data: DataOpt = None,
) -> None:
    """Nhiệm vụ của một cơ quan: việc chủ trì, việc phối hợp, hạn, quá hạn, báo cáo."""
    from ttdn.domain.status import coordinated_by, led_by, plan_status, report_status
    from ttdn.outputs import contract

    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    statuses = plan_status(pd, day, ds)
    if agency is None:
        from ttdn.domain.summary import agency_summaries

        rows = agency_summaries(ds, pd, statuses, day)
        if fmt is TableFmt.json:
            print(
                contract.dumps(
                    {
                        "plan": contract.plan_json(pd),
                        "as_of": day.isoformat(),
                        "sample": ds.is_sample,
                        "tasks": [contract.status_task_json(s) for s in statuses],
                        "agencies": [r.as_json() for r in rows],
                    }
                )
            )
            return
        from ttdn.outputs.terminal import console, plan_header, summary_table

        con = console()
        plan_header(con, ds, pd, day)
        con.print(summary_table(ds, rows))
        return
    slug = resolve_agency(ds, agency)
    led, coord = led_by(statuses, slug), coordinated_by(statuses, slug)
    reports = report_status(ds, pd, day, [slug])
    if fmt is TableFmt.json:
        print(
            contract.dumps(
                {
                    "agency": slug,
                    "agency_name": ds.agencies[slug].name,
                    "plan": contract.plan_json(pd),
                    "as_of": day.isoformat(),
                    "sample": ds.is_sample,
                    "tasks": [contract.status_task_json(s) for s in led],
                    "coordinating": [contract.status_task_json(s) for s in coord],
                    "reports": [contract.report_json(r) for r in reports],
                }
            )
        )
        return
    from ttdn.outputs.terminal import console, plan_header, report_line, rollup_note, task_table

    con = console()
    a = ds.agencies[slug]
    con.print(f"{a.name} ({slug})", style="bold", markup=False)
    plan_header(con, ds, pd, day)
    late = sum(s.overdue for s in led)
    con.print(
        _(
            "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ; {late} nhiệm vụ quá hạn.",
            led=len(led),
            coordinated=len(coord),
            late=late,
        ),
        markup=False,
    )
    if led:
        con.print(task_table(_("Nhiệm vụ chủ trì"), led))
    else:
        con.print(_("Không chủ trì nhiệm vụ nào trong phụ lục."), markup=False)
    if coord:
        con.print(task_table(_("Nhiệm vụ phối hợp"), coord))
    note = rollup_note(led + coord)
    if note:
        con.print(note, markup=False)
    con.print(_("Báo cáo định kỳ:"), style="bold", markup=False)
    if not reports:
        con.print(_("  Cơ quan này không thuộc diện báo cáo theo kế hoạch."), markup=False)
    for r in reports:
        con.print("  ", report_line(r))


# --------------------------------------------------------------------------- overdue


@app.command()
def overdue(
    as_of: AsOfOpt = None,
    agency: agency_option(help="Chỉ một cơ quan.") = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Thoát mã 1 nếu danh sách không rỗng.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Mọi nhiệm vụ quá hạn chưa xong và báo cáo chưa gửi quá hạn, quá hạn lâu nhất trước."""
    from ttdn.domain.status import overdue_items
    from ttdn.outputs import contract

    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    items = overdue_items(ds, pd, day, slug)
    if fmt is TableFmt.json:
        print(
            contract.dumps(
                {
                    "plan": contract.plan_json(pd),
                    "as_of": day.isoformat(),
                    "sample": ds.is_sample,
                    "items": [contract.overdue_json(i) for i in items],
                }
            )
        )
    else:
        from ttdn.outputs.terminal import console, overdue_table, plan_header

        con = console()
        plan_header(con, ds, pd, day)
        if items:
            n_t = sum(i.kind == "task" for i in items)
            con.print(
                _(
                    "{tasks} nhiệm vụ quá hạn, {reports} báo cáo chưa gửi quá hạn.",
                    tasks=n_t,
                    reports=len(items) - n_t,
                ),
                markup=False,
            )
            con.print(overdue_table(ds, items))
        else:
            con.print(_("Không có việc nào quá hạn."), markup=False)
    if fail_if_any and items:
        raise typer.Exit(EXIT_PROBLEMS)


# --------------------------------------------------------------------------- progress


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
            help="Chỉ tiêu KEY=N, ví dụ news_articles=12 (lặp lại được).",
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
        path, entry = append_entry(
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
    print(
        _(
            "Đã ghi tiến độ {task} ({status}) ngày {date} vào {path}",
            task=entry["task"],
            status=entry["status"],
            date=f"{day:%d/%m/%Y}",
            path=path,
        )
    )


# --------------------------------------------------------------------------- plan

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


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Thư mục mới để tạo sân chơi.")],
    data: DataOpt = None,
) -> None:
    """Tạo một thư mục thử nghiệm: kế hoạch thật + tiến độ MẪU, trong một kho git."""
    from ttdn.data.loader import DataRootError, find_data_root, shipped_data_root
    from ttdn.edit.demo import DemoError, make_demo

    try:
        source = find_data_root(data)
    except DataRootError as exc:
        source = shipped_data_root() if data is None else None
        if source is None:
            raise fail(str(exc)) from None
    try:
        make_demo(source, directory)
    except DemoError as exc:
        raise fail(str(exc)) from None
    print(_("Đã tạo sân chơi tại {folder} (tiến độ trong đó là DỮ LIỆU MẪU).", folder=directory))
    print(_("Thử: cd {folder} && ttdn status --agency so-du-lich", folder=directory))
