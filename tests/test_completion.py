"""Shell completion: the callbacks return agency slugs, plan ids and task ids, cheaply; the
shell gets them through Typer's completion protocol; --install-completion works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tests.conftest import SHIPPED
from ttdn.cli import app, complete_agency, complete_plan, complete_task
from ttdn.cli.completion import agency_slugs, default_plan, plan_ids, task_ids
from ttdn.edit.demo import make_demo


def ctx(**params) -> typer.Context:
    """A click context with the options already typed on the command line."""
    c = typer.Context(typer.main.get_command(app))
    c.params.update(params)
    return c


@pytest.fixture(scope="module")
def playground(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("completion") / "pg"
    make_demo(SHIPPED, target)
    return target


def test_agency_slugs():
    assert complete_agency(ctx(data=SHIPPED), "so-d") == ["so-dan-toc-va-ton-giao", "so-du-lich"]
    everything = complete_agency(ctx(data=SHIPPED), "")
    assert len(everything) == 149 and "ubnd-thanh-pho-ha-noi" in everything  # 126 phường/xã
    assert everything == sorted(p.stem for p in (SHIPPED / "agencies").glob("*.yaml"))
    # a Vietnamese name typed so far completes to slugs too
    assert complete_agency(ctx(data=SHIPPED), "Sở Du") == ["so-du-lich"]
    assert complete_agency(ctx(data=SHIPPED), "khong-co") == []


def test_plan_ids(playground):
    assert complete_plan(ctx(data=SHIPPED), "") == ["ha-noi-2026"]
    data = playground / "data"
    assert complete_plan(ctx(data=data), "") == ["ha-noi-2026", "so-du-lich-2026"]
    assert complete_plan(ctx(data=data), "so") == ["so-du-lich-2026"]


def test_task_ids(playground):
    got = complete_task(ctx(data=SHIPPED, plan="ha-noi-2026"), "dl-")
    assert got == [(f"dl-0{i}", f"III.{i}") for i in range(1, 9)]
    every = [tid for tid, _ in complete_task(ctx(data=SHIPPED, plan="ha-noi-2026"), "")]
    assert len(every) == 49 and every[0] == "vhtt-01"
    # the default plan: the city plan of the year of --date (as progress set picks it)
    assert complete_task(ctx(data=SHIPPED, date="2026-05-01"), "vhtt-0")[0] == ("vhtt-01", "I.1")
    assert len(complete_task(ctx(data=SHIPPED), "")) == 49
    # progress set also takes the printed number: offered when no id matches
    assert complete_task(ctx(data=SHIPPED, plan="ha-noi-2026"), "III.")[:2] == [
        ("III.1", "dl-01"),
        ("III.2", "dl-02"),
    ]
    data = playground / "data"
    own = complete_task(ctx(data=data, plan="so-du-lich-2026"), "dl-0")
    assert [t for t, _ in own] == [f"dl-0{i}-1" for i in range(1, 9)]


def test_no_data_root_no_completions(tmp_path):
    missing = tmp_path / "khong-co"
    assert complete_agency(ctx(data=missing), "") == []
    assert complete_plan(ctx(data=missing), "") == []
    assert complete_task(ctx(data=missing), "") == []
    assert task_ids(tmp_path, "khong-co") == []
    assert default_plan(None) is None and agency_slugs(None) == [] and plan_ids(None) == []


def test_completion_parses_no_yaml():
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ttdn.cli.completion import agency_slugs, default_plan, plan_ids, task_ids\n"
        f"root = Path({str(SHIPPED)!r})\n"
        "assert agency_slugs(root, 'so-du') == ['so-du-lich']\n"
        "assert plan_ids(root) == ['ha-noi-2026']\n"
        "import datetime as dt\n"
        "assert default_plan(root, dt.date(2026, 3, 1)) == 'ha-noi-2026'\n"
        "assert len(task_ids(root, 'ha-noi-2026')) == 49\n"
        "loaded = [m for m in ('yaml', 'pydantic', 'ttdn.data.loader') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def shell(words: str, cwd: Path, **env) -> list[str]:
    """What the bash completion script receives for ``words`` (the last one being typed)."""
    parts = words.split(" ")
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "_TTDN_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **env,
        },
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_shell_protocol_end_to_end(playground):
    # the data root is found from the current directory, as for every command
    assert shell("ttdn status --agency so-d", playground) == [
        "so-dan-toc-va-ton-giao",
        "so-du-lich",
    ]
    assert shell("ttdn export xlsx --plan so", playground) == ["so-du-lich-2026"]
    got = shell("ttdn progress set --plan so-du-lich-2026 dl-03", playground)
    assert got == ["dl-03-1"]
    assert "export" in shell("ttdn ex", playground)


def test_install_and_show_completion(tmp_path):
    # The shell is named on the command line; Typer otherwise asks shellingham for the
    # parent shell, and there is none when the tests run detached (nohup, CI runners).
    # This variable (Typer's own, for its tests) makes both options take the shell named.
    env = {**os.environ, "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "_TTDN_COMPLETE=complete_bash" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn", "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".bash_completions" / "ttdn.sh"
    assert "_TTDN_COMPLETE" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()
