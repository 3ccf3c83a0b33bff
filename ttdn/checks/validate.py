"""Checks across files: references, ids, dates, timelines and progress records.

:func:`validate` returns every problem of a dataset (those found while loading included),
sorted by file and line. Codes are stable and listed in the README.
"""

from __future__ import annotations

import datetime as dt
import re

from ttdn.data.loader import classify, stem
from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import INDICATORS
from ttdn.domain.problems import Problem, sort_problems
from ttdn.domain.schedule import parse_timeline
from ttdn.i18n import _, translate
from ttdn.text import did_you_mean, slugify

_REF = re.compile(r"^([IVXLC]+)\.(\d+)$")
_SLUG_OK = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def validate(ds: Dataset, as_of: dt.date | None = None) -> list[Problem]:
    """All problems of ``ds``. ``as_of``: progress dated after it is an error."""
    out = list(ds.problems)
    out += _check_agencies(ds)
    out += _check_cross_plan(ds)
    for pd in ds.plans.values():
        out += _check_plan(ds, pd)
        out += _check_tasks(ds, pd)
        out += _check_unresolved(ds, pd)
        out += _check_progress(ds, pd, as_of)
    return sort_problems(out)


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def _agency_ref(ds: Dataset, file: str, path: tuple, slug: str | None) -> list[Problem]:
    if slug is None or slug in ds.agencies or slug in ds.broken_agencies:
        return []
    hint = did_you_mean(slug, ds.agencies.keys())
    if not hint and slug in ds.groups:
        hint = _(" “{slug}” là một nhóm cơ quan: hãy ghi nó trong coordinator_groups.", slug=slug)
    return [
        ds.problem(
            "unknown-agency",
            file,
            path,
            _("không có cơ quan “{slug}” trong data/agencies/.{hint}", slug=slug, hint=hint),
        )
    ]


def _group_ref(ds: Dataset, file: str, path: tuple, gid: str | None) -> list[Problem]:
    if gid is None or gid in ds.groups:
        return []
    hint = did_you_mean(gid, ds.groups.keys())
    if not hint and gid in ds.agencies:
        hint = _(" “{slug}” là một cơ quan: hãy ghi nó trong coordinators.", slug=gid)
    return [
        ds.problem(
            "unknown-group",
            file,
            path,
            _(
                "không có nhóm cơ quan “{group}” trong data/groups.yaml.{hint}",
                group=gid,
                hint=hint,
            ),
        )
    ]


def _check_unresolved(ds: Dataset, pd: PlanData) -> list[Problem]:
    """Names ``ttdn plan import`` kept as printed: a task without a lead (its printed name in
    ``lead_as_printed``) and each name under ``unresolved``."""
    out: list[Problem] = []
    for rel, section in pd.sections:
        for i, task in enumerate(section.tasks):
            base = ("tasks", i)
            if task.lead is None:
                msg = _(
                    "chưa xác định cơ quan chủ trì “{name}”: ghi mã cơ quan vào lead",
                    name=task.lead_as_printed or "—",
                )
                out.append(ds.problem("unresolved-name", rel, base, msg))
            for j, name in enumerate(task.unresolved):
                msg = _(
                    "“{name}” chưa xác định được là cơ quan hay nhóm nào: ghi mã vào coordinators hoặc coordinator_groups rồi xoá dòng này",
                    name=name,
                )
                out.append(ds.problem("unresolved-name", rel, base + ("unresolved", j), msg))
    return out


def _check_agencies(ds: Dataset) -> list[Problem]:
    out: list[Problem] = []
    for slug, agency in ds.agencies.items():
        rel = ds.agency_files[slug]
        if not _SLUG_OK.match(slug):
            out.append(
                Problem(
                    "bad-slug",
                    rel,
                    0,
                    0,
                    _(
                        "tên tệp “{slug}” không phải mã hợp lệ; nên là “{better}.yaml”",
                        slug=slug,
                        better=slugify(agency.name),
                    ),
                )
            )
        out += _agency_ref(ds, rel, ("parent",), agency.parent)
    return out


def _check_plan(ds: Dataset, pd: PlanData) -> list[Problem]:
    plan, rel = pd.plan, pd.file
    out = _agency_ref(ds, rel, ("issuer",), plan.issuer)
    if plan.parent is not None and plan.parent not in ds.plans:
        out.append(
            ds.problem(
                "unknown-plan",
                rel,
                ("parent",),
                _(
                    "không có kế hoạch “{plan}”.{hint}",
                    plan=plan.parent,
                    hint=did_you_mean(plan.parent, ds.plans.keys()),
                ),
            )
        )
    if plan.date is not None and plan.date.year not in (plan.year, plan.year - 1):
        out.append(
            ds.problem(
                "date-outside-year",
                rel,
                ("date",),
                _(
                    "ngày ban hành {date} không khớp năm kế hoạch {year}",
                    date=f"{plan.date:%d/%m/%Y}",
                    year=plan.year,
                ),
            )
        )
    for i, duty in enumerate(plan.implementation):
        out += _agency_ref(ds, rel, ("implementation", i, "agency"), duty.agency)
        out += _group_ref(ds, rel, ("implementation", i, "group"), duty.group)
    if plan.reporting:
        out += _agency_ref(ds, rel, ("reporting", "recipient"), plan.reporting.recipient)
        for i, slug in enumerate(plan.reporting.subject_agencies):
            out += _agency_ref(ds, rel, ("reporting", "subject_agencies", i), slug)
        seen: set[str] = set()
        for i, period in enumerate(plan.reporting.periods):
            if period.id in seen:
                out.append(
                    ds.problem(
                        "duplicate-id",
                        rel,
                        ("reporting", "periods", i, "id"),
                        _("kỳ báo cáo “{period}” khai báo hai lần", period=period.id),
                    )
                )
            seen.add(period.id)
            if period.due_before.year != plan.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        ("reporting", "periods", i, "due_before"),
                        _(
                            "hạn báo cáo {date} nằm ngoài năm kế hoạch {year}",
                            date=f"{period.due_before:%d/%m/%Y}",
                            year=plan.year,
                        ),
                    )
                )
    return out


def _check_tasks(ds: Dataset, pd: PlanData) -> list[Problem]:
    out: list[Problem] = []
    refs: dict[str, tuple[str, tuple]] = {}
    parent = ds.plans.get(pd.plan.parent) if pd.plan.parent else None
    for rel, section in pd.sections:
        indices = getattr(section, "_indices", None) or range(len(section.tasks))
        for i, task in zip(indices, section.tasks, strict=True):
            base = ("tasks", i)
            m = _REF.match(task.ref)
            if not m:
                out.append(
                    ds.problem(
                        "bad-ref",
                        rel,
                        base + ("ref",),
                        _("số thứ tự “{ref}” phải có dạng <phần>.<số>, ví dụ III.2", ref=task.ref),
                    )
                )
            elif m.group(1) != section.section:
                out.append(
                    ds.problem(
                        "bad-ref",
                        rel,
                        base + ("ref",),
                        _(
                            "nhiệm vụ “{ref}” nằm trong phần {section}; "
                            "số thứ tự phải bắt đầu bằng “{section}.”",
                            ref=task.ref,
                            section=section.section,
                        ),
                    )
                )
            if task.ref in refs:
                ofile, opath = refs[task.ref]
                oline = ds.source(ofile).where(opath)[0]  # positions are computed on demand
                out.append(
                    ds.problem(
                        "duplicate-ref",
                        rel,
                        base + ("ref",),
                        _(
                            "số thứ tự “{ref}” đã dùng ở {place}",
                            ref=task.ref,
                            place=f"{ofile}:{oline}",
                        ),
                    )
                )
            else:
                refs[task.ref] = (rel, base + ("ref",))
            out += _agency_ref(ds, rel, base + ("lead",), task.lead)
            for j, slug in enumerate(task.coordinators):
                out += _agency_ref(ds, rel, base + ("coordinators", j), slug)
            for j, gid in enumerate(task.coordinator_groups):
                out += _group_ref(ds, rel, base + ("coordinator_groups", j), gid)
            if task.lead in task.coordinators:
                out.append(
                    ds.problem(
                        "lead-coordinates",
                        rel,
                        base + ("coordinators",),
                        _(
                            "cơ quan chủ trì “{slug}” cũng nằm trong danh sách phối hợp",
                            slug=task.lead,
                        ),
                        severity="warning",
                    )
                )
            sched = parse_timeline(task.timeline, pd.year)
            if task.due is not None:
                if task.due.year != pd.year:
                    out.append(
                        ds.problem(
                            "date-outside-year",
                            rel,
                            base + ("due",),
                            _(
                                "hạn {date} nằm ngoài năm kế hoạch {year}",
                                date=f"{task.due:%d/%m/%Y}",
                                year=pd.year,
                            ),
                        )
                    )
            elif sched.kind == "unknown":
                out.append(
                    ds.problem(
                        "timeline-unknown",
                        rel,
                        base + ("timeline",),
                        _(
                            "không hiểu tiến độ “{timeline}” ({reason}); dùng một dạng như "
                            "“Tháng 3”, “Quý II”, “6 tháng đầu năm”, “Năm 2026”, "
                            "“Trước ngày 20/6”, “Thường xuyên”, “Theo kế hoạch”, "
                            "hoặc ghi thêm “due: YYYY-MM-DD”",
                            timeline=task.timeline,
                            reason=sched.reason,
                        ),
                    )
                )
            elif sched.due is not None and sched.due.year != pd.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        base + ("timeline",),
                        _(
                            "tiến độ “{timeline}” cho hạn {date}, nằm ngoài năm kế hoạch {year}",
                            timeline=task.timeline,
                            date=f"{sched.due:%d/%m/%Y}",
                            year=pd.year,
                        ),
                    )
                )
            if task.implements is not None:
                if parent is None:
                    out.append(
                        ds.problem(
                            "unknown-task",
                            rel,
                            base + ("implements",),
                            _(
                                "nhiệm vụ ghi “implements” nhưng kế hoạch không có kế hoạch "
                                "cấp trên (parent)"
                            ),
                        )
                    )
                elif task.implements not in parent.tasks:
                    out.append(
                        _unknown_task(ds, rel, base + ("implements",), parent, task.implements)
                    )
    return out


def _check_cross_plan(ds: Dataset) -> list[Problem]:
    """Plan parents form no cycle; a city task led by an agency that has its own plan under
    the city plan should be implemented by a task of that plan (a warning)."""
    out: list[Problem] = []
    for pd in ds.plans.values():
        seen, cur = {pd.id}, pd.plan.parent
        while cur is not None and cur in ds.plans:
            if cur in seen:
                out.append(
                    ds.problem(
                        "plan-cycle",
                        pd.file,
                        ("parent",),
                        _("kế hoạch cấp trên của “{plan}” vòng trở lại chính nó", plan=pd.id),
                    )
                )
                break
            seen.add(cur)
            cur = ds.plans[cur].plan.parent
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
                out.append(
                    ds.problem(
                        "not-implemented",
                        tr.file,
                        ("tasks", tr.index, "id"),
                        _(
                            "nhiệm vụ {ref} ({id}) do “{lead}” chủ trì nhưng kế hoạch “{plan}” "
                            "của cơ quan này chưa có nhiệm vụ nào thực hiện nó (implements: {id})",
                            ref=tr.task.ref,
                            id=tr.task.id,
                            lead=tr.task.lead,
                            plan=child.id,
                        ),
                        severity="warning",
                    )
                )
    return out


_ORDER = {"not_started": 0, "in_progress": 1, "paused": 1, "done": 2, "cancelled": 2}


def _check_progress(ds: Dataset, pd: PlanData, as_of: dt.date | None) -> list[Problem]:
    out: list[Problem] = []
    report_ids = {p.id for p in pd.plan.reporting.periods} if pd.plan.reporting else set()
    for slug, pf in pd.progress.items():
        rel = pd.progress_files[slug]
        if pf.agency != slug:
            out.append(
                ds.problem(
                    "progress-agency",
                    rel,
                    ("agency",),
                    _(
                        "tệp {file}.yaml ghi tiến độ của “{agency}”; mỗi cơ quan "
                        "ghi vào tệp mang mã của mình ({agency}.yaml)",
                        file=stem(rel),
                        agency=pf.agency,
                    ),
                )
            )
        out += _agency_ref(ds, rel, ("agency",), pf.agency)
        last: dict[str, tuple[str, dt.date]] = {}
        for i, e in enumerate(pf.entries):
            base = ("entries", i)
            if e.task in pd.broken_task_ids:
                pass
            elif e.task not in pd.tasks:
                out.append(_unknown_task(ds, rel, base + ("task",), pd, e.task))
            else:
                t = pd.tasks[e.task].task
                if pf.agency != t.lead and pf.agency not in t.coordinators:
                    out.append(
                        ds.problem(
                            "not-involved",
                            rel,
                            base + ("task",),
                            _(
                                "“{agency}” không chủ trì cũng không có tên phối hợp nhiệm vụ "
                                "{ref} ({task})",
                                agency=pf.agency,
                                ref=t.ref,
                                task=e.task,
                            ),
                            severity="warning",
                        )
                    )
            if e.date.year != pd.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        base + ("date",),
                        _(
                            "ngày {date} nằm ngoài năm kế hoạch {year}",
                            date=f"{e.date:%d/%m/%Y}",
                            year=pd.year,
                        ),
                    )
                )
            if as_of is not None and e.date > as_of:
                out.append(
                    ds.problem(
                        "future-date",
                        rel,
                        base + ("date",),
                        _(
                            "ngày {date} ở sau ngày xem xét {as_of}",
                            date=f"{e.date:%d/%m/%Y}",
                            as_of=f"{as_of:%d/%m/%Y}",
                        ),
                    )
                )
            for key in e.indicators:
                if key not in INDICATORS:
                    out.append(
                        ds.problem(
                            "unknown-indicator",
                            rel,
                            base + ("indicators", key),
                            unknown_indicator_text(key),
                            key=True,
                        )
                    )
            prev = last.get(e.task)
            if prev is not None:
                prev_status, prev_date = prev
                if e.date < prev_date:
                    out.append(
                        ds.problem(
                            "entry-order",
                            rel,
                            base + ("date",),
                            _(
                                "ngày {date} sớm hơn lần cập nhật trước của cùng nhiệm vụ "
                                "({previous}); ghi các lần cập nhật theo thứ tự thời gian",
                                date=f"{e.date:%d/%m/%Y}",
                                previous=f"{prev_date:%d/%m/%Y}",
                            ),
                        )
                    )
                if (
                    prev_status in ("done", "cancelled")
                    and _ORDER[e.status] < _ORDER[prev_status]
                    and not e.note
                ):
                    out.append(
                        ds.problem(
                            "status-regression",
                            rel,
                            base + ("status",),
                            _(
                                "trạng thái quay lại “{status}” sau “{previous}” mà không có "
                                "ghi chú (note) giải thích",
                                status=e.status,
                                previous=prev_status,
                            ),
                        )
                    )
            last[e.task] = (e.status, e.date)
        seen: set[str] = set()
        for i, r in enumerate(pf.reports):
            base = ("reports", i)
            if r.period in seen:
                out.append(
                    ds.problem(
                        "duplicate-report",
                        rel,
                        base + ("period",),
                        _("báo cáo kỳ “{period}” ghi hai lần", period=r.period),
                    )
                )
            seen.add(r.period)
            if report_ids and r.period not in report_ids:
                out.append(
                    ds.problem(
                        "unknown-period",
                        rel,
                        base + ("period",),
                        _("kế hoạch không có kỳ báo cáo “{period}”", period=r.period),
                    )
                )
            if r.submitted is not None:
                if r.submitted.year != pd.year:
                    out.append(
                        ds.problem(
                            "date-outside-year",
                            rel,
                            base + ("submitted",),
                            _(
                                "ngày gửi {date} nằm ngoài năm kế hoạch {year}",
                                date=f"{r.submitted:%d/%m/%Y}",
                                year=pd.year,
                            ),
                        )
                    )
                if as_of is not None and r.submitted > as_of:
                    out.append(
                        ds.problem(
                            "future-date",
                            rel,
                            base + ("submitted",),
                            _(
                                "ngày gửi {date} ở sau ngày xem xét {as_of}",
                                date=f"{r.submitted:%d/%m/%Y}",
                                as_of=f"{as_of:%d/%m/%Y}",
                            ),
                        )
                    )
    return out


__all__ = ["validate", "has_errors", "classify"]


def _unknown_task(ds: Dataset, rel: str, path: tuple, pd: PlanData, task_id: str) -> Problem:
    """``task_id``, named at ``path`` of ``rel``, is not a task of plan ``pd``."""
    return ds.problem(
        "unknown-task",
        rel,
        path,
        _(
            "kế hoạch “{plan}” không có nhiệm vụ “{task}”.{hint}",
            plan=pd.id,
            task=task_id,
            hint=did_you_mean(task_id, pd.tasks.keys()),
        ),
    )


def unknown_indicator_text(key: str) -> str:
    """The message for an indicator ``key`` that is not one of :data:`INDICATORS`."""
    return _(
        "chỉ tiêu “{key}” không có.{hint} Các chỉ tiêu: {choices}",
        key=key,
        hint=did_you_mean(key, INDICATORS.keys()),
        choices=choices_text(INDICATORS),
    )


def choices_text(labels: dict[str, str]) -> str:
    """“key (label), …”: what may be used, for an error message."""
    return ", ".join(f"{k} ({translate(v)})" for k, v in labels.items())
