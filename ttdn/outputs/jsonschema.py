"""JSON Schema for every kind of data file, generated from the pydantic models.

Editors use them to autocomplete and check the YAML files as they are typed: VS Code's YAML
extension (yaml-language-server) reads the schema named on a file's first line::

    # yaml-language-server: $schema=../../schemas/agency.schema.json

The schemas live in ``schemas/`` beside the data root (the repository root), one
``<kind>.schema.json`` per kind of file. ``ttdn schema`` writes them; a test checks that the
committed files equal freshly generated ones, so they stay in step with the model.

What the schema says beyond pydantic's own output:

- Vietnamese titles and descriptions for every object (the models' docstrings are English,
  for developers); pydantic's English per-field titles ("Short Name") are dropped, the
  Vietnamese field descriptions stay;
- the meaning of each code in an enumeration (``enumDescriptions``: "done" → "hoàn thành");
- the indicator keys of a progress entry (``ttdn validate`` accepts no other key).

Dates are ``{"type": "string", "format": "date"}``: the YAML language server, like ttdn's
loader, reads ``2026-06-20`` as text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ttdn.domain.model import (
    AGENCY_KIND_LABELS,
    INDICATORS,
    PERIOD_LABELS,
    STATUS_LABELS,
    Agency,
    GroupsFile,
    Plan,
    ProgressFile,
    TaskSection,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"

# kind (as ``loader.classify`` names it) → model, and the folder depth of such a file below
# the data root (agencies/x.yaml: 1; plans/<id>/tasks/x.yaml: 3).
KINDS: dict[str, type[BaseModel]] = {
    "agency": Agency,
    "groups": GroupsFile,
    "plan": Plan,
    "tasks": TaskSection,
    "progress": ProgressFile,
}
_DEPTH = {"agency": 1, "groups": 0, "plan": 2, "tasks": 3, "progress": 3}

# Vietnamese title and description of each object (root files and nested objects).
_OBJECTS: dict[str, tuple[str, str]] = {
    "Agency": (
        "Cơ quan",
        "Một cơ quan, đơn vị: tệp data/agencies/<mã>.yaml; mã cơ quan là tên tệp.",
    ),
    "GroupsFile": (
        "Các nhóm cơ quan",
        "Tệp data/groups.yaml: các nhóm chung được nêu ở cột cơ quan phối hợp "
        "(“các cơ quan, đơn vị liên quan”…).",
    ),
    "Group": ("Nhóm cơ quan", "Một nhóm chung được nêu ở cột cơ quan phối hợp."),
    "Plan": (
        "Kế hoạch",
        "Tệp data/plans/<mã kế hoạch>/plan.yaml: số, ngày, người ký, nội dung và chế độ báo "
        "cáo của kế hoạch; mã kế hoạch là tên thư mục.",
    ),
    "Signatory": ("Người ký", "Thẩm quyền, chức vụ và họ tên người ký."),
    "ContentSection": ("Mục nội dung", "Một mục của phần nội dung kế hoạch."),
    "Duty": (
        "Nhiệm vụ tổ chức thực hiện",
        "Nhiệm vụ của một cơ quan hoặc nhóm cơ quan trong phần “Tổ chức thực hiện”.",
    ),
    "Reporting": ("Chế độ báo cáo", "Ai phải báo cáo, gửi cho ai, hạn từng kỳ."),
    "ReportPeriod": ("Kỳ báo cáo", "Một kỳ báo cáo và hạn gửi."),
    "Appendix": ("Phụ lục", "Thông tin về phụ lục nhiệm vụ."),
    "TaskSection": (
        "Phần phụ lục nhiệm vụ",
        "Tệp data/plans/<mã kế hoạch>/tasks/NN-<mã cơ quan>.yaml: một phần (I, II…) của phụ "
        "lục nhiệm vụ.",
    ),
    "Task": ("Nhiệm vụ", "Một dòng của phụ lục nhiệm vụ."),
    "ProgressFile": (
        "Tiến độ của cơ quan",
        "Tệp data/plans/<mã kế hoạch>/progress/<mã cơ quan>.yaml: các lần cập nhật tiến độ "
        "và báo cáo theo kỳ của một cơ quan; “ttdn progress set” ghi thêm vào tệp này.",
    ),
    "ProgressEntry": ("Lần cập nhật tiến độ", "Tình hình một nhiệm vụ vào một ngày."),
    "PeriodReport": ("Báo cáo theo kỳ", "Báo cáo 6 tháng hoặc báo cáo năm đã gửi."),
}

_ENUM_LABELS: list[dict[str, str]] = [
    STATUS_LABELS,
    AGENCY_KIND_LABELS,
    PERIOD_LABELS,
    {"city": "kế hoạch của Thành phố", "agency": "kế hoạch của cơ quan"},
]


def schema_path(kind: str) -> str:
    """``schemas/<kind>.schema.json``, relative to the repository root."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line of a data file of ``kind``, naming its schema for the editor.

    The path is relative to the file and assumes ``schemas/`` beside the data root.
    """
    up = "../" * (_DEPTH[kind] + 1)
    return f"# yaml-language-server: $schema={up}{schema_path(kind)}"


def _object_text(name: str, node: dict) -> None:
    if name in _OBJECTS:
        node["title"], node["description"] = _OBJECTS[name]


def _walk(node: Any) -> None:
    """Drop pydantic's English field titles; describe the codes of each enumeration."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for prop in props.values():
                if isinstance(prop, dict):
                    prop.pop("title", None)
        enum = node.get("enum")
        if isinstance(enum, list):
            for labels in _ENUM_LABELS:
                if set(enum) == set(labels):
                    node["enumDescriptions"] = [labels[v] for v in enum]
        for value in node.values():
            _walk(value)
    elif isinstance(node, list):
        for value in node:
            _walk(value)


def _indicators(schema: dict) -> None:
    entry = schema.get("$defs", {}).get("ProgressEntry")
    if not entry:
        return
    prop = entry["properties"]["indicators"]
    prop["properties"] = {
        key: {"type": "integer", "minimum": 0, "description": f"Số {label} luỹ kế từ đầu năm"}
        for key, label in INDICATORS.items()
    }
    prop["additionalProperties"] = False
    prop["description"] = (
        prop.get("description", "") + ": " + ", ".join(f"{k} ({v})" for k, v in INDICATORS.items())
    )


def schema_for(kind: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of data file."""
    model = KINDS[kind]
    raw = model.model_json_schema(mode="validation")
    schema: dict[str, Any] = {"$schema": DRAFT, **raw}
    _object_text(model.__name__, schema)
    for name, node in schema.get("$defs", {}).items():
        _object_text(name, node)
    _walk(schema)
    _indicators(schema)
    return schema


def schema_text(kind: str) -> str:
    """The schema as written to disk: UTF-8 JSON, 2-space indent, final newline."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write every ``<kind>.schema.json`` into ``out`` (atomically, each); returns the paths."""
    from ttdn.data.fsutil import WriteError, atomic_write_text

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(out, os.strerror(20)) from None  # Not a directory
    except OSError as exc:
        raise WriteError.of(out, exc) from None
    written = []
    for kind in KINDS:
        path = out / f"{kind}.schema.json"
        atomic_write_text(path, schema_text(kind))
        written.append(path)
    return written
