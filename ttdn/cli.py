"""The ``ttdn`` command line: parses options, calls the library, prints.

Heavy modules (docx, docxtpl, jinja2, openpyxl, rich) are imported inside the commands that
need them so that ``ttdn --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="ttdn",
    help="Theo dõi Kế hoạch thông tin đối ngoại (TTĐN) thành phố Hà Nội: kiểm tra dữ liệu, "
    "tiến độ, quá hạn, báo cáo.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=True,
)
progress_app = typer.Typer(
    help="Ghi tiến độ thực hiện nhiệm vụ.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(progress_app, name="progress")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Fmt(StrEnum):
    text = "text"
    json = "json"


class TableFmt(StrEnum):
    table = "table"
    json = "json"


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Thư mục dữ liệu (mặc định: ./data tìm ngược lên, hoặc $TTDN_DATA).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Xem như vào ngày này (YYYY-MM-DD); mặc định: hôm nay giờ Hà Nội.",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="Mã kế hoạch (mặc định: kế hoạch Thành phố của năm --as-of).",
        show_default=False,
    ),
]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``message`` as an error on stderr and return the Exit to raise."""
    print(f"ttdn: lỗi: {message}", file=sys.stderr)
    return typer.Exit(code)


def parse_as_of(value: str | None) -> dt.date:
    from ttdn.progress import today

    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise fail(
            f"--as-of “{value}” không phải ngày hợp lệ (YYYY-MM-DD, ví dụ 2026-06-20)"
        ) from None


def open_data(data: Path | None):
    """Load the data root; usage errors exit 2."""
    from ttdn.loader import DataRootError, find_data_root, load

    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    return load(root)


def pick_plan(ds, plan_id: str | None, as_of: dt.date):
    from ttdn.plans import PlanNotFound, select_plan

    try:
        return select_plan(ds, plan_id, as_of)
    except PlanNotFound as exc:
        raise fail(str(exc)) from None


def require_clean(ds) -> None:
    """Refuse to compute on data with errors: print them and exit 1."""
    from ttdn.validate import validate

    errors = [p for p in validate(ds) if p.severity == "error"]
    if errors:
        for p in errors[:20]:
            print(p.format(), file=sys.stderr)
        more = f" (và {len(errors) - 20} lỗi khác)" if len(errors) > 20 else ""
        print(
            f"ttdn: dữ liệu có {len(errors)} lỗi{more}; chạy “ttdn validate” để xem và sửa.",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PROBLEMS)


def resolve_agency(ds, query: str) -> str:
    from ttdn.progress import find_agency

    slug, close = find_agency(ds, query)
    if slug is None:
        hint = ""
        if close:
            hint = " Gần giống: " + ", ".join(f"{s} ({ds.agencies[s].name})" for s in close) + "."
        raise fail(f"không có cơ quan “{query}”.{hint}")
    return slug


# --------------------------------------------------------------------------- validate


@app.command()
def validate(
    data: DataOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="text hoặc json.")] = Fmt.text,
    as_of: AsOfOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là lỗi.")] = False,
) -> None:
    """Kiểm tra mọi tệp dữ liệu; mỗi lỗi một dòng tệp:dòng:cột."""
    from ttdn.problems import to_json
    from ttdn.validate import has_errors
    from ttdn.validate import validate as run

    ds = open_data(data)
    problems = run(ds, as_of=parse_as_of(as_of) if as_of else None)
    if fmt is Fmt.json:
        print(to_json(problems))
    else:
        for p in problems:
            print(p.format())
        n_err = sum(p.severity == "error" for p in problems)
        n_warn = len(problems) - n_err
        files = len(ds.sources)
        if problems:
            print(f"{n_err} lỗi, {n_warn} cảnh báo trong {files} tệp.", file=sys.stderr)
        else:
            print(
                f"Dữ liệu hợp lệ: {files} tệp, {len(ds.agencies)} cơ quan, "
                f"{sum(len(p.tasks) for p in ds.plans.values())} nhiệm vụ.",
                file=sys.stderr,
            )
    raise typer.Exit(EXIT_PROBLEMS if has_errors(problems, strict) else EXIT_OK)


# --------------------------------------------------------------------------- status


@app.command()
def status(
    agency: Annotated[
        str | None,
        typer.Option("--agency", "-a", help="Mã hoặc tên cơ quan.", show_default=False),
    ] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    data: DataOpt = None,
) -> None:
    """Nhiệm vụ của một cơ quan: việc chủ trì, việc phối hợp, hạn, quá hạn, báo cáo."""
    from ttdn import contract
    from ttdn.progress import coordinated_by, led_by, plan_status, report_status

    day = parse_as_of(as_of)
    ds = open_data(data)
    require_clean(ds)
    pd = pick_plan(ds, plan, day)
    statuses = plan_status(pd, day, ds)
    if agency is None:
        from ttdn.summary import agency_summaries

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
        from ttdn.display import console, plan_header
        from ttdn.summary import summary_table

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
    from ttdn.display import console, plan_header, report_line, rollup_note, task_table

    con = console()
    a = ds.agencies[slug]
    con.print(f"{a.name} ({slug})", style="bold", markup=False)
    plan_header(con, ds, pd, day)
    late = sum(s.overdue for s in led)
    con.print(
        f"Chủ trì {len(led)} nhiệm vụ, phối hợp {len(coord)} nhiệm vụ; {late} nhiệm vụ quá hạn.",
        markup=False,
    )
    if led:
        con.print(task_table("Nhiệm vụ chủ trì", led))
    else:
        con.print("Không chủ trì nhiệm vụ nào trong phụ lục.", markup=False)
    if coord:
        con.print(task_table("Nhiệm vụ phối hợp", coord))
    note = rollup_note(led + coord)
    if note:
        con.print(note, markup=False)
    con.print("Báo cáo định kỳ:", style="bold", markup=False)
    if not reports:
        con.print("  Cơ quan này không thuộc diện báo cáo theo kế hoạch.", markup=False)
    for r in reports:
        con.print("  ", report_line(r))


# --------------------------------------------------------------------------- overdue


@app.command()
def overdue(
    as_of: AsOfOpt = None,
    agency: Annotated[
        str | None, typer.Option("--agency", "-a", help="Chỉ một cơ quan.", show_default=False)
    ] = None,
    plan: PlanOpt = None,
    fmt: Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")] = TableFmt.table,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Thoát mã 1 nếu danh sách không rỗng.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Mọi nhiệm vụ quá hạn chưa xong và báo cáo chưa gửi quá hạn, quá hạn lâu nhất trước."""
    from ttdn import contract
    from ttdn.progress import overdue_items

    day = parse_as_of(as_of)
    ds = open_data(data)
    require_clean(ds)
    pd = pick_plan(ds, plan, day)
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
        from ttdn.display import console, overdue_table, plan_header

        con = console()
        plan_header(con, ds, pd, day)
        if items:
            n_t = sum(i.kind == "task" for i in items)
            con.print(
                f"{n_t} nhiệm vụ quá hạn, {len(items) - n_t} báo cáo chưa gửi quá hạn.",
                markup=False,
            )
            con.print(overdue_table(ds, items))
        else:
            con.print("Không có việc nào quá hạn.", markup=False)
    if fail_if_any and items:
        raise typer.Exit(EXIT_PROBLEMS)


# --------------------------------------------------------------------------- progress


@progress_app.command("set")
def progress_set(
    task_id: Annotated[
        str, typer.Argument(help="Mã nhiệm vụ (ví dụ dl-01) hoặc số thứ tự (III.1).")
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
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency", "-a", help="Cơ quan ghi (mặc định: cơ quan chủ trì).", show_default=False
        ),
    ] = None,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Ghi thêm một lần cập nhật tiến độ vào tệp của cơ quan (chỉ thêm dòng, ghi an toàn)."""
    from ttdn.record import RecordError, append_entry

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
    print(f"Đã ghi tiến độ {entry['task']} ({entry['status']}) ngày {day:%d/%m/%Y} vào {path}")


# --------------------------------------------------------------------------- plan

plan_app = typer.Typer(
    help="Tạo kế hoạch mới từ kế hoạch có sẵn.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(plan_app, name="plan")


@plan_app.command("new")
def plan_new(
    from_: Annotated[str, typer.Option("--from", help="Mã kế hoạch gốc (ví dụ ha-noi-2026).")],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Tạo kế hoạch của cơ quan này, căn cứ kế hoạch gốc.",
            show_default=False,
        ),
    ] = None,
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

    from ttdn.scaffold import ScaffoldError, agency_plan, next_year_plan

    if (agency is None) == (year is None):
        raise fail("cần đúng một trong hai tuỳ chọn --agency hoặc --year")
    if plan_id is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plan_id):
        raise fail(f"--id “{plan_id}” không hợp lệ: chỉ dùng chữ thường không dấu, số và “-”")
    ds = open_data(data)
    require_clean(ds)
    source = pick_plan(ds, from_, dt.date.today())
    try:
        if agency is not None:
            slug = resolve_agency(ds, agency)
            new_id, files = agency_plan(ds, source, slug, plan_id)
        else:
            new_id, files = next_year_plan(ds, source, year, plan_id)  # type: ignore[arg-type]
    except ScaffoldError as exc:
        raise fail(str(exc)) from None
    print(f"Đã tạo kế hoạch “{new_id}”:")
    for rel in files:
        print(f"  {rel}")
    print("Hãy biên soạn lại nội dung, rồi chạy “ttdn validate”.")


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Thư mục mới để tạo sân chơi.")],
    data: DataOpt = None,
) -> None:
    """Tạo một thư mục thử nghiệm: kế hoạch thật + tiến độ MẪU, trong một kho git."""
    from ttdn.demo import DemoError, make_demo
    from ttdn.loader import DataRootError, find_data_root, shipped_data_root

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
    print(f"Đã tạo sân chơi tại {directory} (tiến độ trong đó là DỮ LIỆU MẪU).")
    print(f"Thử: cd {directory} && ttdn status --agency so-du-lich")


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: Vietnamese usage errors (exit 2), no tracebacks."""
    try:
        from typer._click import exceptions as cx  # typer ≥ 0.22 vendors click
    except ImportError:  # pragma: no cover
        from click import exceptions as cx  # type: ignore[no-redef]
    cmd = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    try:
        rv = cmd.main(args=args, prog_name="ttdn", standalone_mode=False)
    except cx.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except cx.UsageError as exc:
        hint = f"\nXem: {exc.ctx.command_path} --help" if exc.ctx else ""
        print(f"ttdn: lỗi cách dùng: {_usage_vi(exc)}{hint}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("ttdn: đã dừng.", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
    except Exception as exc:  # an unexpected failure: a short message, details in a log file
        log = _write_crash_log(exc)
        print(
            f"ttdn: lỗi không lường trước ({type(exc).__name__}: {exc}).\n"
            f"Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người phát triển.",
            file=sys.stderr,
        )
        sys.exit(3)
    sys.exit(rv if isinstance(rv, int) else 0)


def _write_crash_log(exc: BaseException) -> str:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="ttdn-loi-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(" ".join(sys.argv) + "\n\n")
        f.write("".join(traceback.format_exception(exc)))
    return path


def _usage_vi(exc) -> str:
    """Click's usage messages, in Vietnamese for the common cases."""
    import re

    msg = exc.format_message()
    patterns = [
        (
            r"No such option: (\S+)(?:\s+Did you mean (\S+)\?)?",
            lambda m: (
                f"không có tuỳ chọn {m.group(1)}"
                + (f"; có phải ý bạn là {m.group(2)}?" if m.group(2) else "")
            ),
        ),
        (r"No such command '([^']+)'", lambda m: f"không có lệnh “{m.group(1)}”"),
        (r"Missing argument '([^']+)'", lambda m: f"thiếu tham số {m.group(1)}"),
        (r"Missing option '([^']+)'", lambda m: f"thiếu tuỳ chọn {m.group(1)}"),
        (
            r"Option '([^']+)' requires an argument",
            lambda m: f"tuỳ chọn {m.group(1)} cần một giá trị",
        ),
        (
            r"Invalid value for '([^']+)': '([^']*)' is not one of (.*)\.",
            lambda m: (
                f"giá trị “{m.group(2)}” không hợp lệ cho {m.group(1)}; chọn một trong {m.group(3)}"
            ),
        ),
        (
            r"Invalid value for '([^']+)': (.*)",
            lambda m: f"giá trị không hợp lệ cho {m.group(1)}: {m.group(2)}",
        ),
        (r"Got unexpected extra arguments? \((.*)\)", lambda m: f"thừa tham số: {m.group(1)}"),
    ]
    for pat, repl in patterns:
        m = re.search(pat, msg)
        if m:
            return repl(m)
    return msg


if __name__ == "__main__":  # pragma: no cover
    main()
