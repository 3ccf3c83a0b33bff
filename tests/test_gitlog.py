"""ttdn log: one task's history across commits, by its stable id, through moves and renumbering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI, SHIPPED, write_tree
from tests.test_semdiff import (
    AN,
    BINH,
    commit,
    edit,
    git,
    make_repo,
    move_a02_to_section_b,
    record_printing,
    run,
)
from ttdn.edit.demo import make_demo


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A repository whose task a-02 changes deadline, moves, gets progress; other commits too."""
    repo = make_repo(tmp_path)
    shas = {"init": git(repo, "rev-parse", "--short", "HEAD").strip()}
    edit(repo, "plans/p-2026/tasks/01-so-a.yaml", "timeline: Quý II", "timeline: Quý III")
    shas["deadline"] = commit(repo, "Dời hạn I.2 sang quý III", "2026-02-10T10:00:00+07:00", BINH)
    edit(repo, "plans/p-2026/tasks/02-so-b.yaml", "hằng quý", "hằng tháng")
    shas["other"] = commit(repo, "Sửa nội dung II.1", "2026-02-20T10:00:00+07:00", AN)
    move_a02_to_section_b(repo)
    shas["move"] = commit(repo, "Chuyển a-02 sang phần II", "2026-03-15T14:30:00+07:00", AN)
    edit(repo, "agencies/so-a.yaml", "name: Sở A", "name: Sở Văn hoá A")
    shas["rename"] = commit(repo, "Đổi tên Sở A", "2026-03-20T09:00:00+07:00", BINH)
    record_printing(repo)
    shas["progress"] = commit(repo, "Ghi tiến độ II.2", "2026-04-02T16:00:00+07:00", BINH)
    return repo, shas


def log(repo: Path, *args: str) -> tuple[int, str, str]:
    return run(["log", *args, "--data", str(repo / "data")])


def test_history_of_a_task_newest_first(history):
    repo, s = history
    code, out, err = log(repo, "a-02")
    assert (code, err) == (0, "")
    assert out == (
        "Lịch sử nhiệm vụ II.2 [a-02] (mới nhất trước):\n"
        "\n"
        f"02/04/2026  {s['progress']}  Trần Thị Bình  Ghi tiến độ II.2\n"
        "    Sở Văn hoá A, II.2 [a-02]: đang thực hiện, ngày 02/04/2026 — Đã in 2 ấn phẩm\n"
        "\n"
        f"15/03/2026  {s['move']}  Nguyễn Văn An  Chuyển a-02 sang phần II\n"
        "    II.2 [a-02]: chuyển từ phần I (SỞ A) sang phần II (SỞ B)\n"
        "    II.2 [a-02]: số thứ tự I.2 → II.2\n"
        "\n"
        f"10/02/2026  {s['deadline']}  Trần Thị Bình  Dời hạn I.2 sang quý III\n"
        "    I.2 [a-02]: tiến độ Quý II → Quý III (hạn 30/06/2026 → 30/09/2026)\n"
        "\n"
        f"05/01/2026  {s['init']}  Nguyễn Văn An  Khởi tạo dữ liệu\n"
        "    I.2 [a-02]: thêm nhiệm vụ (chủ trì Sở A; tiến độ Quý II): Việc hai\n"
    )


def test_by_current_ref_and_as_json(history):
    repo, s = history
    assert log(repo, "II.2")[1] == log(repo, "a-02")[1]
    code, out, err = log(repo, "a-02", "--format", "json")
    assert code == 0, err
    j = json.loads(out)
    assert j["task"] == "a-02"
    assert [c["short"] for c in j["commits"]] == [
        s["progress"],
        s["move"],
        s["deadline"],
        s["init"],
    ]
    first = j["commits"][0]
    assert first["author"] == "Trần Thị Bình" and first["date"].startswith("2026-04-02T16:00:00")
    assert [c["kind"] for c in j["commits"][1]["changes"]] == ["task-moved", "task-ref"]
    assert j["commits"][2]["changes"][0]["old"] == "Quý II"


def test_a_task_that_was_removed_still_has_a_history(history):
    repo, s = history
    path = repo / "data/plans/p-2026/tasks/02-so-b.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: b-01"), text.index("  - id: a-02")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    gone = commit(repo, "Bỏ nhiệm vụ II.1", "2026-05-01T08:00:00+07:00", AN)
    code, out, err = log(repo, "b-01")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Lịch sử nhiệm vụ [b-01] (mới nhất trước):"
    assert lines[2] == f"01/05/2026  {gone}  Nguyễn Văn An  Bỏ nhiệm vụ II.1"
    assert lines[3].startswith("    II.1 [b-01]: xoá nhiệm vụ (Xây dựng cuốn")
    assert lines[5] == f"20/02/2026  {s['other']}  Nguyễn Văn An  Sửa nội dung II.1"


def test_unknown_task_and_not_a_repository(history, tmp_path):
    repo, _ = history
    code, out, err = log(repo, "a-09")
    assert code == 2 and out == ""
    assert err.startswith(
        "ttdn: lỗi: không có nhiệm vụ “a-09” trong dữ liệu hiện tại hay lịch sử git."
    )
    assert "Gần giống:" in err
    root = write_tree(tmp_path / "ngoai" / "data", MINI)
    code, out, err = run(["log", "a-01", "--data", str(root)])
    assert code == 2 and "không nằm trong một kho git" in err


def test_uncommitted_task_shows_its_working_tree_change_only(history):
    repo, _ = history
    edit(
        repo,
        "plans/p-2026/tasks/01-so-a.yaml",
        "  - id: a-01",
        "  - id: a-03\n    ref: I.3\n    content: Việc ba\n    timeline: Tháng 5\n"
        "    lead: so-a\n  - id: a-01",
    )
    code, out, err = log(repo, "a-03")
    assert code == 0, err
    assert out == (
        "Lịch sử nhiệm vụ I.3 [a-03] (mới nhất trước):\n"
        "\n"
        "Chưa commit (thư mục làm việc)\n"
        "    I.3 [a-03]: thêm nhiệm vụ (chủ trì Sở Văn hoá A; tiến độ Tháng 5): Việc ba\n"
    )


def test_uncommitted_edit_comes_before_the_commits(history):
    repo, s = history
    edit(repo, "plans/p-2026/tasks/02-so-b.yaml", "timeline: Quý III", "timeline: Quý IV")
    code, out, err = log(repo, "a-02")
    assert code == 0, err
    assert out.splitlines()[1:5] == [
        "",
        "Chưa commit (thư mục làm việc)",
        "    II.2 [a-02]: tiến độ Quý III → Quý IV (hạn 30/09/2026 → 31/12/2026)",
        "",
    ]
    assert out.splitlines()[5].startswith(f"02/04/2026  {s['progress']}  ")
    doc = json.loads(log(repo, "a-02", "--format", "json")[1])
    assert [c["kind"] for c in doc["uncommitted"]] == ["task-timeline"]
    assert doc["commits"][0]["short"] == s["progress"]
    code, out_en, _ = run(["--lang", "en", "log", "a-02", "--data", str(repo / "data")])
    assert "\nNot committed yet (working tree)\n" in out_en
    # unchanged files: nothing before the commits
    git(repo, "checkout", "--", ".")
    assert json.loads(log(repo, "a-02", "--format", "json")[1])["uncommitted"] == []


def test_demo_playground_history(tmp_path):
    root = make_demo(SHIPPED, tmp_path / "pg")
    code, out, err = run(["log", "vhtt-01", "--data", str(root)])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Lịch sử nhiệm vụ I.1 [vhtt-01]")
    assert "  ttdn demo  " in lines[2]
    assert any(
        ln.startswith("    I.1 [vhtt-01]: thêm nhiệm vụ (chủ trì Sở Văn hoá và Thể thao")
        for ln in lines
    )
    # The sample progress recorded in the same commit is part of the task's history.
    assert any(
        ln.startswith("    Sở Văn hoá và Thể thao, I.1 [vhtt-01]: hoàn thành, ngày 28/01/2026")
        for ln in lines
    )
