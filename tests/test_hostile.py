"""Bad input never crashes the tool and never loses data.

Each case: the exact code and location reported, the exit code, no traceback, and the data
files unchanged.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, SHIPPED, run, write_tree
from ttdn.checks.validate import validate
from ttdn.data.loader import load
from ttdn.data.yamlsource import parse
from ttdn.outputs.problems import words

TASKS = "plans/p-2026/tasks/01-so-a.yaml"
AGENCY = "agencies/so-b.yaml"


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def check(root: Path, code: str, file: str, line: int, needle: str, exit_code: int = 1):
    before = snapshot(root)
    rc, out, err = run(["validate", "--data", str(root)])
    assert rc == exit_code, out + err
    assert "Traceback" not in out + err
    lines = [ln for ln in out.splitlines() if f"error[{code}]" in ln]
    assert lines, out
    assert lines[0].startswith(f"{file}:{line}:") or (
        line == 0 and lines[0].startswith(f"{file}: ")
    ), lines
    assert needle in lines[0], lines[0]
    assert snapshot(root) == before


def put(root: Path, rel: str, data: bytes | str) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8")
    (root / rel).write_bytes(data)


@pytest.fixture
def root(tmp_path) -> Path:
    return write_tree(tmp_path / "data", MINI)


def test_malformed_yaml(root):
    put(root, AGENCY, "name: Sở B\nshort_name: [SB\nkind: department\n")
    check(root, "yaml-syntax", AGENCY, 3, "YAML")


def test_tab_indentation(root):
    put(root, AGENCY, "name: Sở B\nshort_name: SB\nkind: department\naliases:\n\t- B\n")
    check(root, "yaml-syntax", AGENCY, 5, "tab")


@pytest.mark.parametrize("text", ["", "# chỉ có chú thích\n# không có gì khác\n", "\n\n"])
def test_empty_or_comment_only_file(root, text):
    put(root, AGENCY, text)
    check(root, "empty-file", AGENCY, 1, "tệp rỗng")


def test_duplicate_key(root):
    put(root, AGENCY, "name: Sở B\nshort_name: SB\nkind: department\nname: Sở Bê\n")
    check(root, "duplicate-key", AGENCY, 4, "hai lần")


def test_duplicate_key_nfc_vs_nfd_spelling(root):
    import unicodedata

    key = "tên"
    text = f"name: Sở B\nshort_name: SB\nkind: department\n{key}: 1\n{unicodedata.normalize('NFD', key)}: 2\n"
    put(root, AGENCY, text)
    check(root, "duplicate-key", AGENCY, 5, "hai lần")


def test_merge_conflict_markers(root):
    put(
        root,
        AGENCY,
        "name: Sở B\n<<<<<<< HEAD\nshort_name: SB\n=======\nshort_name: S.B\n>>>>>>> nhanh\nkind: department\n",
    )
    check(root, "merge-conflict", AGENCY, 2, "xung đột")


def test_nfd_text(root):
    import unicodedata

    put(
        root, AGENCY, unicodedata.normalize("NFD", "name: Sở B\nshort_name: SB\nkind: department\n")
    )
    check(root, "not-nfc", AGENCY, 1, "NFC")


def test_byte_order_mark(root):
    put(root, AGENCY, b"\xef\xbb\xbf" + "name: Sở B\nshort_name: SB\nkind: department\n".encode())
    check(root, "bom", AGENCY, 1, "BOM")


def test_crlf(root):
    put(root, AGENCY, "name: Sở B\r\nshort_name: SB\r\nkind: department\r\n")
    check(root, "crlf", AGENCY, 1, "CRLF")


def test_zero_width_in_a_slug(root):
    text = (
        (root / TASKS)
        .read_text(encoding="utf-8")
        .replace("lead: so-a\n    coordinators", "lead: so\u200b-a\n    coordinators")
    )
    put(root, TASKS, text)
    check(root, "zero-width", TASKS, 8, "U+200B")


def test_windows_1258_bytes(root):
    # Windows-1258 writes "ở" as ơ (0xF5) + combining hook above (0xD2): invalid UTF-8.
    put(root, AGENCY, b"name: S\xf5\xd2 B\nshort_name: SB\nkind: department\n")
    check(root, "encoding", AGENCY, 1, "Windows-1258")


def test_tcvn3_bytes_on_a_later_line(root):
    # TCVN3 (ABC) puts Vietnamese letters in 0x80–0xFF: "Së" is 0x53 0xEB, invalid UTF-8.
    put(root, AGENCY, b"short_name: SB\nkind: department\nname: S\xeb B\n")
    check(root, "encoding", AGENCY, 3, "TCVN3")


def test_python_object_tag_refused(root):
    put(
        root,
        AGENCY,
        "name: !!python/object/apply:os.system ['echo pwned']\nshort_name: SB\nkind: department\n",
    )
    check(root, "yaml-tag", AGENCY, 1, "python/object")


def test_billion_laughs_refused(root):
    """Refused at the anchor, never expanded (the environment table runs it under a memory
    limit)."""
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lol += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    put(root, AGENCY, "name: Sở B\nshort_name: SB\nkind: department\n" + lol)
    check(root, "yaml-alias", AGENCY, 4, "alias")  # the anchor the aliases point to


def test_very_large_file_refused(root):
    big = root / "agencies" / "so-c.yaml"
    with big.open("wb") as f:
        f.write(b"name: S\xe1\xbb\x9f C\nshort_name: SC\nkind: department\nnote: >-\n")
        line = b"  " + b"x" * 98 + b"\n"
        f.write(line * (50 * 1024 * 1024 // len(line)))
    check(root, "too-large", "agencies/so-c.yaml", 0, "quá lớn")


def test_impossible_date(root):
    text = (
        (root / "plans/p-2026/progress/so-a.yaml")
        .read_text(encoding="utf-8")
        .replace("2026-01-20", "2026-02-30")
    )
    put(root, "plans/p-2026/progress/so-a.yaml", text)
    check(root, "bad-date", "plans/p-2026/progress/so-a.yaml", 4, "2026-02-30")


def test_due_date_outside_plan_year(root):
    text = (
        (root / TASKS)
        .read_text(encoding="utf-8")
        .replace("    timeline: Quý II\n", "    timeline: Quý II\n    due: 2027-01-15\n")
    )
    put(root, TASKS, text)
    check(root, "date-outside-year", TASKS, 17, "2027")


def test_progress_in_the_future_relative_to_as_of(root):
    before = snapshot(root)
    rc, out, _ = run(["validate", "--as-of", "2026-01-10", "--data", str(root)])
    assert rc == 1 and "plans/p-2026/progress/so-a.yaml:4:11: error[future-date]" in out
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--agency", "../../etc/passwd"],
        ["status", "--agency", "so-a/../../x"],
        ["overdue", "--agency", ".."],
        [
            "progress",
            "set",
            "a-01",
            "--status",
            "done",
            "--agency",
            "../../tmp/x",
            "--date",
            "2026-02-02",
        ],
        ["progress", "set", "../../a-01", "--status", "done", "--date", "2026-01-02"],
        ["status", "--plan", "../p-2026"],
        ["plan", "new", "--agency", "so-b", "--from", "p-2026", "--id", "../../evil"],
    ],
)
def test_path_characters_in_options_never_escape(root, args):
    before = snapshot(root.parent)
    rc, out, err = run([*args, "--data", str(root)])
    assert rc == 2, out + err
    assert "Traceback" not in out + err and err.startswith("ttdn: lỗi")
    assert snapshot(root.parent) == before


def test_interrupted_write_keeps_the_previous_file(tmp_path):
    """A write that fails half-way (the file-size limit stands in for a full disk) leaves
    the old file intact and no temporary file behind."""
    target = tmp_path / "report.yaml"
    target.write_text("nội dung cũ\n", encoding="utf-8")
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from ttdn.data.fsutil import atomic_write_bytes\n"
        "try:\n"
        f"    atomic_write_bytes(__import__('pathlib').Path({str(target)!r}), b'x' * 100000)\n"
        "except OSError as e:\n"
        "    print('failed', e.errno); sys.exit(7)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 7, proc.stderr
    assert target.read_text(encoding="utf-8") == "nội dung cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.yaml"]


# ------------------------------------------------------------------ property-based


@given(st.binary(max_size=400))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_random_bytes_never_raise(data):
    src = parse("agencies/x.yaml", data)
    assert src.data is not None or src.problems


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["Tháng 1", "Quý II", "done", "so-a", "a-01"]),
)
yaml_docs = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "ref",
                    "tasks",
                    "lead",
                    "agency",
                    "entries",
                    "task",
                    "date",
                    "status",
                    "name",
                    "kind",
                    "timeline",
                    "content",
                    "section",
                    "title",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@given(
    yaml_docs,
    st.sampled_from(
        [TASKS, "plans/p-2026/progress/so-a.yaml", AGENCY, "plans/p-2026/plan.yaml", "groups.yaml"]
    ),
)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_random_yaml_documents_give_a_clean_load_or_problems(tmp_path_factory, doc, rel):
    import yaml

    root = write_tree(tmp_path_factory.mktemp("h") / "data", MINI)
    (root / rel).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    problems = validate(load(root))
    assert all(p.file and p.code and words(p.message) for p in problems)


def _refusal(folder: Path) -> OSError | None:
    """How ``folder`` refuses a new file (None: it takes one), tried with a probe file."""
    import uuid

    probe = folder / f"ttdn-probe-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"")
    except OSError as exc:
        return exc
    probe.unlink()
    return None


def test_output_in_a_folder_nobody_may_write(tmp_path):
    """A folder even root cannot write into (sysfs) stands in for a read-only one: the
    report and the exports exit 1 with a message, write nothing, print no traceback."""
    from ttdn.edit.demo import make_demo

    ro = Path("/sys")
    if _refusal(ro) is None:
        pytest.skip("/sys is writable here")
    data = make_demo(SHIPPED, tmp_path / "pg")
    for args in (
        ["report", "--period", "2026-H1", "--agency", "so-du-lich", "-o", ro / "bc.docx"],
        ["export", "ics", "-o", ro / "lich.ics"],
        ["export", "xlsx", "-o", ro / "bang.xlsx"],
    ):
        code, out, err = run([*args, "--data", data])
        assert code == 1, out + err
        assert "không ghi được" in err and "Traceback" not in out + err
        assert not (ro / Path(str(args[-1])).name).exists()


def test_output_in_a_folder_that_takes_no_new_files(tmp_path):
    """/proc exists but refuses new files (ENOENT): the message must not claim the folder is
    missing."""
    from ttdn.edit.demo import make_demo

    if not isinstance(_refusal(Path("/proc")), FileNotFoundError):
        pytest.skip("/proc takes new files, or refuses them otherwise, here")
    data = make_demo(SHIPPED, tmp_path / "pg")
    out_path = Path("/proc") / "bc.docx"
    code, out, err = run(
        ["report", "--period", "2026-H1", "--agency", "so-du-lich", "-o", out_path, "--data", data]
    )
    assert code == 1, out + err
    assert err == f"ttdn: lỗi: không ghi được “{out_path}”: thư mục này không nhận tệp mới\n"
