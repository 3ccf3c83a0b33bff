"""Terminal output: rich tables and Vietnamese labels (no work is done here)."""

from __future__ import annotations

import datetime as dt
import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ttdn.loader import Dataset, PlanData
from ttdn.model import PERIOD_LABELS, STATUS_LABELS
from ttdn.progress import OverdueItem, ReportStatus, TaskStatus
from ttdn.schedule import format_date
from ttdn.text import shorten

SAMPLE_BANNER = (
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
            return Text(f"quá hạn {len(ts.missed)} kỳ", style="bold red")
        return Text(f"quá hạn {ts.days_overdue} ngày", style="bold red")
    if ts.flag == "due_soon":
        return Text(f"còn {ts.days_left} ngày", style="yellow")
    labels = {
        "ongoing": "thường xuyên",
        "open": "không ấn định ngày",
        "done": "đã xong",
        "cancelled": "đã huỷ",
        "upcoming": "chưa đến hạn",
        "unknown": "chưa rõ hạn",
    }
    style = {"done": "green", "unknown": "magenta"}.get(ts.flag, "")
    return Text(labels[ts.flag], style=style)


def status_label(ts: TaskStatus) -> str:
    """The status in Vietnamese; "chưa ghi nhận" when the lead has recorded nothing."""
    label = STATUS_LABELS[ts.status] if ts.recorded else "chưa ghi nhận"
    if ts.rolled_up:
        label += " *"
    return label


def rollup_note(rows: list[TaskStatus]) -> str | None:
    """The footnote explaining "*": which plans the rolled-up statuses come from."""
    plans = sorted({c.ref.plan_id for ts in rows for c in ts.children})
    if not plans:
        return None
    return (
        "* Trạng thái tổng hợp từ các nhiệm vụ thực hiện trong kế hoạch: "
        + ", ".join(plans)
        + " (xong khi mọi việc thực hiện đã xong; quá hạn khi có việc quá hạn)."
    )


def plan_header(con: Console, ds: Dataset, pd: PlanData, as_of: dt.date) -> None:
    con.print(f"Kế hoạch: {pd.plan.title} [{pd.id}]", markup=False)
    con.print(f"Tính đến ngày {format_date(as_of)}", markup=False)
    if ds.is_sample:
        con.print(Text(SAMPLE_BANNER, style="bold magenta"))


def task_table(title: str, rows: list[TaskStatus]) -> Table:
    """Tasks with timeline and due date, status and last update, and the warning flag.

    Five columns so that it stays readable at 80 columns.
    """
    table = Table(
        title=title, title_justify="left", expand=False, box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("TT", no_wrap=True)
    table.add_column("Nội dung", ratio=3, min_width=16)
    table.add_column("Tiến độ, hạn", no_wrap=True)
    table.add_column("Trạng thái", ratio=1, min_width=12)
    table.add_column("Cảnh báo", ratio=1, min_width=10)
    for ts in rows:
        when = f"{ts.task.timeline}\n{format_date(ts.due)}" if ts.due else ts.task.timeline
        state = status_label(ts)
        if ts.last_update:
            state += f"\n{format_date(ts.last_update)}"
        table.add_row(ts.task.ref, shorten(ts.task.content, 60), when, state, flag_text(ts))
    return table


REPORT_STATE = {
    "submitted": "đã gửi đúng hạn",
    "submitted_late": "gửi muộn",
    "missing": "chưa gửi — quá hạn",
    "pending": "chưa đến hạn",
}


def report_line(rs: ReportStatus) -> Text:
    label = f"Báo cáo {PERIOD_LABELS[rs.period]} (hạn: trước ngày {format_date(rs.due_before)}): "
    if rs.state == "submitted":
        return Text(
            label
            + f"đã gửi ngày {format_date(rs.submitted)}"
            + (f", số {rs.number}" if rs.number else ""),
            style="green",
        )
    if rs.state == "submitted_late":
        return Text(
            label + f"gửi muộn {rs.days_late} ngày, ngày {format_date(rs.submitted)}",
            style="yellow",
        )
    if rs.state == "missing":
        return Text(label + f"chưa ghi nhận đã gửi — quá hạn {rs.days_late} ngày", style="bold red")
    return Text(label + "chưa đến hạn")


def overdue_table(ds: Dataset, items: list[OverdueItem]) -> Table:
    table = Table(show_lines=False)
    table.add_column("Quá hạn", justify="right", no_wrap=True)
    table.add_column("Cơ quan", max_width=24)
    table.add_column("Việc", max_width=40)
    table.add_column("Hạn", no_wrap=True)
    for it in items:
        agency = ds.agencies.get(it.agency)
        name = agency.short_name if agency else it.agency
        if it.task is not None:
            what = f"{it.task.task.ref} {shorten(it.task.task.content, 60)}"
        else:
            assert it.report is not None
            what = f"Báo cáo {PERIOD_LABELS[it.report.period]} chưa gửi"
        table.add_row(f"{it.days} ngày", name, what, format_date(it.due))
    return table
