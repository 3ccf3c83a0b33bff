"""JSON Schema: generated from the model, shipped in schemas/, named on each data file's first
line, and every data file (shipped, demo, scaffolded, written by progress set) validates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, SHIPPED
from tests.test_status import run
from ttdn.data.loader import classify, iter_data_files
from ttdn.data.yamlsource import parse
from ttdn.edit.demo import make_demo
from ttdn.outputs.jsonschema import KINDS, modeline, schema_for, schema_text

SCHEMAS = REPO / "schemas"


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def data_files(root: Path) -> list[tuple[Path, str]]:
    out = []
    for path in iter_data_files(root):
        kind = classify(path.relative_to(root).as_posix())
        assert kind is not None, path
        out.append((path, kind))
    return out


def schema_errors(root: Path) -> list[str]:
    """Every schema error in every data file under ``root`` (dates stay text, as in editors)."""
    validators = {kind: validator(kind) for kind in KINDS}
    errors = []
    for path, kind in data_files(root):
        rel = path.relative_to(root).as_posix()
        src = parse(rel, path.read_bytes())
        assert src.ok, (rel, src.problems)
        for e in validators[kind].iter_errors(src.data):
            errors.append(f"{rel}: {list(e.absolute_path)}: {e.message}")
    return errors


def first_line_problems(root: Path, schemas: Path) -> list[str]:
    """Files whose first line does not name the schema of their kind, by a working path."""
    bad = []
    for path, kind in data_files(root):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != modeline(kind):
            bad.append(f"{path}: {first!r}")
            continue
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        if target != (schemas / f"{kind}.schema.json").resolve() or not target.is_file():
            bad.append(f"{path}: {target} missing")
    return bad


@pytest.fixture(scope="module")
def playground(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("schema") / "pg"
    make_demo(SHIPPED, target)
    return target


# ------------------------------------------------------------------ shipped files


def test_committed_schemas_equal_generated():
    """If this fails, the model changed: run “ttdn schema” and commit schemas/."""
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    for kind in KINDS:
        assert (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_every_shipped_file_validates_against_its_schema():
    files = data_files(SHIPPED)
    assert {k for _, k in files} == {"agency", "groups", "plan", "tasks"}
    assert schema_errors(SHIPPED) == []


def test_every_shipped_file_names_its_schema_on_the_first_line():
    assert first_line_problems(SHIPPED, SCHEMAS) == []
    assert modeline("agency") == "# yaml-language-server: $schema=../../schemas/agency.schema.json"
    assert modeline("groups") == "# yaml-language-server: $schema=../schemas/groups.schema.json"


# ------------------------------------------------------------------ content of the schemas


def _objects(node):
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield node
        for v in node.values():
            yield from _objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from _objects(v)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_a_vietnamese_description(kind):
    schema = json.loads(schema_text(kind))
    assert schema["$schema"].endswith("2020-12/schema")
    objects = list(_objects(schema))
    assert objects
    for obj in [schema, *schema.get("$defs", {}).values()]:
        assert obj["title"] and obj["description"]
    for obj in objects:
        assert obj.get("description"), obj
        for name, prop in obj["properties"].items():
            assert prop.get("description"), f"{kind}: {name}"
            assert "title" not in prop, f"{kind}: {name}"  # pydantic's English titles dropped


def test_enumerations_and_indicators_are_explained():
    entry = schema_for("progress")["$defs"]["ProgressEntry"]["properties"]
    assert entry["status"]["enumDescriptions"][entry["status"]["enum"].index("done")] == (
        "hoàn thành"
    )
    assert entry["date"] == {"description": "Ngày cập nhật", "format": "date", "type": "string"}
    assert set(entry["indicators"]["properties"]) == {
        "news_articles",
        "publications",
        "events",
        "videos",
        "trainings",
        "delegations",
        "reach",
    }
    kind = schema_for("agency")["properties"]["kind"]
    assert kind["enumDescriptions"][kind["enum"].index("commune")] == "UBND phường, xã"


@pytest.mark.parametrize(
    ("kind", "data", "where"),
    [
        ("agency", {"name": "Sở A", "short_name": "SA", "kind": "ministry"}, ["kind"]),
        ("agency", {"name": "Sở A", "short_name": "SA", "kind": "office", "nam": "x"}, []),
        ("agency", {"name": "", "short_name": "SA", "kind": "office"}, ["name"]),
        (
            "progress",
            {
                "agency": "so-a",
                "entries": [{"task": "a-01", "date": "2026-02-30", "status": "done"}],
            },
            ["entries", 0, "date"],
        ),
        (
            "progress",
            {
                "agency": "so-a",
                "entries": [
                    {"task": "a-01", "date": "2026-02-03", "status": "xong", "indicators": {}}
                ],
            },
            ["entries", 0, "status"],
        ),
        (
            "progress",
            {
                "agency": "so-a",
                "entries": [
                    {
                        "task": "a-01",
                        "date": "2026-02-03",
                        "status": "done",
                        "indicators": {"articles": 3},
                    }
                ],
            },
            ["entries", 0, "indicators"],
        ),
        ("tasks", {"section": "I", "title": "A", "tasks": [{"id": "Bad Id"}]}, ["tasks", 0]),
    ],
)
def test_schema_rejects_what_validate_rejects(kind, data, where):
    errors = list(validator(kind).iter_errors(data))
    assert errors
    assert any(list(e.absolute_path)[: len(where)] == where for e in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


# ------------------------------------------------------------------ files ttdn writes


def test_demo_playground_files_validate_and_name_their_schema(playground):
    data = playground / "data"
    kinds = {k for _, k in data_files(data)}
    assert kinds == {"agency", "groups", "plan", "tasks", "progress"}
    assert schema_errors(data) == []
    # the playground carries its own schemas/, which the first lines point at
    assert first_line_problems(data, playground / "schemas") == []
    for kind in KINDS:
        assert (playground / "schemas" / f"{kind}.schema.json").read_text(
            encoding="utf-8"
        ) == schema_text(kind)


def test_progress_set_and_plan_new_write_the_first_line(tmp_path):
    target = tmp_path / "pg"
    make_demo(SHIPPED, target)
    data = target / "data"
    # (not dl-01: Sở Du lịch records in its own plan, tests/test_trust.py)
    new = data / "plans/ha-noi-2026/progress/so-noi-vu.yaml"
    assert not new.exists()
    code, _, err = run(
        [
            "progress",
            "set",
            "nv-01",
            "--status",
            "in_progress",
            "--date",
            "2026-03-01",
            "--data",
            str(data),
        ]
    )
    assert code == 0, err
    assert new.read_text(encoding="utf-8").startswith(modeline("progress") + "\n")
    code, _, err = run(
        ["plan", "new", "--agency", "so-cong-thuong", "--from", "ha-noi-2026", "--data", str(data)]
    )
    assert code == 0, err
    assert (data / "plans/so-cong-thuong-2026/plan.yaml").exists()
    code, _, err = run(
        ["plan", "new", "--year", "2027", "--from", "ha-noi-2026", "--data", str(data)]
    )
    assert code == 0, err
    assert (data / "plans/ha-noi-2027/plan.yaml").exists()
    assert first_line_problems(data, target / "schemas") == []
    assert schema_errors(data) == []


def test_cli_schema_writes_every_kind(tmp_path):
    code, out, err = run(["schema", "--out", str(tmp_path / "s")])
    assert code == 0, err
    for kind in KINDS:
        assert (tmp_path / "s" / f"{kind}.schema.json").read_text(encoding="utf-8") == (
            schema_text(kind)
        )
    # default: schemas/ beside the data root
    (tmp_path / "repo" / "data" / "agencies").mkdir(parents=True)
    code, out, err = run(["schema", "--data", str(tmp_path / "repo" / "data")])
    assert code == 0, err
    assert (tmp_path / "repo" / "schemas" / "plan.schema.json").is_file()
    assert "Đã ghi" in out
