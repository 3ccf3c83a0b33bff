"""The README documents every problem code and every command (as sqlite-utils does)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import typer

from ttdn.checks.codes import CODES
from ttdn.checks.rules import RULES
from ttdn.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _readme_codes() -> dict[str, str]:
    """The codes of the README's table "Khi có lỗi", each with its row."""
    section = README.split("## Khi có lỗi", 1)[1].split("\n## ", 1)[0]
    out: dict[str, str] = {}
    for row in section.splitlines():
        if row.startswith("| `"):
            first = row.split("|")[1]
            for code in re.findall(r"`([a-z]+(?:-[a-z]+)*)`", first):
                out[code] = row
    return out


def _codes_in_source() -> set[str]:
    """Codes written where a problem is made: ``Problem("code"…`` or ``problem("code"…``."""
    codes: set[str] = set()
    for path in (REPO / "ttdn").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:Problem|problem)\(\s*(?:ds,\s*)?"([a-z]+(?:-[a-z]+)*)"', text))
    return codes


def test_every_problem_code_is_registered():
    found = _codes_in_source()
    assert len(found) > 30, "no codes found"
    assert sorted(found - set(CODES)) == []


def test_the_readme_table_lists_the_registry():
    """The table "Khi có lỗi" has a row for exactly the registered codes, and a row says
    "cảnh báo" (warning) exactly when its codes are warnings."""
    rows = _readme_codes()
    assert sorted(rows) == sorted(CODES)
    for code, row in rows.items():
        warning = CODES[code].severity == "warning"
        assert ("cảnh báo" in row) == warning, row


def test_every_rule_reports_the_codes_it_declares():
    """Each rule of RULES declares its codes (registered), and makes problems of no other."""
    for fn in RULES:
        assert fn.codes and set(fn.codes) <= set(CODES), fn.__name__
        source = inspect.getsource(fn)
        made = set(re.findall(r'(?:Problem|problem)\(\s*(?:ds,\s*)?"([a-z]+(?:-[a-z]+)*)"', source))
        assert made <= set(fn.codes), fn.__name__


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
