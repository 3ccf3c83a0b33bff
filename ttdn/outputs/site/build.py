"""``ttdn site``: the pages of the web dashboard, computed from the same library calls as
``ttdn status`` (:func:`~ttdn.domain.summary.plan_overview`), ``ttdn log`` and ``ttdn diff``,
rendered with Jinja2 (autoescaped) and written as a static folder that opens from
``file://`` and requests nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup, escape

from ttdn.data.fsutil import WriteError
from ttdn.domain.city import CityCounts, city_counts
from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import AGENCY_KIND_LABELS, INDICATORS, STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.domain.status import (
    REPORT_STATE_LABELS,
    ReportStatus,
    TaskStatus,
    child_plans,
    coordinated_via_groups,
    indicator_totals,
    plan_status,
)
from ttdn.domain.summary import PlanOverview, plan_overview
from ttdn.i18n import _, get_lang, translate
from ttdn.outputs import words
from ttdn.outputs.diff.labels import SECTION_LABELS, SECTION_ORDER
from ttdn.outputs.site import assets, charts
from ttdn.outputs.site.gitinfo import GitInfo
from ttdn.outputs.site.templates import TEMPLATES
from ttdn.text import shorten

MARKER = ".ttdn-site"  # written in the output folder: a later build may replace the folder
CHART_AGENCIES = 30  # the status chart shows the agencies leading the most tasks
RESULTS_SHOWN = 10  # latest results on an agency page


class SiteError(Exception):
    """The output folder cannot be used (a usage problem, exit code 2)."""


@dataclass
class SiteResult:
    """What was written: the folder and the number of pages."""

    out: Path
    pages: int = 0
    files: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TaskRow:
    """One task as a row of a task table (attributes, not a dict: the templates read
    them 100,000 times a build, and Jinja tries an attribute before a key)."""

    id: str
    ref: str
    order: str  # its place in its plan, zero-padded: the column's default sort
    href: str
    content: str
    lead: str
    timeline: str
    due: str
    due_sort: int
    status: str
    status_key: str
    updated: str
    flag: str
    overdue: bool
    days_overdue: int


@dataclass(slots=True)
class EntryRow:
    """One progress entry as a row of a task page's table."""

    date: str
    agency: str
    status: str
    result: str
    more: list[str]  # indicators, note, evidence: one line each


def task_href(plan_id: str, task_id: str) -> str:
    """The page of one task, relative to the site's root."""
    return f"tasks/{plan_id}/{task_id}.html"


def agency_href(slug: str) -> str:
    """The page of one agency, relative to the site's root."""
    return f"agencies/{slug}.html"


# --------------------------------------------------------------------------- words


def labels() -> dict[str, str]:
    """The fixed words of the pages, in the language of the run."""
    return {
        "site": _("Theo dõi kế hoạch thông tin đối ngoại"),
        "skip": _("Bỏ qua, đến nội dung chính"),
        "nav": _("Các trang"),
        "overview_title": _("Tình hình thực hiện kế hoạch"),
        "counts_title": _("Số liệu chung"),
        "charts_title": _("Biểu đồ"),
        "agencies_title": _("Theo cơ quan"),
        "agencies_caption": _(
            "Mỗi dòng một cơ quan chủ trì, phối hợp hoặc phải báo cáo; bấm tiêu đề cột để sắp xếp."
        ),
        "filter_kind": _("Loại cơ quan"),
        "filter_section": _("Phần của phụ lục"),
        "all": _("Tất cả"),
        "shown": _("Đang hiện {shown}/{total} cơ quan"),
        "agency": _("Cơ quan"),
        "kind": _("Loại"),
        "led": _("Chủ trì"),
        "progress": _("Tiến độ việc chủ trì"),
        "coordinating": _("Phối hợp"),
        "overdue": _("Quá hạn"),
        "reports": _("Báo cáo định kỳ"),
        "none_led": _("Không chủ trì nhiệm vụ nào trong phụ lục."),
        "ref": _("TT"),
        "content": _("Nội dung"),
        "lead": _("Chủ trì"),
        "due": _("Tiến độ, hạn"),
        "status": _("Trạng thái"),
        "flag": _("Cảnh báo"),
        "tasks_title": _("Nhiệm vụ của kế hoạch"),
        "led_title": _("Nhiệm vụ chủ trì"),
        "coordinating_title": _("Nhiệm vụ phối hợp"),
        "none_coordinating": _("Không phối hợp nhiệm vụ nào."),
        "reports_title": _("Báo cáo định kỳ"),
        "no_reports": _("Cơ quan này không thuộc diện báo cáo theo kế hoạch."),
        "results_title": _("Kết quả mới nhất"),
        "no_results": _("Chưa ghi nhận kết quả nào."),
        "indicators_title": _("Chỉ tiêu định lượng từ đầu năm"),
        "no_indicators": _("Chưa có chỉ tiêu nào được ghi nhận."),
        "children_title": _("Các nhiệm vụ thực hiện (kế hoạch của cơ quan)"),
        "entries_title": _("Các lần cập nhật tiến độ"),
        "no_entries": _("Chưa có lần cập nhật nào."),
        "date": _("Ngày"),
        "fact_plan": _("Kế hoạch"),
        "fact_section": _("Phần"),
        "fact_timeline": _("Tiến độ"),
        "fact_due": _("Hạn"),
        "fact_updated": _("Cập nhật lần cuối"),
        "fact_result": _("Kết quả mới nhất"),
        "fact_implements": _("Thực hiện nhiệm vụ"),
        "result": _("Kết quả"),
        "history_title": _("Lịch sử thay đổi"),
        "no_git": _("Dữ liệu không nằm trong kho git: không có lịch sử thay đổi."),
        "no_history": _("Không thấy commit nào thay đổi nhiệm vụ này."),
        "changes_title": _("Thay đổi của kế hoạch"),
        "agencies_groups": _("Cơ quan và nhóm cơ quan"),
    }


def _nav() -> list[tuple[str, str, str]]:
    return [
        ("index", "index.html", _("Tổng quan")),
        ("tasks", "tasks.html", _("Nhiệm vụ")),
        ("changes", "changes.html", _("Thay đổi")),
    ]


def _status_text(ts: TaskStatus) -> str:
    """The status in words, " *" after a status rolled up from agency plans (explained by
    the note under the table, as in the terminal)."""
    return words.task_status(ts, rollup_mark=True)


def _flag_text(ts: TaskStatus) -> str:
    return words.flag_words(ts.flag, ts.days_overdue, len(ts.missed), ts.days_left)


def _report_text(rs: ReportStatus) -> str:
    return words.report_state(
        rs.period, rs.state, rs.due_before, rs.submitted, rs.number, rs.days_late
    )


def _segments_html(parts: list[tuple[str, str]]) -> Markup:
    """A change's segments as HTML: identifiers in ``<code>``, removed and added words in
    ``<del>`` and ``<ins>`` (the text renderer's ``[-x-]{+y+}``)."""
    out = []
    for kind, s in parts:
        if kind == "id":
            out.append(Markup("<code>{}</code>").format(s))
        elif kind == "del":
            out.append(Markup("<del>{}</del>").format(s))
        elif kind == "ins":
            out.append(Markup("<ins>{}</ins>").format(s))
        elif kind == "sep":
            out.append(Markup(" "))
        else:
            out.append(escape(s))
    return Markup("").join(out)


# --------------------------------------------------------------------------- rows


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.2f}" if total else "0"


# --------------------------------------------------------------------------- the pages


class _Ctx:
    """One build: the data, and what several pages show, computed once and handed down (the
    statuses of every plan, each task's row and words, names, dates, each page kind's frame):
    6,000 task pages must not each work it out again."""

    def __init__(
        self,
        ds: Dataset,
        pd: PlanData,
        as_of: dt.date,
        view: PlanOverview,
        counts: CityCounts,
        git: GitInfo | None,
        statuses: dict[str, list[TaskStatus]],
        env,
    ) -> None:
        self.ds, self.pd, self.as_of, self.view = ds, pd, as_of, view
        self.counts, self.git = counts, git
        self.statuses = statuses  # plan id → statuses, the city plan and those under it
        self.env = env
        self.led: dict[str, list[TaskStatus]] = {}  # agency → tasks of the plan it leads
        self.coordinating: dict[str, list[TaskStatus]] = {}
        for ts in view.statuses:  # the same selection as led_by and coordinated_by, in one pass
            self.led.setdefault(ts.task.lead, []).append(ts)
            for slug in ts.task.coordinators:
                self.coordinating.setdefault(slug, []).append(ts)
        # the tasks some group coordinates (what coordinated_via_groups looks through)
        self.grouped = [ts for ts in view.statuses if ts.task.coordinator_groups]
        # id(TaskStatus) → its place in its plan (the tables' default order)
        self.order = {id(ts): i for sts in statuses.values() for i, ts in enumerate(sts)}
        self.reports: dict[str, list[ReportStatus]] = {}  # agency → its reports
        for rs in counts.reports:
            self.reports.setdefault(rs.agency, []).append(rs)
        self.own: dict[str, list[PlanData]] = {}  # agency → its own plans under the city plan
        for p in child_plans(ds, pd):
            if p.plan.kind == "agency":
                self.own.setdefault(p.plan.issuer, []).append(p)
        # agency → its entry lists in the plan and those under it (for its indicator totals)
        self.entries: dict[str, list] = {}
        for pid in statuses:
            for slug, pf in ds.plans[pid].progress.items():
                self.entries.setdefault(slug, []).append(pf.entries)
        self._frames: dict[tuple[str, str], SimpleNamespace] = {}
        self._rows: dict[int, TaskRow] = {}
        self._items: dict[int, Markup] = {}  # id(TaskStatus) → its line in a list
        self._said: dict[int, tuple[str, str]] = {}
        self._dates: dict[dt.date | None, str] = {}
        self._short: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._headings: dict[int, str] = {}
        self._indicators: dict[str, str] = {}

    def page(self, page: str, title: str, root: str) -> dict:
        """What every page template takes: its frame (rendered once per kind and depth),
        the way back to the root, its title."""
        key = (page, root)
        frame = self._frames.get(key)
        if frame is None:
            parts = _frame_parts(self, page, root)
            frame = SimpleNamespace(
                **{
                    k: Markup(self.env.get_template(k).render(parts))
                    for k in ("head", "top", "foot")
                }
            )
            self._frames[key] = frame
        return {"frame": frame, "root": root, "title": title}

    def date(self, d: dt.date | None) -> str:
        """:func:`format_date`, once per day."""
        text = self._dates.get(d)
        if text is None:
            text = self._dates[d] = format_date(d)
        return text

    def short(self, slug: str) -> str:
        """The agency's short name, once per agency."""
        text = self._short.get(slug)
        if text is None:
            text = self._short[slug] = words.agency_short(self.ds, slug)
        return text

    def plan_title(self, p: PlanData) -> str:
        """The plan's title on one line, once per plan."""
        text = self._titles.get(p.id)
        if text is None:
            text = self._titles[p.id] = words.one_line(p.plan.title)
        return text

    def heading(self, sec) -> str:
        """ "III. TITLE": a section of the appendix as a heading, once per section."""
        text = self._headings.get(id(sec))
        if text is None:
            text = self._headings[id(sec)] = f"{sec.section}. {words.one_line(sec.title)}"
        return text

    def indicator(self, key: str) -> str:
        """An indicator's name, once per indicator."""
        text = self._indicators.get(key)
        if text is None:
            text = self._indicators[key] = translate(INDICATORS.get(key, key))
        return text

    def said(self, ts: TaskStatus) -> tuple[str, str]:
        """The task's status and its warning in words, once per task."""
        pair = self._said.get(id(ts))
        if pair is None:
            pair = self._said[id(ts)] = (_status_text(ts), _flag_text(ts))
        return pair

    def row(self, ts: TaskStatus) -> TaskRow:
        """The task as a row of a task table (the same row on every page showing it)."""
        row = self._rows.get(id(ts))
        if row is None:
            row = self._rows[id(ts)] = self._row(ts)
        return row

    def item(self, ts: TaskStatus) -> Markup:
        """The task as one line of a list, as HTML made once per build (a department's page
        lists every task a group of its coordinates: the same lines on ~20 pages)."""
        html = self._items.get(id(ts))
        if html is None:
            r = self.row(ts)
            html = self._items[id(ts)] = Markup(
                '<li data-task="{id}"><a href="../{href}">{ref}</a> {content} — {status}'
                "{sep}{flag}</li>"
            ).format(
                id=r.id,
                href=r.href,
                ref=r.ref,
                content=r.content,
                status=r.status,
                sep=", " if r.flag else "",
                flag=r.flag,
            )
        return html

    def _row(self, ts: TaskStatus) -> TaskRow:
        t = ts.task
        status, flag = self.said(ts)
        return TaskRow(
            id=t.id,
            ref=t.ref,
            order=f"{self.order[id(ts)]:06d}",
            href=task_href(ts.ref.plan_id, t.id),
            content=shorten(words.one_line(t.content), 220),
            lead=self.short(t.lead) if t.lead else "—",
            timeline=t.timeline,
            due=self.date(ts.due) if ts.due else "",
            due_sort=ts.due.toordinal() if ts.due else 99999999,
            status=status,
            status_key=ts.status if ts.recorded else "unrecorded",
            updated=_("cập nhật {date}", date=self.date(ts.last_update)) if ts.last_update else "",
            flag=flag,
            overdue=ts.overdue,
            days_overdue=ts.days_overdue if ts.overdue else -1,
        )


def _frame_parts(c: _Ctx, page: str, root: str) -> dict:

    return {
        "lang": get_lang(),
        "page": page,
        "root": root,
        "nav": _nav(),
        "plan_title": c.pd.plan.title,
        "as_of_text": _("Tính đến ngày {date}", date=format_date(c.as_of)),
        "sample": translate(words.SAMPLE_BANNER) if c.ds.is_sample else "",
        "footer": _(
            "Trang do ttdn tạo từ dữ liệu kế hoạch {plan}; số liệu giống “ttdn status” cùng ngày.",
            plan=c.pd.id,
        ),
    }


def _counts(c: _Ctx) -> list[dict]:
    sts = c.view.statuses
    by = dict.fromkeys(STATUS_LABELS, 0)
    for ts in sts:
        by[ts.status] += 1
    items = [{"key": "total", "label": _("Tổng số nhiệm vụ"), "n": len(sts), "value": len(sts)}]
    for key in ("done", "in_progress", "paused", "not_started", "cancelled"):
        label = words.status_word(key)
        items.append({"key": key, "label": label[0].upper() + label[1:], "n": by[key]})
    items.append(
        {
            "key": "unrecorded",
            "label": _("Chưa ghi nhận tiến độ"),
            "n": sum(not ts.recorded for ts in sts),
        }
    )
    items.append({"key": "overdue", "label": _("Quá hạn"), "n": sum(ts.overdue for ts in sts)})
    for it in items:
        it.setdefault("value", it["n"])
        it.setdefault("sub", "")
    cc = c.counts
    if cc.subjects:
        items.append(
            {
                "key": "own_plans",
                "label": _("Cơ quan đã xây dựng kế hoạch riêng"),
                "n": len(cc.own_plans),
                "value": f"{len(cc.own_plans)}/{len(cc.subjects)}",
            }
        )
    for p in cc.periods:
        items.append(
            {
                "key": f"reports-{p.period}",
                "label": _("{report} đã nhận", report=words.report_name(p.period, p.name)),
                "n": p.received,
                "value": f"{p.received}/{p.subjects}",
                "sub": _("muộn {late}, thiếu {missing}", late=p.late, missing=p.missing),
            }
        )
    for it in items:
        it.setdefault("sub", "")
    return items


def _charts(c: _Ctx) -> list[tuple[str, Markup]]:
    sts = c.view.statuses
    rows = [a for a in c.view.agencies if a.led][:CHART_AGENCIES]
    bars = [
        charts.Bar(
            a.name,
            [(k, a.by_status[k]) for k in charts.STACK],
            _("{done}/{led} hoàn thành", done=a.by_status["done"], led=a.led)
            + (_(", {n} quá hạn", n=a.overdue) if a.overdue else ""),
            agency_href(a.agency),
        )
        for a in rows
    ]
    status_chart = charts.hbars(
        "chart-status",
        _("Trạng thái nhiệm vụ theo cơ quan chủ trì"),
        _("Mỗi thanh là các nhiệm vụ một cơ quan chủ trì, chia theo trạng thái."),
        bars,
    )
    sections = []
    for _rel, sec in c.pd.sections:
        mine = [ts for ts in sts if ts.ref.section.section == sec.section]
        late = sum(ts.overdue for ts in mine)
        sections.append(
            charts.Bar(
                shorten(c.heading(sec), 70),
                [("overdue", late)],
                _("{late}/{total} quá hạn", late=late, total=len(mine)),
            )
        )
    overdue_chart = charts.hbars(
        "chart-overdue",
        _("Nhiệm vụ quá hạn theo phần của phụ lục"),
        _("Số nhiệm vụ quá hạn trên tổng số nhiệm vụ của mỗi phần."),
        sections,
    )
    months = []
    undated = 0
    for m in range(1, 13):
        due = [ts for ts in sts if ts.due and ts.due.year == c.pd.year and ts.due.month == m]
        months.append((_("T{month}", month=m), len(due), sum(ts.status == "done" for ts in due)))
    undated = sum(1 for ts in sts if not ts.due or ts.due.year != c.pd.year)
    month_chart = charts.columns(
        "chart-months",
        _("Hạn hoàn thành theo tháng"),
        _("Số nhiệm vụ đến hạn trong mỗi tháng; phần màu xanh đậm là đã hoàn thành."),
        months,
        _(
            "Số trên cột: nhiệm vụ đến hạn trong tháng (xanh đậm: đã hoàn thành); "
            "{n} nhiệm vụ không có hạn trong năm.",
            n=undated,
        ),
    )
    return [
        (_("Trạng thái theo cơ quan chủ trì"), Markup(status_chart)),
        (_("Quá hạn theo phần"), Markup(overdue_chart)),
        (_("Hạn theo tháng"), Markup(month_chart)),
    ]


def _legend() -> list[tuple[str, str]]:
    out = [(k, words.status_word(k)) for k in charts.STACK]
    out.append(("overdue", _("quá hạn")))
    out.append(("open", _("chưa hoàn thành")))
    return out


def _agency_rows(c: _Ctx) -> list[dict]:
    sections: dict[str, list[str]] = {}
    for ts in c.view.statuses:
        sec = ts.ref.section.section
        for slug in (ts.task.lead, *ts.task.coordinators):
            lst = sections.setdefault(slug, [])
            if sec not in lst:
                lst.append(sec)
    rows = []
    for a in c.view.agencies:
        agency = c.ds.agencies.get(a.agency)
        kind = agency.kind if agency else ""
        parts = [(k, _pct(a.by_status[k], a.led)) for k in charts.STACK if a.by_status[k]]
        said = [
            f"{words.status_word(k)}: {a.by_status[k]}" for k in STATUS_LABELS if a.by_status[k]
        ]
        if a.must_report:
            text = "; ".join(
                f"{words.report_name(rs.period)}: {translate(REPORT_STATE_LABELS[rs.state])}"
                for rs in c.reports.get(a.agency, [])
            )
        else:
            text = _("không thuộc diện báo cáo")
        rows.append(
            {
                "slug": a.agency,
                "href": agency_href(a.agency),
                "name": a.name,
                "kind": kind,
                "kind_label": translate(AGENCY_KIND_LABELS[kind]) if kind else "",
                "sections": " ".join(sections.get(a.agency, [])),
                "led": a.led,
                # by name and through a group, as the terminal's "Phối hợp" column
                "coordinating": a.coordinating + a.coordinating_via_groups,
                "overdue": a.overdue,
                "by_status": list(a.by_status.items()),
                "bar": parts,
                "words": ", ".join(said),
                "done_sort": _pct(a.by_status["done"], a.led) if a.led else "-1",
                "reports_missing": a.reports_missing,
                "reports_sort": a.reports_missing if a.must_report else -1,
                "reports_text": text,
            }
        )
    return rows


def _index(c: _Ctx) -> dict:
    kinds = sorted(
        {c.ds.agencies[a.agency].kind for a in c.view.agencies if a.agency in c.ds.agencies}
    )
    return {
        **c.page("index", _("Tổng quan"), ""),
        "counts": _counts(c),
        "charts": _charts(c),
        "legend": _legend(),
        "agencies": _agency_rows(c),
        "kinds": [(k, translate(AGENCY_KIND_LABELS[k])) for k in kinds],
        "sections": [(sec.section, shorten(c.heading(sec), 60)) for _rel, sec in c.pd.sections],
    }


def _tasks_page(c: _Ctx) -> dict:
    groups: list[dict] = []
    for _rel, sec in c.pd.sections:
        rows = [c.row(ts) for ts in c.view.statuses if ts.ref.section.section == sec.section]
        if rows:
            groups.append({"heading": c.heading(sec), "rows": rows})
    return {**c.page("tasks", _("Nhiệm vụ"), ""), "sections": groups}


def _agency_page(c: _Ctx, slug: str) -> dict:
    from ttdn.outputs.documents.contexts import indicator_items

    led = c.led.get(slug, [])
    coord = c.coordinating.get(slug, [])
    via_groups = coordinated_via_groups(c.ds, c.grouped, slug)
    via = [ts for _gid, sts in via_groups for ts in sts]
    name = words.agency_name(c.ds, slug)
    own = c.own.get(slug, [])
    own_plans = [
        {
            "heading": _("Kế hoạch của cơ quan: {title}", title=c.plan_title(p)),
            "rows": [c.row(ts) for ts in c.statuses[p.id]],
        }
        for p in own
        if p.id in c.statuses
    ]
    results = []
    for p in [c.pd, *own]:
        pf = p.progress.get(slug)
        for e in pf.entries if pf else []:
            if e.date <= c.as_of and e.result and e.task in p.tasks:
                results.append((e, p))
    results.sort(key=lambda x: x[0].date, reverse=True)
    return {
        **c.page("agency", name, "../"),
        "agency": {
            "name": name,
            "summary": _(
                "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ (trong đó {via} nhiệm vụ "
                "qua nhóm); {late} nhiệm vụ quá hạn.",
                led=len(led),
                coordinated=len(coord) + len(via),
                via=len(via),
                late=sum(ts.overdue for ts in led),
            )
            if via
            else _(
                "Chủ trì {led} nhiệm vụ, phối hợp {coordinated} nhiệm vụ; {late} nhiệm vụ quá hạn.",
                led=len(led),
                coordinated=len(coord),
                late=sum(ts.overdue for ts in led),
            ),
        },
        "led": [c.row(ts) for ts in led],
        "coordinating": [c.row(ts) for ts in coord],
        "via_groups": [
            {
                "group": gid,
                "title": _("Phối hợp qua nhóm “{group}”", group=c.ds.group_name(gid)),
                "lines": Markup("").join(c.item(ts) for ts in sts),
            }
            for gid, sts in via_groups
        ],
        "rollup": words.rollup_note(
            [ch.ref.plan_id for ts in led + coord + via for ch in ts.children]
        ),
        "own_plans": own_plans,
        "reports": [
            {
                "period": rs.period,
                "state": rs.state,
                "late": rs.state in ("missing", "submitted_late"),
                "text": _report_text(rs),
            }
            for rs in c.reports.get(slug, [])
        ],
        "results": [
            {
                "href": task_href(p.id, e.task),
                "ref": p.tasks[e.task].task.ref,
                "date": c.date(e.date),
                "status": words.status_word(e.status),
                "result": words.one_line(e.result),
            }
            for e, p in results[:RESULTS_SHOWN]
        ],
        "indicators": [
            (i.label, i.value)
            for i in indicator_items(indicator_totals(c.entries.get(slug, []), c.as_of))
        ],
    }


def _history(c: _Ctx, pid: str, tid: str) -> list[dict] | None:
    if c.git is None:
        return None
    out = []
    for item in c.git.histories.get((pid, tid), []):
        commit = item.commit
        if commit is None:
            when = _("Chưa commit (thư mục làm việc)")
            extra = {"commit": None, "author": None, "subject": None}
        else:
            when = c.date(dt.datetime.fromisoformat(commit.date).date())  # type: ignore[attr-defined]
            extra = {
                "commit": commit.short,  # type: ignore[attr-defined]
                "author": commit.author,  # type: ignore[attr-defined]
                "subject": commit.subject,  # type: ignore[attr-defined]
            }
        out.append(
            {"when": when, **extra, "changes": [_segments_html(ch.parts) for ch in item.changes]}
        )
    return out


def _task_page(c: _Ctx, pd: PlanData, ts: TaskStatus) -> dict:
    t = ts.task
    status, flag = c.said(ts)
    implements = None
    if t.implements and pd.plan.parent:
        parent = c.ds.plans.get(pd.plan.parent)
        if parent and t.implements in parent.tasks:
            implements = {
                "text": f"{parent.tasks[t.implements].task.ref} ({parent.id})",
                "href": task_href(parent.id, t.implements),
            }
    entries = []
    indicator, number = c.indicator, words.number
    for con in ts.entries:
        e = con.entry
        more = [f"{indicator(k)}: {number(v)}" for k, v in e.indicators.items()]
        if e.note:
            more.append(_("Ghi chú: {note}", note=words.one_line(e.note)))
        more += [_("Minh chứng: {item}", item=words.one_line(x)) for x in e.evidence]
        entries.append(
            EntryRow(
                c.date(e.date),
                c.short(con.agency),
                words.status_word(e.status),
                words.one_line(e.result) if e.result else "—",
                more,
            )
        )
    heading = _("Nhiệm vụ {ref}", ref=t.ref)
    return {
        **c.page("task", heading, "../../"),
        "heading": heading,
        "content": words.clean(t.content),
        "plan": c.plan_title(pd),
        "section": c.heading(ts.ref.section),
        "timeline": t.timeline,
        "due": c.date(ts.due),
        "lead": words.lead_text(c.ds, t),
        "lead_href": agency_href(t.lead) if t.lead else None,
        "coordinators": words.coordinators_text(c.ds, t) or "—",
        "status": status,
        "flag": flag,
        "updated": c.date(ts.last_update),
        "result": words.one_line(ts.result) if ts.result else None,
        "implements": implements,
        "children": [
            {
                "href": task_href(ch.ref.plan_id, ch.task.id),
                "label": f"{ch.ref.plan_id} {ch.task.ref}",
                "status": ", ".join(c.said(ch)),
            }
            for ch in ts.children
        ],
        "entries": entries,
        "history": _history(c, pd.id, t.id),
    }


def _changes_page(c: _Ctx) -> dict:
    report = None
    rep = c.git.changes if c.git else None
    if rep is not None:
        plans = []
        by_plan: dict[str, dict[str, list]] = {}
        other: dict[str, list] = {}
        for ch in rep.changes:
            html = _segments_html(ch.parts)
            if ch.plan is not None:
                by_plan.setdefault(ch.plan, {}).setdefault(ch.section, []).append(html)
            else:
                other.setdefault(ch.section, []).append(html)
        for pid, secs in by_plan.items():
            title = rep.plan_titles.get(pid)
            heading = (
                _("Kế hoạch {plan}: {title}", plan=pid, title=title)
                if title
                else _("Kế hoạch {plan}", plan=pid)
            )
            plans.append(
                (
                    heading,
                    [(translate(SECTION_LABELS[s]), secs[s]) for s in SECTION_ORDER if s in secs],
                )
            )
        names = {"agencies": _("Cơ quan"), "groups": _("Nhóm cơ quan")}
        report = {
            "intro": _(
                "Thay đổi từ {before} đến {after}:",
                before=rep.before.describe(),
                after=rep.after.describe(),
            )
            + (f" ({c.git.since_note})" if c.git and c.git.since_note else ""),
            "warnings": rep.warnings,
            "nothing": _("Không có thay đổi nào về dữ liệu."),
            "plans": plans,
            "other": [(names[s], other[s]) for s in ("agencies", "groups") if s in other],
        }
    return {**c.page("changes", _("Thay đổi"), ""), "report": report}


# --------------------------------------------------------------------------- writing


_FIXED_WORD = re.compile(r"\{\{ L\.(\w+) \}\}")


def _environment(fixed: dict[str, str]):
    """The templates with the fixed words ``fixed`` (:func:`labels`) written into their
    text: ``{{ L.name }}`` becomes the escaped word, kept literal by ``{% raw %}``."""
    from jinja2 import DictLoader, Environment, StrictUndefined

    def word(m: re.Match) -> str:
        return f"{{% raw %}}{escape(fixed[m[1]])}{{% endraw %}}"

    return Environment(
        loader=DictLoader({k: _FIXED_WORD.sub(word, v) for k, v in TEMPLATES.items()}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


# the pages at the top of the site's folder
_TOP_PAGES = ("index.html", "tasks.html", "changes.html")


def prepare_out(out: Path) -> set[str]:
    """Make ``out`` ready: created when missing; any other non-empty folder than one an
    earlier ``ttdn site`` wrote is refused (:class:`SiteError`).

    Returns the files an earlier build left in the page folders (``agencies``, ``tasks``,
    ``assets``) and its pages at the top, relative and ``/``-separated: the new build writes
    over them in place (far cheaper than deleting and creating thousands of files again) and
    :class:`_Writer` removes those it did not write. Anything there that is neither a file
    nor a folder (a link) is removed now, so that no page is ever written through a link."""
    if out.exists() and not out.is_dir():
        raise SiteError(_("{path} không phải là thư mục", path=out))
    old: set[str] = set()
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SiteError(
                _(
                    "thư mục {path} đã có tệp không do “ttdn site” tạo; hãy chọn thư mục "
                    "trống hoặc thư mục mới",
                    path=out,
                )
            )
        for sub in ("agencies", "tasks", "assets"):
            _old_files(out / sub, sub, old)
        for name in (MARKER, *_TOP_PAGES):
            top = out / name
            if top.is_symlink() or (top.exists() and not top.is_file() and not top.is_dir()):
                top.unlink()  # a link (or a pipe…) where a page goes: never written through
            elif top.is_file():
                old.add(name)
    out.mkdir(parents=True, exist_ok=True)
    return old


def _old_files(folder: Path, rel: str, found: set[str]) -> None:
    """Collect the files under ``folder`` into ``found`` (as ``rel/…``); remove links."""
    if folder.is_symlink() or not folder.is_dir():
        if folder.is_symlink() or folder.exists():
            folder.unlink()
        return
    with os.scandir(folder) as entries:
        for e in entries:
            sub = f"{rel}/{e.name}"
            if e.is_symlink():
                os.unlink(e.path)
            elif e.is_dir():
                _old_files(Path(e.path), sub, found)
            elif e.is_file():
                found.add(sub)
            else:  # a socket, a pipe…: nothing a page may be written into
                os.unlink(e.path)


def _same_bytes(path: Path, data: bytes) -> bool:
    """True when the file ``path`` (a regular file of an earlier build) holds ``data``."""
    try:
        with open(path, "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:
        return False


class _Writer:
    """Writes the site's files (UTF-8, ``\\n`` line ends on every system), each folder
    created once. A page an earlier build left with the same bytes is not written again:
    reading it costs a fraction of truncating and rewriting it, and its modification time
    stays, so that copying the site to a server sends only the pages that changed."""

    def __init__(self, out: Path, old: set[str]) -> None:
        self.out = out
        self.old = old  # files of an earlier build not written yet
        self.folders: set[str] = set()
        self.result = SiteResult(out)

    def write(self, rel: str, text: str) -> None:
        """Write ``text`` into the file ``rel`` (``/``-separated) of the site."""
        folder = rel.rpartition("/")[0]
        path = self.out / rel
        try:
            if folder and folder not in self.folders:
                (self.out / folder).mkdir(parents=True, exist_ok=True)
                self.folders.add(folder)
            # binary: the text already has "\n" line ends, and a text-mode file object
            # costs as much as the write itself, 6,000 times
            data = text.encode("utf-8")
            if rel not in self.old or not _same_bytes(path, data):
                try:
                    with open(path, "wb") as f:
                        f.write(data)
                except OSError:
                    path.unlink(missing_ok=True)  # no half-written page (a full disk)
                    raise
        except OSError as exc:
            raise WriteError.of(path, exc) from None
        self.old.discard(rel)
        self.result.files.append(rel)
        if rel.endswith(".html"):
            self.result.pages += 1

    def finish(self) -> SiteResult:
        """Remove the earlier build's files this one did not write, and the folders they
        leave empty (a plan or an agency gone from the data)."""
        folders = set()
        for rel in self.old:
            (self.out / rel).unlink(missing_ok=True)
            folders.add(rel.rpartition("/")[0])
        for folder in sorted(folders, key=lambda f: -f.count("/")):
            path = self.out / folder
            while folder and path.is_dir() and not any(path.iterdir()):
                path.rmdir()
                folder = folder.rpartition("/")[0]
                path = self.out / folder
        return self.result


def build_site(
    ds: Dataset,
    pd: PlanData,
    as_of: dt.date,
    out: Path,
    git: GitInfo | None = None,
    view: PlanOverview | None = None,
) -> SiteResult:
    """Write the dashboard of plan ``pd`` on ``as_of`` into ``out`` (see :func:`prepare_out`)
    in the language of the run; ``git``: histories and changes when the data is in git."""
    from ttdn.outputs.documents.contexts import plan_tree

    collected: dict[str, list[TaskStatus]] = {}  # every plan's statuses, computed once
    view = view or plan_overview(ds, pd, as_of, collect=collected)
    statuses = {pd.id: view.statuses}
    for p in plan_tree(ds, pd)[1:]:
        statuses[p.id] = collected.get(p.id) or plan_status(p, as_of, ds)
    env = _environment(labels())
    c = _Ctx(ds, pd, as_of, view, city_counts(ds, pd, as_of), git, statuses, env)
    w = _Writer(out, prepare_out(out))
    w.write(MARKER, _("Thư mục do “ttdn site” tạo; lần chạy sau sẽ ghi đè.") + "\n")
    w.write("assets/style.css", assets.CSS)
    w.write("assets/site.js", assets.JS)
    w.write("assets/icon.svg", assets.ICON)
    index, tasks, changes = _TOP_PAGES
    w.write(index, env.get_template("index").render(_index(c)))
    w.write(tasks, env.get_template("tasks").render(_tasks_page(c)))
    w.write(changes, env.get_template("changes").render(_changes_page(c)))
    agency_tpl = env.get_template("agency")
    for a in view.agencies:
        w.write(agency_href(a.agency), agency_tpl.render(_agency_page(c, a.agency)))
    task_tpl = env.get_template("task")
    for pid, sts in statuses.items():
        plan = ds.plans[pid]
        for ts in sts:
            w.write(task_href(pid, ts.task.id), task_tpl.render(_task_page(c, plan, ts)))
    return w.finish()
