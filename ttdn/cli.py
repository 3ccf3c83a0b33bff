"""The ``ttdn`` command line: parses options, calls the library, prints.

Heavy modules (docx, docxtpl, jinja2, openpyxl, rich) are imported inside the commands that
need them so that ``ttdn --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import gc
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


def complete_agency(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --agency: agency slugs, from file names only (no YAML parsing)."""
    from ttdn.completion import agency_slugs, data_root

    return agency_slugs(data_root(ctx.params.get("data")), incomplete)


def complete_plan(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --plan: plan folder names."""
    from ttdn.completion import data_root, plan_ids

    return plan_ids(data_root(ctx.params.get("data")), incomplete)


def complete_task(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a task: ids (with their printed number) of the plan in use."""
    from ttdn.completion import data_root, default_plan, task_ids

    root = data_root(ctx.params.get("data"))
    plan = ctx.params.get("plan")
    if not plan:
        try:
            day = dt.date.fromisoformat(str(ctx.params.get("date") or "").strip())
        except ValueError:
            day = None
        plan = default_plan(root, day)
    return task_ids(root, plan, incomplete)


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
        autocompletion=complete_plan,
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
    ds = load(root)
    # The dataset lives until the command ends: keep the cyclic collector from walking it
    # again and again while the command computes (−15% on status and report at city scale).
    gc.freeze()
    return ds


def pick_plan(ds, plan_id: str | None, as_of: dt.date):
    from ttdn.plans import PlanNotFound, select_plan

    try:
        return select_plan(ds, plan_id, as_of)
    except PlanNotFound as exc:
        raise fail(str(exc)) from None


def require_clean(ds) -> None:
    """Refuse to compute on data with errors: print them and exit 1."""
    from ttdn.cache import validate  # remembered for unchanged data

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
    from ttdn.cache import validate as run  # remembered for unchanged data
    from ttdn.problems import to_json
    from ttdn.validate import has_errors

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
        typer.Option(
            "--agency",
            "-a",
            help="Mã hoặc tên cơ quan.",
            show_default=False,
            autocompletion=complete_agency,
        ),
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
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Chỉ một cơ quan.",
            show_default=False,
            autocompletion=complete_agency,
        ),
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
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Cơ quan ghi (mặc định: cơ quan chủ trì).",
            show_default=False,
            autocompletion=complete_agency,
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
    from_: Annotated[
        str,
        typer.Option(
            "--from", help="Mã kế hoạch gốc (ví dụ ha-noi-2026).", autocompletion=complete_plan
        ),
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Tạo kế hoạch của cơ quan này, căn cứ kế hoạch gốc.",
            show_default=False,
            autocompletion=complete_agency,
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


# --------------------------------------------------------------------------- git: fmt, diff, log


class DiffFmt(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _git_context(data: Path | None):
    """(data root, repository root, data root inside the repository); usage errors exit 2."""
    from ttdn.gitrepo import GitError, prefix_of, toplevel
    from ttdn.loader import DataRootError, find_data_root

    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    try:
        repo = toplevel(root)
    except GitError as exc:
        raise fail(str(exc)) from None
    return root, repo, prefix_of(repo, root)


@app.command("fmt")
def fmt_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Tệp hoặc thư mục (mặc định: thư mục dữ liệu).", show_default=False),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Không sửa gì: liệt kê các tệp cần định dạng lại, mã 1 nếu có."
        ),
    ] = False,
    rewrap: Annotated[
        bool,
        typer.Option(
            "--rewrap",
            help="Ngắt dòng lại toàn bộ các đoạn văn dài (mặc định: giữ chỗ ngắt dòng đang có).",
        ),
    ] = False,
    data: DataOpt = None,
) -> None:
    """Viết lại tệp dữ liệu theo một cách trình bày chuẩn (giữ nguyên dữ liệu và chú thích)."""
    from ttdn.fmt import expand, format_file
    from ttdn.loader import DataRootError, find_data_root

    if not paths:
        try:
            paths = [find_data_root(data)]
        except DataRootError as exc:
            raise fail(str(exc)) from None
    try:
        files = expand(paths)
    except FileNotFoundError as exc:
        raise fail(f"không có tệp hay thư mục “{exc}”") from None
    changed, broken = [], []
    for path in files:
        res = format_file(path, check=check, rewrap=rewrap)
        shown = os.path.relpath(path)
        if res.problems:
            broken.append(path)
            for p in res.problems:
                print(f"{shown}{p.format()[len(p.file) :]}", file=sys.stderr)
        elif res.changed:
            changed.append(path)
            print(shown)
    n = len(files)
    if broken:
        print(
            f"ttdn: không định dạng được {len(broken)} tệp có lỗi (xem ở trên); "
            "các tệp đó giữ nguyên.",
            file=sys.stderr,
        )
    if check:
        if changed:
            print(
                f"{len(changed)}/{n} tệp chưa đúng cách trình bày chuẩn; chạy “ttdn fmt” để sửa.",
                file=sys.stderr,
            )
        elif not broken:
            which = "Tệp" if n == 1 else f"Cả {n} tệp"
            print(f"{which} đã đúng cách trình bày chuẩn.", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS if changed or broken else EXIT_OK)
    print(f"Đã định dạng lại {len(changed)}/{n} tệp.", file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS if broken else EXIT_OK)


def _rev_pair(rev_a: str | None, rev_b: str | None) -> tuple[str, str | None, bool]:
    """(base, other or None for the working tree, base is a merge base of the two)."""
    if rev_a and "..." in rev_a:
        if rev_b:
            raise fail("dùng “A...B” hoặc hai phiên bản “A B”, không dùng cả hai")
        a, _, b = rev_a.partition("...")
        return a or "HEAD", b or "HEAD", True
    if rev_a and ".." in rev_a:
        if rev_b:
            raise fail("dùng “A..B” hoặc hai phiên bản “A B”, không dùng cả hai")
        a, _, b = rev_a.partition("..")
        return a or "HEAD", b or "HEAD", False
    return rev_a or "HEAD", rev_b, False


@app.command("diff")
def diff_command(
    rev_a: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_A",
            help="Phiên bản gốc (mặc định HEAD); nhận cả dạng A..B và A...B.",
            show_default=False,
        ),
    ] = None,
    rev_b: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_B",
            help="Phiên bản để so sánh (mặc định: thư mục làm việc).",
            show_default=False,
        ),
    ] = None,
    out_format: Annotated[
        DiffFmt, typer.Option("--format", help="text, markdown (dán vào merge request) hoặc json.")
    ] = DiffFmt.text,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Chỉ một kế hoạch.", show_default=False)
    ] = None,
    data: DataOpt = None,
) -> None:
    """Thay đổi dữ liệu giữa hai phiên bản git, bằng lời: nhiệm vụ, tiến độ, cơ quan."""
    from ttdn import semdiff
    from ttdn.gitrepo import GitError, Reader, resolve, run_git, short
    from ttdn.loader import load

    root, repo, prefix = _git_context(data)
    a, b, merge_base = _rev_pair(rev_a, rev_b)
    try:
        sha_a = resolve(repo, a)
        sha_b = resolve(repo, b) if b is not None else None
        if merge_base and sha_b is not None:
            sha_a = run_git(repo, ["merge-base", sha_a, sha_b]).decode().strip()
        reader = Reader(repo, prefix)
        old = reader.dataset(sha_a)
        new = reader.dataset(sha_b) if sha_b is not None else load(root)
        before = semdiff.Side(a, sha_a, short(repo, sha_a))
        after = (
            semdiff.Side(b, sha_b, short(repo, sha_b))
            if sha_b is not None
            else semdiff.Side("thư mục làm việc")
        )
    except GitError as exc:
        raise fail(str(exc)) from None
    if plan is not None and plan not in old.plans and plan not in new.plans:
        from ttdn.text import did_you_mean

        raise fail(
            f"không có kế hoạch “{plan}”.{did_you_mean(plan, set(old.plans) | set(new.plans))}"
        )
    rep = semdiff.build_report(old, new, before, after, plan=plan)
    for w in rep.warnings:
        print(f"ttdn: cảnh báo: {w}", file=sys.stderr)
    if out_format is DiffFmt.markdown:
        sys.stdout.write(semdiff.render_markdown(rep))
    elif out_format is DiffFmt.json:
        print(semdiff.render_json(rep))
    else:
        sys.stdout.write(semdiff.render_text(rep))


@app.command("log")
def log_command(
    task_id: Annotated[
        str, typer.Argument(help="Mã nhiệm vụ (ví dụ vhtt-01) hoặc số thứ tự hiện nay (I.1).")
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Chỉ trong kế hoạch này.", show_default=False)
    ] = None,
    out_format: Annotated[Fmt, typer.Option("--format", help="text hoặc json.")] = Fmt.text,
    data: DataOpt = None,
) -> None:
    """Lịch sử một nhiệm vụ qua các commit, mới nhất trước (theo mã ổn định của nhiệm vụ)."""
    from ttdn import semdiff
    from ttdn.gitrepo import GitError, resolve
    from ttdn.loader import load
    from ttdn.text import suggest

    root, repo, prefix = _git_context(data)
    current = load(root)
    plans = [p for pid, p in current.plans.items() if plan is None or pid == plan]
    key = task_id.strip()
    if not any(key in p.tasks for p in plans):
        by_ref = [
            (p.id, tr.task.id)
            for p in plans
            for tr in p.tasks.values()
            if tr.task.ref.lower() == key.lower()
        ]
        if len(by_ref) == 1:
            plan, key = by_ref[0]
    try:
        resolve(repo, "HEAD")
        items = semdiff.task_history(repo, prefix, key, plan=plan)
    except GitError as exc:
        raise fail(str(exc)) from None
    if not items and not any(key in p.tasks for p in plans):
        ids = {i for p in plans for i in p.tasks}
        close = suggest(key, ids)
        hint = (" Gần giống: " + ", ".join(close) + ".") if close else ""
        raise fail(f"không có nhiệm vụ “{task_id}” trong dữ liệu hiện tại hay lịch sử git.{hint}")
    if out_format is Fmt.json:
        print(semdiff.render_history_json(key, items))
        return
    refs = [p.tasks[key].task.ref for p in plans if key in p.tasks]
    title = f"{refs[0]} [{key}]" if len(refs) == 1 else f"[{key}]"
    show_plan = len({c.plan for it in items for c in it.changes}) > 1
    sys.stdout.write(semdiff.render_history_text(key, title, items, show_plan))


@app.command("git-setup")
def git_setup(data: DataOpt = None) -> None:
    """Cấu hình kho git để git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc."""
    import shlex
    import shutil

    from ttdn.gitrepo import GitError, setup

    root, repo, prefix = _git_context(data)
    if shutil.which("ttdn"):
        command = "ttdn textconv"
    elif Path(sys.argv[0]).name == "ttdn":
        command = f"{shlex.quote(str(Path(sys.argv[0]).resolve()))} textconv"
    else:
        command = f"{shlex.quote(sys.executable)} -m ttdn textconv"
    try:
        res = setup(repo, prefix, command)
    except (GitError, OSError) as exc:
        raise fail(str(exc)) from None
    print(f"Kho git {repo}:")
    print(
        f"  .gitattributes: {res.attributes_line} "
        f"({'đã thêm' if res.attributes_added else 'đã có sẵn'})"
    )
    print(
        f'  git config diff.ttdn.textconv "{res.textconv}" '
        f"({'đã đặt' if res.textconv_changed else 'đã có sẵn'})"
    )
    print(
        "Từ nay git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc; hãy commit tệp "
        ".gitattributes để cả nhóm cùng dùng (mỗi người chạy “ttdn git-setup” một lần)."
    )


@app.command("textconv", hidden=True)
def textconv(file: Annotated[Path, typer.Argument(help="Tệp dữ liệu (git truyền vào).")]) -> None:
    """Văn bản dễ đọc của một tệp dữ liệu, cho git diff (diff.ttdn.textconv)."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(f"không đọc được tệp “{file}” ({exc.strerror})") from None
    try:
        from ttdn.loader import DataRootError, find_data_root
        from ttdn.semdiff import agency_names, readable

        try:
            names = agency_names(find_data_root(None))
        except DataRootError:
            names = {}
        out = readable(raw, names).encode("utf-8")
    except Exception:  # never break git diff: show the file as it is
        out = raw
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(out)
        buffer.flush()
    else:  # stdout replaced by a text stream (tests)
        sys.stdout.write(out.decode("utf-8", "replace"))


# --------------------------------------------------------------------------- export, import, schema

export_app = typer.Typer(
    help="Xuất phụ lục nhiệm vụ: bảng tính Excel (kèm cột để cơ quan điền), lịch (.ics).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Nhập tiến độ từ bảng tính Excel đã điền.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Tệp sẽ ghi.", show_default=False)]


def _check_out(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise fail(f"tệp ra “{path}” phải có đuôi {suffix}")
    if not path.parent.is_dir():
        raise fail(f"không có thư mục “{path.parent}” để ghi “{path.name}”")
    if path.is_dir():
        raise fail(f"“{path}” là một thư mục")
    return path


def _write_out(path: Path, data: bytes) -> None:
    """Write an exported file atomically; a write error exits 1 with a Vietnamese message."""
    from ttdn.fsutil import atomic_write_bytes

    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise fail(f"không ghi được “{path}”: {exc.strerror or exc}", EXIT_PROBLEMS) from None


@export_app.command("xlsx")
def export_xlsx(
    out: OutOpt,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Chỉ nhiệm vụ (chủ trì, phối hợp) và báo cáo của cơ quan này.",
            show_default=False,
            autocompletion=complete_agency,
        ),
    ] = None,
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
) -> None:
    """Phụ lục nhiệm vụ kèm trạng thái ra tệp Excel, có cột để cơ quan điền tiến độ."""
    from ttdn.xlsx import export_workbook

    _check_out(out, ".xlsx")
    day = parse_as_of(as_of)
    ds = open_data(data)
    require_clean(ds)
    pd = pick_plan(ds, plan, day)
    slug = resolve_agency(ds, agency) if agency else None
    _write_out(out, export_workbook(ds, pd, day, slug))
    who = f" của {ds.agencies[slug].name}" if slug else ""
    sample = " (DỮ LIỆU MẪU)" if ds.is_sample else ""
    print(f"Đã ghi {out}: nhiệm vụ{who} trong {pd.id}, tính đến {day:%d/%m/%Y}{sample}.")
    print(f"Cơ quan điền các cột bên phải rồi gửi lại; nhập bằng: ttdn import xlsx {out}")


@export_app.command("ics")
def export_ics(
    out: OutOpt,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Chỉ hạn của cơ quan này (nhiệm vụ chủ trì, phối hợp và báo cáo).",
            show_default=False,
            autocompletion=complete_agency,
        ),
    ] = None,
    plan: PlanOpt = None,
    data: DataOpt = None,
) -> None:
    """Mọi hạn nhiệm vụ và hạn báo cáo ra tệp lịch .ics (Outlook, Google Calendar…)."""
    from ttdn.ics import export_calendar

    _check_out(out, ".ics")
    ds = open_data(data)
    require_clean(ds)
    pd = pick_plan(ds, plan, parse_as_of(None))
    slug = resolve_agency(ds, agency) if agency else None
    text, n = export_calendar(ds, pd, slug)
    _write_out(out, text.encode("utf-8"))
    print(f"Đã ghi {out}: {n} sự kiện (hạn nhiệm vụ, hạn báo cáo) của {pd.id}.")


@import_app.command("xlsx")
def import_xlsx(
    file: Annotated[Path, typer.Argument(help="Tệp Excel đã điền (xuất bằng ttdn export xlsx).")],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Cơ quan ghi (mặc định: cơ quan của tệp, hoặc cơ quan chủ trì).",
            show_default=False,
            autocompletion=complete_agency,
        ),
    ] = None,
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
    from ttdn.progress import today
    from ttdn.xlsx import XlsxError, import_workbook

    if not file.is_file():
        raise fail(f"không có tệp “{file}”")
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
        print(f"Không có dòng nào được điền trong {file}; không ghi gì.")
        return
    verb = "Sẽ ghi" if dry_run else "Đã ghi"
    for rel, entry in res.entries:
        print(
            f"{verb} tiến độ {entry['task']} ({entry['status']}) ngày {entry['date']:%d/%m/%Y} "
            f"vào {rel}"
        )
    if dry_run:
        print(f"Chạy thử: {len(res.entries)} lần cập nhật hợp lệ; chưa ghi gì.")


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
    from ttdn.jsonschema_export import SCHEMA_DIR, write_schemas

    if out is None:
        from ttdn.loader import DataRootError, find_data_root

        try:
            out = find_data_root(data).parent / SCHEMA_DIR
        except DataRootError as exc:
            raise fail(f"{exc}; hoặc chỉ thư mục ghi bằng --out") from None
    for path in write_schemas(out):
        print(f"Đã ghi {path}")


# --------------------------------------------------------------------------- report, template

report_app = typer.Typer(
    help="Xuất văn bản Word (.docx) theo Nghị định 30/2020: báo cáo 6 tháng, báo cáo năm, "
    "công văn đôn đốc.",
    rich_markup_mode=None,
)
app.add_typer(report_app, name="report")
template_app = typer.Typer(
    help="Mẫu văn bản Word (templates/*.docx).", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(template_app, name="template")


class TemplateKind(StrEnum):
    agency = "agency"
    city = "city"
    reminder = "reminder"


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Tệp .docx sẽ ghi (mặc định: tên theo kỳ và cơ quan, trong thư mục hiện tại).",
        show_default=False,
    ),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template", help="Mẫu .docx thay cho mẫu có sẵn trong templates/.", show_default=False
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Lấy dữ liệu như ở phiên bản git này (commit, nhánh, thẻ, HEAD~1…).",
        show_default=False,
    ),
]
NumberOpt = Annotated[
    str | None,
    typer.Option(
        "--number",
        help="Số văn bản (ví dụ 125, hoặc 125/BC-SDL); mặc định để trống “…”.",
        show_default=False,
    ),
]
DocDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Ngày ban hành (YYYY-MM-DD); mặc định để trống “ngày … tháng …”.",
        show_default=False,
    ),
]
SignerOpt = Annotated[
    str | None,
    typer.Option("--signer", help="Họ và tên người ký; mặc định để trống.", show_default=False),
]
SignerTitleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--signer-title",
        help="Quyền hạn, chức vụ người ký, mỗi lần một dòng "
        "(mặc định theo loại cơ quan, ví dụ GIÁM ĐỐC).",
        show_default=False,
    ),
]

_REPORT_DELAY = 0.4  # seconds before a progress bar appears on a terminal


class _Steps:
    """A transient progress bar (rich) on a terminal, shown only when the work takes longer
    than a moment; nothing at all when stdout is not a terminal."""

    def __init__(self, total: int) -> None:
        import threading

        self.total, self.done, self.label = total, 0, ""
        self.enabled = sys.stdout.isatty()
        self.lock = threading.Lock()
        self.timer = threading.Timer(_REPORT_DELAY, self._show) if self.enabled else None
        self.progress = self.task = None
        self.finished = False

    def __enter__(self) -> _Steps:
        if self.timer is not None:
            self.timer.daemon = True
            self.timer.start()
        return self

    def _show(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with self.lock:
            if self.finished:
                return
            self.progress = Progress(
                TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True
            )
            self.task = self.progress.add_task(self.label, total=self.total, completed=self.done)
            self.progress.start()

    def step(self, label: str) -> None:
        with self.lock:
            if self.label:
                self.done += 1
            self.label = label
            if self.progress is not None:
                self.progress.update(self.task, description=label, completed=self.done)

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.finished = True
            if self.timer is not None:
                self.timer.cancel()
            if self.progress is not None:
                self.progress.update(self.task, completed=self.total)
                self.progress.stop()


def _doc_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    v = value.strip()
    try:
        if "/" in v:
            d, m, y = (int(x) for x in v.split("/"))
            return dt.date(y, m, d)
        return dt.date.fromisoformat(v)
    except ValueError:
        raise fail(
            f"--date “{value}” không phải ngày hợp lệ (YYYY-MM-DD, ví dụ 2026-07-05)"
        ) from None


def _check_output(path: Path, template: Path | None) -> Path:
    """Refuse, before any work, an output that cannot be written (exit 1) or is not a .docx
    (exit 2). Only this one file is ever written."""
    if path.suffix.lower() != ".docx":
        raise fail(f"tệp ra “{path}” phải có đuôi .docx")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise fail(
            f"không ghi được “{path}”: thư mục “{parent}” không tồn tại; hãy tạo thư mục "
            "trước hoặc chọn nơi khác bằng --output",
            EXIT_PROBLEMS,
        )
    if not parent.is_dir():
        raise fail(f"không ghi được “{path}”: “{parent}” không phải là thư mục", EXIT_PROBLEMS)
    if path.is_dir():
        raise fail(f"không ghi được “{path}”: đó là một thư mục", EXIT_PROBLEMS)
    if template is not None and path.exists() and path.resolve() == template.resolve():
        raise fail(f"tệp ra “{path}” trùng với tệp mẫu; hãy chọn tên khác", EXIT_PROBLEMS)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise fail(
            f"không ghi được “{path}”: không có quyền ghi vào thư mục “{parent}”", EXIT_PROBLEMS
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise fail(f"không ghi được “{path}”: tệp đang ở chế độ chỉ đọc", EXIT_PROBLEMS)
    return path


def _load_at(data: Path | None, at: str | None):
    """The dataset from the data root, or as it was in git revision ``at`` (errors exit 2)."""
    if at is None:
        return open_data(data)
    from ttdn.gitdata import GitDataError, read_tree
    from ttdn.loader import DataRootError, find_data_root, load

    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    try:
        files = read_tree(root, at, root)
    except GitDataError as exc:
        raise fail(str(exc)) from None
    return load(root, files=files)


def _template_bytes(kind: str, template: Path | None) -> bytes:
    from ttdn.templategen import shipped_template

    if template is None:
        return shipped_template(kind)
    try:
        return template.read_bytes()
    except IsADirectoryError:
        raise fail(f"--template “{template}” là một thư mục, không phải tệp .docx") from None
    except OSError as exc:
        raise fail(f"không đọc được mẫu “{template}” ({exc.strerror})") from None


def _print_template_problems(file: str, problems) -> None:
    for p in problems:
        print(p.format(file), file=sys.stderr)
    print(
        f"ttdn: mẫu “{file}” có {len(problems)} lỗi; chưa ghi tệp nào. "
        "Xem templates/README.md để biết các biến dùng được.",
        file=sys.stderr,
    )


def _make_document(
    kind: str,
    *,
    period_text: str | None,
    agency: str | None,
    output: Path | None,
    template: Path | None,
    as_of: str | None,
    plan: str | None,
    at: str | None,
    number: str | None,
    date: str | None,
    signer: str | None,
    signer_title: list[str] | None,
    data: Path | None,
) -> None:
    from ttdn.reports import DocOptions, ReportError, default_filename, parse_period

    day = parse_as_of(as_of)
    period = None
    if kind != "reminder":
        try:
            period = parse_period(period_text or "")
        except ReportError as exc:
            raise fail(str(exc)) from None
    opts = DocOptions(
        number=number, date=_doc_date(date), signer=signer, signer_title=list(signer_title or [])
    )
    if output is not None:
        _check_output(output, template)
    with _Steps(5) as steps:
        steps.step("Đọc dữ liệu")
        ds = _load_at(data, at)
        require_clean(ds)
        pd = pick_plan(ds, plan, period.end if period else day)
        slug = resolve_agency(ds, agency) if agency else None
        out = output or Path(default_filename(kind, period, slug, day))
        if output is None:
            _check_output(out, template)
        steps.step("Kiểm tra mẫu")
        from ttdn.docx_render import TemplateProblemError, check_template, render

        tpl = _template_bytes(kind, template)
        shown = str(template) if template else f"mẫu có sẵn ({kind})"
        _, problems = check_template(tpl, kind)
        if problems:
            _print_template_problems(shown, problems)
            raise typer.Exit(EXIT_PROBLEMS)
        steps.step("Tổng hợp số liệu")
        from ttdn import reports

        try:
            if kind == "agency":
                ctx = reports.agency_report_context(ds, pd, slug, period, day, opts)
            elif kind == "city":
                ctx = reports.city_report_context(ds, pd, period, day, opts)
            else:
                ctx = reports.reminder_context(ds, pd, slug, day, opts)
        except ReportError as exc:
            raise fail(str(exc)) from None
        steps.step("Điền mẫu")
        try:
            content = render(tpl, ctx, reports.report_title(ctx, kind))
        except TemplateProblemError as exc:
            _print_template_problems(shown, exc.problems)
            raise typer.Exit(EXIT_PROBLEMS) from None
        steps.step("Ghi tệp")
        from ttdn.fsutil import atomic_write_bytes

        try:
            atomic_write_bytes(out, content)
        except PermissionError:
            raise fail(f"không ghi được “{out}”: không có quyền ghi", EXIT_PROBLEMS) from None
        except FileNotFoundError:
            raise fail(f"không ghi được “{out}”: thư mục không tồn tại", EXIT_PROBLEMS) from None
        except OSError as exc:
            raise fail(f"không ghi được “{out}”: {exc.strerror or exc}", EXIT_PROBLEMS) from None
    what = {"agency": "báo cáo", "city": "báo cáo tổng hợp", "reminder": "công văn đôn đốc"}[kind]
    mark = " (DỮ LIỆU MẪU)" if ds.is_sample else ""
    print(f"Đã ghi {what}{mark}: {out}")
    if kind == "reminder" and not ctx["has_items"]:
        print(
            f"ttdn: lưu ý: {ctx['recipient']['name']} không có việc quá hạn đến ngày "
            f"{ctx['as_of']}.",
            file=sys.stderr,
        )


@report_app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="Kỳ báo cáo: 2026-H1 (6 tháng) hoặc 2026 (năm).",
            show_default=False,
        ),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Báo cáo của cơ quan này; không có: báo cáo tổng hợp của "
            "Thành phố (Sở Văn hoá và Thể thao).",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    template: TemplateOpt = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    at: AtOpt = None,
    number: NumberOpt = None,
    date: DocDateOpt = None,
    signer: SignerOpt = None,
    signer_title: SignerTitleOpt = None,
    data: DataOpt = None,
) -> None:
    """Báo cáo Word (.docx) kết quả thực hiện Kế hoạch 6 tháng hoặc năm; lệnh con reminder:
    công văn đôn đốc."""
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise fail("thiếu --period (ví dụ: ttdn report --period 2026-H1 --agency so-du-lich)")
    _make_document(
        "agency" if agency else "city",
        period_text=period,
        agency=agency,
        output=output,
        template=template,
        as_of=as_of,
        plan=plan,
        at=at,
        number=number,
        date=date,
        signer=signer,
        signer_title=signer_title,
        data=data,
    )


@report_app.command("reminder")
def report_reminder(
    agency: Annotated[str, typer.Option("--agency", "-a", help="Cơ quan được đôn đốc.")],
    output: OutputOpt = None,
    template: TemplateOpt = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    at: AtOpt = None,
    number: NumberOpt = None,
    date: DocDateOpt = None,
    signer: SignerOpt = None,
    signer_title: SignerTitleOpt = None,
    data: DataOpt = None,
) -> None:
    """Công văn đôn đốc (.docx) của Sở Văn hoá và Thể thao gửi một cơ quan: nhiệm vụ quá hạn,
    báo cáo chưa gửi."""
    _make_document(
        "reminder",
        period_text=None,
        agency=agency,
        output=output,
        template=template,
        as_of=as_of,
        plan=plan,
        at=at,
        number=number,
        date=date,
        signer=signer,
        signer_title=signer_title,
        data=data,
    )


@template_app.command("check")
def template_check(
    file: Annotated[Path, typer.Argument(help="Tệp mẫu .docx.")],
    kind: Annotated[
        TemplateKind | None,
        typer.Option(
            "--kind",
            help="Loại mẫu: agency, city, reminder (mặc định: đoán theo tên tệp, "
            "rồi theo nội dung).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Kiểm tra một mẫu Word: lỗi cú pháp Jinja và biến không có trong danh sách (trước khi điền)."""
    from ttdn.docx_render import check_template, kind_label

    try:
        raw = file.read_bytes()
    except IsADirectoryError:
        raise fail(f"“{file}” là một thư mục, không phải tệp .docx") from None
    except OSError as exc:
        raise fail(f"không đọc được “{file}” ({exc.strerror})") from None
    chosen = kind.value if kind else None
    if chosen is None:
        name = file.name.lower()
        for key, k in (
            ("tong-hop", "city"),
            ("cong-van", "reminder"),
            ("don-doc", "reminder"),
            ("reminder", "reminder"),
            ("co-quan", "agency"),
        ):
            if key in name:
                chosen = k
                break
    found, problems = check_template(raw, chosen)
    if problems:
        for p in problems:
            print(p.format(str(file)), file=sys.stderr)
        which = f" ({kind_label(found)})" if found else ""
        print(f"ttdn: mẫu “{file}”{which} có {len(problems)} lỗi.", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)
    print(f"Mẫu hợp lệ: {file} ({kind_label(found)}).")


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: Vietnamese usage errors (exit 2), no tracebacks."""
    try:
        from typer._click import exceptions as cx  # typer ≥ 0.22 vendors click
    except ImportError:  # pragma: no cover
        from click import exceptions as cx  # type: ignore[no-redef]
    cmd = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    if _help_only(cmd, args):
        sys.exit(EXIT_OK)
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
    finally:
        gc.unfreeze()  # see open_data; matters only when main() runs inside a longer process
    sys.exit(rv if isinstance(rv, int) else 0)


def _help_only(cmd, args: list[str]) -> bool:
    """``ttdn [COMMAND…] --help``: print the help at once, as click would.

    On the normal path typer converts the options of every group on the way (the completion
    options of ``ttdn`` itself) through its pydantic-based adapters before it reaches
    ``--help``: ~0.1 s of imports for a help text."""
    if not args or args[-1] != "--help" or any(a.startswith("-") for a in args[:-1]):
        return False
    try:
        from typer._click import echo
    except ImportError:  # pragma: no cover
        from click import echo  # type: ignore[no-redef]
    ctx = cmd.context_class(cmd, info_name="ttdn", **cmd.context_settings)
    for name in args[:-1]:
        get = getattr(ctx.command, "get_command", None)
        sub = get(ctx, name) if get else None
        if sub is None:
            return False  # let click report the unknown command
        ctx = sub.context_class(sub, parent=ctx, info_name=name, **sub.context_settings)
    echo(ctx.get_help(), color=ctx.color)
    return True


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
