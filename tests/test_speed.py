"""The fast paths give exactly what the careful paths give (issue #8, city scale)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from ttdn.data import yamlsource
from ttdn.data.yamlsource import parse

DOCS = {
    "scalars": """\
        a: yes
        b: No
        c: 0x1F
        d: 012
        e: 1_000
        f: 1.5e3
        g: .inf
        h: ~
        i: null
        j:
        k: 2026-01-02
        l: 2026-01-02 10:00:00
        m: "quoted: yes"
        n: 'x'
        o: |
          block
          text
        p: >-
          folded
          text
        q: []
        r: {}
        s: [1, "2", three, -.5, +12]
        t: {x: 1, y: [a, b]}
        u: 1:30
        v: ""
        w: Tháng 1 – Quý II, “ngoặc kép”
        """,
    "keys": """\
        "quoted key": 1
        1: a
        true: b
        null: c
        "": d
        """,
    "list": "- a\n- - b\n  - c\n- {d: 1}\n",
    "scalar": "just text\n",
    "null-doc": "~\n",
    "empty": "",
    "comments": "# only a comment\n",
    "non-ascii-key": "tên: x\n",
    "duplicate-key": "a: 1\nb: 2\na: 3\n",
    "nfc-duplicate": 'a: 1\n"\\u0065\\u0301": 2\n"\\u00e9": 3\n',
    "anchor-once": "a: &x 1\nb: 2\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "merge": "base: {x: 1}\nother:\n  <<: {x: 2}\n",
    "merge-value": "a: <<\n",
    "value-tag": "a: =\n",
    "str-tag": "a: !!str 12\n",
    "custom-tag": "a: !custom x\n",
    "python-tag": "a: !!python/name:os.system x\n",
    "tagged-map": "a: !!map {x: 1}\n",
    "complex-key": "? [a, b]\n: c\n",
    "two-docs": "a: 1\n---\nb: 2\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "tab": "a:\n\tb: 1\n",
    "bad-escape": 'a: "\\q"\n',
    "crlf": "a: 1\r\nb: 2\r\n",
    "bom": "\ufeffa: 1\n",
    "nfd": "a: Vie\u0302\u0323t\n",
    "zero-width": "a: x\u200by\n",
    "conflict": "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> x\n",
}


def careful(file: str, raw: bytes, monkeypatch) -> yamlsource.Source:
    with monkeypatch.context() as m:
        m.setattr(yamlsource, "_fast", lambda raw: None)
        return parse(file, raw)


def same(file: str, raw: bytes, monkeypatch) -> None:
    fast, ref = parse(file, raw), careful(file, raw, monkeypatch)
    assert (fast.data, fast.problems) == (ref.data, ref.problems)
    assert fast.positions == ref.positions
    assert fast.key_positions == ref.key_positions
    assert fast.lines == ref.lines


@pytest.mark.parametrize("name", list(DOCS))
def test_fast_parse_equals_careful_walk(name, monkeypatch):
    raw = textwrap.dedent(DOCS[name]).encode("utf-8")
    same(f"{name}.yaml", raw, monkeypatch)


def test_fast_parse_is_taken_for_clean_files():
    src = parse("x.yaml", textwrap.dedent(DOCS["scalars"]).encode())
    assert "_lazy_positions" not in vars(src)  # no position table built…
    assert src.positions[("w",)] == (27, 4)  # …until one is asked for
    assert src.where(("t", "y", 1)) == (24, 18)


@pytest.mark.parametrize("name", ["alias", "duplicate-key", "syntax", "custom-tag"])
def test_careful_walk_reports_what_the_fast_path_refuses(name):
    src = parse("x.yaml", DOCS[name].encode())
    assert src.problems
    assert vars(src)["_lazy_positions"] is not yamlsource._PENDING


_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyÁẠẦẪỆỘỮ 0123456789:#-'\"{}[],&*!|>%@`\\\t")
    ),
    max_size=12,
) | st.sampled_from(["yes", "No", "null", "~", "0x10", "012", "1:20", "2026-02-30", ".nan", "<<"])
_keys = st.text(alphabet=st.sampled_from(list("abcdefghij_-0123456789 ")), min_size=0, max_size=6)
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    value=st.dictionaries(_keys, _values, min_size=1, max_size=5),
    flow=st.sampled_from([None, False, True]),
    width=st.sampled_from([20, 88]),
)
def test_fast_parse_equals_careful_walk_on_random_documents(value, flow, width):
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, width=width)
    raw = text.encode("utf-8")
    fast = parse("r.yaml", raw)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(yamlsource, "_fast", lambda raw: None)
        ref = parse("r.yaml", raw)
    assert (fast.data, fast.problems, fast.positions, fast.key_positions) == (
        ref.data,
        ref.problems,
        ref.positions,
        ref.key_positions,
    )


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
