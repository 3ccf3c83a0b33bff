"""What is left of the fast paths: ``--help`` answered without running Click's command
(printing exactly what Click prints), and clean files letting go of their parsed values.

(The tests proving the YAML reader's fast path equal to its careful walk went with that
fast path: issue 13 leaves one reader.)"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from tests.conftest import REPO
from ttdn.data import yamlsource
from ttdn.data.yamlsource import parse


def _commands():
    import typer

    from ttdn.cli import app

    cmd = typer.main.get_command(app)
    paths = [[]]

    def walk(c, prefix):
        for name, sub in getattr(c, "commands", {}).items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(cmd, [])
    return cmd, paths


def test_help_fast_path_prints_what_click_prints():
    from ttdn.cli import main

    cmd, paths = _commands()
    assert len(paths) > 10
    for path in paths:
        args = [*path, "--help"]
        fast, slow = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(fast), pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 0
        with contextlib.redirect_stdout(slow):
            rv = cmd.main(args=args, prog_name="ttdn", standalone_mode=False)
        assert rv == 0
        assert fast.getvalue() == slow.getvalue(), args


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from ttdn.cli import main\n"
        "try:\n"
        "    main(['status', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'docx', 'docxtpl', 'jinja2', 'rich')"
        " if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stderr.strip() == "[]"


def test_a_validated_file_lets_go_of_its_values_and_parses_them_again(tmp_path, monkeypatch):
    """After loading, a clean file's Source no longer holds its parsed values (the model
    does); asking for them parses the bytes again, to the same values."""
    from tests.conftest import MINI, write_tree
    from ttdn.data.loader import load

    monkeypatch.setenv("TTDN_NO_CACHE", "1")
    root = write_tree(tmp_path / "data", MINI)
    ds = load(root)
    assert not ds.problems
    for rel, src in ds.sources.items():
        assert src.__dict__.get("_lazy_data") is yamlsource._PENDING, rel
        fresh = parse(rel, (root / rel).read_bytes()).data
        assert fresh and src.data == fresh, rel
