"""Shared fixtures: a small data root written file by file, and the shipped data root."""

from __future__ import annotations

import contextlib
import io
import json
import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "data"

MINI = {
    "agencies/so-a.yaml": """\
        name: Sở A
        short_name: SA
        kind: department
        abbreviation: SA
        """,
    "agencies/so-b.yaml": """\
        name: Sở B
        short_name: SB
        kind: department
        abbreviation: SB
        """,
    "groups.yaml": """\
        groups:
          - id: cac-co-quan-don-vi-lien-quan
            name: các cơ quan, đơn vị liên quan
        """,
    "plans/p-2026/plan.yaml": """\
        title: Kế hoạch thử
        kind: city
        year: 2026
        issuer: so-a
        reporting:
          recipient: so-a
          subject_kinds:
            - department
          periods:
            - id: H1
              name: Báo cáo 6 tháng
              due_before: 2026-06-20
            - id: annual
              name: Báo cáo năm
              due_before: 2026-11-20
        """,
    "plans/p-2026/tasks/01-so-a.yaml": """\
        section: I
        title: SỞ A
        tasks:
          - id: a-01
            ref: I.1
            content: Việc một
            timeline: Tháng 1
            lead: so-a
            coordinators:
              - so-b
            coordinator_groups:
              - cac-co-quan-don-vi-lien-quan
          - id: a-02
            ref: I.2
            content: Việc hai
            timeline: Quý II
            lead: so-a
        """,
    "plans/p-2026/progress/so-a.yaml": """\
        agency: so-a
        entries:
          - task: a-01
            date: 2026-01-20
            status: done
        """,
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small valid data root; tests overwrite one file to break one rule."""
    return write_tree(tmp_path / "data", MINI)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep the tests' cache (ttdn/data/cache.py) out of the user's cache folder."""
    import os

    old = os.environ.get("TTDN_CACHE_DIR")
    os.environ["TTDN_CACHE_DIR"] = str(tmp_path_factory.mktemp("ttdn-cache"))
    yield
    if old is None:
        os.environ.pop("TTDN_CACHE_DIR", None)
    else:
        os.environ["TTDN_CACHE_DIR"] = old


@pytest.fixture(scope="session", autouse=True)
def _default_language():
    """Run the tests in ttdn's default language (Vietnamese), whatever the developer's
    TTDN_LANG; tests/test_i18n.py sets the language explicitly where it checks English."""
    import os

    old = os.environ.pop("TTDN_LANG", None)
    yield
    if old is not None:
        os.environ["TTDN_LANG"] = old


def run(args: list, cwd: Path | None = None) -> tuple[int, str, str]:
    """The real CLI in-process: (exit code, stdout, stderr); ``cwd``: run from that folder."""
    from ttdn.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code or 0
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def agency_report(
    data: Path, out: Path, *extra, agency: str = "so-du-lich", as_of: str = "2026-07-01"
) -> tuple[int, str, str]:
    """``ttdn report --period 2026-H1`` of one agency, written to ``out`` (``run``)."""
    args = ["report", "--period", "2026-H1", "--agency", agency, "--as-of", as_of]
    return run([*args, "--data", data, "-o", out, *extra])


def report_contexts(ds, as_of) -> dict:
    """The context of each shipped template's kind, for the six months of 2026 as of
    ``as_of`` (the reminder goes to Liên hiệp các tổ chức hữu nghị)."""
    from ttdn.domain.plans import select_plan
    from ttdn.outputs.documents import contexts as reports
    from ttdn.outputs.documents.period import parse_period

    pd = select_plan(ds, None, as_of)
    h1 = parse_period("2026-H1")
    return {
        "agency": reports.agency_report_context(ds, pd, "so-du-lich", h1, as_of),
        "city": reports.city_report_context(ds, pd, h1, as_of),
        "reminder": reports.reminder_context(
            ds, pd, "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi", as_of
        ),
    }


def run_json(args: list) -> dict:
    """``run`` with ``--format json``, parsed; the command must succeed."""
    code, out, err = run([*args, "--format", "json"])
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def playground(tmp_path_factory) -> Path:
    """The data root of a ``ttdn demo`` playground (real plan, SAMPLE progress), per module."""
    from ttdn.edit.demo import make_demo

    target = tmp_path_factory.mktemp("demo") / "pg"
    make_demo(SHIPPED, target)
    return target / "data"
