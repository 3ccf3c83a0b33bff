"""Terminal output: rich tables and labels in the user's language (no work is done here)."""

from __future__ import annotations

import datetime as dt
import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.schedule import format_date
from ttdn.domain.status import OverdueItem, ReportStatus, TaskStatus
from ttdn.domain.summary import AgencyOverview, AgencySummary, PlanOverview
from ttdn.i18n import N_, _, translate
from ttdn.outputs.words import report_name, task_status
from ttdn.text import shorten

SAMPLE_BANNER = N_(
    "DỮ LIỆU MẪU — số liệu tiến độ dưới đây là mẫu để thử công cụ, không phải số liệu thật."
)


def console(stderr: bool = False) -> Console:
    """A console that stays plain (no colour) off a terminal or with NO_COLOR set."""
    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty() or "NO_COLOR" in os.environ
    return Console(
        file=stream,
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        width=None if stream.isatty() else int(os.environ.get("COLUMNS", 80)),
        emoji=False,
    )


def flag_text(ts: TaskStatus) -> Text:
    if ts.flag == "overdue":
        if ts.missed:
            return Text(_("quá hạn {n} kỳ", n=len(ts.missed)), style="bold red")
        return Text(_("quá hạn {n} ngày", n=ts.days_overdue), style="bold red")
    if ts.flag == "due_soon":
        return Text(_("còn {n} ngày", n=ts.days_left), style="yellow")
    style = {"done": "green", "unknown": "magenta"}.get(ts.flag, "")
    return Text(translate(FLAG_LABELS[ts.flag]), style=style)


FLAG_LABELS = {
    "ongoing": N_("thường xuyên"),
    "open": N_("không ấn định ngày"),
    "done": N_("đã xong"),
    "cancelled": N_("đã huỷ"),
    "upcoming": N_("chưa đến hạn"),
    "unknown": N_("chưa rõ hạn"),
}


def status_label(ts: TaskStatus) -> str:
    """The status in words; "chưa ghi nhận" when the lead has recorded nothing."""
    return task_status(ts, rollup_mark=True)


def rollup_note(rows: list[TaskStatus]) -> str | None:
    """The footnote explaining "*": which plans the rolled-up statuses come from."""
    plans = sorted({c.ref.plan_id for ts in rows for c in ts.children})
    if not plans:
        return None
    return _(
        "* Trạng thái tổng hợp từ các nhiệm vụ thực hiện trong kế hoạch: {plans} "
        "(xong khi mọi việc thực hiện đã xong; quá hạn khi có việc quá hạn).",
        plans=", ".join(plans),
    )


def plan_header(con: Console, ds: Dataset, pd: PlanData, as_of: dt.date) -> None:
    con.print(_("Kế hoạch: {title} [{id}]", title=pd.plan.title, id=pd.id), markup=False)
    con.print(_("Tính đến ngày {date}", date=format_date(as_of)), markup=False)
    if ds.is_sample:
        con.print(Text(translate(SAMPLE_BANNER), style="bold magenta"))


def task_table(title: str, rows: list[TaskStatus]) -> Table:
    """Tasks with timeline and due date, status and last update, and the warning flag.

    Five columns so that it stays readable at 80 columns.
    """
    table = Table(
        title=title, title_justify="left", expand=False, box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column(_("TT"), no_wrap=True)
    table.add_column(_("Nội dung"), ratio=3, min_width=16)
    table.add_column(_("Tiến độ, hạn"), no_wrap=True)
    table.add_column(_("Trạng thái"), ratio=1, min_width=12)
    table.add_column(_("Cảnh báo"), ratio=1, min_width=10)
    for ts in rows:
        when = f"{ts.task.timeline}\n{format_date(ts.due)}" if ts.due else ts.task.timeline
        state = status_label(ts)
        if ts.last_update:
            state += f"\n{format_date(ts.last_update)}"
        table.add_row(ts.task.ref, shorten(ts.task.content, 60), when, state, flag_text(ts))
    return table


def report_line(rs: ReportStatus) -> Text:
    label = _(
        "{report} (hạn: trước ngày {date}): ",
        report=report_name(rs.period),
        date=format_date(rs.due_before),
    )
    if rs.state == "submitted":
        return Text(
            label
            + _("đã gửi ngày {date}", date=format_date(rs.submitted))
            + (_(", số {number}", number=rs.number) if rs.number else ""),
            style="green",
        )
    if rs.state == "submitted_late":
        return Text(
            label
            + _(
                "gửi muộn {n} ngày, ngày {date}",
                n=rs.days_late,
                date=format_date(rs.submitted),
            ),
            style="yellow",
        )
    if rs.state == "missing":
        return Text(
            label + _("chưa ghi nhận đã gửi — quá hạn {n} ngày", n=rs.days_late),
            style="bold red",
        )
    return Text(label + _("chưa đến hạn"))


def overdue_table(ds: Dataset, items: list[OverdueItem]) -> Table:
    table = Table(show_lines=False)
    table.add_column(_("Quá hạn"), justify="right", no_wrap=True)
    table.add_column(_("Cơ quan"), max_width=24)
    table.add_column(_("Việc"), max_width=40)
    table.add_column(_("Hạn"), no_wrap=True)
    for it in items:
        name = ds.agency_short(it.agency)
        if it.task is not None:
            what = f"{it.task.task.ref} {shorten(it.task.task.content, 60)}"
        else:
            assert it.report is not None
            what = _("{report} chưa gửi", report=report_name(it.report.period))
        table.add_row(_("{n} ngày", n=it.days), name, what, format_date(it.due))
    return table


def summary_table(ds: Dataset, rows: list[AgencySummary]):
    """The table of ``ttdn summary``: one row per agency."""
    table = Table(title=_("Tình hình theo cơ quan"), title_justify="left")
    table.add_column(_("Cơ quan"), max_width=26)
    table.add_column(_("Chủ trì"), justify="right")
    table.add_column(_("Xong"), justify="right")
    table.add_column(_("Đang làm"), justify="right")
    table.add_column(_("Chưa làm"), justify="right")
    table.add_column(_("Quá hạn"), justify="right")
    table.add_column(_("BC thiếu"), justify="right")
    for r in rows:
        table.add_row(
            r.name,
            str(r.led),
            str(r.by_status["done"]),
            str(r.by_status["in_progress"] + r.by_status["paused"]),
            str(r.by_status["not_started"]),
            str(r.overdue),
            str(r.reports_missing) if r.must_report else "—",
        )
    return table


# --------------------------------------------------------------------------- screens


def print_plan_status(ds: Dataset, pd: PlanData, as_of: dt.date, view: PlanOverview) -> None:
    """``ttdn status``: the plan's header, then one row per agency."""
    con = console()
    plan_header(con, ds, pd, as_of)
    con.print(summary_table(ds, view.agencies))


def print_agency_status(ds: Dataset, pd: PlanData, as_of: dt.date, view: AgencyOverview) -> None:
    """``ttdn status --agency``: the agency's tasks, led then coordinated, and its reports."""
    slug, led, coord, reports = view.agency, view.led, view.coordinating, view.reports
    con = console()
    a = ds.agencies[slug]
    con.print(f"{a.name} ({slug})", style="bold", markup=False)
    plan_header(con, ds, pd, as_of)
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


def print_overdue(ds: Dataset, pd: PlanData, as_of: dt.date, items: list[OverdueItem]) -> None:
    """``ttdn overdue``: the plan's header, then the overdue tasks and reports."""
    con = console()
    plan_header(con, ds, pd, as_of)
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
