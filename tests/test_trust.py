"""Figures users can trust (issue #14): running totals, progress where it counts, dates and
words as users write them, text normalised at the door. Real files, the real CLI."""

from __future__ import annotations

import datetime as dt
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
    assert yaml  # imported for later tests
