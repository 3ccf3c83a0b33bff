"""Terminal output: rich tables and labels in the user's language (no work is done here).

Every screen is drawn from the JSON contract that ``--format json`` prints
(:mod:`ttdn.outputs.contract`), so the table and the JSON cannot disagree, and an answer
remembered by the cache for unchanged data (:mod:`ttdn.data.cache`) is drawn the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ttdn.domain.schedule import format_date
from ttdn.i18n import _, translate
from ttdn.outputs import words
from ttdn.outputs.words import SAMPLE_BANNER, report_name
from ttdn.text import shorten

Doc = dict[str, Any]  # a JSON-contract object


def console(stderr: bool = False) -> Console:
    """A console that stays plain (no colour) off a terminal or with NO_COLOR set."""
    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty() or "NO_COLOR" in os.environ
    return Console(
        file=stream,
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        width=None if stream.isatty() else _columns(),
        emoji=False,
    )


def _columns() -> int:
    """``$COLUMNS`` off a terminal; 80 when it is not a sensible width (``0``, ``abc``)."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and 20 <= int(value) <= 10000 else 80


ELLIPSIS = "…"


def fit_lines(text: str, width: int, wrap: bool = True) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells, broken only between words.

    Each line of ``text`` is wrapped at spaces (``wrap``) or kept on one line. Where a word
    does not fit, the text is cut before that word and "…" ends what is shown (a word is
    never broken: a cell that cannot hold its first word shows only "…"). With ``wrap`` the
    cut ends the whole text, since later lines would read as if nothing were missing."""
    width = max(width, 1)
    out: list[str] = []
    for hard in text.split("\n"):
        line, cut = "", False
        for word in hard.split():
            joined = f"{line} {word}" if line else word
            if cell_len(joined) <= width:
                line = joined
            elif wrap and line and cell_len(word) <= width:
                out.append(line)
                line = word
            else:
                cut = True
                break
        if not cut:
            out.append(line)
        elif line or not out or not wrap:
            out.append(_with_ellipsis(line, width))
        else:  # the word that does not fit starts a line: "…" ends the line above
            out[-1] = _with_ellipsis(out[-1], width)
        if cut and wrap:
            break
    return out


def _with_ellipsis(line: str, width: int) -> str:
    """``line`` ended with "…", dropping its last words until it fits ``width``."""
    words = line.split()
    while words and cell_len(" ".join(words)) + cell_len(ELLIPSIS) > width:
        words.pop()
    return " ".join(words) + ELLIPSIS


class Words:
    """A table cell that wraps and cuts only between words (rich's own overflow cuts a word
    in two, with or without "…", when a column gets narrower than the word).

    ``wrap=False`` keeps each line of the text on one line (for short values and headings).
    """

    def __init__(self, text: str | Text, wrap: bool = True, style: str = "") -> None:
        if isinstance(text, Text):
            style = style or str(text.style)
            text = text.plain
        self.text, self.wrap, self.style = text, wrap, style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.split("\n")
        longest = max(cell_len(ln.strip()) for ln in lines)
        if not self.wrap:
            return Measurement(longest, longest)
        word = max((cell_len(w) for w in self.text.split()), default=0)
        return Measurement(word, longest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = fit_lines(self.text, options.max_width, wrap=self.wrap)
        yield Text("\n".join(lines), style=self.style, no_wrap=True, overflow="crop")


def add_column(table: Table, header: str, footer: str = "", **options: object) -> None:
    """``table.add_column`` with the heading and footer cut only between words."""
    wrap = not options.get("no_wrap", False)
    table.add_column(Words(header, wrap=wrap), footer=Words(footer, wrap=wrap), **options)


def add_row(table: Table, *cells: str | Text) -> None:
    """``table.add_row`` with every cell cut only between words (:class:`Words`); a cell of
    a ``no_wrap`` column keeps each of its lines on one line."""
    cols = table.columns
    table.add_row(*(Words(c, wrap=not col.no_wrap) for c, col in zip(cells, cols, strict=True)))


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


FLAG_STYLES = {"overdue": "bold red", "due_soon": "yellow", "done": "green", "unknown": "magenta"}


def flag_text(t: Doc) -> Text:
    """A task's warning (a task of the contract), coloured."""
    flag = t["flag"]
    text = words.flag_words(
        flag, t.get("days_overdue", 0), len(t.get("missed_occurrences") or ()), t.get("days_left")
    )
    return Text(text, style=FLAG_STYLES.get(flag, ""))


def status_label(t: Doc) -> str:
    """The status in words; "chưa ghi nhận" when the lead has recorded nothing."""
    return words.status_text(
        t["status"], t["recorded"], t.get("rolled_up", False), rollup_mark=True
    )


def rollup_note(rows: list[Doc]) -> str | None:
    """The footnote explaining "*": which plans the rolled-up statuses come from."""
    return words.rollup_note([c["plan"] for t in rows for c in t.get("implemented_by", ())])


def plan_header(con: Console, doc: Doc) -> None:
    plan = doc["plan"]
    con.print(_("Kế hoạch: {title} [{id}]", title=plan["title"], id=plan["id"]), markup=False)
    con.print(_("Tính đến ngày {date}", date=format_date(_date(doc["as_of"]))), markup=False)
    if doc["sample"]:
        con.print(Text(translate(SAMPLE_BANNER), style="bold magenta"))


def _five_columns(title: str) -> Table:
    """The table of tasks and of standing duties: number, content, timeline and due date,
    status, warning — five columns, readable at 80 columns."""
    table = Table(
        title=title, title_justify="left", expand=False, box=box.SIMPLE_HEAD, pad_edge=False
    )
    add_column(table, _("TT"), no_wrap=True)
    add_column(table, _("Nội dung"), ratio=3)
    add_column(table, _("Tiến độ, hạn"), ratio=1)
    add_column(table, _("Trạng thái"), ratio=1)
    add_column(table, _("Cảnh báo"), ratio=1)
    return table


def task_table(title: str, rows: list[Doc]) -> Table:
    """Tasks with timeline and due date, status and last update, and the warning flag.

    Five columns so that it stays readable at 80 columns.
    """
    table = _five_columns(title)
    for t in rows:
        due = _date(t["due"])
        when = f"{t['timeline']}\n{format_date(due)}" if due else t["timeline"]
        state = status_label(t)
        if t["last_update"]:
            state += f"\n{format_date(_date(t['last_update']))}"
        add_row(table, t["ref"], shorten(t["content"], 60), when, state, flag_text(t))
    return table


REPORT_STYLES = {"submitted": "green", "submitted_late": "yellow", "missing": "bold red"}


def report_line(r: Doc) -> Text:
    """One periodic report (a report of the contract), coloured by its state."""
    text = words.report_state(
        r["period"],
        r["state"],
        _date(r["due_before"]),
        _date(r["submitted"]),
        r["number"],
        r["days_late"],
    )
    return Text(text, style=REPORT_STYLES.get(r["state"], ""))


def overdue_table(items: list[Doc]) -> Table:
    table = Table(show_lines=False)
    add_column(table, _("Quá hạn"), justify="right", no_wrap=True)
    add_column(table, _("Cơ quan"), max_width=24)
    add_column(table, _("Việc"), max_width=40)
    add_column(table, _("Hạn"), no_wrap=True)
    for it in items:
        task = it.get("task")
        if task is not None:
            what = f"{task['ref']} {shorten(task['content'], 60)}"
        else:
            what = _("{report} chưa ghi nhận đã gửi", report=report_name(it["report"]["period"]))
        add_row(
            table,
            _("{n} ngày", n=it["days_overdue"]),
            it["agency_short_name"],
            what,
            format_date(_date(it["due"])),
        )
    return table


def summary_table(rows: list[Doc]) -> Table:
    """The table of ``ttdn status``: one row per agency (``agencies`` of the contract) and a
    total row.

    The led tasks split into done, in progress, not started, paused, cancelled and nothing
    recorded, which add up to "Chủ trì"; short two-line headings keep it within 80 columns.
    """
    table = Table(
        title=_("Tình hình theo cơ quan"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=0,  # the box already puts a space between columns: room at 60 columns
        show_footer=bool(rows),
    )

    def count(r: Doc) -> list[int]:
        b = r["by_status"]
        return [
            r["led"],
            b["done"],
            b["in_progress"],
            b["not_started"] - r["unrecorded"],
            b["paused"],
            b["cancelled"],
            r["unrecorded"],
            r["coordinating"] + r["coordinating_via_groups"],
            r["overdue"],
        ]

    totals = [sum(col) for col in zip(*(count(r) for r in rows), strict=True)] if rows else []
    must = [r for r in rows if r["must_report"]]
    missing = sum(r["reports_missing"] for r in must)
    headings = [
        _("Chủ\ntrì"),
        _("Xong"),
        _("Đang\nlàm"),
        _("Chưa\nlàm"),
        _("Tạm\ndừng"),
        _("Huỷ"),
        _("Chưa\nghi"),
        _("Phối\nhợp"),
        _("Quá\nhạn"),
    ]
    add_column(table, _("Cơ quan"), footer=_("Tổng ({n})", n=len(rows)), max_width=24)
    for i, h in enumerate(headings):
        add_column(table, h, justify="right", no_wrap=True, footer=str(totals[i]) if rows else "")
    add_column(
        table, _("BC\nthiếu"), justify="right", no_wrap=True, footer=str(missing) if must else "—"
    )
    for r in rows:
        add_row(
            table,
            r["name"],
            *(str(n) for n in count(r)),
            str(r["reports_missing"]) if r["must_report"] else "—",
        )
    return table


def city_lines(counts: Doc) -> list[str]:
    """The city's counts (``city`` of the contract): own plans and reports of the subject
    bodies."""
    n = counts["subjects"]
    out = [_("Kế hoạch của đơn vị đã xây dựng: {x}/{n}", x=counts["own_plans"], n=n)]
    for period, got in counts["reports"].items():
        out.append(
            _(
                "{report} đã nhận: {x}/{n} (muộn {late})",
                report=report_name(period),
                x=got["received"],
                n=n,
                late=got["late"],
            )
        )
    return out


def duty_state(d: Doc) -> tuple[str, Text]:
    """A standing duty's status and warning (a duty of the contract), in words."""
    if "flag" in d:  # carried out as a task of the appendix
        return status_label(d), flag_text(d)
    if d["kind"] == "own_plan":
        if d["plan"]:
            return _("đã có kế hoạch {plan}", plan=d["plan"]), Text(_("đã xong"), style="green")
        return _("chưa có kế hoạch"), Text("")
    r = d.get("report")
    if r is None:
        return "—", Text("")
    if r["state"] == "submitted":
        label = _("đã gửi ngày {date}", date=format_date(_date(r["submitted"])))
    elif r["state"] == "submitted_late":
        label = _("gửi muộn ngày {date}", date=format_date(_date(r["submitted"])))
    else:
        label = _("chưa ghi nhận đã gửi")
    if r["state"] == "missing":
        return label, Text(_("quá hạn {n} ngày", n=r["days_late"]), style="bold red")
    if r["state"] == "pending":
        due = format_date(_date(r["due_before"]))
        return label, Text(_("hạn: trước ngày {date}", date=due))
    return label, Text(_("đã xong"), style="green")


def duty_table(rows: list[Doc]) -> Table:
    """The standing duties of one body (section IV), as :func:`task_table` shows tasks."""
    table = _five_columns(_("Nhiệm vụ thường xuyên (Tổ chức thực hiện)"))
    for d in rows:
        state, flag = duty_state(d)
        when = d["timeline"] or "—"
        if d.get("report") is not None:
            when = _("trước ngày {date}", date=format_date(_date(d["report"]["due_before"])))
        add_row(table, d["ref"], shorten(d["content"], 60), when, state, flag)
    return table


# --------------------------------------------------------------------------- screens


def print_plan_status(doc: Doc) -> None:
    """``ttdn status`` (its JSON contract): the plan's header, then one row per agency."""
    con = console()
    plan_header(con, doc)
    if doc["city"] is not None:
        for line in city_lines(doc["city"]):
            con.print(line, markup=False)
    con.print(summary_table(doc["agencies"]))


def print_agency_status(doc: Doc) -> None:
    """``ttdn status --agency`` (its JSON contract): the agency's tasks, led then
    coordinated, and its reports."""
    led, coord, reports = doc["tasks"], doc["coordinating"], doc["reports"]
    con = console()
    con.print(f"{doc['agency_name']} ({doc['agency']})", style="bold", markup=False)
    plan_header(con, doc)
    late = sum(t["overdue"] for t in led)
    via = [t for g in doc["coordinating_via_groups"] for t in g["tasks"]]
    if via:
        line = _(
            "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ (trong đó {via} nhiệm vụ "
            "qua nhóm); {late} nhiệm vụ quá hạn.",
            led=len(led),
            coordinated=len(coord) + len(via),
            via=len(via),
            late=late,
        )
    else:
        line = _(
            "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ; {late} nhiệm vụ quá hạn.",
            led=len(led),
            coordinated=len(coord),
            late=late,
        )
    con.print(line, markup=False)
    if led:
        con.print(task_table(_("Nhiệm vụ chủ trì"), led))
    else:
        con.print(_("Không chủ trì nhiệm vụ nào trong phụ lục."), markup=False)
    if coord:
        con.print(task_table(_("Nhiệm vụ phối hợp"), coord))
    for g in doc["coordinating_via_groups"]:
        title = _("Phối hợp qua nhóm “{group}”", group=g["group_name"])
        con.print(task_table(title, g["tasks"]))
    if doc["standing_duties"]:
        con.print(duty_table(doc["standing_duties"]))
    note = rollup_note(led + coord + via)
    if note:
        con.print(note, markup=False)
    con.print(_("Báo cáo định kỳ:"), style="bold", markup=False)
    if not reports:
        con.print(_("  Cơ quan này không thuộc diện báo cáo theo kế hoạch."), markup=False)
    for r in reports:
        con.print("  ", report_line(r))


def print_overdue(doc: Doc) -> None:
    """``ttdn overdue`` (its JSON contract): the plan's header, then the overdue tasks and
    reports."""
    con = console()
    plan_header(con, doc)
    items = doc["items"]
    if items:
        n_t = sum(i["kind"] == "task" for i in items)
        con.print(
            _(
                "{tasks} nhiệm vụ quá hạn, {reports} báo cáo quá hạn chưa ghi nhận đã gửi.",
                tasks=n_t,
                reports=len(items) - n_t,
            ),
            markup=False,
        )
        con.print(overdue_table(items))
    else:
        con.print(_("Không có việc nào quá hạn."), markup=False)


def print_period_reports(doc: Doc) -> None:
    """``ttdn report status`` (its JSON contract): one row per subject body, not yet sent
    first, and totals."""
    con = console()
    plan_header(con, doc)
    t = doc["totals"]
    con.print(
        _(
            "{report}: đã nhận {received}/{n} (đúng hạn {on_time}, muộn {late}); quá hạn chưa "
            "ghi nhận đã gửi {missing}; chưa đến hạn {pending}.",
            report=report_name(doc["period"]),
            n=t["expected"],
            **{k: v for k, v in t.items() if k != "expected"},
        ),
        markup=False,
    )
    order = {"missing": 0, "submitted_late": 1, "pending": 2, "submitted": 3}
    rows = sorted(doc["bodies"], key=lambda r: (order[r["state"]], r["agency_short_name"]))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=bool(rows))
    add_column(table, _("Cơ quan"), footer=_("Tổng ({n})", n=t["expected"]), max_width=22)
    add_column(
        table,
        _("Tình trạng"),
        footer=_("nhận {received}, muộn {late}, thiếu {missing}", **t),
    )
    add_column(table, _("Ngày gửi"), no_wrap=True)
    add_column(table, _("Số"), max_width=12)  # "125/BC-SDL", a note below it
    for r in rows:
        if r["state"] == "missing":
            state = _("chưa ghi nhận đã gửi, quá hạn {n} ngày", n=r["days_late"])
        elif r["state"] == "submitted_late":
            state = _("gửi muộn {n} ngày", n=r["days_late"])
        elif r["state"] == "submitted":
            state = _("đúng hạn")
        else:
            state = _("chưa đến hạn")
        submitted = _date(r["submitted"])
        add_row(
            table,
            r["agency_short_name"],
            state,
            format_date(submitted) if submitted else "—",
            r["number"] or "—",
        )
    con.print(table)
