"""Loading the whole data root into a :class:`Dataset`, keeping where every value came from.

Layout (relative to the data root)::

    agencies/<slug>.yaml               one agency per file (Agency)
    groups.yaml                        generic groups ("các cơ quan, đơn vị liên quan")
    plans/<plan-id>/plan.yaml          the plan's header and body (Plan)
    plans/<plan-id>/tasks/*.yaml       its appendix, one section per file (TaskSection)
    plans/<plan-id>/progress/<slug>.yaml   one agency's progress records (ProgressFile)

Loading never raises on bad data: every problem is collected in ``Dataset.problems``, and a
file that cannot be read is left out of the dataset (the rest still loads).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ttdn.data.dataroot import (  # DataRootError, find_data_root: re-exported, callers use them
    DataReadError,
    DataRootError,  # noqa: F401
    data_rels,
    find_data_root,  # noqa: F401
    read_data_bytes,
)
from ttdn.data.schema_errors import problems_from
from ttdn.data.yamlsource import MAX_FILE_BYTES, Source, parse
from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.messages import msg
from ttdn.domain.model import (
    Agency,
    GroupsFile,
    PeriodReport,
    Plan,
    ProgressEntry,
    ProgressFile,
    Task,
    TaskSection,
)
from ttdn.domain.problems import Problem


def shipped_data_root() -> Path | None:
    """The plan data shipped with ttdn: the wheel's ``ttdn_data``, or a checkout's ``data/``."""
    import importlib.util

    candidates = [Path(__file__).resolve().parents[2] / "data"]
    try:
        spec = importlib.util.find_spec("ttdn_data")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        candidates = [Path(p) for p in (spec.submodule_search_locations or [])] + candidates
    for root in candidates:
        if (root / "plans").is_dir() and (root / "agencies").is_dir():
            return root
    return None


def iter_data_files(root: Path) -> Iterator[Path]:
    """Every YAML file under ``root``, in a stable order (hidden folders skipped)."""
    root = Path(root)
    for rel in data_rels(root):
        yield root / rel


def classify(rel: str) -> str | None:
    """Which kind of data file ``rel`` is: agency, groups, plan, tasks, progress or None."""
    parts = rel.split("/")
    if len(parts) == 2 and parts[0] == "agencies":
        return "agency"
    if parts == ["groups.yaml"]:
        return "groups"
    if len(parts) == 3 and parts[0] == "plans" and parts[2] == "plan.yaml":
        return "plan"
    if len(parts) == 4 and parts[0] == "plans" and parts[2] == "tasks":
        return "tasks"
    if len(parts) == 4 and parts[0] == "plans" and parts[2] == "progress":
        return "progress"
    return None


_MODELS: dict[str, type[BaseModel]] = {
    "agency": Agency,
    "groups": GroupsFile,
    "plan": Plan,
    "tasks": TaskSection,
    "progress": ProgressFile,
}


def stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def read_source(root: Path, rel: str, real_top: str | None = None) -> Source:
    """Parse one file under ``root`` (problems inside the returned Source); ``real_top`` as
    :func:`~ttdn.data.dataroot.read_data_bytes` takes it."""
    try:
        raw = read_data_bytes(root, rel, MAX_FILE_BYTES, real_top)
    except DataReadError as exc:
        src = Source(rel)
        src.problems.append(read_problem(rel, exc))
        return src
    return parse(rel, raw)


def read_problem(rel: str, exc: DataReadError) -> Problem:
    """The located problem for a data file :func:`read_data_bytes` refused."""
    if exc.code == "link-outside":
        text = msg(
            "liên kết (symlink) trỏ ra ngoài thư mục dữ liệu; ttdn không đọc tệp ngoài "
            "thư mục dữ liệu — hãy thay liên kết bằng chính tệp"
        )
    elif exc.kind == "folder":
        text = msg("đây là một thư mục, không phải tệp YAML; hãy đổi tên hoặc xoá")
    elif exc.code == "not-regular":
        text = msg(
            "không phải tệp thường (FIFO, thiết bị hay socket); ttdn không đọc, hãy xoá"
        )
    elif exc.kind == "unlistable":
        text = msg(
            "không đọc được thư mục ({reason}); các tệp trong đó chưa được kiểm tra",
            reason=exc.reason,
        )
    else:
        text = msg("không đọc được tệp ({reason})", reason=exc.reason)
    return Problem(exc.code, rel, 0, 0, text)


def validate_source(kind: str, src: Source) -> BaseModel | None:
    """The model object for a parsed source, appending schema problems to ``src.problems``."""
    model = _MODELS[kind]
    if not isinstance(src.data, dict):
        src.problems.append(
            src.problem(
                "bad-type", (), msg("tệp phải là một bảng “khoá: giá trị” ở cấp ngoài cùng")
            )
        )
        return None
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        src.problems.extend(problems_from(exc, model, src))
        return None


def _read_cached(
    root: Path, rel: str, store, cached: dict[str, BaseModel], real_top: str
) -> Source:
    """:func:`read_source`, answered by the cache (:mod:`ttdn.data.cache`) when it holds the
    validated object of a clean file with exactly these bytes (put in ``cached[rel]``)."""
    if store is None:
        return read_source(root, rel, real_top)
    try:
        raw = read_data_bytes(root, rel, MAX_FILE_BYTES, real_top)
    except DataReadError:
        return read_source(root, rel, real_top)
    obj = store.lookup(rel, raw, _MODELS.get(classify(rel)))  # type: ignore[arg-type]
    if obj is None:
        return parse(rel, raw)
    cached[rel] = obj
    return Source.from_cache(rel, raw)


def load(root: Path, files: dict[str, Source] | None = None) -> Dataset:
    """Load every data file under ``root``.

    ``files`` may supply already-parsed sources (e.g. read from a git revision) instead of
    reading the disk; keys are paths relative to the root. Reading the disk uses the cache
    of validated files (:mod:`ttdn.data.cache`; ``TTDN_NO_CACHE=1`` turns it off).
    """
    ds = Dataset(root=root)
    store = None
    cached: dict[str, BaseModel] = {}
    if files is None:
        from ttdn.data.cache import DataCache

        store = DataCache.open(root)
        rels = data_rels(root)
        real_top = os.path.realpath(root)
        sources = {rel: _read_cached(root, rel, store, cached, real_top) for rel in rels}
        ds.fingerprint = store.fingerprint(rels) if store is not None else None
    else:
        sources = files
    ds.sources = sources
    objects: dict[str, BaseModel] = {}
    for rel, src in sources.items():
        kind = classify(rel)
        if kind is None and src.data is None and src.problems:
            ds.problems.extend(src.problems)  # a folder that could not be listed, a link…
            continue
        if kind is None:
            ds.problems.append(
                Problem(
                    "unknown-file",
                    rel,
                    0,
                    0,
                    msg(
                        "tệp không nằm ở chỗ nào ttdn biết (agencies/, groups.yaml, "
                        "plans/<mã>/plan.yaml, plans/<mã>/tasks/, plans/<mã>/progress/); "
                        "hãy chuyển hoặc xoá"
                    ),
                    "warning",
                )
            )
            continue
        if rel in cached:
            objects[rel] = cached[rel]
            continue
        if src.data is not None:
            obj = validate_source(kind, src)
            if obj is not None:
                objects[rel] = obj
                if not src.problems:
                    src.forget_data()  # the model holds it now (−10–14% peak memory, cold)
                    if store is not None:
                        store.add(rel, obj)
            elif kind == "tasks":
                objects[rel] = _salvage_section(src)
            elif kind == "progress":
                objects[rel] = _salvage_progress(src, stem(rel))
            elif kind == "agency":
                ds.broken_agencies.add(stem(rel))
        elif kind == "agency":
            ds.broken_agencies.add(stem(rel))
        ds.problems.extend(src.problems)
    if store is not None:
        store.save(ds.fingerprint)

    # Plans first, so that tasks and progress can attach to them.
    for rel, obj in objects.items():
        kind = classify(rel)
        if kind == "agency":
            ds.agencies[stem(rel)] = obj  # type: ignore[assignment]
            ds.agency_files[stem(rel)] = rel
        elif kind == "groups":
            for i, g in enumerate(obj.groups):  # type: ignore[attr-defined]
                if g.id in ds.groups:
                    ds.problems.append(
                        ds.problem(
                            "duplicate-id",
                            rel,
                            ("groups", i, "id"),
                            msg("mã nhóm “{id}” bị trùng", id=g.id),
                        )
                    )
                ds.groups[g.id] = g
                ds.group_index[g.id] = i
        elif kind == "plan":
            plan_id = rel.split("/")[1]
            ds.plans[plan_id] = PlanData(plan_id, obj, rel)  # type: ignore[arg-type]
    for rel, obj in objects.items():
        kind = classify(rel)
        if kind not in ("tasks", "progress"):
            continue
        plan_id = rel.split("/")[1]
        pd = ds.plans.get(plan_id)
        if pd is None:
            if f"plans/{plan_id}/plan.yaml" not in sources:
                ds.problems.append(
                    Problem(
                        "missing-plan",
                        rel,
                        0,
                        0,
                        msg("thư mục kế hoạch “{plan}” không có tệp plan.yaml", plan=plan_id),
                    )
                )
            continue
        if kind == "tasks":
            pd.sections.append((rel, obj))  # type: ignore[arg-type]
            indices = getattr(obj, "_indices", None) or range(len(obj.tasks))  # type: ignore[attr-defined]
            pd.broken_task_ids |= getattr(obj, "_broken_ids", set())
            for i, t in zip(indices, obj.tasks, strict=True):  # type: ignore[attr-defined]
                if t.id in pd.tasks:
                    other = pd.tasks[t.id]
                    line = ds.sources[other.file].where(("tasks", other.index, "id"))[0]
                    ds.problems.append(
                        ds.problem(
                            "duplicate-id",
                            rel,
                            ("tasks", i, "id"),
                            msg(
                                "mã nhiệm vụ “{id}” đã dùng ở {place}; mỗi nhiệm vụ cần một mã riêng",
                                id=t.id,
                                place=f"{other.file}:{line}",
                            ),
                        )
                    )
                    continue
                pd.tasks[t.id] = TaskRef(t, plan_id, obj, rel, i)  # type: ignore[arg-type]
        else:
            pd.progress[stem(rel)] = obj  # type: ignore[assignment]
            pd.progress_files[stem(rel)] = rel
    return ds


def _salvage_section(src: Source) -> TaskSection:
    """The valid tasks of a section file that failed validation (problems already recorded).

    Keeping them avoids a cascade of "unknown task" errors elsewhere for one typo here.
    """
    data = src.data if isinstance(src.data, dict) else {}
    raw_tasks = data.get("tasks") if isinstance(data.get("tasks"), list) else []
    kept: list[Task] = []
    indices: list[int] = []
    broken: set[str] = set()
    for i, raw in enumerate(raw_tasks):
        try:
            kept.append(Task.model_validate(raw))
            indices.append(i)
        except ValidationError:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
    section = TaskSection.model_construct(
        section=str(data.get("section", "?")), title=str(data.get("title", "")), tasks=kept
    )
    object.__setattr__(section, "_indices", indices)
    object.__setattr__(section, "_broken_ids", broken)
    return section


def _salvage_progress(src: Source, slug: str) -> ProgressFile:
    """The valid entries and reports of a progress file that failed validation (problems
    already recorded), so that the checks across files still look at them: every problem of
    the file is listed in one run, not the next one only after this one is fixed.

    ``_indices`` / ``_report_indices`` give the kept items' places in the file;
    ``_broken_entries`` holds ``(index, raw mapping)`` of the entries left out.
    """
    data = src.data if isinstance(src.data, dict) else {}
    agency = data.get("agency") if isinstance(data.get("agency"), str) else slug
    entries: list[ProgressEntry] = []
    indices: list[int] = []
    broken: list[tuple[int, dict]] = []
    raw_entries = data.get("entries") if isinstance(data.get("entries"), list) else []
    for i, raw in enumerate(raw_entries):
        try:
            entries.append(ProgressEntry.model_validate(raw))
            indices.append(i)
        except ValidationError:
            if isinstance(raw, dict):
                broken.append((i, raw))
    reports: list[PeriodReport] = []
    report_indices: list[int] = []
    raw_reports = data.get("reports") if isinstance(data.get("reports"), list) else []
    for i, raw in enumerate(raw_reports):
        try:
            reports.append(PeriodReport.model_validate(raw))
            report_indices.append(i)
        except ValidationError:
            pass
    pf = ProgressFile.model_construct(agency=agency, entries=entries, reports=reports)
    object.__setattr__(pf, "_indices", indices)
    object.__setattr__(pf, "_report_indices", report_indices)
    object.__setattr__(pf, "_broken_entries", broken)
    return pf
