"""The one cache (ttdn/data/cache.py): real files, real processes, no mocks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, SHIPPED, write_tree
from ttdn.checks.validate import validate
from ttdn.data import cache, yamlsource
from ttdn.data.loader import load

# The mini data root plus problems of every kind: a schema error, a YAML error, a file with
# a text problem, and cross-file errors located inside files that are themselves clean
# (so cached: their positions must be computed on demand).
BROKEN = {
    **MINI,
    "agencies/so-c.yaml": "name: Sở C\nshort_name: SC\nkind: departmen\n",
    "agencies/so-d.yaml": "name: Sở D\nshort_name: [SD\n",
    "agencies/so-e.yaml": "name: Sở E\r\nshort_name: SE\r\nkind: department\r\n",
    "plans/p-2026/tasks/02-so-b.yaml": """\
        section: II
        title: SỞ B
        tasks:
          - id: b-01
            ref: II.1
            content: Việc của Sở B
            timeline: Quý III
            lead: so-bb
            coordinators:
              - so-a
          - id: b-02
            ref: II.1
            content: Việc trùng số thứ tự
            timeline: Khi nào đó
            lead: so-b
        """,
    "plans/p-2026/progress/so-b.yaml": """\
        agency: so-b
        entries:
          - task: b-01
            date: 2026-08-01
            status: in_progress
            indicators:
              news_article: 3
        """,
}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("TTDN_CACHE_DIR", str(d))
    monkeypatch.delenv("TTDN_NO_CACHE", raising=False)
    return d


def snapshot(ds) -> tuple:
    """Everything a command can see of a dataset, as plain values."""

    def model(m):
        return (type(m).__name__, m.model_dump(), sorted(m.model_fields_set))

    plans = {
        pid: (
            model(pd.plan),
            [(rel, model(s)) for rel, s in pd.sections],
            {tid: (tr.file, tr.index, model(tr.task)) for tid, tr in pd.tasks.items()},
            sorted(pd.broken_task_ids),
            {slug: model(pf) for slug, pf in pd.progress.items()},
        )
        for pid, pd in ds.plans.items()
    }
    return (
        plans,
        {slug: model(a) for slug, a in ds.agencies.items()},
        {gid: model(g) for gid, g in ds.groups.items()},
        sorted(ds.broken_agencies),
        sorted(ds.sources),
        ds.problems,
        validate(ds),
    )


def no_cache(root: Path, monkeypatch) -> tuple:
    monkeypatch.setenv("TTDN_NO_CACHE", "1")
    try:
        return snapshot(load(root))
    finally:
        monkeypatch.delenv("TTDN_NO_CACHE")


@pytest.mark.parametrize("files", [MINI, BROKEN], ids=["clean", "with-problems"])
def test_same_results_with_and_without_cache(tmp_path, cache_dir, monkeypatch, files):
    root = write_tree(tmp_path / "data", files)
    expected = no_cache(root, monkeypatch)
    assert not cache_dir.exists()  # TTDN_NO_CACHE=1 writes nothing
    cold = snapshot(load(root))
    assert cache.pack_path(root).is_file()
    warm_ds = load(root)
    assert warm_ds.fingerprint is not None
    assert snapshot(warm_ds) == cold == expected
    if files is BROKEN:
        codes = {p.code for p in expected[6]}
        assert {
            "bad-value",
            "yaml-syntax",
            "crlf",
            "unknown-agency",
            "duplicate-ref",
            "timeline-unknown",
            "unknown-indicator",
        } <= codes


def test_cached_files_are_really_used(tmp_path, cache_dir):
    root = write_tree(tmp_path / "data", BROKEN)
    load(root)
    store = cache.DataCache.open(root)
    assert store is not None
    # every clean file is in the pack; files with problems of their own are not
    assert set(store.old) == {
        "agencies/so-a.yaml",
        "agencies/so-b.yaml",
        "groups.yaml",
        "plans/p-2026/plan.yaml",
        "plans/p-2026/tasks/01-so-a.yaml",
        "plans/p-2026/tasks/02-so-b.yaml",
        "plans/p-2026/progress/so-a.yaml",
        "plans/p-2026/progress/so-b.yaml",
    }
    ds = load(root)
    src = ds.sources["plans/p-2026/tasks/02-so-b.yaml"]
    pending = vars(src)["_lazy_data"] is yamlsource._PENDING
    assert pending  # built from the pack, never parsed
    problem = next(p for p in validate(ds) if p.code == "unknown-agency")
    assert (problem.file, problem.line, problem.column) == (
        "plans/p-2026/tasks/02-so-b.yaml",
        8,
        11,
    )


def _same_size_and_mtime_edit(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_edit_keeping_size_and_mtime_is_seen(tmp_path, cache_dir, monkeypatch):
    root = write_tree(tmp_path / "data", MINI)
    load(root)
    load(root)  # warm
    tasks = root / "plans/p-2026/tasks/01-so-a.yaml"
    _same_size_and_mtime_edit(tasks, "timeline: Tháng 1", "timeline: Tháng 9")
    ds = load(root)
    assert ds.plans["p-2026"].tasks["a-01"].task.timeline == "Tháng 9"
    assert snapshot(ds) == no_cache(root, monkeypatch)
    # an edit that breaks the file is reported, at its line
    progress = root / "plans/p-2026/progress/so-a.yaml"
    _same_size_and_mtime_edit(progress, "status: done", "status: dome")
    problems = validate(load(root))
    assert [(p.code, p.file, p.line) for p in problems if p.severity == "error"] == [
        ("bad-value", "plans/p-2026/progress/so-a.yaml", 5)
    ]
    assert validate(load(root)) == problems
    # and undoing it is seen too
    _same_size_and_mtime_edit(progress, "status: dome", "status: done")
    assert validate(load(root)) == []


def test_added_removed_and_renamed_files_are_seen(tmp_path, cache_dir, monkeypatch):
    root = write_tree(tmp_path / "data", MINI)
    load(root)
    (root / "agencies/so-b.yaml").rename(root / "agencies/so-bb.yaml")
    ds = load(root)
    assert set(ds.agencies) == {"so-a", "so-bb"}
    assert [p.code for p in validate(ds)] == ["unknown-agency"]
    assert snapshot(ds) == no_cache(root, monkeypatch)
    (root / "agencies/so-bb.yaml").unlink()
    write_tree(root, {"agencies/so-b.yaml": MINI["agencies/so-b.yaml"]})
    ds = load(root)
    assert validate(ds) == []
    assert snapshot(ds) == no_cache(root, monkeypatch)


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated-header":
        path.write_bytes(data[:40])
    elif how == "truncated-body":
        path.write_bytes(data[:-7])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "flipped-byte":
        i = len(data) - 20
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1 :])
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "other-format":
        path.write_bytes(b"TTDN-CACHE 999 abc\n" + data.split(b"\n", 1)[1])


@pytest.mark.parametrize(
    "how",
    ["truncated-header", "truncated-body", "empty", "flipped-byte", "garbage", "other-format"],
)
def test_damaged_cache_files_are_ignored_and_replaced(tmp_path, cache_dir, monkeypatch, how):
    root = write_tree(tmp_path / "data", BROKEN)
    expected = no_cache(root, monkeypatch)
    load(root)
    pack = cache.pack_path(root)
    assert pack.is_file()
    _damage(pack, how)
    assert cache.DataCache.open(root).old == {}
    assert snapshot(load(root)) == expected
    # the pack was written again and is whole
    assert len(cache.DataCache.open(root).old) == 8
    assert snapshot(load(root)) == expected


def test_a_damaged_entry_fails_validation_and_is_a_miss(tmp_path, cache_dir, monkeypatch):
    """Even a pack rewritten with a valid digest but a wrong entry cannot yield bad data."""
    root = write_tree(tmp_path / "data", MINI)
    expected = no_cache(root, monkeypatch)
    load(root)
    store = cache.DataCache.open(root)
    rel = "agencies/so-a.yaml"
    sha, kind, _ = store.old[rel]
    store.new = dict(store.old)
    store.new[rel] = (sha, kind, b'{"name": "", "kind": 42}')
    store.hits = 0
    store.save(store.header["fingerprint"])
    assert snapshot(load(root)) == expected


def test_code_change_discards_the_pack(tmp_path, cache_dir, monkeypatch):
    root = write_tree(tmp_path / "data", MINI)
    load(root)
    assert len(cache.DataCache.open(root).old) == 6
    monkeypatch.setattr(cache, "_code_key", "another version of ttdn")
    assert cache.DataCache.open(root).old == {}
    assert snapshot(load(root)) == no_cache(root, monkeypatch)


def test_code_key_covers_every_module():
    key = cache.code_key()
    assert len(key) == 64
    names = {p.name for p in (REPO / "ttdn").rglob("*.py")}
    assert {"model.py", "yamlsource.py", "loader.py", "validate.py", "cache.py"} <= names


def test_no_cache_env_writes_and_reads_nothing(tmp_path, cache_dir, monkeypatch):
    root = write_tree(tmp_path / "data", MINI)
    monkeypatch.setenv("TTDN_NO_CACHE", "1")
    ds = load(root)
    assert ds.fingerprint is None
    validate(ds)
    assert not cache_dir.exists()
    monkeypatch.setenv("TTDN_NO_CACHE", "0")
    load(root)
    assert cache_dir.exists()


WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ttdn.checks.validate import validate
    from ttdn.data.loader import load
    from ttdn.data.yamlsource import parse

    root = Path(sys.argv[1])
    toggled = "plans/p-2026/tasks/01-so-a.yaml"
    for i in range(int(sys.argv[2])):
        if sys.argv[3] == "writer":
            path = root / toggled
            text = path.read_text(encoding="utf-8")
            a, b = "timeline: Tháng 1", "timeline: Tháng 9"
            text = text.replace(a, b) if a in text else text.replace(b, a)
            tmp = path.with_name(".edit.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        ds = load(root)
        # whatever the timing, the objects are those of the bytes this process read
        src = ds.sources[toggled]
        fresh = parse(toggled, src.raw).data["tasks"][0]["timeline"]
        got = ds.plans["p-2026"].tasks["a-01"].task.timeline
        assert got == fresh, (got, fresh)
        assert validate(ds) == [], validate(ds)
    print("ok")
    """
)


def test_concurrent_processes(tmp_path, cache_dir):
    root = write_tree(tmp_path / "data", MINI)
    env = {**os.environ, "TTDN_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(REPO)}
    roles = ["writer", "reader", "reader", "reader"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(root), "25", role],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.strip() == "ok", err
    # no temporary file left behind, and the pack is whole
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp-")] == []
    assert len(cache.DataCache.open(root).old) == 6


def test_concurrent_cli_runs_print_the_same(tmp_path, cache_dir):
    root = write_tree(tmp_path / "data", BROKEN)
    env = {**os.environ, "TTDN_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "ttdn", "validate", "--data", str(root)]
    expected = subprocess.run(
        args, env={**env, "TTDN_NO_CACHE": "1"}, capture_output=True, text=True
    )
    assert expected.returncode == 1 and "unknown-agency" in expected.stdout
    for _ in range(3):
        procs = [
            subprocess.Popen(
                args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert (p.returncode, out, err) == (1, expected.stdout, expected.stderr)


def test_shipped_data_same_with_and_without_cache(tmp_path, cache_dir, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root)
    expected = no_cache(root, monkeypatch)
    assert snapshot(load(root)) == expected
    assert snapshot(load(root)) == expected


# ------------------------------------------------------------------ outcomes and hostile packs


def cli(root: Path, *args: str, cache_dir: Path | None = None, lang: str = "vi"):
    """``ttdn ARGS --data ROOT`` as a user runs it: (exit code, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TTDN_LANG": lang, "COLUMNS": "100"}
    env.pop("TTDN_NO_CACHE", None)
    if cache_dir is None:
        env["TTDN_NO_CACHE"] = "1"
    else:
        env["TTDN_CACHE_DIR"] = str(cache_dir)
    p = subprocess.run(
        [sys.executable, "-m", "ttdn", *args, "--data", str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )
    return p.returncode, p.stdout, p.stderr


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json", "--as-of", "2026-09-01"],
    ["status", "--agency", "so-a", "--as-of", "2026-09-01"],
    ["overdue", "--as-of", "2026-12-31"],
]


@pytest.mark.parametrize("files", [MINI, BROKEN], ids=["clean", "with-problems"])
def test_outputs_are_the_same_in_every_language_with_and_without_cache(tmp_path, cache_dir, files):
    """Nothing cached depends on the language: a run in English after one in Vietnamese
    (and back) prints what a run without cache prints."""
    root = write_tree(tmp_path / "data", files)
    for lang in ("vi", "en", "vi", "en"):
        for args in COMMANDS:
            assert cli(root, *args, cache_dir=cache_dir, lang=lang) == cli(
                root, *args, lang=lang
            ), (lang, args)


@pytest.mark.parametrize("files", [MINI, BROKEN], ids=["clean", "with-problems"])
def test_unchanged_data_is_answered_without_building_a_model(tmp_path, cache_dir, files):
    root = write_tree(tmp_path / "data", files)
    first = cli(root, "validate", cache_dir=cache_dir)
    assert first[0] == (0 if files is MINI else 1)
    code = (
        "import sys\n"
        "from ttdn.cli import main\n"
        "try:\n"
        f"    main(['validate', '--data', {str(root)!r}])\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code)\n"
        "print(sorted(m for m in sys.modules if m in ('ttdn.domain.model', 'ttdn.data.loader',"
        " 'ttdn.checks.validate', 'ttdn.data.yamlsource')))\n"
    )
    env = {**os.environ, "TTDN_CACHE_DIR": str(cache_dir), "TTDN_LANG": "vi"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    # (with problems, deciding the exit code imports ttdn.checks.validate.has_errors, and
    # with it the loader; no file is parsed or checked again all the same)
    loaded = (
        "[]"
        if files is MINI
        else str(
            sorted(
                [
                    "ttdn.checks.validate",
                    "ttdn.data.loader",
                    "ttdn.data.yamlsource",
                    "ttdn.domain.model",
                ]
            )
        )
    )
    assert p.stdout.splitlines() == [*first[1].splitlines(), f"exit {first[0]}", loaded]
    assert p.stderr == first[2]
    # an edit is seen: the next run loads and checks again
    (root / "agencies/so-b.yaml").write_text("name: Sở B\nkind: department\n", encoding="utf-8")
    assert cli(root, "validate", cache_dir=cache_dir) == cli(root, "validate")


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--agency", "so-a", "--as-of", "2026-09-01"],
        ["status", "--as-of", "2026-09-01", "--format", "json"],
        ["overdue", "--as-of", "2026-12-31"],
    ],
)
def test_an_answer_on_unchanged_data_is_drawn_from_its_json_without_a_model(
    tmp_path, cache_dir, args
):
    """``status`` and ``overdue`` asked again of unchanged data: the remembered JSON answer
    is printed (table or JSON) without importing the models; an edit is seen at once."""
    root = write_tree(tmp_path / "data", MINI)
    first = cli(root, *args, cache_dir=cache_dir)
    assert first[0] == 0 and first == cli(root, *args)
    code = (
        "import sys\n"
        "from ttdn.cli import main\n"
        "try:\n"
        f"    main({[*args, '--data', str(root)]!r})\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code)\n"
        "print(sorted(m for m in sys.modules if m in ('ttdn.domain.model', 'ttdn.data.loader',"
        " 'ttdn.data.yamlsource')))\n"
    )
    env = {**os.environ, "TTDN_CACHE_DIR": str(cache_dir), "TTDN_LANG": "vi", "COLUMNS": "100"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert p.stdout.splitlines() == [*first[1].splitlines(), "exit 0", "[]"]
    # an edit changes the answer: it is computed again, not remembered
    plan = root / "plans/p-2026/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Kế hoạch thử", "Kế hoạch đã sửa"),
        encoding="utf-8",
    )
    again = cli(root, *args, cache_dir=cache_dir)
    assert again == cli(root, *args)
    assert again != first


def _forge(pack: Path, header: dict, body: bytes = b"") -> None:
    """A pack with correct digests around ``header`` and ``body``."""
    header = {**header, "body": hashlib.sha256(body).hexdigest()}
    line = json.dumps(header).encode() + b"\n"
    pack.write_bytes(
        cache.FORMAT + b" " + hashlib.sha256(line).hexdigest().encode() + b"\n" + line + body
    )


@pytest.mark.parametrize(
    "how",
    [
        "random-bytes",
        "json-document",
        "other-root",
        "other-code",
        "bad-offsets",
        "code-looking-entries",
        "outcome-of-other-data",
        "outcome-random-bytes",
        "outcome-of-other-code",
        "outcome-under-another-key",
        "owned-by-another-user",
    ],
)
def test_a_replaced_pack_never_runs_code_nor_changes_an_output(tmp_path, cache_dir, how):
    root = write_tree(tmp_path / "data", BROKEN)
    other = write_tree(tmp_path / "other" / "data", MINI)
    expected = {tuple(a): cli(root, *a) for a in COMMANDS}
    assert expected[("validate",)][0] == 1
    for args in COMMANDS:
        cli(root, *args, cache_dir=cache_dir)
    cli(other, "validate", cache_dir=cache_dir)
    pack = cache.pack_path(root)
    marker = tmp_path / "ran"
    evil = f"__import__('pathlib').Path({str(marker)!r}).touch()".encode()
    header = json.loads(pack.read_bytes().split(b"\n")[1])
    if how == "random-bytes":
        pack.write_bytes(os.urandom(5000))
    elif how == "json-document":
        pack.write_text('{"files": {}, "outcomes": {"": {"files": 1}}}', encoding="utf-8")
    elif how == "other-root":  # the other root's pack, with its "clean" outcome
        shutil.copyfile(cache.pack_path(other), pack)
    elif how == "other-code":
        _forge(pack, {**header, "code": "0" * 64, "outcomes": {"": {"files": 1}}})
    elif how == "bad-offsets":
        files = {rel: [sha, kind, -5, 10**9] for rel, (sha, kind, *_) in header["files"].items()}
        _forge(pack, {**header, "files": files})
    elif how == "code-looking-entries":
        files = {rel: [sha, kind, 0, len(evil)] for rel, (sha, kind, *_) in header["files"].items()}
        _forge(pack, {**header, "files": files}, evil)
    elif how.startswith("outcome-"):
        # every remembered outcome of this root (validate's, status's…) replaced
        outcomes = sorted(pack.parent.glob(pack.stem + "-*.outcome"))
        assert outcomes
        for path in outcomes:
            record = json.loads(path.read_bytes().split(b"\n", 1)[1])
            clean = {"files": 1, "agencies": 1, "tasks": 1, "problems": []}
            if how == "outcome-random-bytes":
                path.write_bytes(os.urandom(3000))
                continue
            if how == "outcome-of-other-data":
                record = {**record, "fingerprint": "0" * 64, "outcome": clean}
            elif how == "outcome-of-other-code":
                record = {**record, "code": "0" * 64, "outcome": clean}
            else:
                record = {**record, "key": "something else", "outcome": clean}
            line = json.dumps(record).encode()
            digest = hashlib.sha256(line).hexdigest().encode()
            path.write_bytes(cache.OUTCOME_FORMAT + b" " + digest + b"\n" + line)
    elif how == "owned-by-another-user":
        if not hasattr(os, "getuid") or os.getuid() != 0:
            pytest.skip("needs root to give a file to another user (POSIX)")
        # the other root's "clean" pack, moved in by someone else
        shutil.copyfile(cache.pack_path(other), pack)
        os.chown(pack, 12345, 12345)
    for args in COMMANDS:
        assert cli(root, *args, cache_dir=cache_dir) == expected[tuple(args)], args
    assert not marker.exists()


def test_a_pack_of_another_user_is_not_used(tmp_path, cache_dir):
    """Clean data whose pack (right digests, right key) belongs to someone else: loaded and
    checked again, as if there were no pack."""
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("needs root to give a file to another user (POSIX)")
    root = write_tree(tmp_path / "data", MINI)
    cli(root, "validate", cache_dir=cache_dir)
    pack = cache.pack_path(root)
    os.chown(pack, 12345, 12345)
    assert cache.known_outcome(root) is None
    assert cache.DataCache.open(root).old == {}


def test_the_checks_do_not_import_the_cache_and_the_cache_imports_no_model():
    """One seam: the cache is used by the loader and the CLI only; it imports neither
    pydantic, the models nor the checks (its answer comes before any of them)."""
    import ast

    for path in (REPO / "ttdn" / "checks").rglob("*.py"):
        assert "ttdn.data.cache" not in path.read_text(encoding="utf-8"), path
    tree = ast.parse((REPO / "ttdn" / "data" / "cache.py").read_text(encoding="utf-8"))
    imported = {
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
        for a in n.names
    }
    assert {m for m in imported if m and m.split(".")[0] == "pydantic"} <= {"pydantic"}
    assert not any(m and m.startswith(("ttdn.domain", "ttdn.checks")) for m in imported)
    code = "import sys, ttdn.data.cache; print(sorted(m for m in sys.modules if 'pydantic' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_in_place_of_a_pack_or_an_outcome_is_not_waited_on(tmp_path, cache_dir):
    """A FIFO where the pack or a remembered outcome should be: the run neither hangs on
    opening it nor reads it, and prints what a run without cache prints."""
    root = write_tree(tmp_path / "data", MINI)
    args = ["status", "--agency", "so-a", "--as-of", "2026-09-01"]
    for a in (["validate"], args):
        cli(root, *a, cache_dir=cache_dir)
    pack = cache.pack_path(root)
    for path in [pack, *pack.parent.glob(pack.stem + "-*.outcome")]:
        path.unlink()
        os.mkfifo(path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TTDN_CACHE_DIR": str(cache_dir)}
    env.update({"TTDN_LANG": "vi", "COLUMNS": "100"})
    for a in (["validate"], args):
        p = subprocess.run(
            [sys.executable, "-m", "ttdn", *a, "--data", str(root)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert (p.returncode, p.stdout, p.stderr) == cli(root, *a), a
