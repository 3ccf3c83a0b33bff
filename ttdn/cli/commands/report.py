"""``ttdn report`` and ``ttdn report reminder``: Word documents per Nghị định 30/2020."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_PROBLEMS,
    AsOfOpt,
    DataOpt,
    PlanOpt,
    app,
    check_output,
    clean_plan,
    fail,
    open_data,
    parse_as_of,
    read_input,
    resolve_agency,
    write_output,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _

report_app = Typer(
    help="Xuất văn bản Word (.docx) theo Nghị định 30/2020: báo cáo 6 tháng, báo cáo năm, "
    "công văn đôn đốc.",
    rich_markup_mode=None,
)
app.add_typer(report_app, name="report")

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Tệp .docx sẽ ghi (mặc định: tên theo kỳ và cơ quan, trong thư mục bao-cao/ "
        "cạnh thư mục dữ liệu, git bỏ qua).",
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

PdfOpt = Annotated[
    bool,
    typer.Option("--pdf", help="Ghi thêm bản PDF (cần LibreOffice)."),
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
    return None if value is None else parse_as_of(value, "--date")


def _load_at(data: Path | None, at: str | None):
    """The dataset from the data root, or as it was in git revision ``at`` (errors exit 2)."""
    if at is None:
        return open_data(data)
    from ttdn.data.gitdata import GitDataError, read_tree
    from ttdn.data.loader import DataRootError, find_data_root, load

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
    from ttdn.outputs.documents.kinds import shipped_template_path

    if template is None:
        shipped = shipped_template_path(kind)
        try:
            return shipped.read_bytes()
        except OSError as exc:
            raise fail(
                _("không đọc được mẫu “{path}” ({reason})", path=shipped, reason=exc.strerror)
            ) from None
    return read_input(template)


def _print_template_problems(file: str, problems) -> None:
    for p in problems:
        print(p.format(file), file=sys.stderr)
    print(
        _(
            "ttdn: mẫu “{file}” có {n} lỗi; chưa ghi tệp nào. "
            "Xem templates/README.md để biết các biến dùng được.",
            file=file,
            n=len(problems),
        ),
        file=sys.stderr,
    )


def _warn(message: str) -> None:
    print(_("ttdn: cảnh báo: {message}", message=message), file=sys.stderr)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it is inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _write_pdfs(paths: list[Path]) -> None:
    """``--pdf``: the PDF next to each written .docx (exit 1 with a clear message when
    LibreOffice is missing or fails; the .docx files stay)."""
    from ttdn.outputs.documents.pdf import PdfError, docx_to_pdf

    try:
        pdfs = docx_to_pdf(paths)
    except PdfError as exc:
        raise fail(str(exc), EXIT_PROBLEMS) from None
    for pdf in pdfs:
        print(_("Đã ghi PDF: {path}", path=_shown(pdf)))


def _checked_template(kind: str, template: Path | None) -> tuple[bytes, str]:
    """The template's bytes and its name as shown, after ``ttdn template check`` (its
    problems exit 1)."""
    from ttdn.outputs.documents.check import check_template

    tpl = _template_bytes(kind, template)
    shown = str(template) if template else _("mẫu có sẵn ({kind})", kind=kind)
    _kind, problems = check_template(tpl, kind)
    if problems:
        _print_template_problems(shown, problems)
        raise typer.Exit(EXIT_PROBLEMS)
    return tpl, shown


def _render(tpl: bytes, shown: str, ctx) -> bytes:
    from ttdn.outputs.documents.filenames import report_title
    from ttdn.outputs.documents.render import TemplateProblemError, render

    try:
        return render(tpl, ctx, report_title(ctx))
    except TemplateProblemError as exc:
        _print_template_problems(shown, exc.problems)
        raise typer.Exit(EXIT_PROBLEMS) from None


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
    pdf: bool = False,
) -> None:
    from ttdn.outputs.documents.contexts import DocOptions, option_warnings
    from ttdn.outputs.documents.filenames import default_filename, output_dir
    from ttdn.outputs.documents.period import ReportError, parse_period

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
        check_output(output, ".docx", template)
    with _Steps(5) as steps:
        steps.step(_("Đọc dữ liệu"))
        ds = _load_at(data, at)
        pd = clean_plan(ds, plan, period.end if period else day)
        slug = resolve_agency(ds, agency) if agency else None
        steps.step(_("Kiểm tra mẫu"))
        tpl, shown = _checked_template(kind, template)
        steps.step(_("Tổng hợp số liệu"))
        from ttdn.outputs.documents import contexts as reports

        try:
            if kind == "agency":
                ctx = reports.agency_report_context(ds, pd, slug, period, day, opts)
            elif kind == "city":
                ctx = reports.city_report_context(ds, pd, period, day, opts)
            else:
                ctx = reports.reminder_context(ds, pd, slug, day, opts)
        except ReportError as exc:
            raise fail(str(exc)) from None
        from ttdn.outputs.documents.context_types import ReminderContext

        if isinstance(ctx, ReminderContext) and not ctx.has_items:
            print(
                _(
                    "{agency} không có việc quá hạn hoặc báo cáo quá hạn chưa ghi nhận đã gửi đến ngày "
                    "{date}: không ghi công văn đôn đốc.",
                    agency=ctx.recipient.name,
                    date=ctx.as_of,
                )
            )
            return
        for w in option_warnings(ctx, opts, period.cutoff(day) if period else None):
            _warn(w)
        if output is None:
            out = output_dir(ds.root) / default_filename(kind, period, slug, day)
            check_output(out, ".docx", template)
        else:
            out = output
        steps.step(_("Điền mẫu"))
        content = _render(tpl, shown, ctx)
        steps.step(_("Ghi tệp"))
        write_output(out, content)
    mark = _(" (DỮ LIỆU MẪU)") if ds.is_sample else ""
    if kind == "agency":
        print(_("Đã ghi báo cáo{sample}: {path}", sample=mark, path=_shown(out)))
    elif kind == "city":
        print(_("Đã ghi báo cáo tổng hợp{sample}: {path}", sample=mark, path=_shown(out)))
    else:
        print(_("Đã ghi công văn đôn đốc{sample}: {path}", sample=mark, path=_shown(out)))
    if pdf:
        _write_pdfs([out])


def _all_reminders(
    *,
    out_dir: Path | None,
    template: Path | None,
    as_of: str | None,
    plan: str | None,
    at: str | None,
    date: str | None,
    signer: str | None,
    signer_title: list[str] | None,
    data: Path | None,
    pdf: bool,
) -> None:
    """``ttdn report reminder --all``: one letter per agency with something outstanding, and
    the mail-merge list (CSV) next to them."""
    from ttdn.outputs.documents import contexts as reports
    from ttdn.outputs.documents.filenames import default_filename, output_dir
    from ttdn.outputs.documents.mailmerge import reminder_list
    from ttdn.outputs.documents.period import ReportError
    from ttdn.outputs.words import agency_name

    day = parse_as_of(as_of)
    opts = reports.DocOptions(
        date=_doc_date(date), signer=signer, signer_title=list(signer_title or [])
    )
    if out_dir is not None and not out_dir.is_dir():
        raise fail(_("--out-dir “{path}” không phải một thư mục đã có", path=out_dir))
    ds = _load_at(data, at)
    pd = clean_plan(ds, plan, day)
    try:
        due = reports.outstanding(ds, pd, day)
    except ReportError as exc:
        raise fail(str(exc)) from None
    tpl, shown = _checked_template("reminder", template)
    folder = out_dir if out_dir is not None else output_dir(ds.root)
    rows, written = [], []
    with _Steps(len(due) + 1) as steps:
        for item in due:
            steps.step(agency_name(ds, item.slug))
            ctx = reports.reminder_context(ds, pd, item.slug, day, opts)
            path = folder / default_filename("reminder", None, item.slug, day)
            write_output(path, _render(tpl, shown, ctx))
            written.append(path)
            agency = ds.agencies.get(item.slug)
            rows.append(
                {
                    "agency": item.slug,
                    "name": agency_name(ds, item.slug),
                    "email": (agency.email or "") if agency else "",
                    "file": path.name,
                    "outstanding": item.summary,
                }
            )
        steps.step(_("Ghi tệp"))
        csv_path = folder / f"cong-van-don-doc-ttdn-{day.isoformat()}.csv"
        write_output(csv_path, reminder_list(rows))
    mark = _(" (DỮ LIỆU MẪU)") if ds.is_sample else ""
    print(
        _(
            "Đã ghi {n} công văn đôn đốc{sample} vào {folder}; danh sách để trộn thư: {csv}",
            n=len(written),
            sample=mark,
            folder=_shown(folder),
            csv=csv_path.name,
        )
    )
    subjects = reports.reminder_subjects(ds, pd)
    quiet = [s for s in subjects if s not in {i.slug for i in due}]
    if quiet:
        names = ", ".join(agency_name(ds, s) for s in quiet[:10])
        more = _(" và {n} cơ quan khác", n=len(quiet) - 10) if len(quiet) > 10 else ""
        print(
            _(
                "Không ghi công văn cho {n} cơ quan không có việc quá hạn hoặc báo cáo chưa "
                "gửi đến ngày {date}: {names}{more}.",
                n=len(quiet),
                date=f"{day:%d/%m/%Y}",
                names=names,
                more=more,
            )
        )
    if pdf:
        _write_pdfs(written)


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
    pdf: PdfOpt = False,
    data: DataOpt = None,
) -> None:
    """Báo cáo Word (.docx) kết quả thực hiện Kế hoạch 6 tháng hoặc năm; lệnh con reminder:
    công văn đôn đốc."""
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise fail(_("thiếu --period (ví dụ: ttdn report --period 2026-H1 --agency so-du-lich)"))
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
        pdf=pdf,
    )


@report_app.command("reminder")
def report_reminder(
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency", "-a", help="Cơ quan được đôn đốc (hoặc --all).", show_default=False
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Mỗi cơ quan có việc quá hạn hoặc báo cáo quá hạn chưa ghi nhận đã gửi một "
            "công văn, kèm danh sách .csv để trộn thư.",
        ),
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="Thư mục ghi các công văn khi dùng --all (mặc định: bao-cao/ cạnh thư mục "
            "dữ liệu).",
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
    pdf: PdfOpt = False,
    data: DataOpt = None,
) -> None:
    """Công văn đôn đốc (.docx) của Sở Văn hoá và Thể thao gửi một cơ quan (hoặc mọi cơ
    quan có việc quá hạn, --all): nhiệm vụ quá hạn, báo cáo quá hạn chưa ghi nhận đã gửi."""
    if all_:
        if agency is not None or output is not None or number is not None:
            raise fail(
                _("--all không dùng cùng --agency, --output hay --number (mỗi công văn một số)")
            )
        _all_reminders(
            out_dir=out_dir,
            template=template,
            as_of=as_of,
            plan=plan,
            at=at,
            date=date,
            signer=signer,
            signer_title=signer_title,
            data=data,
            pdf=pdf,
        )
        return
    if agency is None:
        raise fail(_("thiếu --agency (hoặc --all để đôn đốc mọi cơ quan có việc quá hạn)"))
    if out_dir is not None:
        raise fail(_("--out-dir chỉ dùng cùng --all; với một cơ quan, dùng --output"))
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
        pdf=pdf,
    )
