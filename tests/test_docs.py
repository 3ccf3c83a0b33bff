"""The README documents every problem code and every command (as sqlite-utils does)."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from ttdn.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_problem_code_is_documented():
    codes: set[str] = set()
    for path in (REPO / "ttdn").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:Problem|problem)\(\s*"([a-z]+(?:-[a-z]+)*)"', text))
    assert codes, "no codes found"
    missing = sorted(c for c in codes if f"`{c}`" not in README)
    assert missing == []


def _commands(t: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for cmd in t.registered_commands:
        if cmd.hidden:
            continue
        out.append((prefix + (cmd.name or cmd.callback.__name__.replace("_", "-")), cmd.callback))
    for group in t.registered_groups:
        out += _commands(group.typer_instance, prefix + group.name + " ")
    return out


def test_every_command_has_help_and_is_in_the_readme():
    cmds = _commands(app)
    assert len(cmds) >= 5
    for name, callback in cmds:
        assert (callback.__doc__ or "").strip(), f"{name} has no help text"
        assert f"ttdn {name}" in README, f"`ttdn {name}` is not documented in README.md"
