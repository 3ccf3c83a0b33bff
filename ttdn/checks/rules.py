"""Checks across files, as small rules: one function per problem code (or a few closely
related codes), listed in :data:`RULES` (as beancount's ``VALIDATIONS``).

A rule is ``rule(dataset, context) -> Iterable[Problem]``: it reads the loaded data and says
what is wrong, as problems whose message is a message id with parameters (put into words at
the edge). Each rule declares the codes it reports (:func:`rule`); the severity of a code is
in :data:`ttdn.checks.codes.CODES`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ttdn.checks.codes import CODES
from ttdn.data.loader import stem
from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.duties import duty_bodies, implementation_item
from ttdn.domain.messages import Labels, Message, msg, suggestion
from ttdn.domain.model import (
    INDICATORS,
    PeriodReport,
    ProgressEntry,
    ProgressFile,
    Task,
    TaskSection,
)
from ttdn.domain.problems import Problem
from ttdn.domain.schedule import parse_timeline
from ttdn.domain.status import reporting_agencies
from ttdn.text import slugify

_REF = re.compile(r"^([IVXLC]+)\.(\d+)$")
_SLUG_OK = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Context:
    """What a check needs besides the data: the day looked at (progress dated after it is
    an error), None for no such check."""

    as_of: dt.date | None = None


Rule = Callable[[Dataset, Context], Iterable[Problem]]


def rule(*codes: str) -> Callable[[Rule], Rule]:
    """Declare the problem codes a rule reports (``fn.codes``)."""

    def mark(fn: Rule) -> Rule:
        fn.codes = codes  # type: ignore[attr-defined]
        return fn

    return mark


def _problem(
    ds: Dataset, code: str, file: str, path: tuple, message: Message, *, key: bool = False
) -> Problem:
    """A problem located at ``path`` of ``file``, with the severity of its code."""
    return ds.problem(code, file, path, message, key=key, severity=CODES[code].severity)


def _date(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


# ------------------------------------------------------------------ walking the data


@dataclass(frozen=True, slots=True)
class _At:
    """One task with where it is: plan, file, section and path of the task in the file."""

    pd: PlanData
    file: str
    section: TaskSection
    task: Task
    path: tuple


def _tasks(ds: Dataset) -> Iterator[_At]:
    """Every valid task of every plan, in file order (a file's broken tasks are left out,
    its ``_indices`` give the others' places)."""
    for pd in ds.plans.values():
        for rel, section in pd.sections:
            indices = getattr(section, "_indices", None) or range(len(section.tasks))
            for i, task in zip(indices, section.tasks, strict=True):
                yield _At(pd, rel, section, task, ("tasks", i))


def _progress(ds: Dataset) -> Iterator[tuple[PlanData, str, ProgressFile]]:
    """Every progress file: (plan, file, its records)."""
    for pd in ds.plans.values():
        for slug, pf in pd.progress.items():
            yield pd, pd.progress_files[slug], pf


def _entries(pf: ProgressFile) -> Iterator[tuple[int, ProgressEntry]]:
    """A progress file's valid entries with their places in the file (a file that failed
    validation keeps its valid entries: ``_indices``)."""
    indices = getattr(pf, "_indices", None)
    return zip(indices, pf.entries, strict=True) if indices is not None else enumerate(pf.entries)


def _reports(pf: ProgressFile) -> Iterator[tuple[int, PeriodReport]]:
    """A progress file's valid reports with their places in the file."""
    indices = getattr(pf, "_report_indices", None)
    return zip(indices, pf.reports, strict=True) if indices is not None else enumerate(pf.reports)


# ------------------------------------------------------------------ references


def _agency_ref(ds: Dataset, file: str, path: tuple, slug: str | None) -> list[Problem]:
    if slug is None or slug in ds.agencies or slug in ds.broken_agencies:
        return []
    hint = suggestion(slug, ds.agencies.keys())
    if not hint and slug in ds.groups:
        hint = msg(" “{slug}” là một nhóm cơ quan: hãy ghi nó trong coordinator_groups.", slug=slug)
    return [
        _problem(
            ds,
            "unknown-agency",
            file,
            path,
            msg("không có cơ quan “{slug}” trong data/agencies/.{hint}", slug=slug, hint=hint),
        )
    ]


def _group_ref(ds: Dataset, file: str, path: tuple, gid: str | None) -> list[Problem]:
    if gid is None or gid in ds.groups:
        return []
    hint = suggestion(gid, ds.groups.keys())
    if not hint and gid in ds.agencies:
        hint = msg(" “{slug}” là một cơ quan: hãy ghi nó trong coordinators.", slug=gid)
    return [
        _problem(
            ds,
            "unknown-group",
            file,
            path,
            msg(
                "không có nhóm cơ quan “{group}” trong data/groups.yaml.{hint}",
                group=gid,
                hint=hint,
            ),
        )
    ]


def unknown_task(pd: PlanData, task_id: str) -> Message:
    """The message for ``task_id``, which is not a task of plan ``pd``."""
    return msg(
        "kế hoạch “{plan}” không có nhiệm vụ “{task}”.{hint}",
        plan=pd.id,
        task=task_id,
        hint=suggestion(task_id, pd.tasks.keys()),
    )


def unknown_indicator(key: str) -> Message:
    """The message for an indicator ``key`` that is not one of :data:`INDICATORS`."""
    return msg(
        "chỉ tiêu “{key}” không có.{hint} Các chỉ tiêu: {choices}",
        key=key,
        hint=suggestion(key, INDICATORS.keys()),
        choices=Labels.of(INDICATORS),
    )


# ------------------------------------------------------------------ the rules


@rule("bad-slug")
def agency_file_names(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """An agency's file name is its id."""
    for slug, agency in ds.agencies.items():
        if not _SLUG_OK.match(slug):
            message = msg(
                "tên tệp “{slug}” không phải mã hợp lệ; nên là “{better}.yaml”",
                slug=slug,
                better=slugify(agency.name),
            )
            yield Problem("bad-slug", ds.agency_files[slug], 0, 0, message)


@rule("unknown-agency")
def agency_references(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Every agency named by an id has its file in agencies/."""
    for slug, agency in ds.agencies.items():
        yield from _agency_ref(ds, ds.agency_files[slug], ("parent",), agency.parent)
    for pd in ds.plans.values():
        plan, rel = pd.plan, pd.file
        yield from _agency_ref(ds, rel, ("issuer",), plan.issuer)
        for i, duty in enumerate(plan.implementation):
            yield from _agency_ref(ds, rel, ("implementation", i, "agency"), duty.agency)
        if plan.reporting:
            yield from _agency_ref(ds, rel, ("reporting", "recipient"), plan.reporting.recipient)
            for i, slug in enumerate(plan.reporting.subject_agencies):
                yield from _agency_ref(ds, rel, ("reporting", "subject_agencies", i), slug)
    for at in _tasks(ds):
        yield from _agency_ref(ds, at.file, at.path + ("lead",), at.task.lead)
        for j, slug in enumerate(at.task.coordinators):
            yield from _agency_ref(ds, at.file, at.path + ("coordinators", j), slug)
    for _pd, rel, pf in _progress(ds):
        yield from _agency_ref(ds, rel, ("agency",), pf.agency)
    for gid, group in ds.groups.items():
        path = ("groups", ds.group_index.get(gid, 0), "members", "agencies")
        for j, slug in enumerate(group.members.agencies if group.members else []):
            yield from _agency_ref(ds, "groups.yaml", path + (j,), slug)


@rule("unknown-group")
def group_references(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Every group named by an id is in groups.yaml."""
    for pd in ds.plans.values():
        for i, duty in enumerate(pd.plan.implementation):
            yield from _group_ref(ds, pd.file, ("implementation", i, "group"), duty.group)
    for at in _tasks(ds):
        for j, gid in enumerate(at.task.coordinator_groups):
            yield from _group_ref(ds, at.file, at.path + ("coordinator_groups", j), gid)


@rule("unknown-plan", "plan-cycle")
def plan_parents(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A plan's parent exists, and parents form no cycle."""
    for pd in ds.plans.values():
        parent = pd.plan.parent
        if parent is not None and parent not in ds.plans:
            yield _problem(
                ds,
                "unknown-plan",
                pd.file,
                ("parent",),
                msg(
                    "không có kế hoạch “{plan}”.{hint}",
                    plan=parent,
                    hint=suggestion(parent, ds.plans.keys()),
                ),
            )
        seen, cur = {pd.id}, parent
        while cur is not None and cur in ds.plans:
            if cur in seen:
                yield _problem(
                    ds,
                    "plan-cycle",
                    pd.file,
                    ("parent",),
                    msg("kế hoạch cấp trên của “{plan}” vòng trở lại chính nó", plan=pd.id),
                )
                break
            seen.add(cur)
            cur = ds.plans[cur].plan.parent


@rule("duplicate-id")
def report_period_ids(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A plan declares each report period once (task and group ids: the loader)."""
    for pd in ds.plans.values():
        seen: set[str] = set()
        for i, period in enumerate(pd.plan.reporting.periods if pd.plan.reporting else []):
            if period.id in seen:
                yield _problem(
                    ds,
                    "duplicate-id",
                    pd.file,
                    ("reporting", "periods", i, "id"),
                    msg("kỳ báo cáo “{period}” khai báo hai lần", period=period.id),
                )
            seen.add(period.id)


@rule("date-outside-year")
def plan_dates(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A plan's date and its report deadlines fall in its year (the date: or the year before)."""
    for pd in ds.plans.values():
        plan = pd.plan
        if plan.date is not None and plan.date.year not in (plan.year, plan.year - 1):
            yield _problem(
                ds,
                "date-outside-year",
                pd.file,
                ("date",),
                msg(
                    "ngày ban hành {date} không khớp năm kế hoạch {year}",
                    date=_date(plan.date),
                    year=plan.year,
                ),
            )
        for i, period in enumerate(plan.reporting.periods if plan.reporting else []):
            if period.due_before.year != plan.year:
                yield _problem(
                    ds,
                    "date-outside-year",
                    pd.file,
                    ("reporting", "periods", i, "due_before"),
                    msg(
                        "hạn báo cáo {date} nằm ngoài năm kế hoạch {year}",
                        date=_date(period.due_before),
                        year=plan.year,
                    ),
                )


@rule("bad-ref", "duplicate-ref")
def task_numbers(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A task's number is ``<section>.<n>`` of its section, used once in its plan."""
    refs: dict[tuple[str, str], tuple[str, tuple]] = {}
    for at in _tasks(ds):
        task, path = at.task, at.path + ("ref",)
        m = _REF.match(task.ref)
        if not m:
            yield _problem(
                ds,
                "bad-ref",
                at.file,
                path,
                msg("số thứ tự “{ref}” phải có dạng <phần>.<số>, ví dụ III.2", ref=task.ref),
            )
        elif m.group(1) != at.section.section:
            yield _problem(
                ds,
                "bad-ref",
                at.file,
                path,
                msg(
                    "nhiệm vụ “{ref}” nằm trong phần {section}; "
                    "số thứ tự phải bắt đầu bằng “{section}.”",
                    ref=task.ref,
                    section=at.section.section,
                ),
            )
        key = (at.pd.id, task.ref)
        if key in refs:
            ofile, opath = refs[key]
            oline = ds.source(ofile).where(opath)[0]  # positions are computed on demand
            yield _problem(
                ds,
                "duplicate-ref",
                at.file,
                path,
                msg(
                    "số thứ tự “{ref}” đã dùng ở {place}",
                    ref=task.ref,
                    place=f"{ofile}:{oline}",
                ),
            )
        else:
            refs[key] = (at.file, path)


@rule("unresolved-name")
def unresolved_names(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Names ``ttdn plan import`` kept as printed: a task without a lead (its printed name in
    ``lead_as_printed``) and each name under ``unresolved``."""
    for at in _tasks(ds):
        if at.task.lead is None:
            yield _problem(
                ds,
                "unresolved-name",
                at.file,
                at.path,
                msg(
                    "chưa xác định cơ quan chủ trì “{name}”: ghi mã cơ quan vào lead",
                    name=at.task.lead_as_printed or "—",
                ),
            )
        for j, name in enumerate(at.task.unresolved):
            yield _problem(
                ds,
                "unresolved-name",
                at.file,
                at.path + ("unresolved", j),
                msg(
                    "“{name}” chưa xác định được là cơ quan hay nhóm nào: ghi mã vào "
                    "coordinators hoặc coordinator_groups rồi xoá dòng này",
                    name=name,
                ),
            )


def _document_issuers(ds: Dataset) -> set[str]:
    """Agencies that write ttdn's documents: task leads, reporting agencies and the agencies
    that consolidate reports."""
    out: set[str] = set()
    for pd in ds.plans.values():
        out.update(tr.task.lead for tr in pd.tasks.values() if tr.task.lead)
        if pd.plan.reporting is not None:
            out.add(pd.plan.reporting.recipient)
            out.update(reporting_agencies(ds, pd))
    return out


@rule("missing-abbreviation")
def agency_abbreviations(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """An agency that writes reports has a registered abbreviation for its document
    symbols ("BC-SDL"); without one its reports show a guessed symbol (a warning)."""
    for slug in sorted(_document_issuers(ds)):
        agency = ds.agencies.get(slug)
        if agency is None or agency.abbreviation or slug not in ds.agency_files:
            continue
        yield _problem(
            ds,
            "missing-abbreviation",
            ds.agency_files[slug],
            ("name",),
            msg(
                "cơ quan “{slug}” chưa có chữ viết tắt dùng trong ký hiệu văn bản "
                "(abbreviation, ví dụ SDL trong “125/BC-SDL”); báo cáo sẽ dùng chữ viết "
                "tắt tự suy ra",
                slug=slug,
            ),
            key=True,
        )


@rule("lead-coordinates")
def lead_not_coordinator(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """The lead agency is not also listed among the coordinators (a warning)."""
    for at in _tasks(ds):
        if at.task.lead in at.task.coordinators:
            yield _problem(
                ds,
                "lead-coordinates",
                at.file,
                at.path + ("coordinators",),
                msg(
                    "cơ quan chủ trì “{slug}” cũng nằm trong danh sách phối hợp",
                    slug=at.task.lead,
                ),
            )


@rule("timeline-unknown", "date-outside-year")
def task_deadlines(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A task's due date (``due``, else its timeline) is readable and in the plan's year."""
    for at in _tasks(ds):
        task, year = at.task, at.pd.year
        if task.due is not None:
            if task.due.year != year:
                yield _problem(
                    ds,
                    "date-outside-year",
                    at.file,
                    at.path + ("due",),
                    msg(
                        "hạn {date} nằm ngoài năm kế hoạch {year}",
                        date=_date(task.due),
                        year=year,
                    ),
                )
            continue
        sched = parse_timeline(task.timeline, year)
        if sched.kind == "unknown":
            yield _problem(
                ds,
                "timeline-unknown",
                at.file,
                at.path + ("timeline",),
                msg(
                    "không hiểu tiến độ “{timeline}” ({reason}); dùng một dạng như "
                    "“Tháng 3”, “Quý II”, “6 tháng đầu năm”, “Năm 2026”, "
                    "“Trước ngày 20/6”, “Thường xuyên”, “Theo kế hoạch”, "
                    "hoặc ghi thêm “due: YYYY-MM-DD”",
                    timeline=task.timeline,
                    reason=sched.reason or "",
                ),
            )
        elif sched.due is not None and sched.due.year != year:
            yield _problem(
                ds,
                "date-outside-year",
                at.file,
                at.path + ("timeline",),
                msg(
                    "tiến độ “{timeline}” cho hạn {date}, nằm ngoài năm kế hoạch {year}",
                    timeline=task.timeline,
                    date=_date(sched.due),
                    year=year,
                ),
            )


@rule("unknown-task")
def implemented_tasks(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A task's ``implements`` names a task of its plan's parent."""
    for at in _tasks(ds):
        implements = at.task.implements
        if implements is None:
            continue
        parent = ds.plans.get(at.pd.plan.parent) if at.pd.plan.parent else None
        path = at.path + ("implements",)
        if parent is None:
            yield _problem(
                ds,
                "unknown-task",
                at.file,
                path,
                msg("nhiệm vụ ghi “implements” nhưng kế hoạch không có kế hoạch cấp trên (parent)"),
            )
        elif implements not in parent.tasks:
            yield _problem(ds, "unknown-task", at.file, path, unknown_task(parent, implements))


@rule("implemented-by-other")
def implementer_is_involved(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """An agency plan's task implements a task of the plan above that its agency leads or
    coordinates: after the task moved to another lead, the old lead's plan still rolling up
    into it is a warning."""
    for at in _tasks(ds):
        implements, pd = at.task.implements, at.pd
        parent = ds.plans.get(pd.plan.parent) if pd.plan.parent else None
        if implements is None or parent is None or pd.plan.kind != "agency":
            continue
        target = parent.tasks.get(implements)
        if target is None:
            continue  # unknown-task
        t = target.task
        if t.lead not in ds.agencies:
            continue  # unknown-agency, where the lead is written
        if pd.plan.issuer != t.lead and pd.plan.issuer not in t.coordinators:
            yield _problem(
                ds,
                "implemented-by-other",
                at.file,
                at.path + ("implements",),
                msg(
                    "nhiệm vụ {ref} ({id}) của kế hoạch “{parent}” nay do “{lead}” chủ trì, "
                    "nhưng kế hoạch “{plan}” của “{issuer}” vẫn thực hiện nó và trạng thái vẫn "
                    "được tổng hợp từ đây; bỏ “implements” hoặc sửa lại cơ quan chủ trì",
                    ref=t.ref,
                    id=t.id,
                    parent=parent.id,
                    lead=t.lead,
                    plan=pd.id,
                    issuer=pd.plan.issuer,
                ),
            )


@rule("not-implemented")
def agency_plans_implement(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A city task led by an agency that has its own plan under the city plan is implemented
    by a task of that plan (a warning)."""
    for parent in ds.plans.values():
        children = [
            p for p in ds.plans.values() if p.plan.parent == parent.id and p.id != parent.id
        ]
        own = {p.plan.issuer: p for p in children if p.plan.kind == "agency"}
        if not own:
            continue
        implemented = {t.task.implements for p in children for t in p.tasks.values()}
        for tr in parent.tasks.values():
            child = own.get(tr.task.lead)
            if child is not None and tr.task.id not in implemented:
                yield _problem(
                    ds,
                    "not-implemented",
                    tr.file,
                    ("tasks", tr.index, "id"),
                    msg(
                        "nhiệm vụ {ref} ({id}) do “{lead}” chủ trì nhưng kế hoạch “{plan}” "
                        "của cơ quan này chưa có nhiệm vụ nào thực hiện nó (implements: {id})",
                        ref=tr.task.ref,
                        id=tr.task.id,
                        lead=tr.task.lead,
                        plan=child.id,
                    ),
                )


@rule("progress-agency")
def progress_file_agency(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A progress file records its own agency's progress."""
    for _pd, rel, pf in _progress(ds):
        if pf.agency != stem(rel):
            yield _problem(
                ds,
                "progress-agency",
                rel,
                ("agency",),
                msg(
                    "tệp {file}.yaml ghi tiến độ của “{agency}”; mỗi cơ quan "
                    "ghi vào tệp mang mã của mình ({agency}.yaml)",
                    file=stem(rel),
                    agency=pf.agency,
                ),
            )


@rule("unknown-task", "not-involved")
def progress_tasks(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A progress entry names a task of the plan that its agency leads or coordinates (the
    latter a warning); a member of a coordinating group coordinates."""
    members = {gid: set(ds.group_members(gid)) for gid in ds.groups}
    duties = {(pd.id, d.id): d for pd in ds.plans.values() for d in pd.plan.standing_duties}
    for pd, rel, pf in _progress(ds):
        for i, raw in getattr(pf, "_broken_entries", ()):
            # an entry with other bad fields: its task is checked too
            task = raw.get("task")
            if isinstance(task, str) and task not in pd.tasks and task not in pd.broken_task_ids:
                yield _problem(
                    ds, "unknown-task", rel, ("entries", i, "task"), unknown_task(pd, task)
                )
        for i, e in _entries(pf):
            path = ("entries", i, "task")
            if e.task in pd.broken_task_ids:
                continue
            if e.task not in pd.tasks:
                duty = duties.get((pd.id, e.task))
                if duty is None:
                    yield _problem(ds, "unknown-task", rel, path, unknown_task(pd, e.task))
                elif duty.kind != "duty" or pf.agency not in duty_bodies(ds, pd, duty):
                    yield _problem(
                        ds,
                        "not-involved",
                        rel,
                        path,
                        msg(
                            "“{agency}” không có nhiệm vụ thường xuyên {ref} ({task}) để ghi "
                            "tiến độ",
                            agency=pf.agency,
                            ref=duty.ref,
                            task=e.task,
                        ),
                    )
                continue
            t = pd.tasks[e.task].task
            if t.lead not in ds.agencies:
                continue  # the unknown lead is reported where it is written, once
            if (
                pf.agency != t.lead
                and pf.agency not in t.coordinators
                and not any(pf.agency in members[g] for g in t.coordinator_groups if g in members)
            ):
                yield _problem(
                    ds,
                    "not-involved",
                    rel,
                    path,
                    msg(
                        "“{agency}” không chủ trì cũng không có tên phối hợp nhiệm vụ "
                        "{ref} ({task})",
                        agency=pf.agency,
                        ref=t.ref,
                        task=e.task,
                    ),
                )


@rule("bad-duty", "duplicate-id", "unknown-period")
def standing_duties(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A standing duty has a unique id (no task has it either) and what its kind needs: an
    item of "Tổ chức thực hiện" (duty), a text (own_plan), a period of the plan (report)."""
    for pd in ds.plans.values():
        seen: set[str] = set()
        periods = {p.id for p in pd.plan.reporting.periods} if pd.plan.reporting else set()
        for i, d in enumerate(pd.plan.standing_duties):
            path = ("standing_duties", i)
            if d.id in seen or d.id in pd.tasks:
                yield _problem(
                    ds,
                    "duplicate-id",
                    pd.file,
                    path + ("id",),
                    msg("mã “{id}” đã dùng cho nhiệm vụ khác của kế hoạch", id=d.id),
                )
            seen.add(d.id)
            if d.kind != "report" and not d.timeline:
                yield _problem(
                    ds,
                    "bad-duty",
                    pd.file,
                    path,
                    msg(
                        "nhiệm vụ thường xuyên “{id}” cần timeline (như văn bản ghi, hoặc "
                        "“Thường xuyên”)",
                        id=d.id,
                    ),
                )
            if d.kind == "duty":
                item = implementation_item(pd, d)
                if item is None:
                    yield _problem(
                        ds,
                        "bad-duty",
                        pd.file,
                        path + (("implementation",) if d.implementation else ()),
                        msg(
                            "nhiệm vụ thường xuyên “{id}” phải trỏ tới một mục của "
                            "implementation (implementation: số mục, item: thứ tự nhiệm vụ)",
                            id=d.id,
                        ),
                    )
                elif d.item is None or d.item > len(item.duties):
                    yield _problem(
                        ds,
                        "bad-duty",
                        pd.file,
                        path + (("item",) if d.item else ()),
                        msg(
                            "mục {ref} của implementation có {n} nhiệm vụ; item phải từ 1 đến {n}",
                            ref=item.ref,
                            n=len(item.duties),
                        ),
                    )
            elif d.kind == "own_plan" and not d.content:
                yield _problem(
                    ds,
                    "bad-duty",
                    pd.file,
                    path,
                    msg("nhiệm vụ thường xuyên “{id}” (own_plan) cần content", id=d.id),
                )
            elif d.kind == "report":
                if d.period is None:
                    yield _problem(
                        ds,
                        "bad-duty",
                        pd.file,
                        path,
                        msg("nhiệm vụ thường xuyên “{id}” (report) cần period", id=d.id),
                    )
                elif d.period not in periods:
                    yield _problem(
                        ds,
                        "unknown-period",
                        pd.file,
                        path + ("period",),
                        msg("kế hoạch không có kỳ báo cáo “{period}”", period=d.period),
                    )


@rule("date-outside-year", "future-date")
def progress_dates(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Progress entries and report submissions are not dated before the plan's year (after
    it they may be: results are recorded late), nor after the day looked at."""
    as_of = ctx.as_of
    for pd, rel, pf in _progress(ds):
        dated = [(("entries", i, "date"), e.date, False) for i, e in _entries(pf)]
        dated += [
            (("reports", i, "submitted"), r.submitted, True)
            for i, r in _reports(pf)
            if r.submitted is not None
        ]
        for path, day, sent in dated:
            if day.year < pd.year:
                fields = {"date": _date(day), "year": pd.year}
                text = (
                    msg("ngày gửi {date} nằm ngoài năm kế hoạch {year}", **fields)
                    if sent
                    else msg("ngày {date} nằm ngoài năm kế hoạch {year}", **fields)
                )
                yield _problem(ds, "date-outside-year", rel, path, text)
            if as_of is not None and day > as_of:
                fields = {"date": _date(day), "as_of": _date(as_of)}
                text = (
                    msg("ngày gửi {date} ở sau ngày xem xét {as_of}", **fields)
                    if sent
                    else msg("ngày {date} ở sau ngày xem xét {as_of}", **fields)
                )
                yield _problem(ds, "future-date", rel, path, text)


@rule("unknown-indicator")
def indicators(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Progress entries report only known indicators (entries with other bad fields too)."""
    for _pd, rel, pf in _progress(ds):
        broken = [
            (i, raw["indicators"])
            for i, raw in getattr(pf, "_broken_entries", ())
            if isinstance(raw.get("indicators"), dict)
        ]
        for i, inds in [(i, e.indicators) for i, e in _entries(pf)] + broken:
            for key in inds:
                if not isinstance(key, str):
                    continue
                if key not in INDICATORS:
                    yield _problem(
                        ds,
                        "unknown-indicator",
                        rel,
                        ("entries", i, "indicators", key),
                        unknown_indicator(key),
                        key=True,
                    )


@rule("indicator-decrease")
def running_totals_grow(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Indicators are running totals since the start of the year: one lower than the same
    task's previous figure in the file needs a note saying why (a warning)."""
    for _pd, rel, pf in _progress(ds):
        last: dict[tuple[str, str], int] = {}
        for i, e in _entries(pf):
            for key, value in e.indicators.items():
                prev = last.get((e.task, key))
                last[(e.task, key)] = value
                if prev is not None and value < prev and not e.note:
                    yield _problem(
                        ds,
                        "indicator-decrease",
                        rel,
                        ("entries", i, "indicators", key),
                        msg(
                            "chỉ tiêu “{key}” là số luỹ kế từ đầu năm nhưng giảm từ {previous} "
                            "xuống {value} mà không có ghi chú (note) giải thích",
                            key=key,
                            previous=prev,
                            value=value,
                        ),
                    )


_ORDER = {"not_started": 0, "in_progress": 1, "paused": 1, "done": 2, "cancelled": 2}


@rule("entry-order", "status-regression")
def progress_history(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A task's entries in one file are in date order, and its status does not go back after
    done or cancelled without a note."""
    for _pd, rel, pf in _progress(ds):
        last: dict[str, tuple[str, dt.date]] = {}
        for i, e in _entries(pf):
            prev = last.get(e.task)
            last[e.task] = (e.status, e.date)
            if prev is None:
                continue
            prev_status, prev_date = prev
            if e.date < prev_date:
                yield _problem(
                    ds,
                    "entry-order",
                    rel,
                    ("entries", i, "date"),
                    msg(
                        "ngày {date} sớm hơn lần cập nhật trước của cùng nhiệm vụ "
                        "({previous}); ghi các lần cập nhật theo thứ tự thời gian",
                        date=_date(e.date),
                        previous=_date(prev_date),
                    ),
                )
            if (
                prev_status in ("done", "cancelled")
                and _ORDER[e.status] < _ORDER[prev_status]
                and not e.note
            ):
                yield _problem(
                    ds,
                    "status-regression",
                    rel,
                    ("entries", i, "status"),
                    msg(
                        "trạng thái quay lại “{status}” sau “{previous}” mà không có "
                        "ghi chú (note) giải thích",
                        status=e.status,
                        previous=prev_status,
                    ),
                )


@rule("duplicate-report", "unknown-period")
def period_reports(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """An agency records each period's report once, for a period its plan has."""
    for pd, rel, pf in _progress(ds):
        report_ids = {p.id for p in pd.plan.reporting.periods} if pd.plan.reporting else set()
        seen: set[str] = set()
        for i, r in _reports(pf):
            path = ("reports", i, "period")
            if r.period in seen:
                yield _problem(
                    ds,
                    "duplicate-report",
                    rel,
                    path,
                    msg("báo cáo kỳ “{period}” ghi hai lần", period=r.period),
                )
            seen.add(r.period)
            if report_ids and r.period not in report_ids:
                yield _problem(
                    ds,
                    "unknown-period",
                    rel,
                    path,
                    msg("kế hoạch không có kỳ báo cáo “{period}”", period=r.period),
                )


RULES: list[Rule] = [
    agency_file_names,
    agency_references,
    group_references,
    plan_parents,
    report_period_ids,
    plan_dates,
    task_numbers,
    unresolved_names,
    lead_not_coordinator,
    agency_abbreviations,
    task_deadlines,
    implemented_tasks,
    implementer_is_involved,
    agency_plans_implement,
    progress_file_agency,
    progress_tasks,
    progress_dates,
    indicators,
    running_totals_grow,
    progress_history,
    period_reports,
    standing_duties,
]
