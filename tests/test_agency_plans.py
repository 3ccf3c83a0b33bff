"""Agency plans derived from the city plan, cross-plan checks, roll-up, next-year carry-over."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run, run_json
from ttdn.checks.validate import validate
from ttdn.data.loader import load
from ttdn.domain.status import TaskStatus, plan_status, rollup_status
from ttdn.edit.scaffold import agency_plan, shift_year
from ttdn.outputs.problems import words


@pytest.fixture
def root(tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(SHIPPED, dst)
    return dst


def test_scaffold_from_real_city_plan_has_8_implementing_tasks(root):
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    code, out, err = run(
        ["plan", "new", "--agency", "so-du-lich", "--from", "ha-noi-2026", "--data", str(root)]
    )
    assert code == 0, err
    ds = load(root)
    pd = ds.plans["so-du-lich-2026"]
    assert (pd.plan.kind, pd.plan.issuer, pd.plan.parent, pd.plan.year) == (
        "agency",
        "so-du-lich",
        "ha-noi-2026",
        2026,
    )
    assert pd.plan.number is None and pd.plan.date is None and pd.plan.signatory is None
    implementing = [t.task for t in pd.tasks.values() if t.task.implements]
    assert len(implementing) == 8
    assert [t.implements for t in implementing] == [f"dl-0{i}" for i in range(1, 9)]
    city = ds.plans["ha-noi-2026"].tasks
    assert all(t.content == city[t.implements].task.content for t in implementing)
    assert pd.plan.reporting.subject_agencies == ["so-du-lich"]
    assert [p.id for p in pd.plan.reporting.periods] == ["H1", "annual"]
    assert [p for p in validate(ds) if p.severity == "error"] == []
    # touches no other file
    assert {p: p.read_bytes() for p in before} == before
    assert {p for p in root.rglob("*.yaml")} - set(before) == {
        root / "plans/so-du-lich-2026/plan.yaml",
        root / "plans/so-du-lich-2026/tasks/01-chu-tri.yaml",
        root / "plans/so-du-lich-2026/tasks/02-phoi-hop.yaml",
    }
    # again: refused, nothing overwritten
    code, _, err = run(
        ["plan", "new", "--agency", "so-du-lich", "--from", "ha-noi-2026", "--data", str(root)]
    )
    assert code == 2 and "đã có" in err


def test_scaffold_includes_coordinated_tasks(root):
    ds = load(root)
    _, files = agency_plan(ds, ds.plans["ha-noi-2026"], "so-van-hoa-va-the-thao", write=False)
    text = files["plans/so-van-hoa-va-the-thao-2026/tasks/02-phoi-hop.yaml"]
    assert "implements: vpub-02" in text and "implements: vpub-06" in text


def test_cross_plan_checks(root):
    ds = load(root)
    agency_plan(ds, ds.plans["ha-noi-2026"], "so-du-lich")
    f = root / "plans/so-du-lich-2026/tasks/01-chu-tri.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("implements: dl-03", "implements: dl-33"),
        encoding="utf-8",
    )
    problems = validate(load(root))
    err = [p for p in problems if p.severity == "error"]
    assert [(p.code, p.file) for p in err] == [
        ("unknown-task", "plans/so-du-lich-2026/tasks/01-chu-tri.yaml")
    ]
    warn = [p for p in problems if p.severity == "warning"]
    assert [(p.code, p.file) for p in warn] == [
        ("not-implemented", "plans/ha-noi-2026/tasks/03-so-du-lich.yaml")
    ]
    assert "III.3" in words(warn[0].message)
    f.write_text(
        f.read_text(encoding="utf-8").replace("implements: dl-33", "implements: dl-02"),
        encoding="utf-8",
    )
    assert run(["validate", "--data", str(root)])[0] == 0
    code, out, _ = run(["validate", "--strict", "--data", str(root)])
    assert code == 1 and "warning[not-implemented]" in out


def _child(status: str, overdue: bool = False, days: int = 0) -> TaskStatus:
    ts = TaskStatus.__new__(TaskStatus)
    ts.status, ts.flag, ts.days_overdue = status, ("overdue" if overdue else "upcoming"), days
    return ts


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (["done", "done"], "done"),
        (["done", "cancelled"], "done"),
        (["cancelled", "cancelled"], "cancelled"),
        (["done", "not_started"], "in_progress"),
        (["in_progress", "paused"], "in_progress"),
        (["paused", "not_started"], "paused"),
        (["not_started", "not_started"], "not_started"),
    ],
)
def test_rollup_status_rule(children, expected):
    assert rollup_status([_child(s) for s in children]) == expected


def _write_progress(root: Path, plan: str, slug: str, entries: list[dict]) -> None:
    lines = [f"agency: {slug}", "entries:"]
    for e in entries:
        lines += [f"  - task: {e['task']}", f"    date: {e['date']}", f"    status: {e['status']}"]
        if "result" in e:
            lines.append(f"    result: {e['result']}")
    path = root / "plans" / plan / "progress" / f"{slug}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_rollup_in_status_overdue_and_late_child(root):
    ds = load(root)
    agency_plan(ds, ds.plans["ha-noi-2026"], "so-van-hoa-va-the-thao")
    _write_progress(
        root,
        "so-van-hoa-va-the-thao-2026",
        "so-van-hoa-va-the-thao",
        [
            {
                "task": "vhtt-04-1",
                "date": "2026-03-01",
                "status": "done",
                "result": "Xong phần việc.",
            },
            {"task": "vhtt-01-1", "date": "2026-01-20", "status": "done"},
        ],
    )
    ds = load(root)
    statuses = {s.task.id: s for s in plan_status(ds.plans["ha-noi-2026"], dt.date(2026, 4, 1), ds)}
    assert statuses["vhtt-04"].status == "done" and statuses["vhtt-04"].rolled_up
    assert statuses["vhtt-04"].result == "Xong phần việc."
    assert statuses["vhtt-01"].flag == "done"
    # I.2 is due end of February; its implementing task is late, so is the city task
    assert statuses["vhtt-02"].flag == "overdue" and statuses["vhtt-02"].days_overdue == 32
    j = run_json(
        ["status", "-a", "so-van-hoa-va-the-thao", "--as-of", "2026-04-01", "--data", str(root)]
    )
    t = next(t for t in j["tasks"] if t["id"] == "vhtt-04")
    assert t["rolled_up"] and t["implemented_by"][0]["plan"] == "so-van-hoa-va-the-thao-2026"
    o = run_json(["overdue", "--as-of", "2026-04-01", "--data", str(root)])
    assert {"vhtt-02", "vhtt-03"} <= {i["task"]["id"] for i in o["items"] if i["kind"] == "task"}
    assert "vhtt-01" not in {i["task"]["id"] for i in o["items"] if i["kind"] == "task"}


def test_plan_option_on_status_overdue_and_progress(root):
    ds = load(root)
    agency_plan(ds, ds.plans["ha-noi-2026"], "so-du-lich")
    args = ["--plan", "so-du-lich-2026", "--data", str(root)]
    j = run_json(["status", "-a", "so-du-lich", "--as-of", "2026-03-01", *args])
    assert j["plan"]["id"] == "so-du-lich-2026" and len(j["tasks"]) == 8
    code, _, err = run(
        ["progress", "set", "dl-01-1", "--status", "done", "--date", "2026-02-01", *args]
    )
    assert code == 0, err
    assert (root / "plans/so-du-lich-2026/progress/so-du-lich.yaml").exists()
    o = run_json(["overdue", "--as-of", "2027-01-02", *args])
    assert o["plan"]["id"] == "so-du-lich-2026"
    assert "dl-01-1" not in {i["task"]["id"] for i in o["items"] if i["kind"] == "task"}
    code, out, _ = run(["status", "-a", "so-du-lich", "--as-of", "2026-03-01", *args])
    assert "so-du-lich-2026" in out
    code, _, err = run(["status", "--plan", "khong-co", "--data", str(root)])
    assert code == 2 and "khong-co" in err


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        ("Tháng 1", "Tháng 1"),
        ("Tháng 2/2026", "Tháng 2/2027"),
        ("Quý I", "Quý I"),
        ("Quý II-III", "Quý II-III"),
        ("6 tháng đầu năm", "6 tháng đầu năm"),
        ("Năm 2026", "Năm 2027"),
        ("Thường xuyên", "Thường xuyên"),
        ("Hằng quý", "Hằng quý"),
        ("Ngày 15/03/2026", "Ngày 15/03/2027"),
        ("Trước ngày 20/6/2026", "Trước ngày 20/6/2027"),
        ("Theo kế hoạch", "Theo kế hoạch"),
        ("Tháng 12/20260", "Tháng 12/20260"),  # not a year: left alone
    ],
)
def test_carry_over_each_timeline_form(timeline, expected):
    assert shift_year(timeline, 2026, 2027) == expected


def test_next_year_city_plan(root):
    code, out, err = run(
        ["plan", "new", "--from", "ha-noi-2026", "--year", "2027", "--data", str(root)]
    )
    assert code == 0, err
    ds = load(root)
    new = ds.plans["ha-noi-2027"]
    assert new.year == 2027 and new.plan.title.endswith("năm 2027")
    assert len(new.tasks) == 49 and all(t.task.carried_over for t in new.tasks.values())
    assert new.tasks["vhtt-04"].task.timeline == "Năm 2027"
    assert [p.due_before for p in new.plan.reporting.periods] == [
        dt.date(2027, 6, 20),
        dt.date(2027, 11, 20),
    ]
    assert new.plan.number is None and new.plan.signatory is None
    assert [p for p in validate(ds) if p.severity == "error"] == []
    j = run_json(["status", "--as-of", "2027-03-01", "--data", str(root)])
    assert j["plan"]["id"] == "ha-noi-2027"  # default: the city plan of the --as-of year
    j = run_json(["status", "--as-of", "2026-03-01", "--data", str(root)])
    assert j["plan"]["id"] == "ha-noi-2026"


def test_created_files_are_in_canonical_layout(root, tmp_path):
    from ttdn.edit.demo import make_demo

    assert (
        run(
            ["plan", "new", "--agency", "so-du-lich", "--from", "ha-noi-2026", "--data", str(root)]
        )[0]
        == 0
    )
    assert (
        run(["plan", "new", "--from", "ha-noi-2026", "--year", "2027", "--data", str(root)])[0] == 0
    )
    assert run(["fmt", "--check", str(root)])[0] == 0
    make_demo(SHIPPED, tmp_path / "pg")
    assert run(["fmt", "--check", str(tmp_path / "pg" / "data")])[0] == 0


def test_report_from_an_agency_plan_names_the_city_tasks(tmp_path):
    import docx

    from ttdn.edit.demo import make_demo

    data = make_demo(SHIPPED, tmp_path / "pg")
    out = tmp_path / "sdl.docx"
    code, stdout, err = run(
        [
            "report",
            "--period",
            "2026-H1",
            "--agency",
            "so-du-lich",
            "--plan",
            "so-du-lich-2026",
            "--as-of",
            "2026-07-01",
            "-o",
            out,
            "--data",
            data,
        ]
    )
    assert code == 0, err
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Thực hiện Kế hoạch số …/KH-SDL" in text  # cites the agency's own plan
    appendix = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in appendix.rows[1:]]
    assert [r[0] for r in rows] == [f"I.{i}" for i in range(1, 9)]
    assert all(r[5].startswith(f"Thực hiện nhiệm vụ III.{i} ") for i, r in enumerate(rows, 1))
