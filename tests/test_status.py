"""Status, overdue and progress set: on the shipped data and in a demo playground."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run, run_json
from ttdn.data.loader import load
from ttdn.domain.model import ProgressEntry
from ttdn.domain.status import Contribution, overdue_items, report_status, task_status
from ttdn.edit.demo import make_demo

# ------------------------------------------------------------------ shipped data


def test_so_du_lich_has_its_8_tasks():
    j = run_json(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(SHIPPED)]
    )
    assert j["agency"] == "so-du-lich" and j["as_of"] == "2026-11-26"
    assert [t["ref"] for t in j["tasks"]] == [f"III.{i}" for i in range(1, 9)]
    assert j["coordinating"] == []
    assert all(t["recorded"] is False for t in j["tasks"])
    assert j["sample"] is False


@pytest.mark.parametrize("query", ["Sở Du lịch", "so du lich", "SỞ DU LỊCH", "Sở  du lịch"])
def test_agency_by_vietnamese_name(query):
    j = run_json(["status", "--agency", query, "--as-of", "2026-11-26", "--data", str(SHIPPED)])
    assert j["agency"] == "so-du-lich"


def test_unknown_agency_exits_2_with_closest():
    code, _, err = run(["status", "--agency", "so-du-lic", "--data", str(SHIPPED)])
    assert code == 2 and "so-du-lich" in err and "Traceback" not in err


def test_overdue_on_15_february_lists_i1_not_i2():
    j = run_json(["overdue", "--as-of", "2026-02-15", "--data", str(SHIPPED)])
    refs = [i["task"]["ref"] for i in j["items"] if i["kind"] == "task"]
    assert refs == ["I.1"]
    assert j["items"][0]["days_overdue"] == 15


def test_six_month_report_late_on_20_june_not_19():
    late = run_json(["overdue", "--as-of", "2026-06-20", "--data", str(SHIPPED)])
    missing = {i["agency"] for i in late["items"] if i["kind"] == "report"}
    assert "so-du-lich" in missing and "so-noi-vu" in missing
    assert "ban-tuyen-giao-va-dan-van-thanh-uy" not in missing  # not subject to reporting
    on_time = run_json(["overdue", "--as-of", "2026-06-19", "--data", str(SHIPPED)])
    assert not [i for i in on_time["items"] if i["kind"] == "report"]


def test_fail_if_any():
    assert (
        run(["overdue", "--as-of", "2026-01-31", "--fail-if-any", "--data", str(SHIPPED)])[0] == 0
    )
    assert (
        run(["overdue", "--as-of", "2026-02-01", "--fail-if-any", "--data", str(SHIPPED)])[0] == 1
    )


def test_bad_as_of_is_a_usage_error():
    code, _, err = run(["status", "--as-of", "2026-02-30", "--data", str(SHIPPED)])
    assert code == 2 and "--as-of" in err


def test_table_output_fits_80_columns():
    code, out, _ = run(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(SHIPPED)]
    )
    assert code == 0
    assert "Sở Du lịch" in out and "III.8" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out  # no colour off a terminal


# ------------------------------------------------------------------ boundaries


def _status(timeline: str, as_of: dt.date, entries=()):
    ds = load(SHIPPED)
    tr = ds.plans["ha-noi-2026"].tasks["vhtt-01"]
    tr = type(tr)(
        tr.task.model_copy(update={"timeline": timeline}), tr.plan_id, tr.section, tr.file, tr.index
    )
    contribs = [
        Contribution(tr.task.lead, ProgressEntry(task=tr.task.id, date=d, status=s))
        for d, s in entries
    ]
    return task_status(tr, 2026, contribs, as_of)


def test_last_day_on_time_and_first_day_late():
    assert _status("Tháng 1", dt.date(2026, 1, 31)).flag == "due_soon"
    late = _status("Tháng 1", dt.date(2026, 2, 1))
    assert (late.flag, late.days_overdue) == ("overdue", 1)
    assert _status("Trước ngày 20/6", dt.date(2026, 6, 19)).flag == "due_soon"
    assert _status("Trước ngày 20/6", dt.date(2026, 6, 20)).days_overdue == 1


def test_done_is_never_overdue_and_open_is_never_overdue():
    assert _status("Tháng 1", dt.date(2026, 5, 1), [(dt.date(2026, 2, 5), "done")]).flag == "done"
    assert _status("Theo kế hoạch", dt.date(2026, 12, 31)).flag == "open"
    assert _status("Thường xuyên", dt.date(2026, 6, 1)).flag == "ongoing"


def test_entries_after_as_of_are_ignored():
    ds = load(SHIPPED)
    pd = ds.plans["ha-noi-2026"]
    s = _status("Tháng 1", dt.date(2026, 2, 1), [(dt.date(2026, 3, 1), "done")])
    assert s.status == "done"  # task_status takes what it is given…
    from ttdn.domain.status import entries_by_task

    assert entries_by_task(pd, dt.date(2026, 2, 1)) == {}  # …the plan view filters by date


def test_recurring_missed_occurrences():
    s = _status("Hằng quý", dt.date(2026, 7, 15), [(dt.date(2026, 2, 10), "in_progress")])
    assert s.missed == [dt.date(2026, 6, 30)]
    assert s.flag == "overdue" and s.days_overdue == 15


# ------------------------------------------------------------------ playground


def test_playground_is_labelled_sample(playground):
    j = run_json(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(playground)]
    )
    assert j["sample"] is True
    statuses = {t["ref"]: t["status"] for t in j["tasks"]}
    assert statuses["III.3"] == "done" and statuses["III.5"] == "paused"
    assert {"not_started", "in_progress", "done", "paused", "cancelled"} <= set(statuses.values())
    h1 = next(r for r in j["reports"] if r["period"] == "H1")
    assert (h1["state"], h1["submitted"]) == ("submitted", "2026-06-15")
    code, out, _ = run(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(playground)]
    )
    assert "DỮ LIỆU MẪU" in out


def test_playground_has_a_late_task_and_a_late_report(playground):
    ds = load(playground)
    pd = ds.plans["ha-noi-2026"]
    items = overdue_items(ds, pd, dt.date(2026, 7, 1))
    assert any(i.task and i.task.task.id == "vhtt-02" for i in items)
    states = {(r.agency, r.period): r.state for r in report_status(ds, pd, dt.date(2026, 7, 1))}
    assert states[("van-phong-ubnd-thanh-pho", "H1")] == "submitted_late"
    assert states[("phuong-ba-dinh", "H1")] == "missing"  # a phường is subject by kind


def test_playground_is_a_git_repo_and_validates(playground):
    assert run(["validate", "--data", str(playground)])[0] == 0
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=playground.parent, capture_output=True, text=True
    )
    assert log.stdout.count("\n") == 1


def test_demo_refuses_non_empty_dir(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f").write_text("keep")
    code, _, err = run(["demo", str(tmp_path / "x"), "--data", str(SHIPPED)])
    assert code == 2 and "đã có nội dung" in err
    assert (tmp_path / "x" / "f").read_text() == "keep"


# ------------------------------------------------------------------ progress set


@pytest.fixture
def pg(tmp_path) -> Path:
    make_demo(SHIPPED, tmp_path / "pg")
    return tmp_path / "pg"


def git_diff(repo: Path) -> str:
    return subprocess.run(
        ["git", "diff", "-U0"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def test_progress_set_appends_only(pg):
    f = pg / "data/plans/so-du-lich-2026/progress/so-du-lich.yaml"
    before = f.read_text(encoding="utf-8")
    code, out, err = run(
        [
            "progress",
            "set",
            "dl-08-1",
            "--plan",
            "so-du-lich-2026",
            "--status",
            "in_progress",
            "--date",
            "2026-07-01",
            "--result",
            "In 2.000 ấn phẩm & tờ gấp",
            "-i",
            "publications=2000",
            "--evidence",
            "CV 12/SDL",
            "--data",
            str(pg / "data"),
        ]
    )
    assert code == 0, err
    after = f.read_text(encoding="utf-8")
    import difflib

    ops = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines()).get_opcodes()
    assert {op[0] for op in ops} == {"equal", "insert"}  # every old line kept, comments included
    diff = git_diff(pg)
    removed = [ln for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert removed == []
    added = [ln for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert [ln.lstrip("+ -") for ln in added[:2]] == ["task: dl-08-1", "date: 2026-07-01"]
    j = run_json(
        ["status", "-a", "so-du-lich", "--as-of", "2026-07-02", "--data", str(pg / "data")]
    )
    t = next(t for t in j["tasks"] if t["id"] == "dl-08")
    assert (t["status"], t["last_update"]) == ("in_progress", "2026-07-01")


def test_progress_set_by_ref_and_new_file(pg):
    code, out, err = run(
        [
            "progress",
            "set",
            "IV.1",
            "--status",
            "done",
            "--date",
            "2026-03-02",
            "--data",
            str(pg / "data"),
        ]
    )
    assert code == 0, err
    text = (pg / "data/plans/ha-noi-2026/progress/so-tai-chinh.yaml").read_text(encoding="utf-8")
    assert "agency: so-tai-chinh" in text and "task: tc-01" in text
    assert run(["validate", "--data", str(pg / "data")])[0] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["vhtt-99", "--status", "done"], "vhtt-09"),
        (["vhtt-02", "--status", "finished"], "done"),
        (["vhtt-02", "--status", "done", "-i", "news=3"], "news_articles"),
        (["vhtt-02", "--status", "done", "-i", "news_articles=-3"], "không âm"),
        (["vhtt-02", "--status", "done", "--date", "2025-12-31"], "ngoài năm kế hoạch"),
    ],
)
def test_progress_set_refuses_bad_input_and_writes_nothing(pg, args, needle):
    f = pg / "data/plans/ha-noi-2026/progress/so-van-hoa-va-the-thao.yaml"
    before = f.read_bytes()
    code, _, err = run(["progress", "set", *args, "--data", str(pg / "data")])
    assert code in (1, 2) and needle in err and "Traceback" not in err
    assert f.read_bytes() == before
