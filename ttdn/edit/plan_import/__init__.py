"""``ttdn plan import``: next year's plan from the signed document (.docx, .pdf, .txt).

The document is read into one intermediate structure (:mod:`.source`), its appendix table
parsed (:mod:`.appendix`), every printed name resolved or kept as printed (:mod:`.names`),
and a new plan folder written in the canonical layout (``ttdn fmt``'s writer), with
``import-review.md`` listing every uncertain decision. Nothing is ever overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ttdn.domain.dataset import Dataset
from ttdn.domain.model import Plan, TaskSection
from ttdn.domain.schedule import parse_timeline
from ttdn.edit.fmt import dump
from ttdn.edit.plan_import.appendix import _w, read_appendix
from ttdn.edit.plan_import.body import read_body
from ttdn.edit.plan_import.names import NameIndex
from ttdn.edit.plan_import.source import PlanImportError, Review, read_document
from ttdn.i18n import _
from ttdn.outputs.jsonschema import modeline
from ttdn.text import slugify

__all__ = ["ImportResult", "PlanImportError", "import_plan"]

REVIEW_FILE = "import-review.md"


@dataclass
class ImportResult:
    plan_id: str
    files: dict[str, str]
    review: list[Review] = field(default_factory=list)
    tasks: int = 0

    def review_text(self) -> str:
        """The review list as Markdown (``import-review.md``)."""
        out = [_("# Rà soát sau khi nhập kế hoạch {plan}", plan=self.plan_id), ""]
        if not self.review:
            out.append(_("Không có quyết định nào cần rà soát."))
        for r in self.review:
            detail = f" — {r.detail}" if r.detail else ""
            out.append(f"- [{r.where}] {_REVIEW_KINDS[r.kind]()}: “{r.text}”{detail}")
        return "\n".join(out) + "\n"


_REVIEW_KINDS = {
    "name": lambda: _("tên chưa xác định, giữ như in"),
    "timeline": lambda: _("tiến độ không đọc được, giữ như in"),
    "columns": lambda: _("cột không rõ"),
    "dropped": lambda: _("bỏ qua (có vẻ là đầu trang, chân trang hoặc số trang)"),
    "blank": lambda: _("văn bản để trống hoặc không có, chưa ghi"),
    "body": lambda: _("phần thân đọc chưa chắc chắn, chưa ghi"),
    "reporting": lambda: _(
        "chế độ báo cáo: loại cơ quan phải báo cáo suy ra từ câu này, hãy kiểm tra"
    ),
}


def _lead_phrases(ds: Dataset, titles: list[str]) -> list[list[str]]:
    names = [n for a in ds.agencies.values() for n in (a.name, a.short_name, *a.aliases)]
    return [[_w(w) for w in n.split()] for n in [*names, *titles] if n.split()]


def import_plan(
    ds: Dataset,
    path: Path,
    plan_id: str,
    year: int | None = None,
    kind: str = "city",
    issuer: str | None = None,
    write: bool = True,
) -> ImportResult:
    """Read ``path`` and write ``plans/<plan_id>/`` under ``ds.root`` (unless ``write`` is
    false); raises :class:`PlanImportError` when the document has no recognisable appendix,
    and when the plan exists."""
    if plan_id in ds.plans or (ds.root / "plans" / plan_id).exists():
        raise PlanImportError(_("kế hoạch “{plan}” đã có; không ghi đè", plan=plan_id))
    doc = read_document(path)
    index = NameIndex(ds)
    appendix = read_appendix(doc, _lead_phrases(ds, []))
    review = list(appendix.review)
    if year is None:
        import re

        years = re.findall(
            r"năm (20\d\d)", " ".join(line.text for line in doc.lines[: appendix.start])
        )
        if not years:
            raise PlanImportError(_("không thấy năm của kế hoạch trong văn bản: hãy ghi --year"))
        year = int(max(set(years), key=years.count))
    if issuer is None:
        issuer = "ubnd-thanh-pho-ha-noi" if "ubnd-thanh-pho-ha-noi" in ds.agencies else None
    if issuer is None:
        raise PlanImportError(_("hãy ghi --issuer (mã cơ quan ban hành)"))

    files: dict[str, str] = {}
    n_tasks = 0
    for k, sec in enumerate(appendix.sections, 1):
        tasks = []
        for row in sec.rows:
            ref = f"{sec.roman}.{row.number}"
            at = f"{row.where}, {ref}"
            task: dict = {
                "id": f"{sec.roman.lower()}-{row.number:02d}",
                "ref": ref,
                "content": row.content,
                "timeline": row.timeline,
            }
            if parse_timeline(row.timeline, year).kind == "unknown":
                review.append(Review("timeline", at, row.timeline))
            lead = index.exact(row.lead) if row.lead else None
            if lead is not None and lead.kind == "agency":
                task["lead"] = lead.id
            else:
                review.append(Review("name", at, row.lead, ", ".join(index.candidates(row.lead))))
            task["lead_as_printed"] = row.lead or "—"
            col = index.column(row.coordinators)
            if col.agencies:
                task["coordinators"] = col.agencies
            if col.groups:
                task["coordinator_groups"] = col.groups
            if row.coordinators:
                task["coordinators_as_printed"] = row.coordinators
            if col.unresolved:
                task["unresolved"] = col.unresolved
                for name in col.unresolved:
                    cands = ", ".join(col.candidates.get(name, []))
                    review.append(Review("name", at, name, cands))
            if row.coordinators.rstrip().endswith((",", ";", " và")):
                review.append(
                    Review("columns", at, row.coordinators, _("cột phối hợp có vẻ bị cắt"))
                )
            tasks.append(task)
        n_tasks += len(tasks)
        leads = [t["lead"] for t in tasks if "lead" in t]
        own = index.exact(sec.title)
        slug = (
            own.id
            if own
            else (max(set(leads), key=leads.count) if leads else slugify(sec.title)[:60])
        )
        rel = f"plans/{plan_id}/tasks/{k:02d}-{slug}.yaml"
        section = TaskSection.model_validate(
            {"section": sec.roman, "title": sec.title, "tasks": tasks}
        )
        files[rel] = dump(
            section.model_dump(mode="python", exclude_defaults=True), rel, modeline("tasks") + "\n"
        )
    body = read_body(doc.lines[: appendix.start], index, ds.groups, year, appendix.subtitle)
    review = body.review + review
    plan = {
        "title": appendix.title or plan_id,
        "kind": kind,
        "year": year,
        "issuer": issuer,
        **body.fields,
    }
    if appendix.title:
        plan["appendix"] = {"title": appendix.title}
        if appendix.subtitle:
            plan["appendix"]["subtitle"] = appendix.subtitle
    rel = f"plans/{plan_id}/plan.yaml"
    header = (
        modeline("plan")
        + "\n"
        + f"# Nhập bằng “ttdn plan import” từ {path.name}; xem {REVIEW_FILE}.\n"
    )
    plan_model = Plan.model_validate(plan)
    files = {
        rel: dump(_plan_fields(plan_model), rel, header),
        **files,
    }
    result = ImportResult(plan_id, files, review, n_tasks)
    files[f"plans/{plan_id}/{REVIEW_FILE}"] = result.review_text()
    if write:
        from ttdn.edit.scaffold import _write_new

        _write_new(ds.root, files)
    return result


def _plan_fields(plan: Plan) -> dict:
    """``plan`` as written: defaults left out, but a blank number or date kept as null beside
    its note (as the shipped plans have it)."""
    dumped = plan.model_dump(mode="python", exclude_defaults=True)
    for key in ("number", "date"):
        if f"{key}_note" in dumped:
            dumped.setdefault(key, None)
    return {k: dumped[k] for k in Plan.model_fields if k in dumped}
