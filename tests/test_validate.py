"""Every validation rule: a fixture that breaks it, the exact code, file and line."""

from __future__ import annotations

import json
import textwrap
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import MINI, SHIPPED, write_tree
from ttdn.checks.validate import validate
from ttdn.cli import main
from ttdn.data.loader import iter_data_files, load
from ttdn.outputs.problems import problem_line
from ttdn.outputs.problems import words as in_words


def problems(root: Path, **kw):
    return validate(load(root), **kw)


def only(root: Path, **kw):
    found = [p for p in problems(root, **kw) if p.severity == "error"]
    assert len(found) == 1, [problem_line(p) for p in found]
    return found[0]


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_mini_is_clean(mini):
    assert problems(mini) == []


def test_shipped_data_is_clean_and_nfc():
    assert [problem_line(p) for p in problems(SHIPPED)] == []
    for path in iter_data_files(SHIPPED):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        assert "\r" not in text and text.endswith("\n"), path


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TASKS = "plans/p-2026/tasks/01-so-a.yaml"
PROGRESS = "plans/p-2026/progress/so-a.yaml"
PLAN = "plans/p-2026/plan.yaml"


@pytest.mark.parametrize(
    ("rel", "old", "new", "code", "line", "col", "words"),
    [
        (
            TASKS,
            "lead: so-a\n    coordinators",
            "lead: so-aa\n    coordinators",
            "unknown-agency",
            8,
            11,
            ["so-aa", "so-a"],
        ),
        (TASKS, "      - so-b", "      - so-c", "unknown-agency", 10, 9, ["so-c"]),
        (
            TASKS,
            "      - cac-co-quan-don-vi-lien-quan",
            "      - cac-co-quan",
            "unknown-group",
            12,
            9,
            ["cac-co-quan"],
        ),
        (
            TASKS,
            "    timeline: Tháng 1",
            "    timline: Tháng 1",
            "unknown-key",
            7,
            5,
            ["timline", "timeline"],
        ),
        (TASKS, "    content: Việc hai\n", "", "missing-field", 13, 5, ["content"]),
        (TASKS, "id: a-02", "id: a-01", "duplicate-id", 13, 9, ["a-01"]),
        (TASKS, "ref: I.2", "ref: I.1", "duplicate-ref", 14, 10, ["I.1"]),
        (TASKS, "ref: I.2", "ref: II.2", "bad-ref", 14, 10, ["II.2"]),
        (
            TASKS,
            "timeline: Quý II",
            "timeline: Sớm nhất có thể",
            "timeline-unknown",
            16,
            15,
            ["Sớm nhất"],
        ),
        (
            TASKS,
            "timeline: Quý II",
            "timeline: Tháng 3/2027",
            "date-outside-year",
            16,
            15,
            ["2027"],
        ),
        (TASKS, "id: a-02", "id: A 02", "bad-id", 13, 9, ["A 02"]),
        (PLAN, "year: 2026", "year: hai nghìn", "bad-type", 3, 7, ["year"]),
        (PLAN, "kind: city", "kind: town", "bad-value", 2, 7, ["town"]),
        (
            PLAN,
            "due_before: 2026-06-20",
            "due_before: 2026-02-30",
            "bad-date",
            12,
            19,
            ["2026-02-30"],
        ),
        (PROGRESS, "task: a-01", "task: a-03", "unknown-task", 3, 11, ["a-03"]),
        (PROGRESS, "date: 2026-01-20", "date: 2025-12-20", "date-outside-year", 4, 11, ["2025"]),
        (PROGRESS, "status: done", "status: finished", "bad-value", 5, 13, ["finished"]),
        (PROGRESS, "agency: so-a", "agency: so-b", "progress-agency", 1, 9, ["so-b"]),
    ],
)
def test_rule(mini, rel, old, new, code, line, col, words):
    edit(mini, rel, old, new)
    p = only(mini)
    assert (p.code, p.file, p.line, p.column) == (code, rel, line, col), problem_line(p)
    for w in words:
        assert w in in_words(p.message)


def test_status_regression_needs_a_note(mini):
    (mini / PROGRESS).write_text(
        textwrap.dedent("""\
        agency: so-a
        entries:
          - task: a-01
            date: 2026-01-20
            status: done
          - task: a-01
            date: 2026-02-01
            status: not_started
        """),
        encoding="utf-8",
    )
    p = only(mini)
    assert (p.code, p.line) == ("status-regression", 8)
    edit(mini, PROGRESS, "    status: not_started", "    status: not_started\n    note: Làm lại")
    assert problems(mini) == []


def test_future_entry_relative_to_as_of(mini):
    import datetime as dt

    p = only(mini, as_of=dt.date(2026, 1, 10))
    assert (p.code, p.line) == ("future-date", 4)


def test_unknown_indicator_with_suggestion(mini):
    edit(mini, PROGRESS, "status: done", "status: done\n    indicators:\n      news_article: 3")
    p = only(mini)
    assert (p.code, p.line, p.column) == ("unknown-indicator", 7, 7)
    assert "news_articles" in in_words(p.message)


def test_duplicate_key(mini):
    edit(mini, TASKS, "    timeline: Tháng 1", "    timeline: Tháng 1\n    timeline: Tháng 2")
    p = only(mini)
    assert (p.code, p.line, p.column) == ("duplicate-key", 8, 5)


def test_all_problems_reported_in_one_run(mini):
    edit(mini, TASKS, "lead: so-a\n    coordinators", "lead: so-x\n    coordinators")
    edit(mini, TASKS, "timeline: Quý II", "timeline: khi nào xong")
    edit(mini, PROGRESS, "task: a-01", "task: a-09")
    codes = sorted(p.code for p in problems(mini))
    assert codes == ["timeline-unknown", "unknown-agency", "unknown-task"]


def test_cli_text_and_exit_codes(mini, capsys):
    assert run(["validate", "--data", str(mini)], capsys)[0] == 0
    edit(mini, TASKS, "lead: so-a\n    coordinators", "lead: so-du-lich\n    coordinators")
    code, out, err = run(["validate", "--data", str(mini)], capsys)
    assert code == 1
    assert f"{TASKS}:8:11: error[unknown-agency]: không có cơ quan “so-du-lich”" in out
    assert "Traceback" not in out + err


def test_cli_json(mini, capsys):
    edit(mini, TASKS, "ref: I.2", "ref: I.1")
    code, out, _ = run(["validate", "--data", str(mini), "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out) == [
        {
            "code": "duplicate-ref",
            "file": TASKS,
            "line": 14,
            "column": 10,
            "message": f"số thứ tự “I.1” đã dùng ở {TASKS}:5",
            "severity": "error",
        }
    ]


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    code, _, err = run(["validate", "--data", str(tmp_path / "nope")], capsys)
    assert code == 2 and "không tìm thấy thư mục dữ liệu" in err
    code, _, err = run(["validate", "--formt", "json"], capsys)
    assert code == 2 and "không có tuỳ chọn --formt" in err


def test_data_root_found_walking_up(mini, monkeypatch, capsys):
    sub = mini / "plans" / "p-2026"
    monkeypatch.chdir(sub)
    monkeypatch.delenv("TTDN_DATA", raising=False)
    code, _, err = run(["validate"], capsys)
    assert code == 0
    monkeypatch.setenv("TTDN_DATA", str(mini))
    monkeypatch.chdir(mini.parent.parent)
    assert run(["validate"], capsys)[0] == 0


def test_generic_groups_are_not_agencies():
    ds = load(SHIPPED)
    assert not set(ds.groups) & set(ds.agencies)
    for pd in ds.plans.values():
        for tr in pd.tasks.values():
            assert tr.task.coordinators or tr.task.coordinator_groups, tr.task.ref


def test_mini_fixture_is_independent(tmp_path):
    root = write_tree(tmp_path / "d", MINI)
    assert problems(root) == []


def test_a_reporting_agency_without_abbreviation_is_a_warning(mini):
    """Reports need the agency's abbreviation for their symbol (BC-SDL): a missing one is
    a warning at the agency's file."""
    path = mini / "agencies" / "so-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("abbreviation: SB\n", ""))
    found = problems(mini)
    assert [(p.code, p.file, p.severity) for p in found] == [
        ("missing-abbreviation", "agencies/so-b.yaml", "warning")
    ]
