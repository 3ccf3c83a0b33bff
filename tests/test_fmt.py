"""ttdn fmt: one canonical layout that never changes the data, keeps comments, is idempotent."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, SHIPPED, run, write_tree
from ttdn.checks.validate import validate
from ttdn.data.loader import iter_data_files, load
from ttdn.data.yamlsource import parse
from ttdn.domain.dataset import Dataset
from ttdn.domain.model import ProgressEntry
from ttdn.edit.demo import make_demo
from ttdn.edit.fmt import WIDTH, FmtError, format_bytes, format_text, sequence_item
from ttdn.outputs.problems import problem_line


def data_of(raw: bytes, rel: str = "x.yaml") -> str:
    """The data of a file as the loader reads it, as JSON (types kept: 1, 1.0, true differ)."""
    src = parse(rel, raw)
    return json.dumps(src.data, sort_keys=True, ensure_ascii=False)


def dump(ds: Dataset) -> str:
    """Everything the loader built from a data root, as JSON."""
    return json.dumps(
        {
            "agencies": {k: a.model_dump(mode="json") for k, a in ds.agencies.items()},
            "groups": {k: g.model_dump(mode="json") for k, g in ds.groups.items()},
            "plans": {
                pid: {
                    "plan": pd.plan.model_dump(mode="json"),
                    "sections": {rel: s.model_dump(mode="json") for rel, s in sorted(pd.sections)},
                    "progress": {k: p.model_dump(mode="json") for k, p in pd.progress.items()},
                }
                for pid, pd in ds.plans.items()
            },
        },
        sort_keys=True,
        ensure_ascii=False,
    )


def rel_of(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


# ------------------------------------------------------------------ shipped and demo data


def test_every_shipped_file_keeps_its_data_and_is_idempotent():
    files = list(iter_data_files(SHIPPED))
    assert len(files) > 20
    for path in files:
        rel = rel_of(path, SHIPPED)
        raw = path.read_bytes()
        for rewrap in (False, True):
            new = format_bytes(raw, rel, rewrap=rewrap)
            assert data_of(new, rel) == data_of(raw, rel), rel
            assert format_bytes(new, rel) == new, f"{rel}: not idempotent"


def test_shipped_data_is_in_canonical_form():
    """The shipped files are written as ttdn fmt writes them (run “ttdn fmt data/” if not)."""
    off = [
        rel_of(p, SHIPPED)
        for p in iter_data_files(SHIPPED)
        if format_bytes(p.read_bytes(), rel_of(p, SHIPPED)) != p.read_bytes()
    ]
    assert off == []


def test_loaded_data_identical_after_fmt_of_a_copy_of_the_shipped_data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root)
    before = dump(load(root))
    code, _, err = run(["fmt", "--rewrap", "--data", str(root)])
    assert code == 0, err
    assert dump(load(root)) == before
    code, out, err = run(["fmt", "--check", "--data", str(root)])
    assert (code, out) == (0, ""), err


def test_demo_files_keep_their_data(tmp_path):
    root = make_demo(SHIPPED, tmp_path / "pg")
    ds = load(root)
    before = dump(ds)
    problems_before = [problem_line(p) for p in validate(ds)]
    for path in iter_data_files(root):
        rel = rel_of(path, root)
        raw = path.read_bytes()
        new = format_bytes(raw, rel)
        assert data_of(new, rel) == data_of(raw, rel), rel
        assert format_bytes(new, rel) == new, rel
    code, _, err = run(["fmt", "--data", str(root)])
    assert code == 0, err
    after = load(root)
    assert dump(after) == before
    assert [problem_line(p) for p in validate(after)] == problems_before
    # Comments survive: the sample-data header of every progress file.
    for path in (root / "plans").glob("*/progress/*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("#"), path


# ------------------------------------------------------------------ layout

LONG = (
    "Tổ chức truyền thông, quảng bá xúc tiến du lịch Hà Nội trên các kênh mạng xã hội của "
    "Sở Du lịch (facebook, youtube, zalo) và các nền tảng số khác, phối hợp với các cơ quan "
    "báo chí Trung ương và địa phương"
)


def test_canonical_layout_of_a_task_file():
    src = (
        "tasks: [{lead: so-a, id: a-01, timeline: 'Tháng 1', ref: I.1,\n"
        f'  content: "{LONG}", coordinators: [so-b], extra: giữ nguyên}}]\n'
        "title: SỞ A\nsection: I\n"
    )
    out = format_text(src, "plans/p-2026/tasks/01-so-a.yaml")
    assert out == (
        "section: I\n"
        "title: SỞ A\n"
        "tasks:\n"
        "  - id: a-01\n"
        "    ref: I.1\n"
        "    content: >-\n"
        "      Tổ chức truyền thông, quảng bá xúc tiến du lịch Hà Nội trên các kênh mạng xã hội\n"
        "      của Sở Du lịch (facebook, youtube, zalo) và các nền tảng số khác, phối hợp với các\n"
        "      cơ quan báo chí Trung ương và địa phương\n"
        "    timeline: Tháng 1\n"
        "    lead: so-a\n"
        "    coordinators:\n"
        "      - so-b\n"
        "    extra: giữ nguyên\n"
    )
    assert all(len(line) <= WIDTH for line in out.splitlines())


def test_quotes_only_when_yaml_needs_them():
    src = (
        'a: "Kế hoạch"\nb: "1"\nc: "yes"\nd: "null"\ne: "Nơi nhận: Thành ủy"\n'
        "f: \"People's Committee\"\ng: '#1'\nh: \"- mục\"\ni: ''\nj: 'nói \"có\"'\n"
        "k: 2026-06-20\nl: '2026-06-20'\n"
    )
    out = format_text(src)
    assert out == (
        "a: Kế hoạch\n"
        'b: "1"\n'
        'c: "yes"\n'
        'd: "null"\n'
        'e: "Nơi nhận: Thành ủy"\n'
        "f: People's Committee\n"
        'g: "#1"\n'
        'h: "- mục"\n'
        'i: ""\n'
        'j: nói "có"\n'
        "k: 2026-06-20\n"
        'l: "2026-06-20"\n'
    )
    assert data_of(out.encode()) == data_of(src.encode())


def test_dates_in_date_fields_are_plain():
    src = "agency: so-a\nentries:\n- {task: a-01, date: '2026-01-20', note: '2026-01-20'}\n"
    out = format_text(src, "plans/p-2026/progress/so-a.yaml").split("\n")
    assert "    date: 2026-01-20" in out  # a date field
    assert '    note: "2026-01-20"' in out  # a text that looks like a date stays a text


def test_paragraph_breaks_are_blank_lines_in_the_folded_block():
    src = 'note: "Đoạn một.\\nĐoạn hai."\n'
    out = format_text(src, "agencies/so-a.yaml")
    assert out == "note: >-\n  Đoạn một.\n\n  Đoạn hai.\n"
    assert data_of(out.encode()) == data_of(src.encode())


def test_one_word_edit_changes_exactly_one_line():
    rel = "plans/ha-noi-2026/tasks/03-so-du-lich.yaml"
    canon = format_text((SHIPPED / rel).read_text(encoding="utf-8"), rel)
    lines = canon.split("\n")
    # A wrapped line of a long task content with room for a slightly longer word.
    i = next(
        n
        for n, ln in enumerate(lines)
        if ln.startswith("      ")
        and " các " in ln
        and len(ln) <= WIDTH - 3
        and lines[n + 1].startswith("      ")
    )
    edited = lines[:i] + [lines[i].replace(" các ", " những ", 1)] + lines[i + 1 :]
    after = format_text("\n".join(edited), rel).split("\n")
    assert len(after) == len(lines)
    changed = [n for n, (a, b) in enumerate(zip(lines, after, strict=True)) if a != b]
    assert changed == [i]
    assert data_of(("\n".join(after)).encode(), rel) != data_of(canon.encode(), rel)


def test_a_line_that_overflows_changes_at_most_two_lines():
    rel = "plans/ha-noi-2026/tasks/03-so-du-lich.yaml"
    canon = format_text((SHIPPED / rel).read_text(encoding="utf-8"), rel)
    lines = canon.split("\n")
    i = next(
        n
        for n, ln in enumerate(lines)
        if ln.startswith("      ") and len(ln) >= WIDTH - 4 and lines[n + 1].startswith("      ")
    )
    words = lines[i].split(" ")
    words.insert(len(words) // 2, "thật-sự-rất-dài")
    edited = lines[:i] + [" ".join(words)] + lines[i + 1 :]
    after = format_text("\n".join(edited), rel).split("\n")
    diff = [ln for ln in difflib_ndiff(lines, after) if ln[:2] in ("- ", "+ ")]
    assert 2 <= len(diff) <= 4  # the edited line, plus the next line or one new line
    assert all(len(ln) <= WIDTH for ln in after)
    # No reflow of the rest of the paragraph: the lines after the next one are untouched.
    assert after[-(len(lines) - i - 2) :] == lines[i + 2 :]


def difflib_ndiff(a: list[str], b: list[str]) -> list[str]:
    import difflib

    return list(difflib.ndiff(a, b))


def test_rewrap_reflows_ragged_paragraphs():
    ragged = "note: >-\n  Một\n  hai ba\n  bốn\n"
    assert format_text(ragged, "agencies/so-a.yaml") == "note: Một hai ba bốn\n"
    long_ragged = "note: >-\n  " + "\n  ".join(LONG.split(" ")) + "\n"
    kept = format_text(long_ragged, "agencies/so-a.yaml")
    assert kept == long_ragged  # existing line breaks are kept…
    redone = format_text(long_ragged, "agencies/so-a.yaml", rewrap=True)
    assert len(redone.split("\n")) == 5  # …unless asked to re-wrap
    assert data_of(redone.encode()) == data_of(long_ragged.encode())


# ------------------------------------------------------------------ comments, repairs


def test_comments_are_kept_and_travel_with_their_key():
    src = (
        "# Tệp của Sở A\n"
        "# dòng thứ hai của đầu tệp\n"
        "short_name: SA  # tên ngắn\n"
        "# loại cơ quan\n"
        "kind: department\n"
        "name: Sở A\n"
        "aliases:\n"
        "  # cách viết cũ\n"
        "  - So A\n"
        "  - Sở  A   # hai dấu cách\n"
        "# cuối tệp\n"
    )
    out = format_text(src, "agencies/so-a.yaml")
    assert out == (
        "# Tệp của Sở A\n"
        "# dòng thứ hai của đầu tệp\n"
        "name: Sở A\n"
        "short_name: SA  # tên ngắn\n"
        "# loại cơ quan\n"
        "kind: department\n"
        "aliases:\n"
        "  # cách viết cũ\n"
        "  - So A\n"
        "  - Sở  A  # hai dấu cách\n"
        "# cuối tệp\n"
    )
    assert format_text(out, "agencies/so-a.yaml") == out


def test_comment_above_a_list_item_stays_above_it():
    src = (
        "section: I\ntitle: SỞ A\ntasks:\n"
        "  # nhiệm vụ đầu tiên\n"
        "  - ref: I.1\n    id: a-01  # mã ổn định\n    content: Việc\n    timeline: Tháng 1\n"
        "    lead: so-a\n"
    )
    out = format_text(src, "plans/p-2026/tasks/01-so-a.yaml")
    assert "  # nhiệm vụ đầu tiên\n  - id: a-01  # mã ổn định\n    ref: I.1\n" in out
    assert format_text(out, "plans/p-2026/tasks/01-so-a.yaml") == out


def test_crlf_bom_nfd_and_zero_width_are_repaired(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    path = root / "agencies" / "so-a.yaml"
    nfd = unicodedata.normalize("NFD", "Sở Văn hoá")
    raw = (
        "\ufeffname: " + nfd + "\u200b\r\nshort_name: SA\r\nkind: department\r\n"
        "abbreviation: SA\r\n"
    ).encode()
    path.write_bytes(raw)
    codes = {p.code for p in validate(load(root)) if p.file == "agencies/so-a.yaml"}
    assert {"bom", "crlf", "not-nfc", "zero-width"} <= codes
    code, out, err = run(["fmt", "--check", str(path)])
    assert code == 1 and out.strip().endswith("so-a.yaml"), err
    assert path.read_bytes() == raw  # --check writes nothing
    code, out, err = run(["fmt", str(path)])
    assert code == 0, err
    assert path.read_bytes() == (
        "name: Sở Văn hoá\nshort_name: SA\nkind: department\nabbreviation: SA\n".encode()
    )
    assert [p for p in validate(load(root)) if p.file == "agencies/so-a.yaml"] == []


def test_exactly_one_final_newline():
    assert format_text("name: A\n\n\n\n", "agencies/a.yaml") == "name: A\n"
    assert format_text("name: A", "agencies/a.yaml") == "name: A\n"


# ------------------------------------------------------------------ CLI


def test_check_exit_codes_and_listing(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "data", MINI)
    code, out, err = run(["fmt", "--check", "--data", str(root)])
    assert (code, out) == (0, ""), err
    path = root / "plans" / "p-2026" / "tasks" / "01-so-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("content: Việc một", 'content: "Việc một"'), "utf-8")
    (root / "groups.yaml").write_text(
        "groups:\n- {id: cac-co-quan-don-vi-lien-quan, name: 'các cơ quan, đơn vị liên quan'}\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["fmt", "--check"])
    assert code == 1
    assert out.splitlines() == ["data/groups.yaml", "data/plans/p-2026/tasks/01-so-a.yaml"]
    assert "2/6 tệp chưa đúng cách trình bày chuẩn" in err
    code, out, err = run(["fmt"])
    assert code == 0
    assert out.splitlines() == ["data/groups.yaml", "data/plans/p-2026/tasks/01-so-a.yaml"]
    assert "Đã định dạng lại 2/6 tệp." in err
    assert run(["fmt", "--check"])[0] == 0
    assert (root / "groups.yaml").read_text("utf-8") == (
        "groups:\n  - id: cac-co-quan-don-vi-lien-quan\n    name: các cơ quan, đơn vị liên quan\n"
    )


def test_files_that_cannot_be_read_are_reported_and_left_alone(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    bad = root / "agencies" / "so-a.yaml"
    bad.write_text("name: Sở A\nname: Sở B\nkind: [\n", "utf-8")
    dup = root / "agencies" / "so-b.yaml"
    dup.write_text("name: Sở B\nname: Sở Bê\n", "utf-8")
    before = bad.read_bytes(), dup.read_bytes()
    code, out, err = run(["fmt", "--data", str(root)])
    assert code == 1
    assert "data/agencies/so-a.yaml:4:1: error[yaml-syntax]" in err
    assert "data/agencies/so-b.yaml:2:1: error[duplicate-key]" in err
    assert "không định dạng được 2 tệp có lỗi" in err
    assert (bad.read_bytes(), dup.read_bytes()) == before
    with pytest.raises(FmtError):
        format_text("a: *x\n")


def test_missing_path_is_a_usage_error(tmp_path):
    code, out, err = run(["fmt", str(tmp_path / "khong-co.yaml")])
    assert code == 2
    assert "không có tệp hay thư mục" in err


# ------------------------------------------------------------------ progress set


def test_progress_set_appends_canonical_entries(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    long_result = " ".join(["Đăng tải bài viết quảng bá trên các nền tảng mạng xã hội"] * 3)
    code, _, err = run(
        [
            "progress",
            "set",
            "a-02",
            "--status",
            "in_progress",
            "--date",
            "2026-04-02",
            "--result",
            long_result,
            "-i",
            "news_articles=4",
            "--evidence",
            "Báo cáo: số 1",
            "--data",
            str(root),
        ]
    )
    assert code == 0, err
    text = (root / "plans/p-2026/progress/so-a.yaml").read_text("utf-8")
    assert text.endswith(
        "  - task: a-02\n"
        "    date: 2026-04-02\n"
        "    status: in_progress\n"
        "    result: >-\n"
        "      Đăng tải bài viết quảng bá trên các nền tảng mạng xã hội Đăng tải bài viết quảng\n"
        "      bá trên các nền tảng mạng xã hội Đăng tải bài viết quảng bá trên các nền tảng mạng\n"
        "      xã hội\n"
        "    indicators:\n"
        "      news_articles: 4\n"
        "    evidence:\n"
        '      - "Báo cáo: số 1"\n'
    )
    code, out, err = run(["fmt", "--check", "--data", str(root)])
    assert (code, out) == (0, ""), err
    # A new progress file is canonical too.
    code, _, err = run(
        [
            "progress",
            "set",
            "a-01",
            "-s",
            "done",
            "--date",
            "2026-01-30",
            "-a",
            "so-b",
            "--data",
            str(root),
        ]
    )
    assert code == 0, err
    assert run(["fmt", "--check", "--data", str(root)])[:2] == (0, "")


def test_sequence_item_of_an_entry():
    entry = {"status": "done", "task": "a-01", "date": __import__("datetime").date(2026, 1, 2)}
    assert sequence_item(entry, 2, ProgressEntry) == (
        "  - task: a-01\n    date: 2026-01-02\n    status: done\n"
    )


# ------------------------------------------------------------------ property: data never changes

_text = st.text(
    alphabet=st.sampled_from(list("aăâbđeêiôơưy ÀÁẢÃẠàáạỹĐ:#-'\"{}[],&*!|>%@`?\n\t\\0123456789.")),
    max_size=200,
)
_scalar = st.one_of(
    _text,
    st.sampled_from(["yes", "no", "null", "~", "true", "1", "1.5", "0x1F", "2026-01-02", "=", ""]),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abc_- :#", min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.text(alphabet="abcdđ_", min_size=1, max_size=8), _value, min_size=1, max_size=5
    )
)
def test_any_data_survives_formatting(data):
    src = json.dumps(data, ensure_ascii=False)  # JSON is YAML (flow style)
    src_data = parse("x.yaml", src.encode()).data
    assert src_data == data
    out = format_text(src)
    assert json.dumps(parse("x.yaml", out.encode()).data, sort_keys=True) == json.dumps(
        data, sort_keys=True
    )
    assert format_text(out) == out


def test_comments_in_every_place_the_token_stream_leaves_them():
    """Comments are found between PyYAML's tokens (public API), also after a block scalar's
    header; a ``#`` inside a quoted or plain scalar is text, not a comment."""
    src = (
        "# đầu tệp\n"
        "a: '#1'  # thật\n"
        'b: "x # y"\n'
        "c: b#c\n"
        "d: >-  # sau dấu khối\n"
        "  văn bản # vẫn là chữ\n"
        "e:\n"
        "  - x  # mục\n"
        "  # trên mục\n"
        "  - y\n"
        "# cuối tệp\n"
    )
    out = format_text(src)
    for comment in ("# đầu tệp", "# thật", "# sau dấu khối", "# mục", "# trên mục", "# cuối tệp"):
        assert out.count(comment) == 1, (comment, out)
    assert parse("x.yaml", out.encode()).data == parse("x.yaml", src.encode()).data
    assert format_text(out) == out


def test_too_deep_for_fmt_is_a_located_problem(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    before = path.read_bytes()
    rc, out, err = run(["fmt", str(path)])
    assert rc == 1 and "Traceback" not in out + err
    assert "deep.yaml:1:903: error[fmt-failed]" in out + err
    assert path.read_bytes() == before


def test_fmt_uses_no_private_pyyaml_api():
    """No PyYAML class is subclassed, and no underscore name of ``yaml`` is used."""
    import ast

    from ttdn.edit import fmt

    tree = ast.parse(Path(fmt.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            assert not any("yaml" in ast.unparse(b) for b in node.bases), node.name
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            assert "yaml" not in ast.unparse(node.value), ast.unparse(node)
