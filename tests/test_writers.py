"""Writers that cannot lose each other's work, leave nothing behind when killed, and never
record the same figures twice (issue #14). Real processes, real files."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINI, write_tree

TTDN = [sys.executable, "-m", "ttdn"]

TASKS = "\n".join(
    f"""\
  - id: t-{n:02d}
    ref: I.{n}
    content: Việc {n}
    timeline: Năm 2026
    lead: so-a"""
    for n in range(1, 21)
)

MANY = {
    **{k: v for k, v in MINI.items() if "/progress/" not in k},
    "plans/p-2026/tasks/01-so-a.yaml": "section: I\ntitle: SỞ A\ntasks:\n" + TASKS + "\n",
}


def ttdn(root: Path, *args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, TTDN_DATA=str(root), TTDN_NO_CACHE="1")
    return subprocess.Popen(
        [*TTDN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        **kw,
    )


def entries(root: Path) -> list[dict]:
    path = root / "plans/p-2026/progress/so-a.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]


def test_twenty_concurrent_progress_set_keep_every_entry(tmp_path):
    root = write_tree(tmp_path / "data", MANY)
    procs = [
        ttdn(root, "progress", "set", f"t-{n:02d}", "--status", "done", "--date", "2026-05-01")
        for n in range(1, 21)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    got = sorted(e["task"] for e in entries(root))
    assert got == [f"t-{n:02d}" for n in range(1, 21)]  # each exactly once


def test_the_same_entry_twice_is_recorded_once(tmp_path):
    root = write_tree(tmp_path / "data", MANY)
    args = ["progress", "set", "t-01", "-s", "done", "--date", "2026-05-01", "-i", "events=3"]
    first = ttdn(root, *args)
    assert first.wait(timeout=60) == 0
    before = (root / "plans/p-2026/progress/so-a.yaml").read_bytes()
    again = ttdn(root, *args)
    assert again.wait(timeout=60) == 0
    assert "Không ghi thêm" in again.stdout.read()
    assert (root / "plans/p-2026/progress/so-a.yaml").read_bytes() == before
    assert len(entries(root)) == 1


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_killed_writers_leave_old_or_new_files_and_no_strays(tmp_path):
    root = write_tree(tmp_path / "data", MANY)
    # one write first, so that the lock file and the progress file exist before the kills;
    # its duration sets when to kill the others (from start-up to well past the rename)
    start = time.monotonic()
    assert (
        ttdn(root, "progress", "set", "t-01", "-s", "in_progress", "--date", "2026-01-02").wait(
            timeout=60
        )
        == 0
    )
    took = time.monotonic() - start
    progress = root / "plans/p-2026/progress/so-a.yaml"
    files_before = set(snapshot(root))
    versions = {progress.read_bytes()}
    rng = random.Random(2026)
    for n in range(40):
        p = ttdn(
            root,
            "progress",
            "set",
            f"t-{n % 20 + 1:02d}",
            "-s",
            "done",
            "--date",
            f"2026-03-{n % 28 + 1:02d}",
            "--result",
            f"lần {n}",
        )
        time.sleep(rng.uniform(0.3, 1.2) * took)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        text = progress.read_text(encoding="utf-8")
        data = yaml.safe_load(text)  # never half-written: always a whole YAML document
        assert isinstance(data["entries"], list)
        versions.add(progress.read_bytes())
    # the next writer removes what killed writers left next to the file
    assert (
        ttdn(root, "progress", "set", "t-20", "-s", "done", "--date", "2026-12-01").wait(timeout=60)
        == 0
    )
    assert set(snapshot(root)) == files_before


def test_fmt_racing_progress_set_loses_nothing(tmp_path):
    # a progress file fmt must rewrite (not in the canonical layout), so that each fmt reads,
    # changes and writes it while progress set appends to it
    files = {
        **MANY,
        "plans/p-2026/progress/so-a.yaml": "agency:   so-a\nentries:\n"
        "  - {task: t-01, date: 2026-01-05, status: in_progress}\n",
    }
    root = write_tree(tmp_path / "data", files)
    procs = []
    for n in range(2, 22):
        if n <= 20:
            procs.append(
                ttdn(root, "progress", "set", f"t-{n:02d}", "-s", "done", "--date", "2026-05-01")
            )
        if n % 4 == 0:
            procs.append(ttdn(root, "fmt"))
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    got = sorted(e["task"] for e in entries(root))
    assert got == [f"t-{n:02d}" for n in range(1, 21)]  # each exactly once


def test_import_xlsx_racing_progress_set_loses_nothing(tmp_path):
    import openpyxl

    from tests.test_xlsx import fill

    root = write_tree(tmp_path / "data", MANY)
    book = tmp_path / "so-a.xlsx"
    assert ttdn(root, "export", "xlsx", "--agency", "so-a", "-o", str(book)).wait(60) == 0
    wb = openpyxl.load_workbook(book)
    for n in range(11, 21):
        fill(wb.active, f"t-{n:02d}", status="Hoàn thành", date="01/05/2026")
    wb.save(book)
    procs = [ttdn(root, "import", "xlsx", str(book))]
    procs += [
        ttdn(root, "progress", "set", f"t-{n:02d}", "-s", "done", "--date", "2026-05-01")
        for n in range(1, 11)
    ]
    procs.append(ttdn(root, "import", "xlsx", str(book)))  # the same rows again: skipped
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _out, _err in results), results
    got = sorted(e["task"] for e in entries(root))
    assert got == [f"t-{n:02d}" for n in range(1, 21)]  # each exactly once
