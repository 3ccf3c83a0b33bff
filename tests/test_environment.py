"""Hostile environments, one row each (issue #15): links out of the data root, special
files, unreadable folders, costly templates, terminals and pipes, failing writes.

Every row runs the real ``ttdn`` in a child process with a time limit (20 s) and a memory
cap (1 GiB of address space), and asserts: the exit code, one line on standard error naming
what went wrong (file:line:col where there is a file), no traceback, nothing secret echoed,
the data tree byte for byte as before (unless the row expects a write), and nothing written
outside the data root and the named output.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, write_tree

POSIX = os.name == "posix"
IS_ROOT = POSIX and os.geteuid() == 0
NOBODY = 65534
TIME_LIMIT = 20
MEMORY_LIMIT = 1 << 30
SECRET = "root:x:0:0"  # a line of /etc/passwd: must never reach the output
pytestmark = pytest.mark.skipif(not POSIX, reason="links, FIFOs and rlimits as on POSIX")


@dataclass
class Case:
    """What one row runs and expects."""

    args: list[str]
    exits: tuple[int, ...] = (1,)
    needles: tuple[str, ...] = ()  # each must be in the (one-line) error
    location: str | None = None  # the error line starts with this (file:line…)
    env: dict[str, str] = field(default_factory=dict)
    stdout: str = "pipe"  # pipe | closed | full | head
    as_nobody: bool = False
    fsize: int | None = None  # RLIMIT_FSIZE: writes past it fail (a full disk)
    writes_data: bool = False  # the row expects its data tree to change
    stderr_lines: int | None = 1  # None: not checked (e.g. validate lists several problems)
    output: Path | None = None  # an output the command may write
    check_out: Callable[[str], None] | None = None


def snapshot(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in filenames + dirnames:
            if name == ".ttdn.lock":  # the writers' lock (ttdn.data.fsutil): not data
                continue
            p = Path(dirpath) / name
            st = os.lstat(p)
            rel = p.relative_to(root).as_posix()
            if stat.S_ISREG(st.st_mode):
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                out[rel] = "link:" + os.readlink(p)
            else:
                out[rel] = f"mode:{stat.S_IFMT(st.st_mode)}"
    return out


def _limits(case: Case) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if case.fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.fsize, case.fsize))
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        if case.as_nobody:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)

    return apply


def execute(case: Case, cwd: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TTDN_DATA", "TTDN_LANG", "COLUMNS")}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(REPO)}, **case.env)
    argv = [sys.executable, "-m", "ttdn", *case.args]
    if case.stdout == "closed":
        cmd = ["bash", "-c", 'exec "$@" >&-', "ttdn", *argv]
        out_target = subprocess.DEVNULL
    elif case.stdout == "full":
        cmd = ["bash", "-c", 'exec "$@" >/dev/full', "ttdn", *argv]
        out_target = subprocess.DEVNULL
    elif case.stdout == "head":
        cmd = ["bash", "-c", 'set -o pipefail; "$@" | head -1 >/dev/null', "ttdn", *argv]
        out_target = subprocess.PIPE
    else:
        cmd, out_target = argv, subprocess.PIPE
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out_target,
        stderr=subprocess.PIPE,
        timeout=TIME_LIMIT,
        preexec_fn=_limits(case),
    )
    out = proc.stdout.decode("utf-8", "replace") if isinstance(proc.stdout, bytes) else ""
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


_NOBODY_RUNS: list[bool] = []


def _nobody_runs_python() -> bool:
    """Whether ``nobody`` can start this interpreter with ttdn importable (a virtualenv
    whose Python lives under ``/root`` cannot)."""
    if not _NOBODY_RUNS:

        def drop() -> None:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)

        try:
            code = subprocess.run(
                [sys.executable, "-c", "import ttdn"],
                env={**os.environ, "PYTHONPATH": str(REPO)},
                cwd="/",
                capture_output=True,
                timeout=TIME_LIMIT,
                preexec_fn=drop,
            ).returncode
        except OSError:
            code = 1
        _NOBODY_RUNS.append(code == 0)
    return _NOBODY_RUNS[0]


# --------------------------------------------------------------------------- the rows
# Each row: (id, setup(root, outside) -> Case). ``root`` is a fresh valid data root,
# ``outside`` a folder beside it that nothing may touch.

AGENCY = "agencies/so-b.yaml"
PROGRESS = "plans/p-2026/progress/so-a.yaml"
TASKS = "plans/p-2026/tasks/01-so-a.yaml"
SET = ["progress", "set", "a-02", "--status", "done", "--date", "2026-05-02"]


def link_to_secret(root: Path, outside: Path) -> Case:
    (root / AGENCY).unlink()
    (root / AGENCY).symlink_to("/etc/passwd")
    return Case(["validate"], needles=("link-outside",), location=AGENCY, stderr_lines=None)


def link_to_outside_yaml(root: Path, outside: Path) -> Case:
    (outside / "x.yaml").write_text("name: Sở X\nshort_name: SX\nkind: department\n")
    (root / "agencies/so-x.yaml").symlink_to(outside / "x.yaml")
    return Case(
        ["validate"], needles=("link-outside",), location="agencies/so-x.yaml", stderr_lines=None
    )


def link_inside_is_fine(root: Path, outside: Path) -> Case:
    (root / "agencies/so-b2.yaml").symlink_to("so-b.yaml")
    return Case(["validate"], exits=(0, 1), stderr_lines=None)


def progress_folder_links_outside(root: Path, outside: Path) -> Case:
    prog = root / "plans/p-2026/progress"
    shutil.move(str(prog), str(outside / "progress"))
    prog.symlink_to(outside / "progress")
    return Case(SET, needles=("link-outside",))


def progress_file_links_outside(root: Path, outside: Path) -> Case:
    shutil.move(str(root / PROGRESS), str(outside / "so-a.yaml"))
    (root / PROGRESS).symlink_to(outside / "so-a.yaml")
    return Case(SET, needles=("link-outside",))


def fifo_in_data(root: Path, outside: Path) -> Case:
    os.mkfifo(root / "agencies/so-fifo.yaml")
    return Case(
        ["validate"], needles=("not-regular",), location="agencies/so-fifo.yaml", stderr_lines=None
    )


def fifo_hangs_no_status(root: Path, outside: Path) -> Case:
    os.mkfifo(root / "agencies/so-fifo.yaml")
    return Case(["status"], needles=("not-regular",), stderr_lines=None)


def link_to_dev_zero(root: Path, outside: Path) -> Case:
    (root / "agencies/so-zero.yaml").symlink_to("/dev/zero")
    return Case(["validate"], needles=("link-outside",), stderr_lines=None)


def folder_named_yaml(root: Path, outside: Path) -> Case:
    (root / PROGRESS).unlink()
    (root / PROGRESS).mkdir()
    return Case(SET, needles=("so-a.yaml",))


def folder_named_yaml_validate(root: Path, outside: Path) -> Case:
    (root / "agencies/so-dir.yaml").mkdir()
    return Case(
        ["validate"], needles=("not-regular",), location="agencies/so-dir.yaml", stderr_lines=None
    )


def huge_sparse_file(root: Path, outside: Path) -> Case:
    with open(root / "agencies/so-big.yaml", "wb") as f:
        f.truncate(200 * 1024 * 1024)  # 200 MB of zeros, sparse: costs no disk
    return Case(
        ["validate"], needles=("too-large",), location="agencies/so-big.yaml", stderr_lines=None
    )


def unreadable_tasks(root: Path, outside: Path) -> Case:
    (root / "plans/p-2026/tasks").chmod(0)
    return Case(["validate"], needles=("unreadable",), as_nobody=True, stderr_lines=None)


def unreadable_agency(root: Path, outside: Path) -> Case:
    (root / AGENCY).chmod(0)
    return Case(
        ["validate"], needles=("unreadable",), location=AGENCY, as_nobody=True, stderr_lines=None
    )


def read_only_progress(root: Path, outside: Path) -> Case:
    (root / "plans/p-2026/progress").chmod(0o555)
    (root / PROGRESS).chmod(0o444)
    root.chmod(0o555)
    return Case(SET, as_nobody=True, needles=("không ghi được",))


def full_disk_progress(root: Path, outside: Path) -> Case:
    return Case(SET, fsize=64, needles=("không ghi được",))


def nul_byte(root: Path, outside: Path) -> Case:
    (root / AGENCY).write_bytes(b"name: S\x00B\nshort_name: SB\nkind: department\n")
    return Case(["validate"], location=f"{AGENCY}:1:", stderr_lines=None)


def nested_lists(root: Path, outside: Path) -> Case:
    (root / AGENCY).write_text("name: " + "[" * 900 + "]" * 900 + "\n")

    def readable(out: str) -> None:  # the value is quoted cut, not 1,800 brackets long
        assert all(len(line) < 300 for line in out.splitlines()), out

    return Case(["validate"], location=f"{AGENCY}:", stderr_lines=None, check_out=readable)


def escape_in_content(root: Path, outside: Path) -> Case:
    tasks = root / TASKS
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Việc một", "Việc \x1b]0;pwned\x07 \x1b[2J một")
    )

    def no_raw_escapes(out: str) -> None:
        assert "\x1b" not in out and "\x07" not in out

    return Case(
        ["status", "--agency", "so-a"], exits=(0, 1), stderr_lines=None, check_out=no_raw_escapes
    )


def ascii_terminal(root: Path, outside: Path) -> Case:
    return Case(
        ["status", "--agency", "so-a"],
        exits=(0,),
        env={"PYTHONIOENCODING": "ascii"},
        stderr_lines=0,
    )


def columns_zero(root: Path, outside: Path) -> Case:
    def printed(out: str) -> None:
        assert "SA" in out or "Sở A" in out

    return Case(["status"], exits=(0,), env={"COLUMNS": "0"}, stderr_lines=0, check_out=printed)


def columns_nonsense(root: Path, outside: Path) -> Case:
    return Case(["status"], exits=(0,), env={"COLUMNS": "abc"}, stderr_lines=0)


def stdout_closed_validate(root: Path, outside: Path) -> Case:
    # validate's summary is on stderr too: the lost-output line is one of two
    return Case(["validate"], stdout="closed", needles=("đầu ra",), stderr_lines=None)


def stdout_closed_after_write(root: Path, outside: Path) -> Case:
    # the entry is written; the lost confirmation must not turn it into a failure
    return Case(SET, stdout="closed", exits=(0,), writes_data=True, needles=("đầu ra",))


def stdout_full(root: Path, outside: Path) -> Case:
    return Case(["status"], stdout="full", needles=("đầu ra",))


def stdout_to_head(root: Path, outside: Path) -> Case:
    return Case(["status"], stdout="head", exits=(0,), stderr_lines=0)


def schema_to_dev_full(root: Path, outside: Path) -> Case:
    return Case(["schema", "--out", "/dev/full"], needles=("/dev/full",))


def demo_onto_file(root: Path, outside: Path) -> Case:
    (outside / "taken").write_text("x")
    return Case(["demo", str(outside / "taken")], exits=(1, 2), needles=("taken",))


def demo_into_proc(root: Path, outside: Path) -> Case:
    return Case(["demo", "/proc/ttdn-demo"], exits=(1, 2), needles=("/proc/ttdn-demo",))


def template_from_dev_zero(root: Path, outside: Path) -> Case:
    # a device never ends: refused before reading, not read until memory runs out
    return Case(["template", "check", "/dev/zero"], exits=(2,), needles=("/dev/zero",))


def report_template_fifo(root: Path, outside: Path) -> Case:
    fifo = outside / "mau.docx"
    os.mkfifo(fifo)
    out = outside / "bc.docx"
    return Case(
        ["report", "--period", "2026-H1", "--template", str(fifo), "-o", str(out)],
        exits=(2,),
        needles=("mau.docx",),
    )


def agencies_import_fifo(root: Path, outside: Path) -> Case:
    fifo = outside / "co-quan.csv"
    os.mkfifo(fifo)
    return Case(["agencies", "import", str(fifo)], exits=(2,), needles=("co-quan.csv",))


def textconv_of_dev_zero(root: Path, outside: Path) -> Case:
    return Case(["textconv", "/dev/zero"], exits=(2,), needles=("/dev/zero",))


def init_onto_file(root: Path, outside: Path) -> Case:
    (outside / "taken").write_text("x")
    return Case(["init", str(outside / "taken")], exits=(1, 2), needles=("taken",))


def init_into_proc(root: Path, outside: Path) -> Case:
    return Case(["init", "/proc/ttdn-init"], exits=(1, 2), needles=("/proc/ttdn-init",))


def template(body: str) -> Callable[[Path, Path], Case]:
    def setup(root: Path, outside: Path) -> Case:
        from docx import Document

        doc = Document()
        doc.add_paragraph("Mở đầu")
        doc.add_paragraph(body)
        path = outside / "mau.docx"
        doc.save(str(path))
        return Case(["template", "check", str(path)], needles=("mau.docx",), stderr_lines=None)

    return setup


def zip_bomb(kind: str) -> Callable[[Path, Path], Case]:
    def setup(root: Path, outside: Path) -> Case:
        path = outside / f"bomb.{kind}"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            name = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
            with z.open(name, "w", force_zip64=True) as f:
                block = b"\0" * (1 << 20)
                for _ in range(3 * 1024):  # 3 GiB uncompressed
                    f.write(block)
        path.write_bytes(buf.getvalue())
        if kind == "docx":
            args = ["template", "check", str(path)]
        else:
            args = ["import", "xlsx", str(path)]
        return Case(args, needles=(path.name,), stderr_lines=None)

    return setup


def formula_cell(root: Path, outside: Path) -> Case:
    from openpyxl import load_workbook

    book = outside / "x.xlsx"
    code = subprocess.run(
        [sys.executable, "-m", "ttdn", "export", "xlsx", "--agency", "so-a", "-o", str(book)],
        env={**os.environ, "TTDN_DATA": str(root), "PYTHONPATH": str(REPO)},
        capture_output=True,
    ).returncode
    assert code == 0
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    header_row = next(r for r in range(1, 20) if any(c.value == "Trạng thái mới" for c in ws[r]))
    cols = {str(c.value): c.column for c in ws[header_row] if c.value}
    status_col = next(c for h, c in cols.items() if "mới" in h.lower() and "trạng" in h.lower())
    result_col = next(c for h, c in cols.items() if h.lower().startswith("kết quả"))
    ws.cell(header_row + 1, status_col, "Hoàn thành")
    ws.cell(header_row + 1, result_col, "=1+1")  # a formula without a cached value
    wb.save(book)
    return Case(["import", "xlsx", str(book)], needles=("=1+1",), stderr_lines=None)


# ---- rows beyond the list


def socket_in_data(root: Path, outside: Path) -> Case:
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "agencies/so-sock.yaml"))
    sock.close()  # the socket file stays
    return Case(
        ["validate"], needles=("not-regular",), location="agencies/so-sock.yaml", stderr_lines=None
    )


def fmt_check_fifo(root: Path, outside: Path) -> Case:
    os.mkfifo(root / "agencies/so-fifo.yaml")
    return Case(["fmt", "--check", "data"], needles=("not-regular",), stderr_lines=None)


def fmt_writes_no_link(root: Path, outside: Path) -> Case:
    (outside / "x.yaml").write_text("name:   Sở X\nshort_name: SX\nkind: department\n")
    (root / "agencies/so-x.yaml").symlink_to(outside / "x.yaml")
    return Case(["fmt", "data"], exits=(1,), stderr_lines=None, needles=("link-outside",))


def link_to_urandom_status(root: Path, outside: Path) -> Case:
    (root / "agencies/so-rand.yaml").symlink_to("/dev/urandom")
    return Case(["status"], needles=("link-outside",), stderr_lines=None)


def tasks_folder_links_outside(root: Path, outside: Path) -> Case:
    tasks = root / "plans/p-2026/tasks"
    shutil.move(str(tasks), str(outside / "tasks"))
    tasks.symlink_to(outside / "tasks")
    return Case(
        ["validate"], needles=("link-outside",), location="plans/p-2026/tasks", stderr_lines=None
    )


def progress_folder_links_inside(root: Path, outside: Path) -> Case:
    prog = root / "plans/p-2026/progress"
    shutil.move(str(prog), str(root / "spare"))
    prog.symlink_to(root / "spare")
    return Case(SET, needles=("link-outside",))


def huge_progress_file_set(root: Path, outside: Path) -> Case:
    with open(root / PROGRESS, "r+b") as f:
        f.truncate(200 * 1024 * 1024)
    return Case(SET, needles=("too-large",), stderr_lines=None)


def unreadable_progress_set(root: Path, outside: Path) -> Case:
    (root / "plans/p-2026/progress").chmod(0)
    return Case(SET, as_nobody=True, needles=("so-a.yaml",))


def schema_onto_file(root: Path, outside: Path) -> Case:
    (outside / "taken").write_text("x")
    return Case(["schema", "--out", str(outside / "taken")], needles=("taken",))


def export_into_missing_folder(root: Path, outside: Path) -> Case:
    out = outside / "missing" / "x.xlsx"
    return Case(["export", "xlsx", "--agency", "so-a", "-o", str(out)], needles=("missing",))


def full_disk_export_xlsx(root: Path, outside: Path) -> Case:
    # openpyxl writes each sheet to a temporary file first: that write fails
    out = outside / "x.xlsx"
    return Case(["export", "xlsx", "-o", str(out)], fsize=64, needles=("bảng tính",))


def full_disk_site(root: Path, outside: Path) -> Case:
    out = outside / "site"

    def no_half_page(_out: str) -> None:
        # the page being written when the disk filled is not left half-written
        assert all(p.stat().st_size <= 64 for p in out.rglob("*") if p.is_file())
        for p in out.rglob("*"):  # the snapshot of outside/ compares only what it had
            if p.is_file():
                p.unlink()
        shutil.rmtree(out)

    return Case(
        ["site", "--out", str(out)],
        fsize=64,
        needles=("không ghi được", str(out)),
        check_out=no_half_page,
    )


def billion_laughs(root: Path, outside: Path) -> Case:
    # expanded, the aliases would make 9**9 strings: the memory limit would end the run
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        lol += f"{name}: &{name} [" + ",".join([f"*{'abcdefghi'[i]}"] * 9) + "]\n"
    (root / AGENCY).write_text("name: Sở B\nshort_name: SB\nkind: department\n" + lol)
    return Case(["validate"], needles=("yaml-alias",), location=f"{AGENCY}:4:", stderr_lines=None)


def columns_negative(root: Path, outside: Path) -> Case:
    return Case(["status"], exits=(0,), env={"COLUMNS": "-5"}, stderr_lines=0)


def latin1_terminal(root: Path, outside: Path) -> Case:
    return Case(
        ["status", "--agency", "so-a"],
        exits=(0,),
        env={"PYTHONIOENCODING": "latin-1"},
        stderr_lines=0,
    )


def stdout_closed_status(root: Path, outside: Path) -> Case:
    return Case(["status"], stdout="closed", needles=("đầu ra",))


def stdout_full_after_write(root: Path, outside: Path) -> Case:
    return Case(SET, stdout="full", exits=(0,), writes_data=True, needles=("đầu ra",))


def escape_in_problem(root: Path, outside: Path) -> Case:
    (root / AGENCY).write_text(
        'name: Sở B\nshort_name: SB\nkind: department\n"x\\e]0;pwned\\a": 1\n'
    )

    def no_raw_escapes(out: str) -> None:
        assert "\x1b" not in out and "\x07" not in out

    return Case(["validate"], stderr_lines=None, check_out=no_raw_escapes)


def template_float_power(root: Path, outside: Path) -> Case:
    return template("{{ 2.0 ** 100000 }}")(root, outside)


ROWS: list[tuple[str, Callable[[Path, Path], Case]]] = [
    ("link-to-secret", link_to_secret),
    ("link-to-outside-yaml", link_to_outside_yaml),
    ("link-inside-is-fine", link_inside_is_fine),
    ("progress-folder-links-outside", progress_folder_links_outside),
    ("progress-file-links-outside", progress_file_links_outside),
    ("fifo-validate", fifo_in_data),
    ("fifo-status", fifo_hangs_no_status),
    ("link-to-dev-zero", link_to_dev_zero),
    ("folder-named-yaml-progress-set", folder_named_yaml),
    ("folder-named-yaml-validate", folder_named_yaml_validate),
    ("huge-sparse-file", huge_sparse_file),
    ("unreadable-tasks", unreadable_tasks),
    ("unreadable-agency", unreadable_agency),
    ("read-only-progress", read_only_progress),
    ("full-disk-progress", full_disk_progress),
    ("nul-byte", nul_byte),
    ("900-nested-lists", nested_lists),
    ("billion-laughs", billion_laughs),
    ("escape-sequences-in-data", escape_in_content),
    ("ascii-terminal", ascii_terminal),
    ("columns-zero", columns_zero),
    ("columns-nonsense", columns_nonsense),
    ("stdout-closed-validate", stdout_closed_validate),
    ("stdout-closed-after-write", stdout_closed_after_write),
    ("stdout-dev-full", stdout_full),
    ("stdout-to-head-pipefail", stdout_to_head),
    ("schema-to-dev-full", schema_to_dev_full),
    ("demo-onto-file", demo_onto_file),
    ("demo-into-proc", demo_into_proc),
    ("init-onto-file", init_onto_file),
    ("init-into-proc", init_into_proc),
    ("template-from-dev-zero", template_from_dev_zero),
    ("report-template-fifo", report_template_fifo),
    ("textconv-of-dev-zero", textconv_of_dev_zero),
    ("agencies-import-fifo", agencies_import_fifo),
    ("template-string-times-huge", template("{{ 'a' * 10**10 }}")),
    ("template-power", template("{{ 10 ** 10 ** 10 }}")),
    (
        "template-nested-ranges",
        template(
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
        ),
    ),
    ("template-range-huge", template("{% for i in range(10**9) %}x{% endfor %}")),
    ("template-include", template("{% include 'x.docx' %}")),
    ("template-import", template("{% import 'x' as y %}")),
    ("template-extends", template("{% extends 'x' %}")),
    ("template-attr-escape", template("{{ ''|attr('__class__') }}")),
    ("template-format-escape", template("{{ '{0.__class__}'.format('') }}")),
    ("template-list-times-huge", template("{{ [1] * 10**9 }}")),
    ("docx-zip-bomb", zip_bomb("docx")),
    ("xlsx-zip-bomb", zip_bomb("xlsx")),
    ("xlsx-formula-cell", formula_cell),
    # beyond the list
    ("socket-in-data", socket_in_data),
    ("fmt-check-fifo", fmt_check_fifo),
    ("fmt-writes-through-no-link", fmt_writes_no_link),
    ("link-to-urandom-status", link_to_urandom_status),
    ("tasks-folder-links-outside", tasks_folder_links_outside),
    ("progress-folder-links-inside", progress_folder_links_inside),
    ("huge-progress-file-set", huge_progress_file_set),
    ("unreadable-progress-set", unreadable_progress_set),
    ("schema-onto-file", schema_onto_file),
    ("export-into-missing-folder", export_into_missing_folder),
    ("full-disk-export-xlsx", full_disk_export_xlsx),
    ("full-disk-site", full_disk_site),
    ("columns-negative", columns_negative),
    ("latin1-terminal", latin1_terminal),
    ("stdout-closed-status", stdout_closed_status),
    ("stdout-full-after-write", stdout_full_after_write),
    ("escape-sequences-in-a-problem", escape_in_problem),
    ("template-float-power", template_float_power),
    ("template-from-import", template("{% from 'x' import y %}")),
    ("template-range-step", template("{% for i in range(0, 10**9, 1) %}x{% endfor %}")),
    ("template-format-map", template("{{ '{x.__class__}'.format_map({'x': 1}) }}")),
    (
        "template-range-from-data",
        template("{% for i in range(agency.tasks|length * 100000) %}x{% endfor %}"),
    ),
]


@pytest.mark.parametrize("setup", [r[1] for r in ROWS], ids=[r[0] for r in ROWS])
def test_hostile_environment(setup):
    # not under pytest's own temporary folder: it is private (0700) to the user running the
    # tests, and an unprivileged child must reach the data
    base = Path(tempfile.mkdtemp(prefix="ttdn-env-"))
    try:
        _run_row(setup, base)
    finally:
        for p in [base, *base.rglob("*")]:
            with contextlib.suppress(OSError):
                if p.is_dir() and not p.is_symlink():
                    p.chmod(0o777)
        shutil.rmtree(base, ignore_errors=True)


def _run_row(setup, base: Path) -> None:
    base.chmod(0o755)
    root = write_tree(base / "data", MINI)
    outside = base / "outside"
    outside.mkdir()
    for p in [root, *root.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)
    outside.chmod(0o777)
    case = setup(root, outside)
    if case.as_nobody and not IS_ROOT:
        case.as_nobody = False  # already unprivileged
    if case.as_nobody and not _nobody_runs_python():
        pytest.skip("the unprivileged user cannot run this Python (e.g. under /root)")
    outside_before = snapshot(outside)
    before = snapshot(root)
    try:
        code, out, err = execute(case, base)
    finally:
        with contextlib.suppress(OSError):
            root.chmod(0o777)
            for p in root.rglob("*"):
                if p.is_dir() and not p.is_symlink():
                    p.chmod(0o777)
    assert code in case.exits, (code, out, err)
    assert "Traceback" not in out + err, err
    assert SECRET not in out + err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    if case.stderr_lines is not None:
        assert len(lines) == case.stderr_lines, err
    # several problems (validate) are listed on stdout, a single error on stderr
    text = err if case.stderr_lines == 1 else out + err
    for needle in case.needles:
        assert needle in text, (needle, out, err)
    if case.location is not None:
        located = [ln for ln in (out + err).splitlines() if ln.startswith(case.location)]
        assert located, (case.location, out, err)
    if case.check_out is not None:
        case.check_out(out)
    if not case.writes_data:
        assert snapshot(root) == before
    assert snapshot(outside) == outside_before


# --------------------------------------------------------------------------- scaling


def test_import_xlsx_of_many_rows_writes_every_one(tmp_path):
    """A workbook of 3,000 filled rows imports every row (how its time grows with the rows
    is measured by ``python -m benchmarks``, not here)."""
    from benchmarks.__main__ import filled_workbook

    n = 3_000
    root = write_tree(tmp_path / "data", MINI)
    book = tmp_path / "x.xlsx"
    env = {**os.environ, "TTDN_DATA": str(root), "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "ttdn", "export", "xlsx", "--agency", "so-a", "-o", str(book)]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    filled_workbook(book, n)
    before = (root / PROGRESS).read_text(encoding="utf-8").count("- task:")
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn", "import", "xlsx", str(book)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    text = (root / PROGRESS).read_text(encoding="utf-8")
    assert text.count("- task:") == before + n
    assert "kết quả 0\n" in text and f"kết quả {n - 1}\n" in text
