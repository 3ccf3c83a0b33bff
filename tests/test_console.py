"""The ``ttdn`` program as users start it (ttdn/__main__.py): a process that ends normally.
Everything it printed or wrote must be there, exit codes as documented."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from tests.conftest import REPO, SHIPPED, run


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
    """Piped stdout is block-buffered: everything must be flushed when the process ends."""
    args = ["status", "--format", "json", "--as-of", "2026-07-01", "--data", SHIPPED]
    proc = ttdn(*args)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) > 8192  # more than one buffer
    code, out, _ = run(args)
    assert code == 0
    assert proc.stdout == out  # to the last newline
    assert json.loads(proc.stdout)["agencies"]


def test_exit_codes_and_messages():
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


def test_no_process_tricks():
    """The process ends the ordinary way: exit handlers run, the collector stays on."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('atexit ran, gc', gc.isenabled(), file=sys.stderr))\n"
        "sys.argv = ['ttdn', '--help']\n"
        "from ttdn.__main__ import run\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0
    assert proc.stderr.strip().endswith("atexit ran, gc True")


def test_a_closed_pipe_is_quiet():
    """``ttdn … | head -1``: the reader leaves early; no traceback, no error message."""
    env = {**os.environ, "TTDN_NO_CACHE": "1", "COLUMNS": "80"}
    args = ["status", "--format", "json", "--as-of", "2026-07-01", "--data", str(SHIPPED)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ttdn", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # before ttdn has written everything (the output is > 8 KB)
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait() in (0, 1, -13), err  # 0 once it sees the closed pipe, or SIGPIPE
    assert "Traceback" not in err and "Exception" not in err


def test_ctrl_c_while_starting_is_a_message_not_a_traceback():
    """SIGINT before ttdn has finished importing: exit 130, one line, no traceback."""
    code = (
        "import signal, sys, builtins\n"
        # as in a terminal, even when the tests run with SIGINT ignored (nohup, `trap '' INT`):
        # Python installs its Ctrl-C handler only when SIGINT was not ignored at start
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "real = builtins.__import__\n"
        "def slow(name, *a, **k):\n"
        "    if name == 'ttdn.cli':\n"
        "        signal.raise_signal(signal.SIGINT)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = slow\n"
        "sys.argv = ['ttdn', 'status']\n"
        "from ttdn.__main__ import run\n"
        "run()\n"
    )
    env = {**os.environ, "TTDN_LANG": "vi"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert proc.returncode == 130
    assert proc.stderr == "ttdn: đã dừng.\n"
