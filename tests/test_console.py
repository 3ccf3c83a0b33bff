"""The ``ttdn`` program as users start it: a process that ends with ``os._exit`` once its
output is flushed (ttdn/console.py). Everything it printed or wrote must be there."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, SHIPPED, run
from ttdn import console


def ttdn(*args, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "TTDN_NO_CACHE": "1", "COLUMNS": "80"}
    env.pop("PYTHONUNBUFFERED", None)  # users' pipes are block-buffered
    return subprocess.run(
        [sys.executable, "-m", "ttdn", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        **kw,
    )


def test_output_through_a_pipe_is_complete():
    """Piped stdout is block-buffered: everything must be flushed before the fast exit."""
    args = ["status", "--format", "json", "--as-of", "2026-07-01", "--data", SHIPPED]
    proc = ttdn(*args)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) > 8192  # more than one buffer
    code, out, _ = run(args)
    assert code == 0
    assert proc.stdout == out  # to the last newline
    assert json.loads(proc.stdout)["agencies"]


def test_exit_codes_and_messages_survive_the_fast_exit():
    proc = ttdn("status", "--agency", "khong-co", "--data", SHIPPED)
    assert proc.returncode == 2
    assert "khong-co" in proc.stderr and "Traceback" not in proc.stderr
    assert ttdn("--help").returncode == 0
    bad = ttdn("status", "--no-such-option")
    assert bad.returncode == 2 and "--no-such-option" in bad.stderr


def test_a_written_document_is_complete(tmp_path):
    import docx

    out = tmp_path / "bc.docx"
    proc = ttdn(
        "report", "--period", "2026-H1", "--agency", "so-du-lich", "-o", out, "--data", SHIPPED
    )
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stdout
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "Sở Du lịch" in text.replace("SỞ DU LỊCH", "Sở Du lịch")


@pytest.mark.parametrize(
    ("code", "status", "printed"), [(None, 0, ""), (0, 0, ""), (3, 3, ""), ("hỏng", 1, "hỏng\n")]
)
def test_exit_status_is_what_systemexit_gives(code, status, printed, capsys):
    assert console._exit_status(code) == status
    assert capsys.readouterr().err == printed


def test_in_process_runs_keep_nothing_alive():
    """The tests (and any program calling ttdn.cli.main) free the data as usual."""
    assert run(["status", "--agency", "so-du-lich", "--data", SHIPPED])[0] == 0
    assert console._kept == []


def test_ctrl_c_while_starting_is_a_message_not_a_traceback():
    """SIGINT before ttdn has finished importing: exit 130, one line, no traceback."""
    code = (
        "import signal, sys, builtins\n"
        "real = builtins.__import__\n"
        "def slow(name, *a, **k):\n"
        "    if name == 'ttdn.cli':\n"
        "        signal.raise_signal(signal.SIGINT)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = slow\n"
        "sys.argv = ['ttdn', 'status']\n"
        "from ttdn.console import run\n"
        "run()\n"
    )
    env = {**os.environ, "TTDN_LANG": "vi"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert proc.returncode == 130
    assert proc.stderr == "ttdn: đã dừng.\n"
