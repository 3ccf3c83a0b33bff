"""The contexts of the Word reports: typed values (:mod:`.context_types`), no docx.

One builder per kind of document (:mod:`.kinds`): :func:`agency_report_context`,
:func:`city_report_context`, :func:`reminder_context`.

Rules:

- A report for a period covers progress entries up to the period's end (30/6 for the
  six-month report, 31/12 for the annual one) or the day looked at (``as_of``) if earlier:
  the *cut-off*. Task statuses are those of :func:`ttdn.domain.status.plan_status` on the
  cut-off; whether reports were submitted is judged on ``as_of``.
- Indicators are summed over the entries dated from the start of the period's year to the
  cut-off (entries are increments, not running totals).
- The document number, date and signer's name are never invented: without ``--number``,
  ``--date``, ``--signer`` they are printed as blanks ("…").
- Every string is NFC and free of characters that XML or docxtpl would misread (control
  characters; docxtpl turns ``\\a`` into a new paragraph and ``\\f`` into a page break).
- Python supplies values (numbers, names, dates, lists, phrases made of data); the
  document's sentences are in the templates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import INDICATORS, PERIOD_LABELS, STATUS_LABELS
from ttdn.domain.status import (
    Contribution,
    ReportStatus,
    TaskStatus,
    by_date,
    indicator_totals,
    overdue_items,
    plan_children,
    plan_status,
    report_status,
)
from ttdn.domain.status import reporting_agencies as _reporting_agencies
from ttdn.i18n import _, translate
from ttdn.outputs.documents.context_types import (
    Addressees,
    AgencyContext,
    AgencyCount,
    AgencyInfo,
    Assessment,
    CityContext,
    CityTotals,
    Common,
    Communes,
    DocInfo,
    Group,
    Indicator,
    Issuer,
    MissingReport,
    NextPeriod,
    NextTask,
    OverdueTask,
    PeriodInfo,
    PlanInfo,
    ReminderContext,
    ReportLine,
    Reports,
    Signer,
    TaskItem,
    Totals,
)
from ttdn.outputs.documents.nd30 import (
    SAMPLE_MARK,
    abbreviation,
    agency_rule,
    end_punct,
    first_upper,
    foreign_symbol,
    header_lines,
    number_parts,
    parent_line,
    place_of,
    plan_about,
    signer_lines,
    upper,
)
from ttdn.outputs.documents.period import Period, ReportError
from ttdn.outputs.words import (
    BLANK,
    UNRECORDED_LONG,
    agency_name,
    agency_short,
    clean,
    date_words,
    format_date,
    number,
    one_line,
    report_name,
    status_word,
    task_status,
)
from ttdn.text import fold

# --------------------------------------------------------------------------- options


@dataclass
class DocOptions:
    """What the user fills in; ``None`` leaves a blank. Nothing here is ever guessed."""

    number: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    signer_title: list[str] = field(default_factory=list)


def common_context(
    ds: Dataset,
    pd: PlanData,
    issuer_slug: str,
    symbol: str,
    opts: DocOptions,
    year: int,
    as_of: dt.date,
) -> dict[str, object]:
    """The fields every context shares (issuer, number, date, signer, plan, sample), as
    keyword arguments of a context type."""
    issuer = ds.agencies.get(issuer_slug)
    name = agency_name(ds, issuer_slug)
    # the header's lines, broken between words (docxtpl prints "\n" as a line break)
    name_up = "\n".join(header_lines(upper(name)))
    num, num_ref = number_parts(opts.number, symbol)
    plan = pd.plan
    plan_number = (
        one_line(plan.number)
        if plan.number
        else f"{BLANK}/KH-{abbreviation(ds.agencies.get(plan.issuer))}"
    )
    lines = [upper(one_line(t)) for t in opts.signer_title if one_line(t)] or signer_lines(issuer)
    return {
        "sample": ds.is_sample,
        "sample_mark": translate(SAMPLE_MARK) if ds.is_sample else "",
        "issuer": Issuer(
            parent=parent_line(ds, issuer),
            name=name_up,
            name_plain=name,
            short_name=agency_short(ds, issuer_slug),
            abbreviation=abbreviation(issuer),
            rule=agency_rule(name_up),
        ),
        "doc": DocInfo(
            number=num,
            symbol=symbol,
            number_ref=num_ref,
            date_text=date_words(opts.date, opts.date.year if opts.date else year),
            place=place_of(issuer),
            year=str(opts.date.year if opts.date else year),
        ),
        "signer": Signer(lines=lines, name=one_line(opts.signer) if opts.signer else ""),
        "plan": PlanInfo(
            title=one_line(plan.title),
            year=str(plan.year),
            number=plan_number,
            date=_("ngày {date}", date=format_date(plan.date) if plan.date else BLANK),
            issuer=agency_short(ds, plan.issuer),
            about=plan_about(plan.title),
        ),
        "as_of": format_date(as_of),
    }


# --------------------------------------------------------------------------- tasks


def _status_label(ts: TaskStatus) -> str:
    return task_status(ts, unrecorded=UNRECORDED_LONG)


def known_overdue(ts: TaskStatus) -> bool:
    """Overdue as far as a document may say: the lead recorded progress (or entries of the
    agency plans roll up into the task) and the task is late by it or by a missed periodic
    entry. A task with nothing recorded is "chưa ghi nhận tiến độ", never called late."""
    return ts.overdue and ts.recorded


def _status_note(ts: TaskStatus) -> str:
    """ "đang thực hiện; quá hạn 12 ngày theo tiến độ ghi nhận ngày 15/05/2026" — the
    status with what is late, saying why: a missed periodic entry, or the status recorded
    on that day while the due date has passed."""
    parts = [_status_label(ts)]
    if known_overdue(ts):
        if ts.missed:
            parts.append(_("chưa cập nhật {n} kỳ đã qua", n=len(ts.missed)))
        elif ts.last_update:
            parts.append(
                _(
                    "quá hạn {n} ngày theo tiến độ ghi nhận ngày {date}",
                    n=ts.days_overdue,
                    date=format_date(ts.last_update),
                )
            )
        else:
            parts.append(_("quá hạn {n} ngày theo tiến độ đã ghi nhận", n=ts.days_overdue))
    return "; ".join(parts)


# The entries of a task's lead and those of the other agencies (:func:`_own_and_others`).
OwnAndOthers = tuple[list[Contribution], list[Contribution]]


def _own_and_others(ts: TaskStatus) -> OwnAndOthers:
    """The entries of a task's lead and of the other agencies, the task's own and those of
    the tasks implementing it in agency plans (roll-up), each list in date order."""
    own, others = [], []
    stack, seen = [ts], set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        lead = cur.task.lead
        for c in cur.entries:
            (own if c.agency == lead else others).append(c)
        stack.extend(cur.children)
    return sorted(own, key=by_date), sorted(others, key=by_date)


def implements_text(ds: Dataset, ts: TaskStatus) -> str:
    """ "Thực hiện nhiệm vụ III.1 của Kế hoạch …" for a task of an agency plan, else ""."""
    t = ts.task
    pd = ds.plans.get(ts.ref.plan_id)
    parent = ds.plans.get(pd.plan.parent) if pd and pd.plan.parent else None
    if not t.implements or parent is None or t.implements not in parent.tasks:
        return ""
    return _(
        "Thực hiện nhiệm vụ {ref} của {plan}.",
        ref=parent.tasks[t.implements].task.ref,
        plan=one_line(parent.plan.title),
    )


def task_item(ds: Dataset, ts: TaskStatus, entries: OwnAndOthers | None = None) -> TaskItem:
    """One task as the templates see it; ``entries``: its :func:`_own_and_others`, if known.

    A task of an agency plan names the city task it implements first in its result text, so
    that the agency's report reads grouped under the city plan's tasks."""
    t = ts.task
    own, others = entries if entries is not None else _own_and_others(ts)
    # the latest result and note of the lead (read from the end: a task rolls up many entries)
    result = next((clean(c.entry.result) for c in reversed(own) if c.entry.result), "")
    contributions = [
        _(
            "{agency} (phối hợp, {date}): {result}",
            agency=agency_short(ds, c.agency),
            date=format_date(c.date),
            result=one_line(c.entry.result),
        )
        for c in others
        if c.entry.result
    ]
    result_text = "\n".join([result] * bool(result) + contributions)
    if not result_text:
        note = next((c.entry.note for c in reversed(own) if c.entry.note), None)
        result_text = clean(note) if note else ("—" if ts.recorded else _("Chưa ghi nhận"))
    implements = implements_text(ds, ts)
    if implements:
        result_text = implements + "\n" + result_text
    return TaskItem(
        ref=one_line(t.ref),
        content=clean(t.content),
        content_short=clean(t.content),
        timeline=one_line(t.timeline),
        due=format_date(ts.due) if ts.due else "",
        # names as registered, the same way throughout a document (not as the plan prints)
        lead=agency_name(ds, t.lead),
        coordinators=", ".join(one_line(n) for n in ds.coordinator_names(t)),
        status=_status_label(ts),
        status_note=_status_note(ts),
        result=result,
        result_text=result_text,
        implements=implements,
        contributions=contributions,
        last_update=format_date(ts.last_update) if ts.last_update else "",
        recorded=ts.recorded,
        overdue=known_overdue(ts),
    )


_T = TypeVar("_T")
_TASK_FIELDS = tuple(f.name for f in dataclasses.fields(TaskItem))


def _extend(cls: type[_T], item: TaskItem, **more: object) -> _T:
    """``item`` as a ``cls`` (a subclass of TaskItem) with ``more`` fields (added or
    replaced)."""
    return cls(**{**{name: getattr(item, name) for name in _TASK_FIELDS}, **more})


class TaskItems:
    """The tasks of one document as the templates see them, each worked out once.

    A task is listed up to four times in the consolidated report (every task, its lead's
    group, the tasks with progress, the next period) and each listing needs the entries it
    rolls up from the agency plans: :meth:`item` and :meth:`entries` remember them per
    task (the :class:`TaskStatus` objects of one report build are not changed once made).
    Items are shared: derive a changed one with :func:`dataclasses.replace`.
    """

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        # keyed by id(); the TaskStatus is kept alongside so that its id is not reused
        self._entries: dict[int, tuple[TaskStatus, OwnAndOthers]] = {}
        self._items: dict[int, tuple[TaskStatus, TaskItem]] = {}

    @staticmethod
    def _once(memo: dict[int, tuple[TaskStatus, _T]], ts: TaskStatus, make: Callable[[], _T]) -> _T:
        hit = memo.get(id(ts))
        if hit is None:
            hit = memo[id(ts)] = (ts, make())
        return hit[1]

    def entries(self, ts: TaskStatus) -> OwnAndOthers:
        """:func:`_own_and_others` of ``ts`` (shared lists: do not change them)."""
        return self._once(self._entries, ts, lambda: _own_and_others(ts))

    def item(self, ts: TaskStatus) -> TaskItem:
        """:func:`task_item` of ``ts`` (shared: do not change it)."""
        return self._once(self._items, ts, lambda: task_item(self.ds, ts, self.entries(ts)))

    def reported(self, ts: TaskStatus) -> bool:
        """Any progress recorded on the task or rolled up into it (by lead or coordinator)."""
        own, others = self.entries(ts)
        return ts.recorded or bool(own or others)


def _breakdown(statuses: list[TaskStatus]) -> str:
    counts: dict[str, int] = {}
    for ts in statuses:
        key = ts.status if ts.recorded else "unrecorded"
        counts[key] = counts.get(key, 0) + 1
    labels = {**STATUS_LABELS, "unrecorded": UNRECORDED_LONG}
    order = ["done", "in_progress", "not_started", "paused", "cancelled", "unrecorded"]
    parts = [
        _("{status} {n} nhiệm vụ", status=translate(labels[k]), n=counts[k])
        for k in order
        if counts.get(k)
    ]
    return ", ".join(parts) if parts else _("không có nhiệm vụ")


def _totals(statuses: list[TaskStatus]) -> dict[str, str]:
    return {
        "count": str(len(statuses)),
        "breakdown": _breakdown(statuses),
        "done": str(sum(ts.status == "done" for ts in statuses)),
        "recorded": str(sum(ts.recorded for ts in statuses)),
        "unrecorded": str(sum(not ts.recorded for ts in statuses)),
        "overdue": str(sum(known_overdue(ts) for ts in statuses)),
        "past_due_unrecorded": str(sum(ts.overdue and not ts.recorded for ts in statuses)),
    }


def totals(statuses: list[TaskStatus]) -> Totals:
    """Counts of ``statuses`` by status, written out."""
    return Totals(**_totals(statuses))


def plan_tree(ds: Dataset, pd: PlanData) -> list[PlanData]:
    """``pd`` and the plans under it (agency plans implementing it, recursively), breadth
    first."""
    children = plan_children(ds)
    out: list[PlanData] = []
    seen: set[int] = set()
    todo = deque([pd])
    while todo:
        p = todo.popleft()
        if id(p) in seen:
            continue
        seen.add(id(p))
        out.append(p)
        todo.extend(children.get(p.id, ()))
    return out


def _progress_files(ds: Dataset, pd: PlanData, agencies: set[str] | None) -> Iterator:
    for p in plan_tree(ds, pd):
        for slug, pf in p.progress.items():
            if agencies is None or slug in agencies:
                yield slug, pf


def indicators(
    ds: Dataset, pd: PlanData, cutoff: dt.date, agencies: set[str] | None = None
) -> list[Indicator]:
    """Indicators on ``cutoff`` (of ``agencies``), in the plan and the agency plans under it:
    running totals since the start of the year, each task's latest up to the cut-off
    (:func:`~ttdn.domain.status.indicator_totals`)."""
    sums = indicator_totals((pf.entries for _slug, pf in _progress_files(ds, pd, agencies)), cutoff)
    return indicator_items(sums)


def indicator_items(sums: dict[str, int]) -> list[Indicator]:
    """Summed indicators (:func:`~ttdn.domain.status.indicator_totals`) as the outputs list
    them: the known ones in catalogue order, then the others by key; zeros left out."""
    keys = [k for k in INDICATORS if sums.get(k)] + sorted(
        k for k in sums if k not in INDICATORS and sums[k]
    )
    labels = [first_upper(translate(INDICATORS.get(k, k))) for k in keys]
    ends = end_punct(["x"] * len(keys))
    return [
        Indicator(key=k, label=lab, value=number(sums[k]), end=e[-1])
        for k, lab, e in zip(keys, labels, ends, strict=True)
    ]


def _has_entries(ds: Dataset, pd: PlanData, cutoff: dt.date, agencies: set[str] | None) -> bool:
    return any(
        e.date <= cutoff for _slug, pf in _progress_files(ds, pd, agencies) for e in pf.entries
    )


def _next_note(ts: TaskStatus) -> str:
    if ts.status == "paused" and ts.recorded:
        lead = _("đang tạm dừng")
    else:
        lead = ""
    if not ts.recorded:
        lead = translate(UNRECORDED_LONG)
    if ts.missed and ts.recorded:
        when = _("chưa cập nhật {n} kỳ đã qua", n=len(ts.missed))
    elif known_overdue(ts) and ts.due:
        when = _("quá hạn {n} ngày, hạn {date}", n=ts.days_overdue, date=format_date(ts.due))
    elif ts.due:
        when = _("hạn {date}", date=format_date(ts.due))
    else:
        when = _("tiến độ: {timeline}", timeline=one_line(ts.task.timeline))
    return "; ".join(p for p in (lead, when) if p)


def _by_agency_text(open_refs: list[str], overdue: int, unrecorded_refs: list[str]) -> str:
    """ "2 nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận (III.1, III.2), trong đó 1
    nhiệm vụ quá hạn; 3 nhiệm vụ chưa ghi nhận tiến độ (III.4, …)": what is known, and what
    is not, of one agency."""
    parts = []
    if open_refs:
        text = _(
            "{n} nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận ({refs})",
            n=len(open_refs),
            refs=", ".join(open_refs),
        )
        if overdue:
            text += _(", trong đó {n} nhiệm vụ quá hạn", n=overdue)
        parts.append(text)
    if unrecorded_refs:
        parts.append(
            _(
                "{n} nhiệm vụ chưa ghi nhận tiến độ ({refs})",
                n=len(unrecorded_refs),
                refs=", ".join(unrecorded_refs),
            )
        )
    return "; ".join(parts)


def next_period(items: TaskItems, period: Period, statuses: list[TaskStatus]) -> NextPeriod:
    """Tasks not done (nor cancelled) as of the cut-off by recorded progress, overdue first,
    then by due date; the tasks with nothing recorded apart (not called "not done")."""
    ds = items.ds
    open_ = [ts for ts in statuses if ts.recorded and ts.status not in ("done", "cancelled")]
    far = dt.date.max
    open_.sort(key=lambda ts: (not known_overdue(ts), ts.due or far))
    tasks = [_extend(NextTask, items.item(ts), note=_next_note(ts)) for ts in open_]
    unrecorded = [
        _extend(NextTask, items.item(ts), note=_next_note(ts)) for ts in statuses if not ts.recorded
    ]
    by_agency: dict[str, tuple[list[str], list[int], list[str]]] = {}
    for ts in statuses:
        if ts.recorded and ts.status in ("done", "cancelled"):
            continue
        refs, late, unrec = by_agency.setdefault(ts.task.lead, ([], [0], []))
        if not ts.recorded:
            unrec.append(one_line(ts.task.ref))
            continue
        refs.append(one_line(ts.task.ref))
        late[0] += known_overdue(ts)
    overdue = [t for t in tasks if t.overdue]
    return NextPeriod(
        label=period.next_label,
        label_upper=upper(period.next_label),
        count=str(len(tasks)),
        overdue_count=str(len(overdue)),
        unrecorded_count=str(len(unrecorded)),
        tasks=tasks,
        overdue=overdue,
        unrecorded=unrecorded,
        by_agency=[
            AgencyCount(
                name=agency_name(ds, slug),
                text=_by_agency_text(refs, late[0], unrec),
                open=str(len(refs)),
                overdue=str(late[0]),
                unrecorded=str(len(unrec)),
            )
            for slug, (refs, late, unrec) in by_agency.items()
        ],
    )


# --------------------------------------------------------------------------- assessments


_TEXT_FIELDS = ("highlights", "limitations", "causes", "directions", "recommendations")


def _period_report(plans: list[PlanData], slug: str, period: Period):
    """The agency's report for ``period``: in the progress file of the first of ``plans``
    (the plan and those under it, :func:`plan_tree`) that has one (as
    :func:`ttdn.domain.status.report_status` looks)."""
    for p in plans:
        pf = p.progress.get(slug)
        for r in pf.reports if pf else []:
            if r.period == period.id:
                return r
    return None


def assessment(
    ds: Dataset,
    pd: PlanData,
    slugs: list[str],
    period: Period,
    prefix: bool = False,
    submitted_by: dt.date | None = None,
) -> Assessment:
    """The texts of the agencies' period reports. With ``prefix`` each text starts with the
    agency's name (consolidated report); with ``submitted_by`` only reports submitted on or
    before that day count."""
    out: dict[str, list[str]] = {f: [] for f in _TEXT_FIELDS}
    plans = plan_tree(ds, pd)
    for slug in slugs:
        r = _period_report(plans, slug, period)
        if r is None:
            continue
        if submitted_by is not None and (r.submitted is None or r.submitted > submitted_by):
            continue
        for f in _TEXT_FIELDS:
            text = getattr(r, f)
            if text:
                text = clean(text)
                out[f].append(f"{agency_short(ds, slug)}: {text}" if prefix else text)
    return Assessment(**out)


def _to(names: list[str]) -> Addressees:
    names = [n for n in names if n]
    return Addressees(
        single=len(names) == 1,
        lines=[n.rstrip(" ;.") + "." for n in names]
        if len(names) == 1
        else [f"- {s}" for s in end_punct(names)],
    )


def _report_text(rs: ReportStatus) -> str:
    if rs.state == "submitted":
        text = _("đã gửi ngày {date}", date=format_date(rs.submitted))
    elif rs.state == "submitted_late":
        text = _("gửi muộn {n} ngày (ngày {date})", n=rs.days_late, date=format_date(rs.submitted))
    elif rs.state == "missing":
        # nothing recorded: whether it was sent is not known, only that no sending is
        text = _("chưa ghi nhận đã gửi, quá hạn {n} ngày", n=rs.days_late)
    else:
        text = _("chưa đến hạn (hạn gửi trước ngày {date})", date=format_date(rs.due_before))
    if rs.number and rs.state in ("submitted", "submitted_late"):
        text += _(", Báo cáo số {number}", number=one_line(rs.number))
    return text


# --------------------------------------------------------------------------- contexts


def _check_year(pd: PlanData, period: Period) -> None:
    if pd.year != period.year:
        raise ReportError(
            _(
                "kế hoạch “{plan}” là kế hoạch năm {year}, không có kỳ báo cáo "
                "năm {period}; chọn kế hoạch bằng --plan",
                plan=pd.id,
                year=pd.year,
                period=period.year,
            )
        )


def _period_info(period: Period, cutoff: dt.date) -> PeriodInfo:
    return PeriodInfo(
        id=period.id,
        year=str(period.year),
        label=period.label,
        label_upper=upper(period.label),
        name=translate(PERIOD_LABELS[period.id]),
        cutoff=format_date(cutoff),
    )


def _agency_info(ds: Dataset, slug: str) -> AgencyInfo:
    return AgencyInfo(slug=slug, name=agency_name(ds, slug), short_name=agency_short(ds, slug))


def root_plan(ds: Dataset, pd: PlanData) -> PlanData:
    """The plan at the top of ``pd``'s parents (the city plan an agency plan implements)."""
    seen = {pd.id}
    while pd.plan.parent and pd.plan.parent in ds.plans and pd.plan.parent not in seen:
        pd = ds.plans[pd.plan.parent]
        seen.add(pd.id)
    return pd


def report_recipients(ds: Dataset, pd: PlanData, issuer: str) -> list[str]:
    """Who an agency's report is addressed to, as the city plan says: the city plan's
    issuer (UBND Thành phố) and the agency that consolidates the reports (Sở VHTT), never
    the issuing agency itself. A report on an agency plan goes where the city plan above it
    says, not to the agency plan's own issuer."""
    out = []
    for p in (root_plan(ds, pd), pd):
        recipient = p.plan.reporting.recipient if p.plan.reporting else None
        for slug in (p.plan.issuer, recipient):
            if slug and slug != issuer and agency_name(ds, slug) not in out:
                out.append(agency_name(ds, slug))
    return out


def agency_report_context(
    ds: Dataset,
    pd: PlanData,
    slug: str,
    period: Period,
    as_of: dt.date,
    opts: DocOptions | None = None,
) -> AgencyContext:
    """The context of ``bao-cao-co-quan.docx``: one agency's report for ``period``."""
    _check_year(pd, period)
    opts = opts or DocOptions()
    cutoff = period.cutoff(as_of)
    statuses = plan_status(pd, cutoff, ds)
    led = [ts for ts in statuses if ts.task.lead == slug]
    common = common_context(
        ds, pd, slug, f"BC-{abbreviation(ds.agencies.get(slug))}", opts, as_of.year, as_of
    )
    items = TaskItems(ds)
    coordinated = []
    for ts in statuses:
        if ts.task.lead == slug:
            continue
        own, others = items.entries(ts)
        mine = sorted((c for c in own + others if c.agency == slug), key=by_date)
        if mine:
            results = [one_line(c.entry.result) for c in mine if c.entry.result]
            coordinated.append(
                dataclasses.replace(
                    items.item(ts),
                    result=results[-1] if results else "",
                    status=status_word(mine[-1].entry.status),
                )
            )
    return AgencyContext(
        **common,
        period=_period_info(period, cutoff),
        agency=_agency_info(ds, slug),
        to=_to(report_recipients(ds, pd, slug)),
        has_progress=_has_entries(ds, pd, cutoff, {slug}),
        totals=totals(led),
        indicators=indicators(ds, pd, cutoff, {slug}),
        tasks=[items.item(ts) for ts in led],
        coordinated=coordinated,
        assessment=assessment(ds, pd, [slug], period),
        next=next_period(items, period, led),
    )


def city_report_context(
    ds: Dataset, pd: PlanData, period: Period, as_of: dt.date, opts: DocOptions | None = None
) -> CityContext:
    """The context of ``bao-cao-tong-hop.docx``: the consolidated report of the whole plan,
    written by the agency that receives the reports."""
    _check_year(pd, period)
    if pd.plan.reporting is None:
        raise ReportError(
            _(
                "kế hoạch “{plan}” không quy định chế độ báo cáo (reporting), "
                "nên không có báo cáo tổng hợp",
                plan=pd.id,
            )
        )
    opts = opts or DocOptions()
    issuer = pd.plan.reporting.recipient
    cutoff = period.cutoff(as_of)
    statuses = plan_status(pd, cutoff, ds)
    common = common_context(
        ds, pd, issuer, f"BC-{abbreviation(ds.agencies.get(issuer))}", opts, as_of.year, as_of
    )
    items = TaskItems(ds)
    groups: dict[str, list[TaskStatus]] = {}
    for ts in statuses:
        groups.setdefault(ts.task.lead, []).append(ts)
    subjects = _reporting_agencies(ds, pd)
    rstat = [r for r in report_status(ds, pd, as_of) if r.period == period.id]
    received = [r for r in rstat if r.state in ("submitted", "submitted_late")]
    late = [r for r in received if r.state == "submitted_late"]
    missing = [r for r in rstat if r.state == "missing"]
    communes = {s for s in subjects if (a := ds.agencies.get(s)) and a.kind == "commune"}
    detail = [r for r in rstat if r.agency not in communes]
    report_lines = end_punct([f"{agency_name(ds, r.agency)}: {_report_text(r)}" for r in detail])
    return CityContext(
        **common,
        period=_period_info(period, cutoff),
        to=_to([agency_name(ds, pd.plan.issuer)]),
        has_progress=_has_entries(ds, pd, cutoff, None),
        totals=CityTotals(**_totals(statuses), agencies=str(len(groups))),
        indicators=indicators(ds, pd, cutoff),
        tasks=[items.item(ts) for ts in statuses],
        groups=[
            Group(
                number=str(i),
                slug=slug,
                name=agency_name(ds, slug),
                count=str(len(sts)),
                breakdown=_breakdown(sts),
                overdue=str(sum(known_overdue(ts) for ts in sts)),
                tasks=[items.item(ts) for ts in sts],
                reported=[items.item(ts) for ts in sts if items.reported(ts)],
                unrecorded_refs=", ".join(
                    one_line(ts.task.ref) for ts in sts if not items.reported(ts)
                ),
            )
            for i, (slug, sts) in enumerate(groups.items(), 1)
        ],
        reports=Reports(
            expected=str(len(rstat)),
            received=str(len(received)),
            late=str(len(late)),
            missing=str(len(missing)),
            agencies=[
                ReportLine(
                    agency=agency_name(ds, r.agency),
                    state=r.state,
                    text=_report_text(r),
                    line=line,
                )
                for r, line in zip(detail, report_lines, strict=True)
            ],
        ),
        communes=_communes(ds, pd, period, cutoff, rstat, communes),
        assessment=assessment(ds, pd, subjects, period, prefix=True, submitted_by=as_of),
        next=next_period(items, period, statuses),
    )


def _communes(
    ds: Dataset,
    pd: PlanData,
    period: Period,
    cutoff: dt.date,
    rstat: list[ReportStatus],
    communes: set[str],
) -> Communes:
    """The communes' reports and indicators in one table (they are too many for a line each)."""
    mine = [r for r in rstat if r.agency in communes]
    received = [r for r in mine if r.state in ("submitted", "submitted_late")]
    unreported = sorted(
        (agency_short(ds, r.agency) for r in mine if r.state in ("missing", "pending")),
        key=fold,
    )
    return Communes(
        present=bool(mine),
        count=number(len(mine)),
        received=number(len(received)),
        late=number(sum(r.state == "submitted_late" for r in received)),
        missing=number(len(mine) - len(received)),
        unreported=", ".join(unreported),
        indicators=indicators(ds, pd, cutoff, communes),
    )


def _no_reporting(pd: PlanData) -> ReportError:
    return ReportError(
        _(
            "kế hoạch “{plan}” không quy định cơ quan theo dõi, tổng hợp "
            "(reporting), nên không có công văn đôn đốc",
            plan=pd.id,
        )
    )


def check_reminder_recipient(ds: Dataset, pd: PlanData, slug: str) -> None:
    """Raise ReportError unless the plan makes ``slug`` subject to it: the consolidating
    agency does not remind itself, and agencies the plan does not make report (central
    agencies, press, enterprises…) get no reminder."""
    if pd.plan.reporting is None:
        raise _no_reporting(pd)
    if slug == pd.plan.reporting.recipient:
        raise ReportError(
            _(
                "{agency} là cơ quan theo dõi, tổng hợp của kế hoạch, không gửi công văn "
                "đôn đốc cho chính mình",
                agency=agency_name(ds, slug),
            )
        )
    if slug not in _reporting_agencies(ds, pd):
        raise ReportError(
            _(
                "kế hoạch không giao {agency} báo cáo (không thuộc các cơ quan phải báo "
                "cáo), nên không gửi công văn đôn đốc",
                agency=agency_name(ds, slug),
            )
        )


def reminder_subjects(ds: Dataset, pd: PlanData) -> list[str]:
    """The agencies a reminder may go to: those the plan makes report (the consolidating
    agency is not one of them)."""
    return _reporting_agencies(ds, pd)


@dataclass
class Outstanding:
    """What one agency has outstanding on a day: for ``ttdn report reminder --all``."""

    slug: str
    tasks: int
    reports: int
    # in words: "2 nhiệm vụ đã qua hạn, chưa ghi nhận hoàn thành (I.2, I.3); Báo cáo 6 tháng
    # chưa ghi nhận đã gửi"
    summary: str


def outstanding(ds: Dataset, pd: PlanData, as_of: dt.date) -> list[Outstanding]:
    """The agencies a reminder may go to (:func:`check_reminder_recipient`) that have
    something late on ``as_of`` (a task past its due date or periodic entry, a report not
    sent), in registry order."""
    if pd.plan.reporting is None:
        raise _no_reporting(pd)
    subjects = set(_reporting_agencies(ds, pd))
    tasks: dict[str, list[str]] = {}
    reports: dict[str, list[str]] = {}
    for it in overdue_items(ds, pd, as_of):
        if it.agency not in subjects:
            continue
        if it.task is not None:
            ref = one_line(it.task.task.ref)
            refs = tasks.setdefault(it.agency, [])
            if ref not in refs:
                refs.append(ref)
        elif it.report is not None:
            reports.setdefault(it.agency, []).append(
                report_name(it.report.period, one_line(it.report.name))
            )
    out = []
    for slug in sorted(set(tasks) | set(reports), key=lambda s: list(ds.agencies).index(s)):
        parts = []
        if slug in tasks:
            parts.append(
                _(
                    "{n} nhiệm vụ đã qua hạn, chưa ghi nhận hoàn thành ({refs})",
                    n=len(tasks[slug]),
                    refs=", ".join(tasks[slug]),
                )
            )
        parts += [_("{report} chưa ghi nhận đã gửi", report=r) for r in reports.get(slug, [])]
        out.append(
            Outstanding(
                slug, len(tasks.get(slug, [])), len(reports.get(slug, [])), "; ".join(parts)
            )
        )
    return out


def reminder_context(
    ds: Dataset, pd: PlanData, slug: str, as_of: dt.date, opts: DocOptions | None = None
) -> ReminderContext:
    """The context of ``cong-van-don-doc.docx``: the công văn đôn đốc to one agency the plan
    makes report (:func:`check_reminder_recipient`)."""
    check_reminder_recipient(ds, pd, slug)
    assert pd.plan.reporting is not None
    opts = opts or DocOptions()
    issuer = pd.plan.reporting.recipient
    # A công văn's symbol has no type code: issuer abbreviation - drafting unit (NĐ 30, Mẫu 1.5).
    common = common_context(
        ds, pd, issuer, f"{abbreviation(ds.agencies.get(issuer))}-{BLANK}", opts, as_of.year, as_of
    )
    task_items = TaskItems(ds)
    tasks: list[tuple[int, TaskItem, str, str]] = []  # (days, item, due, note)
    reports: list[dict[str, str]] = []
    for it in overdue_items(ds, pd, as_of, slug):
        if it.task is not None:
            if it.task.missed:
                note = _(
                    "chưa cập nhật kỳ đến ngày {date}, quá {n} ngày",
                    date=format_date(it.due),
                    n=it.days,
                )
            elif not it.task.recorded:
                # nothing recorded: the due date has passed, whether the task is done is unknown
                note = _(
                    "hạn {date}, đã qua {n} ngày, chưa ghi nhận tiến độ",
                    date=format_date(it.due),
                    n=it.days,
                )
            else:
                # late by recorded progress: say what was recorded, and when
                note = _(
                    "hạn {date}, quá hạn {n} ngày; tiến độ ghi nhận: {status}",
                    date=format_date(it.due),
                    n=it.days,
                    status=_status_label(it.task)
                    + (
                        _(" (ngày {date})", date=format_date(it.task.last_update))
                        if it.task.last_update
                        else ""
                    ),
                )
            tasks.append((it.days, task_items.item(it.task), format_date(it.due), note))
        elif it.report is not None:
            r = it.report
            reports.append(
                {
                    "name": _(
                        "{report} năm {year}",
                        report=report_name(r.period, one_line(r.name)),
                        year=pd.year,
                    ),
                    "period": r.period,
                    "due": format_date(r.due_before),
                    "days": str(it.days),
                    "note": _(
                        "hạn gửi trước ngày {date}, quá hạn {n} ngày",
                        date=format_date(r.due_before),
                        n=it.days,
                    ),
                }
            )
    tasks.sort(key=lambda t: -t[0])
    task_ends = [s[-1] for s in end_punct(["x"] * len(tasks))]
    report_ends = [s[-1] for s in end_punct(["x"] * len(reports))]
    overdue = [
        _extend(OverdueTask, item, due=due, days=str(days), note=note, end=end)
        for (days, item, due, note), end in zip(tasks, task_ends, strict=True)
    ]
    missing = [MissingReport(**r, end=end) for r, end in zip(reports, report_ends, strict=True)]
    return ReminderContext(
        **common,
        recipient=_agency_info(ds, slug),
        to=_to([agency_name(ds, slug)]),
        tasks=overdue,
        reports=missing,
        has_items=bool(overdue or missing),
    )


def option_warnings(ctx: Common, opts: DocOptions, cutoff: dt.date | None) -> list[str]:
    """What looks wrong in the user's ``--date`` and ``--number`` (warnings, the document is
    still written): a date of issue before the day the figures are counted to, a number
    whose symbol is not the issuing agency's."""
    out = []
    if opts.date is not None and cutoff is not None and opts.date < cutoff:
        out.append(
            _(
                "ngày ban hành {date} (--date) trước ngày tính số liệu {cutoff}: báo cáo "
                "không thể nói về những ngày chưa đến",
                date=format_date(opts.date),
                cutoff=format_date(cutoff),
            )
        )
    if opts.number:
        given = foreign_symbol(opts.number, ctx.doc.symbol)
        if given is not None:
            out.append(
                _(
                    "số văn bản “{number}” (--number) có ký hiệu “{given}”, không phải ký hiệu "
                    "của {agency} (“{symbol}”)",
                    number=one_line(opts.number),
                    given=given,
                    agency=ctx.issuer.name_plain,
                    symbol=ctx.doc.symbol,
                )
            )
    return out
