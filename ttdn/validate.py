"""Checks across files: references, ids, dates, timelines and progress records.

:func:`validate` returns every problem of a dataset (those found while loading included),
sorted by file and line. Codes are stable and listed in the README.
"""

from __future__ import annotations

import datetime as dt
import re

from ttdn.loader import Dataset, PlanData, classify, stem
from ttdn.model import INDICATORS
from ttdn.problems import Problem, sort_problems
from ttdn.schedule import parse_timeline
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
        out += _check_progress(ds, pd, as_of)
    return sort_problems(out)


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def _agency_ref(ds: Dataset, file: str, path: tuple, slug: str | None) -> list[Problem]:
    if slug is None or slug in ds.agencies or slug in ds.broken_agencies:
        return []
    hint = did_you_mean(slug, ds.agencies.keys())
    if not hint and slug in ds.groups:
        hint = f" “{slug}” là một nhóm cơ quan: hãy ghi nó trong coordinator_groups."
    return [
        ds.problem(
            "unknown-agency", file, path, f"không có cơ quan “{slug}” trong data/agencies/.{hint}"
        )
    ]


def _group_ref(ds: Dataset, file: str, path: tuple, gid: str | None) -> list[Problem]:
    if gid is None or gid in ds.groups:
        return []
    hint = did_you_mean(gid, ds.groups.keys())
    if not hint and gid in ds.agencies:
        hint = f" “{gid}” là một cơ quan: hãy ghi nó trong coordinators."
    return [
        ds.problem(
            "unknown-group",
            file,
            path,
            f"không có nhóm cơ quan “{gid}” trong data/groups.yaml.{hint}",
        )
    ]


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
                    f"tên tệp “{slug}” không phải mã hợp lệ; nên là “{slugify(agency.name)}.yaml”",
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
                f"không có kế hoạch “{plan.parent}”.{did_you_mean(plan.parent, ds.plans.keys())}",
            )
        )
    if plan.date is not None and plan.date.year not in (plan.year, plan.year - 1):
        out.append(
            ds.problem(
                "date-outside-year",
                rel,
                ("date",),
                f"ngày ban hành {plan.date:%d/%m/%Y} không khớp năm kế hoạch {plan.year}",
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
                        f"kỳ báo cáo “{period.id}” khai báo hai lần",
                    )
                )
            seen.add(period.id)
            if period.due_before.year != plan.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        ("reporting", "periods", i, "due_before"),
                        f"hạn báo cáo {period.due_before:%d/%m/%Y} nằm ngoài năm kế hoạch {plan.year}",
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
                        f"số thứ tự “{task.ref}” phải có dạng <phần>.<số>, ví dụ III.2",
                    )
                )
            elif m.group(1) != section.section:
                out.append(
                    ds.problem(
                        "bad-ref",
                        rel,
                        base + ("ref",),
                        f"nhiệm vụ “{task.ref}” nằm trong phần {section.section}; "
                        f"số thứ tự phải bắt đầu bằng “{section.section}.”",
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
                        f"số thứ tự “{task.ref}” đã dùng ở {ofile}:{oline}",
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
                        f"cơ quan chủ trì “{task.lead}” cũng nằm trong danh sách phối hợp",
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
                            f"hạn {task.due:%d/%m/%Y} nằm ngoài năm kế hoạch {pd.year}",
                        )
                    )
            elif sched.kind == "unknown":
                out.append(
                    ds.problem(
                        "timeline-unknown",
                        rel,
                        base + ("timeline",),
                        f"không hiểu tiến độ “{task.timeline}” ({sched.reason}); dùng một dạng như "
                        "“Tháng 3”, “Quý II”, “6 tháng đầu năm”, “Năm 2026”, “Trước ngày 20/6”, "
                        "“Thường xuyên”, “Theo kế hoạch”, hoặc ghi thêm “due: YYYY-MM-DD”",
                    )
                )
            elif sched.due is not None and sched.due.year != pd.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        base + ("timeline",),
                        f"tiến độ “{task.timeline}” cho hạn {sched.due:%d/%m/%Y}, "
                        f"nằm ngoài năm kế hoạch {pd.year}",
                    )
                )
            if task.implements is not None:
                if parent is None:
                    out.append(
                        ds.problem(
                            "unknown-task",
                            rel,
                            base + ("implements",),
                            "nhiệm vụ ghi “implements” nhưng kế hoạch không có kế hoạch cấp trên (parent)",
                        )
                    )
                elif task.implements not in parent.tasks:
                    out.append(
                        ds.problem(
                            "unknown-task",
                            rel,
                            base + ("implements",),
                            f"kế hoạch “{parent.id}” không có nhiệm vụ “{task.implements}”."
                            f"{did_you_mean(task.implements, parent.tasks.keys())}",
                        )
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
                        f"kế hoạch cấp trên của “{pd.id}” vòng trở lại chính nó",
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
                        f"nhiệm vụ {tr.task.ref} ({tr.task.id}) do “{tr.task.lead}” chủ trì nhưng kế hoạch "
                        f"“{child.id}” của cơ quan này chưa có nhiệm vụ nào thực hiện nó (implements: {tr.task.id})",
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
                    f"tệp {stem(rel)}.yaml ghi tiến độ của “{pf.agency}”; mỗi cơ quan "
                    f"ghi vào tệp mang mã của mình ({pf.agency}.yaml)",
                )
            )
        out += _agency_ref(ds, rel, ("agency",), pf.agency)
        last: dict[str, tuple[str, dt.date]] = {}
        for i, e in enumerate(pf.entries):
            base = ("entries", i)
            if e.task in pd.broken_task_ids:
                pass
            elif e.task not in pd.tasks:
                out.append(
                    ds.problem(
                        "unknown-task",
                        rel,
                        base + ("task",),
                        f"kế hoạch “{pd.id}” không có nhiệm vụ “{e.task}”."
                        f"{did_you_mean(e.task, pd.tasks.keys())}",
                    )
                )
            else:
                t = pd.tasks[e.task].task
                if pf.agency != t.lead and pf.agency not in t.coordinators:
                    out.append(
                        ds.problem(
                            "not-involved",
                            rel,
                            base + ("task",),
                            f"“{pf.agency}” không chủ trì cũng không có tên phối hợp nhiệm vụ "
                            f"{t.ref} ({e.task})",
                            severity="warning",
                        )
                    )
            if e.date.year != pd.year:
                out.append(
                    ds.problem(
                        "date-outside-year",
                        rel,
                        base + ("date",),
                        f"ngày {e.date:%d/%m/%Y} nằm ngoài năm kế hoạch {pd.year}",
                    )
                )
            if as_of is not None and e.date > as_of:
                out.append(
                    ds.problem(
                        "future-date",
                        rel,
                        base + ("date",),
                        f"ngày {e.date:%d/%m/%Y} ở sau ngày xem xét {as_of:%d/%m/%Y}",
                    )
                )
            for key in e.indicators:
                if key not in INDICATORS:
                    out.append(
                        ds.problem(
                            "unknown-indicator",
                            rel,
                            base + ("indicators", key),
                            f"chỉ tiêu “{key}” không có.{did_you_mean(key, INDICATORS.keys())} "
                            "Các chỉ tiêu: "
                            + ", ".join(f"{k} ({v})" for k, v in INDICATORS.items()),
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
                            f"ngày {e.date:%d/%m/%Y} sớm hơn lần cập nhật trước của cùng nhiệm vụ "
                            f"({prev_date:%d/%m/%Y}); ghi các lần cập nhật theo thứ tự thời gian",
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
                            f"trạng thái quay lại “{e.status}” sau “{prev_status}” mà không có ghi chú "
                            "(note) giải thích",
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
                        f"báo cáo kỳ “{r.period}” ghi hai lần",
                    )
                )
            seen.add(r.period)
            if report_ids and r.period not in report_ids:
                out.append(
                    ds.problem(
                        "unknown-period",
                        rel,
                        base + ("period",),
                        f"kế hoạch không có kỳ báo cáo “{r.period}”",
                    )
                )
            if r.submitted is not None:
                if r.submitted.year != pd.year:
                    out.append(
                        ds.problem(
                            "date-outside-year",
                            rel,
                            base + ("submitted",),
                            f"ngày gửi {r.submitted:%d/%m/%Y} nằm ngoài năm kế hoạch {pd.year}",
                        )
                    )
                if as_of is not None and r.submitted > as_of:
                    out.append(
                        ds.problem(
                            "future-date",
                            rel,
                            base + ("submitted",),
                            f"ngày gửi {r.submitted:%d/%m/%Y} ở sau ngày xem xét {as_of:%d/%m/%Y}",
                        )
                    )
    return out


__all__ = ["validate", "has_errors", "classify"]
