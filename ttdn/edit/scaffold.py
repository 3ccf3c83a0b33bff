"""New plans from existing ones: an agency's own plan, and next year's city plan.

``agency_plan`` scaffolds the plan an agency writes "căn cứ Kế hoạch của Thành phố": one
task for each city task it leads (implementing it, content copied as a starting point), a
section for the city tasks it coordinates, its reporting duty, header fields left blank.

``next_year_plan`` starts next year's plan from this one: dated timelines moved to the new
year, every task marked ``carried_over`` until someone edits it.

Both only create new files (never touch existing ones) and write each file atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ttdn.data.fsutil import LockBusy, atomic_write_text, data_lock
from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import Plan, TaskSection
from ttdn.edit.fmt import dump
from ttdn.i18n import _
from ttdn.outputs.jsonschema import modeline
from ttdn.outputs.problems import words


class ScaffoldError(Exception):
    """The plan cannot be created (a usage problem)."""


def shift_year(text: str, old: int, new: int) -> str:
    """``text`` with the year ``old`` (as a whole number) replaced by ``new``."""
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


def shift_date(d: dt.date | None, years: int) -> dt.date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29/02 → 28/02
        return d.replace(year=d.year + years, day=28)


def _plain(model) -> dict:
    """A model as plain data, dropping defaults (the canonical files omit them)."""
    return model.model_dump(mode="python", exclude_defaults=True)


def _write_new(root: Path, files: dict[str, str]) -> list[str]:
    """Write new files under the data root's lock (none of them may exist yet)."""
    try:
        with data_lock(root):
            for rel in files:
                if (root / rel).exists():
                    raise ScaffoldError(_("tệp “{path}” đã có; không ghi đè", path=rel))
            for rel, text in files.items():
                atomic_write_text(root / rel, text, sweep=True, root=root)
    except LockBusy as exc:
        raise ScaffoldError(words(exc.message)) from None
    return list(files)


def agency_plan(
    ds: Dataset, parent: PlanData, slug: str, plan_id: str | None = None, write: bool = True
) -> tuple[str, dict[str, str]]:
    """Scaffold ``slug``'s own plan under ``parent``; returns (plan id, files written)."""
    agency = ds.agencies[slug]
    year = parent.year
    plan_id = plan_id or f"{slug}-{year}"
    if plan_id in ds.plans or (ds.root / "plans" / plan_id).exists():
        raise ScaffoldError(_("kế hoạch “{plan}” đã có", plan=plan_id))
    p = parent.plan
    reporting = None
    if p.reporting:
        reporting = {
            "recipient": p.reporting.recipient,
            "subject_kinds": [],
            "subject_agencies": [slug],
            "periods": [per.model_dump() for per in p.reporting.periods],
            "source": p.reporting.source,
        }
        if reporting["source"] is None:
            del reporting["source"]
    plan = Plan.model_validate(
        {
            "title": f"Kế hoạch tổ chức hoạt động thông tin đối ngoại của {agency.name} năm {year}",
            "kind": "agency",
            "year": year,
            "issuer": slug,
            "parent": parent.id,
            "number_note": "Chưa có số văn bản: điền khi ban hành.",
            "date_note": "Chưa có ngày ban hành: điền khi ban hành.",
            "legal_bases": [f"{p.title}" + (f" (số {p.number})" if p.number else "")],
            "reporting": reporting,
        }
    )
    led = [tr for tr in parent.tasks.values() if tr.task.lead == slug]
    coordinated = [tr for tr in parent.tasks.values() if slug in tr.task.coordinators]
    lead_tasks = []
    for i, tr in enumerate(led, 1):
        t = tr.task
        lead_tasks.append(
            {
                "id": f"{t.id}-1",
                "ref": f"I.{i}",
                "content": t.content,
                "timeline": t.timeline,
                **({"due": t.due} if t.due else {}),
                "lead": slug,
                "coordinators": list(t.coordinators),
                "coordinator_groups": list(t.coordinator_groups),
                "implements": t.id,
                "note": (
                    f"Nội dung chép từ nhiệm vụ {t.ref} của {p.title} làm điểm xuất phát; "
                    "cần viết lại cho cụ thể với đơn vị."
                ),
            }
        )
    coord_tasks = []
    for i, tr in enumerate(coordinated, 1):
        t = tr.task
        lead_name = ds.agencies[t.lead].name if t.lead in ds.agencies else t.lead
        coord_tasks.append(
            {
                "id": f"{t.id}-ph",
                "ref": f"II.{i}",
                "content": f"Phối hợp {lead_name} thực hiện: {t.content}",
                "timeline": t.timeline,
                **({"due": t.due} if t.due else {}),
                "lead": slug,
                "coordinators": [t.lead] if t.lead in ds.agencies else [],
                "implements": t.id,
                "note": f"Phần phối hợp của đơn vị trong nhiệm vụ {t.ref} của {p.title}.",
            }
        )
    sections = [
        TaskSection.model_validate(
            {"section": "I", "title": "NHIỆM VỤ CHỦ TRÌ THỰC HIỆN", "tasks": lead_tasks}
        ),
        TaskSection.model_validate(
            {"section": "II", "title": "NHIỆM VỤ PHỐI HỢP THỰC HIỆN", "tasks": coord_tasks}
        ),
    ]
    header = (
        modeline("plan") + "\n"
        f"# Khung kế hoạch của {agency.name}, tạo bằng “ttdn plan new” từ {parent.id};\n"
        "# hãy biên soạn lại nội dung, điền số, ngày ban hành và người ký.\n"
    )
    files = {f"plans/{plan_id}/plan.yaml": dump(_plain(plan), f"plans/{plan_id}/plan.yaml", header)}
    for n, (sec, name) in enumerate(zip(sections, ("chu-tri", "phoi-hop"), strict=True), 1):
        rel = f"plans/{plan_id}/tasks/{n:02d}-{name}.yaml"
        files[rel] = dump(_plain(sec), rel, modeline("tasks") + "\n")
    if write:
        _write_new(ds.root, files)
    return plan_id, files


def next_year_plan(
    ds: Dataset, source: PlanData, year: int, plan_id: str | None = None, write: bool = True
) -> tuple[str, dict[str, str]]:
    """Start ``year``'s plan from ``source``; returns (plan id, files written)."""
    old = source.year
    if year <= old:
        raise ScaffoldError(
            _("năm mới ({year}) phải sau năm của kế hoạch gốc ({old})", year=year, old=old)
        )
    shift = year - old
    plan_id = plan_id or (
        shift_year(source.id, old, year) if str(old) in source.id else f"{source.id}-{year}"
    )
    if plan_id in ds.plans or (ds.root / "plans" / plan_id).exists():
        raise ScaffoldError(_("kế hoạch “{plan}” đã có", plan=plan_id))
    p = source.plan
    data = _plain(p)
    data.update(
        {
            "title": shift_year(p.title, old, year),
            "year": year,
            "number": None,
            "number_note": "Chưa có số văn bản: điền khi ban hành.",
            "date": None,
            "date_note": "Chưa có ngày ban hành: điền khi ban hành.",
        }
    )
    data.pop("signatory", None)
    if p.reporting:
        data["reporting"]["periods"] = [
            {**per.model_dump(), "due_before": shift_date(per.due_before, shift)}
            for per in p.reporting.periods
        ]
    if p.appendix:
        data["appendix"] = {"title": shift_year(p.appendix.title, old, year)}
    plan = Plan.model_validate({k: v for k, v in data.items() if v is not None})
    header = (
        modeline("plan") + "\n"
        f"# Kế hoạch năm {year}, khởi tạo bằng “ttdn plan new” từ {source.id}: các nhiệm vụ\n"
        "# mang “carried_over: true” cho đến khi được biên soạn lại (xoá dòng đó khi sửa).\n"
    )
    files = {f"plans/{plan_id}/plan.yaml": dump(_plain(plan), f"plans/{plan_id}/plan.yaml", header)}
    for rel, section in source.sections:
        tasks = []
        for t in section.tasks:
            d = _plain(t)
            d["timeline"] = shift_year(t.timeline, old, year)
            if t.due:
                d["due"] = shift_date(t.due, shift)
            d["carried_over"] = True
            tasks.append(d)
        sec = TaskSection.model_validate(
            {"section": section.section, "title": section.title, "tasks": tasks}
        )
        new_rel = f"plans/{plan_id}/tasks/{rel.rsplit('/', 1)[-1]}"
        files[new_rel] = dump(_plain(sec), new_rel, modeline("tasks") + "\n")
    if write:
        _write_new(ds.root, files)
    return plan_id, files
