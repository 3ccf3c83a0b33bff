"""The one YAML reader: PyYAML's values, a position for every value and key, located problems.

Clean files and bad files go through the same code; nesting is limited only by libyaml's own
limit (1,000 levels), past which the file gets a located problem, never a crash.
"""

from __future__ import annotations

import textwrap
import unicodedata

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, run, write_tree
from ttdn.data.yamlsource import parse
from ttdn.outputs.problems import problem_line


class _Reference(yaml.SafeLoader):
    """PyYAML's own pure-Python loader, dates kept as strings (as the reader keeps them)."""


_Reference.add_constructor(
    "tag:yaml.org,2002:timestamp", yaml.constructor.BaseConstructor.construct_scalar
)

CLEAN = {
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
        x: !!str 12
        y: !!map {z: 1}
        """,
    "list": "- a\n- - b\n  - c\n- {d: 1}\n",
    "scalar": "just text\n",
    "non-ascii-key": "tên: x\n",
    "anchor-once": "a: &x 1\nb: 2\n",
}

REFUSED = {
    "duplicate-key": ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1),
    "nfc-duplicate": ('a: 1\n"\\u0065\\u0301": 2\n"\\u00e9": 3\n', "duplicate-key", 3, 1),
    "alias": ("a: &x [1, 2]\nb: *x\n", "yaml-alias", 1, 4),
    "alias-key": ("a: &x k\n*x : 2\n", "yaml-alias", 1, 4),
    "undefined-alias": ("a: *nothing\n", "yaml-syntax", 1, 4),
    "merge": ("base: {x: 1}\nother:\n  <<: {x: 2}\n", "yaml-alias", 3, 3),
    "value-tag": ("a: =\n", "yaml-tag", 1, 4),
    "custom-tag": ("a: !custom x\n", "yaml-tag", 1, 4),
    "python-tag": ("a: !!python/name:os.system x\n", "yaml-tag", 1, 4),
    "python-map": ("a: !!python/object:os.system {}\n", "yaml-tag", 1, 4),
    "complex-key": ("? [a, b]\n: c\nd: 1\n", "yaml-key", 1, 3),
    "two-docs": ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
    "syntax": ("a: [1, 2\nb: 3\n", "yaml-syntax", 2, 2),
    "tab": ("a:\n\tb: 1\n", "yaml-syntax", 2, 1),
    "tab-in-list": ("a:\n  - x\n\t- y\n", "yaml-syntax", 3, 1),
    "bad-escape": ('a: "\\q"\n', "yaml-syntax", 1, 5),
    "nul": ("a: 1\nb: x\0y\n", "yaml-syntax", 2, 5),
    "bell": ("a: 1\nb: Hà Nội\x07\n", "yaml-syntax", 2, 10),
    "too-deep": ("a: " + "[" * 1001 + "]" * 1001 + "\n", "yaml-syntax", 1, 1003),
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_values_are_pyyaml_values(name):
    raw = textwrap.dedent(CLEAN[name]).encode("utf-8")
    src = parse(f"{name}.yaml", raw)
    assert src.problems == []
    assert src.data == yaml.load(raw, Loader=_Reference)


def test_positions_of_values_and_keys():
    src = parse("x.yaml", textwrap.dedent(CLEAN["scalars"]).encode())
    assert src.positions[("w",)] == (27, 4)
    assert src.key_positions[("w",)] == (27, 1)
    assert src.where(("t", "y", 1)) == (24, 18)
    assert src.where(("t", "y", 7)) == (24, 14)  # the nearest parent
    assert src.where(("t", "x"), key=True) == (24, 5)


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_input_is_one_located_problem(name):
    text, code, line, col = REFUSED[name]
    src = parse(f"{name}.yaml", text.encode("utf-8"))
    assert [(p.code, p.line, p.column) for p in src.problems] == [(code, line, col)]


def test_nfd_spelling_of_a_key_is_the_same_key():
    text = f"tên: 1\n{unicodedata.normalize('NFD', 'tên')}: 2\n"
    src = parse("x.yaml", text.encode())
    assert ("duplicate-key", 2, 1) in [(p.code, p.line, p.column) for p in src.problems]
    assert src.data == {"tên": 1}


def test_a_refused_byte_message_has_no_parser_internals():
    src = parse("x.yaml", b"name: a\x00b\n")
    (p,) = src.problems
    assert (p.line, p.column) == (1, 8)
    line = problem_line(p)
    assert "U+0000" in line
    for internal in ("ReaderError", "position", "#x0000", "unacceptable", "<byte string>"):
        assert internal not in line


@pytest.mark.parametrize("depth", [500, 900, 999])  # the mapping is level 1000
def test_deep_flow_lists_load(depth):
    src = parse("x.yaml", ("a: " + "[" * depth + "]" * depth + "\n").encode())
    assert src.problems == []
    value, n = src.data["a"], 0
    while value:
        value, n = value[0], n + 1
    assert n == depth - 1
    assert src.where(("a",) + (0,) * (depth - 1)) == (1, 3 + depth)


def test_deep_block_mappings_load():
    text = "".join("  " * i + f"k{i}:\n" for i in range(900)) + "  " * 900 + "x: 1\n"
    src = parse("x.yaml", text.encode())
    assert src.problems == []
    path = tuple(f"k{i}" for i in range(900)) + ("x",)
    assert src.where(path) == (901, 1804)


def test_deep_files_through_the_cli(tmp_path):
    """Valid but deep YAML gives located schema problems; too deep gives a located syntax
    problem; never exit 3 or a traceback."""
    root = write_tree(tmp_path / "data", MINI)
    agency = root / "agencies" / "so-b.yaml"
    base = agency.read_text(encoding="utf-8")
    agency.write_text(base + "aliases: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    groups = root / "groups.yaml"
    deep = "".join("  " * (i + 1) + f"k{i}:\n" for i in range(900)) + "  " * 901 + "x: 1\n"
    groups.write_text(groups.read_text(encoding="utf-8") + "deep:\n" + deep, encoding="utf-8")
    rc, out, err = run(["validate", "--data", str(root)])
    assert rc == 1, out + err
    assert "Traceback" not in out + err
    assert "agencies/so-b.yaml:5:" in out and "groups.yaml:" in out
    agency.write_text(base + "aliases: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    rc, out, err = run(["validate", "--data", str(root)])
    assert rc == 1 and "Traceback" not in out + err
    (line,) = [ln for ln in out.splitlines() if "so-b.yaml" in ln and "yaml-syntax" in ln]
    assert line.startswith("agencies/so-b.yaml:5:1009: error[yaml-syntax]: ")


def test_nul_byte_through_the_cli(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    (root / "agencies" / "so-b.yaml").write_bytes(
        "name: Sở B\nshort_name: S\0B\nkind: department\n".encode()
    )
    rc, out, err = run(["validate", "--data", str(root)])
    assert rc == 1 and "Traceback" not in out + err
    lines = [ln for ln in (out + err).splitlines() if "so-b.yaml" in ln]
    assert len(lines) == 1, out + err
    assert lines[0].startswith("agencies/so-b.yaml:2:14: error[yaml-syntax]: ")
    assert "U+0000" in lines[0] and "position" not in lines[0]


_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyÁẠẦẪỆỘỮ 0123456789:#-'\"{}[],&*!|>%@`\\\t")
    ),
    max_size=12,
) | st.sampled_from(["yes", "No", "null", "~", "0x10", "012", "1:20", "2026-02-30", ".nan", "="])
_keys = st.text(alphabet=st.sampled_from(list("abcdefghij_-0123456789 ")), min_size=0, max_size=6)
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


def _marks(node: yaml.Node) -> tuple[dict, dict]:
    """Positions of values and keys from PyYAML's node tree (the reference)."""
    values, keys = {}, {}
    todo = [((), node)]
    while todo:
        path, n = todo.pop()
        values[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                keys[path + (k.value,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
                todo.append((path + (k.value,), v))
        elif isinstance(n, yaml.SequenceNode):
            todo.extend((path + (i,), v) for i, v in enumerate(n.value))
    return values, keys


@settings(max_examples=300, deadline=None)
@given(
    value=st.dictionaries(_keys, _values, min_size=1, max_size=5),
    flow=st.sampled_from([None, False, True]),
    width=st.sampled_from([20, 88]),
)
def test_random_documents_match_pyyaml(value, flow, width):
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, width=width)
    src = parse("r.yaml", text.encode("utf-8"))
    refused = [p for p in src.problems if p.code != "yaml-tag"]  # "=" is YAML's !!value
    assert refused == []
    if src.problems:
        return
    assert src.data == yaml.load(text, Loader=_Reference)
    values, keys = _marks(yaml.compose(text, Loader=yaml.SafeLoader))
    assert (src.positions, src.key_positions) == (values, keys)
