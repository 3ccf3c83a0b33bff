"""Figures users can trust (issue #14): running totals, progress where it counts, dates and
words as users write them, text normalised at the door. Real files, the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.conftest import MINI, SHIPPED, run, write_tree
from ttdn.domain.model import ProgressEntry
from ttdn.domain.status import indicator_totals, running_totals
from ttdn.edit.demo import make_demo

SDL = "plans/so-du-lich-2026/progress/so-du-lich.yaml"


@pytest.fixture
def pg(tmp_path) -> Path:
    make_demo(SHIPPED, tmp_path / "pg")
    return tmp_path / "pg" / "data"


def _e(task: str, day: str, **ind) -> ProgressEntry:
    return ProgressEntry(
        task=task, date=dt.date.fromisoformat(day), status="in_progress", indicators=ind
    )


# ------------------------------------------------------------------ running totals


def test_a_period_figure_is_each_tasks_latest_total_summed_over_tasks():
    a = [
        _e("t1", "2026-02-01", events=2, news_articles=10),
        _e("t1", "2026-05-01", events=3),  # news_articles stays 10
        _e("t2", "2026-03-01", events=1),
        _e("t1", "2026-09-01", events=7),  # after the six-month cut-off
    ]
    b = [_e("t1", "2026-04-01", events=4)]  # another agency's own total
    assert running_totals(a, dt.date(2026, 6, 30)) == {
        ("t1", "events"): 3,
        ("t1", "news_articles"): 10,
        ("t2", "events"): 1,
    }
    assert indicator_totals([a, b], dt.date(2026, 6, 30)) == {"events": 8, "news_articles": 10}
    assert indicator_totals([a, b], dt.date(2026, 12, 31)) == {"events": 12, "news_articles": 10}
    # the same figures recorded twice count once
    assert indicator_totals([a + [a[1]]], dt.date(2026, 6, 30)) == {
        "events": 4,
        "news_articles": 10,
    }


def _annual_figures(data: Path) -> dict[str, str]:
    from ttdn.data.loader import load
    from ttdn.domain.plans import select_plan
    from ttdn.outputs.documents.contexts import city_report_context
    from ttdn.outputs.documents.period import parse_period

    ds = load(data)
    as_of = dt.date(2026, 12, 31)
    ctx = city_report_context(ds, select_plan(ds, None, as_of), parse_period("2026"), as_of)
    return {i.key: i.value for i in ctx.indicators}


def test_importing_the_same_workbook_twice_keeps_the_annual_figures(pg, tmp_path):
    from tests.test_xlsx import fill

    before = _annual_figures(pg)
    assert before["publications"] == "2"  # the demo's running totals: 2 bulletins by June
    book = tmp_path / "sdl.xlsx"
    code, _, err = run(
        [
            "export",
            "xlsx",
            "-a",
            "so-du-lich",
            "--plan",
            "so-du-lich-2026",
            "--as-of",
            "2026-11-01",
            "--data",
            pg,
            "-o",
            book,
        ]
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(book)
    fill(wb["Nhiệm vụ"], "dl-04-1", status="hoàn thành", date="30/10/2026", events=5)
    wb.save(book)
    code, out, err = run(["import", "xlsx", book, "--data", pg])
    assert code == 0, err
    once = _annual_figures(pg)
    assert once["events"] == str(int(before["events"]) - 3 + 5)  # 3 to date → 5 to date
    text = (pg / SDL).read_bytes()
    code, out, err = run(["import", "xlsx", book, "--data", pg])
    assert code == 0, err
    assert (pg / SDL).read_bytes() == text
    assert "1" in out + err  # says how many rows it skipped
    assert _annual_figures(pg) == once


def test_a_running_total_going_down_without_a_note_is_a_warning(tmp_path):
    files = dict(MINI)
    files["plans/p-2026/progress/so-a.yaml"] = """\
        agency: so-a
        entries:
          - task: a-02
            date: 2026-03-01
            status: in_progress
            indicators: {events: 4}
          - task: a-02
            date: 2026-04-01
            status: in_progress
            indicators: {events: 2}
          - task: a-02
            date: 2026-05-01
            status: in_progress
            note: Tính lại, bỏ 1 sự kiện bị hoãn.
            indicators: {events: 1}
        """
    root = write_tree(tmp_path / "data", files)
    code, out, err = run(["validate", "--data", root, "--as-of", "2026-06-01"])
    lines = [x for x in (out + err).splitlines() if "indicator-decrease" in x]
    assert len(lines) == 1, out + err
    assert lines[0].startswith("plans/p-2026/progress/so-a.yaml:10:")
    assert "warning[indicator-decrease]" in lines[0]


def test_running_totals_are_documented_where_users_enter_them(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "luỹ kế" in readme and "indicator-decrease" in readme
    code, out, _ = run(["progress", "set", "--help"])
    assert "luỹ kế" in " ".join(out.split())
    schema = (Path(__file__).parent.parent / "schemas/progress.schema.json").read_text("utf-8")
    assert "luỹ kế" in schema
    root = write_tree(tmp_path / "data", MINI)
    book = tmp_path / "a.xlsx"
    assert run(["export", "xlsx", "-a", "so-a", "--data", root, "-o", book])[0] == 0
    ws = openpyxl.load_workbook(book).active
    cells = [str(c.value) for row in ws.iter_rows(max_row=6) for c in row if c.value]
    assert "Tin, bài (luỹ kế)" in cells
    assert any("số luỹ kế từ đầu năm" in c for c in cells)  # the instructions


# ------------------------------------------------------------------ where progress counts


def _entries(data: Path, rel: str = SDL) -> list[dict]:
    return yaml.safe_load((data / rel).read_text(encoding="utf-8"))["entries"]


def test_a_rolled_up_city_task_is_refused_with_the_command_to_use(pg):
    before = (pg / SDL).read_bytes(), (pg / "plans/ha-noi-2026/progress").exists()
    args = ["III.1", "--agency", "so-du-lich", "-s", "done", "--date", "2026-06-01"]
    code, out, err = run(["progress", "set", *args, "--result", "Xong", "--data", pg])
    assert code == 2 and out == ""
    assert "dl-01-1 (so-du-lich-2026)" in err
    command = next(line.strip() for line in err.splitlines() if line.startswith("  ttdn "))
    assert command == (
        "ttdn progress set dl-01-1 --plan so-du-lich-2026 --status done --date 2026-06-01 "
        "--result Xong"
    )
    assert ((pg / SDL).read_bytes(), (pg / "plans/ha-noi-2026/progress").exists()) == before
    # the command it names works, and the report shows it
    code, out, err = run([*command.split()[1:], "--data", pg])
    assert code == 0, err
    j = json_status(pg, "2026-06-02")
    assert j["dl-01"] == "done"


def json_status(data: Path, as_of: str) -> dict[str, str]:
    from tests.conftest import run_json

    j = run_json(["status", "--as-of", as_of, "--data", data])
    return {t["id"]: t["status"] for t in j["tasks"]}


def test_an_agency_plan_task_is_found_without_plan(pg):
    code, out, err = run(
        [
            "progress",
            "set",
            "dl-02-1",
            "-s",
            "in_progress",
            "--date",
            "2026-07-02",
            "-i",
            "publications=3",
            "--data",
            pg,
        ]
    )
    assert code == 0, err
    assert SDL in out
    assert _entries(pg)[-1]["task"] == "dl-02-1"


def test_export_for_an_agency_with_its_own_plan_exports_that_plan(pg, tmp_path):
    from tests.test_xlsx import fill, task_rows

    book = tmp_path / "sdl.xlsx"
    code, out, err = run(
        [
            "export",
            "xlsx",
            "--agency",
            "so-du-lich",
            "--as-of",
            "2026-07-01",
            "--data",
            pg,
            "-o",
            book,
        ]
    )
    assert code == 0, err
    assert "so-du-lich-2026" in out
    wb = openpyxl.load_workbook(book)
    ws = wb["Nhiệm vụ"]
    assert list(task_rows(ws))[:8] == [f"dl-0{i}-1" for i in range(1, 9)]
    fill(ws, "dl-05-1", status="đang thực hiện", date="02/07/2026")
    wb.save(book)
    code, out, err = run(["import", "xlsx", book, "--data", pg])
    assert code == 0, err
    last = _entries(pg)[-1]
    assert (last["task"], last["status"]) == ("dl-05-1", "in_progress")


# ------------------------------------------------------------------ dates and words


@pytest.mark.parametrize("status", ["hoàn thành", "hoan thanh", "Hoàn Thành", "done", "Done"])
def test_status_as_users_write_it(tmp_path, status):
    root = write_tree(tmp_path / "data", MINI)
    code, out, err = run(
        ["progress", "set", "a-02", "-s", status, "--date", "28/11/2026", "--data", root]
    )
    assert code == 0, err
    last = _entries(root, "plans/p-2026/progress/so-a.yaml")[-1]
    assert (last["status"], last["date"]) == ("done", dt.date(2026, 11, 28))


def test_a_bad_date_names_its_option(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    code, _, err = run(
        ["progress", "set", "a-02", "-s", "done", "--date", "31/02/2026", "--data", root]
    )
    assert code == 2 and "--date “31/02/2026”" in err and "--as-of" not in err
    code, _, err = run(["status", "--as-of", "2026/02/31", "--data", root])
    assert code == 2 and "--as-of “2026/02/31”" in err
    code, _, err = run(["status", "--as-of", "20/06/2026", "--data", root, "--format", "json"])
    assert code == 0, err


def test_an_entry_after_the_plan_year_is_fine_until_after_as_of(tmp_path):
    """Results are recorded late: an entry of January 2027 for a 2026 task is valid once
    that day has come (written by hand here: today is not yet 2027 for ``progress set``)."""
    root = write_tree(tmp_path / "data", MINI)
    progress = root / "plans/p-2026/progress/so-a.yaml"
    progress.write_text(
        progress.read_text(encoding="utf-8")
        + "  - task: a-02\n    date: 2027-01-10\n    status: done\n",
        encoding="utf-8",
    )
    code, out, err = run(["validate", "--as-of", "2027-01-31", "--data", root])
    assert code == 0, out + err
    code, out, err = run(["validate", "--as-of", "2027-01-09", "--data", root])
    assert code == 1 and "future-date" in out


def test_plain_validate_looks_at_today_and_writers_refuse_a_later_day(tmp_path):
    """``validate`` checks against today in Hà Nội; so do the writers: an entry or a report
    dated after today is refused with the located problem, and nothing is written."""
    from ttdn.domain.status import today

    root = write_tree(tmp_path / "data", MINI)
    progress = root / "plans/p-2026/progress/so-a.yaml"
    before = progress.read_bytes()
    later = today() + dt.timedelta(days=3)
    for args in (
        ["progress", "set", "a-02", "-s", "done", "--date", later.isoformat()],
        ["progress", "report", "--period", "2026-H1", "--agency", "so-a"]
        + ["--date", later.isoformat()],
    ):
        code, out, err = run([*args, "--data", root])
        assert code == 1 and "future-date" in err and "Traceback" not in err, (args, err)
        assert progress.read_bytes() == before
    progress.write_text(
        before.decode("utf-8") + f"  - task: a-02\n    date: {later}\n    status: done\n",
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "--data", root])
    assert code == 1 and "future-date" in out


# ------------------------------------------------------------------ text at the door


def test_nfd_text_is_stored_nfc_and_exportable(tmp_path):
    import unicodedata

    root = write_tree(tmp_path / "data", MINI)
    nfd = unicodedata.normalize("NFD", "Hoàn tất đợt một")
    assert nfd != unicodedata.normalize("NFC", nfd)
    code, _, err = run(
        [
            "progress",
            "set",
            "a-02",
            "-s",
            "in_progress",
            "--date",
            "2026-05-01",
            "--result",
            nfd,
            "--note",
            nfd,
            "--data",
            root,
        ]
    )
    assert code == 0, err
    last = _entries(root, "plans/p-2026/progress/so-a.yaml")[-1]
    assert last["result"] == last["note"] == "Hoàn tất đợt một"
    assert run(["validate", "--as-of", "2026-06-01", "--data", root])[0] == 0
    code, _, err = run(["export", "xlsx", "-o", tmp_path / "a.xlsx", "--data", root])
    assert code == 0, err


def test_a_control_character_is_refused_before_anything_is_written(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    before = (root / "plans/p-2026/progress/so-a.yaml").read_bytes()
    code, out, err = run(
        [
            "progress",
            "set",
            "a-02",
            "-s",
            "done",
            "--date",
            "2026-05-01",
            "--result",
            "a\x01b",
            "--data",
            root,
        ]
    )
    assert code == 2 and out == ""
    assert "--result" in err and "U+0001" in err
    assert (root / "plans/p-2026/progress/so-a.yaml").read_bytes() == before


def test_a_control_character_in_a_cell_names_the_cell(tmp_path):
    # openpyxl refuses to write one, but Excel writes them (as _x0007_): read rows directly
    from ttdn.data.loader import load
    from ttdn.edit.xlsx_import import FilledRow, entries_from_rows

    ds = load(write_tree(tmp_path / "data", MINI))
    row = FilledRow("Nhiệm vụ", 7, "a-02", "hoàn thành", "01/05/2026", note="ghi\x07chú")
    items, errors = entries_from_rows(ds.plans["p-2026"], [row], "so-a", dt.date(2026, 5, 2))
    assert items == []
    assert errors == [
        "Trang tính Nhiệm vụ, dòng 7: cột “Ghi chú” có ký tự điều khiển U+0007 (không in "
        "được); hãy xoá ký tự đó — không ghi gì"
    ]


# ------------------------------------------------------------------ nothing depends on PATH


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell and symlinks")
def test_git_diff_after_git_setup_works_without_ttdn_on_the_path(tmp_path):
    from tests.test_semdiff import edit, git, make_repo

    repo = make_repo(tmp_path)
    git(repo, "config", "diff.ttdn.textconv", "ttdn textconv")  # what older versions wrote
    code, out, err = run(["git-setup", "--data", repo / "data"])
    assert code == 0, err
    textconv = git(repo, "config", "--get", "diff.ttdn.textconv").strip()
    assert textconv.endswith(" -m ttdn textconv") and Path(sys.executable).as_posix() in textconv
    edit(repo, "plans/p-2026/tasks/01-so-a.yaml", "timeline: Quý II", "timeline: Quý III")
    # a shell where the virtual environment is not active: git, and no ttdn, on the PATH
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "git").symlink_to(shutil.which("git"))
    env = {
        "PATH": str(bare),
        "HOME": str(tmp_path),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C.UTF-8",
    }
    proc = subprocess.run(
        ["git", "diff", "--", "data/plans/p-2026/tasks/01-so-a.yaml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    assert "+  tiến độ: Quý III" in proc.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell")
def test_the_demo_hint_works_as_printed_in_a_shell_without_the_environment(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    folder = tmp_path / "sân chơi"
    made = subprocess.run(
        [sys.executable, "-m", "ttdn", "demo", str(folder)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert made.returncode == 0, made.stderr
    hint = made.stdout.strip().splitlines()[-1].removeprefix("Thử: ")
    shown = subprocess.run(
        ["sh", "-c", hint], env=env, capture_output=True, text=True, encoding="utf-8"
    )
    assert shown.returncode == 0, shown.stderr
    assert "Sở Du lịch" in shown.stdout


# ------------------------------------------------------------------ review flags


def test_diff_flags_what_leaders_care_about_first(tmp_path):
    import json

    from tests.test_semdiff import diff, edit, make_repo

    repo = make_repo(tmp_path)
    tasks = "plans/p-2026/tasks/01-so-a.yaml"
    edit(repo, tasks, "timeline: Tháng 1", "timeline: Tháng 6")  # later: flagged
    edit(
        repo,
        tasks,
        "content: Việc hai\n    timeline: Quý II\n    lead: so-a",
        "content: Việc hai\n    timeline: Quý II\n    lead: so-c",
    )
    b = "plans/p-2026/tasks/02-so-b.yaml"
    edit(repo, b, "timeline: Quý I", "timeline: Quý I\n    due: 2026-02-15")  # earlier: not
    code, out, err = diff(repo, "--format", "json")
    assert code == 0, err
    j = json.loads(out)
    codes = [(w["code"], w["task"]) for w in j["warnings"]]
    assert codes == [("deadline-later", "a-01"), ("lead-changed", "a-02")]
    assert j["warnings"][0]["label"] == "hạn lùi lại"
    assert "Tháng 1 → Tháng 6" in j["warnings"][0]["text"]
    by_task = {(c["task"], c["kind"]): c["warning"] for c in j["changes"]}
    assert by_task[("b-01", "task-due")] is None
    code, out, _ = diff(repo)
    head, _, rest = out.partition("Kế hoạch p-2026")
    assert "Cần chú ý (2):" in head and "hạn lùi lại — kế hoạch p-2026: I.1 [a-01]" in head
    assert "đổi cơ quan chủ trì — kế hoạch p-2026: I.2 [a-02]" in head
    code, out, _ = diff(repo, "--format", "markdown")
    assert out.index("Cần chú ý (2)") < out.index("#### Kế hoạch")
    # a task removed
    (repo / "data" / b).write_text("section: II\ntitle: SỞ B\ntasks: []\n", encoding="utf-8")
    j = json.loads(diff(repo, "--format", "json")[1])
    assert ("task-removed", "b-01") in [(w["code"], w["task"]) for w in j["warnings"]]


def test_validate_warns_when_the_old_leads_plan_still_implements_a_task(tmp_path):
    files = {
        **MINI,
        "plans/a-2026/plan.yaml": """\
            title: Kế hoạch của Sở B
            kind: agency
            year: 2026
            issuer: so-b
            parent: p-2026
            """,
        "plans/a-2026/tasks/01.yaml": """\
            section: I
            title: CHỦ TRÌ
            tasks:
              - id: b-02-1
                ref: I.1
                content: Việc hai, phần Sở B
                timeline: Quý II
                lead: so-b
                implements: a-02
            """,
    }
    root = write_tree(tmp_path / "data", files)
    code, out, _ = run(["validate", "--strict", "--as-of", "2026-06-01", "--data", root])
    lines = [x for x in out.splitlines() if "implemented-by-other" in x]
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("plans/a-2026/tasks/01.yaml:9:")
    assert "warning[implemented-by-other]" in lines[0] and "“so-a”" in lines[0]
    # a coordinator's plan may implement its part of the task
    assert run(["validate", "--as-of", "2026-06-01", "--data", root])[0] == 0
    text = (root / "plans/p-2026/tasks/01-so-a.yaml").read_text(encoding="utf-8")
    (root / "plans/p-2026/tasks/01-so-a.yaml").write_text(
        text.replace(
            "timeline: Quý II\n    lead: so-a",
            "timeline: Quý II\n    lead: so-a\n    coordinators:\n      - so-b",
        ),
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "--strict", "--as-of", "2026-06-01", "--data", root])
    assert "implemented-by-other" not in out


# ------------------------------------------------------------------ everything at once


def test_validate_lists_every_bad_field_of_an_entry_at_its_place(tmp_path):
    files = dict(MINI)
    files["plans/p-2026/progress/so-a.yaml"] = """\
        agency: so-a
        entries:
          - task: a-01
            date: 2026-01-20
            status: finished
            indicators: {event: 3, news_articles: -1}
          - task: a-09
            date: 2026-13-20
            status: done
          - task: a-02
            date: 2026-02-01
            status: done
            indicators: {videoes: 1}
        """
    root = write_tree(tmp_path / "data", files)
    code, out, _ = run(["validate", "--as-of", "2026-06-01", "--data", root])
    got = [
        line.split(": ")[0] + " " + line.split("[")[1].split("]")[0] for line in out.splitlines()
    ]
    rel = "plans/p-2026/progress/so-a.yaml"
    assert code == 1
    assert got == [
        f"{rel}:5:13 bad-value",
        f"{rel}:6:18 unknown-indicator",
        f"{rel}:6:43 bad-value",
        f"{rel}:7:11 unknown-task",
        f"{rel}:8:11 bad-date",
        f"{rel}:13:18 unknown-indicator",
    ]


def test_a_wrong_lead_is_one_problem_where_it_is_written(tmp_path):
    files = dict(MINI)
    files["plans/p-2026/tasks/01-so-a.yaml"] = MINI["plans/p-2026/tasks/01-so-a.yaml"].replace(
        "lead: so-a\n            coordinators", "lead: so-x\n            coordinators"
    )
    root = write_tree(tmp_path / "data", files)
    code, out, _ = run(["validate", "--as-of", "2026-06-01", "--data", root])
    assert code == 1
    assert out.splitlines() == [
        "plans/p-2026/tasks/01-so-a.yaml:8:11: error[unknown-agency]: không có cơ quan “so-x” "
        "trong data/agencies/. Có phải ý bạn là “so-b” hoặc “so-a”?"
    ]
