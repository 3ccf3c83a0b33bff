"""English interface (issue #9, item 4): one catalogue, every message in both languages.

Vietnamese is the default and the message id (``_("không có cơ quan “{slug}”.", slug=…)``);
the gettext catalogue ``ttdn/i18n/locale/en/LC_MESSAGES/ttdn.po`` holds the English text of
every message id, compiled to the ``ttdn.mo`` that ttdn reads. These tests read the source
(AST): every ``_()`` text has an English entry with the same fields, the catalogue has no
stale entry, the committed .mo is the compiled .po, and no Vietnamese text shown to users
escapes the catalogue. Then they run ttdn in both languages.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, SHIPPED, write_tree
from ttdn.i18n import catalogue

EN = catalogue.read()

PKG = REPO / "ttdn"

# Vietnamese letters: ă â đ ê ô ơ ư, the precomposed letters with tone marks, and the
# combining marks of an NFD text.
VI = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝĩũĨŨ\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]"
)

# Calls whose literal argument is a message id: name → index of that argument. ``msg()``
# makes a message value (ttdn.domain.messages), put into words at the edge.
MSGID_CALLS = {"_": 0, "N_": 0, "in_lang": 1, "msg": 0}

# Vietnamese text that is not interface but data, by (module, scope); scope is the function,
# class or module-level name the text is in, "*" the whole module. Every entry says why.
ALLOWED = {
    # The vocabulary of the plans ttdn reads (``ttdn plan import``): column names, timeline
    # forms, abbreviations, joining words, the "KẾ HOẠCH" heading; and the header comment
    # written into the new Vietnamese data file.
    ("ttdn/edit/plan_import/names.py", "*"): "document vocabulary",
    ("ttdn/edit/plan_import/appendix.py", "*"): "document vocabulary",
    ("ttdn/edit/plan_import/body.py", "*"): "document vocabulary, notes written into plan.yaml",
    ("ttdn/edit/plan_import/__init__.py", "*"): "document vocabulary, data file header",
    # Sample progress of the demo playground: data written into YAML files (the brief of
    # issue #9 keeps it Vietnamese); the playground's README and commit message describe
    # that Vietnamese data. Its error messages go through _() and are checked above.
    ("ttdn/edit/demo.py", "*"): "sample data",
    # The first commit message of the Vietnamese data repository ``ttdn init`` creates.
    ("ttdn/edit/init.py", "COMMIT_MESSAGE"): "data repository history",
    # JSON Schema texts: committed artefacts (schemas/*.json, a test compares them) shown by
    # VS Code while editing Vietnamese data files; they must not depend on the language of
    # the run that wrote them.
    ("ttdn/outputs/jsonschema.py", "*"): "JSON Schema texts",
    # The timeline vocabulary of the plans ("Tháng 3", "Quý II", "Thường xuyên"): patterns
    # that read data, not messages.
    ("ttdn/domain/schedule.py", "_norm"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_MONTH"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_MONTH_YEAR_RANGE"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_QUARTER"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_YEAR"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_DAY"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_HALF"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_ONGOING"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_OPEN"): "timeline vocabulary",
    ("ttdn/domain/schedule.py", "_parse"): "timeline vocabulary",
    # Comments written into data files (a new progress file, a scaffolded plan) and into
    # .gitattributes: file contents shared by the whole team, never translated.
    # How NĐ 30 headers are set: the words of agency names kept whole on a line, the
    # People's Committee's name, bold widths of the capitals (document vocabulary).
    **{
        ("ttdn/outputs/documents/nd30.py", scope): "agency-name vocabulary"
        for scope in (
            "_city_government",
            "_BOLD_WIDTHS",
            "text_width_pt",
            "_UNITS",
            "_PLACE_WORDS",
            "_GOOD_BREAK_BEFORE",
            "_header_units",
            "header_lines",
        )
    },
    # The headings staff write in a narrative text file (progress narrative --from-file):
    # the parts of the report as the documents name them, read in any language of the run.
    ("ttdn/edit/period_report.py", "HEADINGS"): "narrative file headings",
    ("ttdn/edit/period_report.py", "narrative_template"): "narrative file headings",
    ("ttdn/edit/record.py", "insert_entries"): "data file comment",
    ("ttdn/edit/scaffold.py", "agency_plan"): "plan data written to YAML",
    ("ttdn/edit/scaffold.py", "next_year_plan"): "plan data written to YAML",
    ("ttdn/edit/gitsetup.py", "setup"): ".gitattributes comment",
    # đ/Đ → d/D in ASCII slugs: text processing, not a message.
    ("ttdn/text.py", "slugify"): "slug letters",
    # Reports: the place on the date line (a proper name), and the Vietnamese words ttdn reads
    # in agency names and plan titles to abbreviate them ("Ủy ban nhân dân" → "UBND") for
    # document symbols and the reference sentence: text processing of data.
    ("ttdn/outputs/documents/nd30.py", "PLACE"): "proper name",
    ("ttdn/outputs/documents/nd30.py", "_CONNECTORS"): "name processing",
    ("ttdn/outputs/documents/nd30.py", "_PLAN_WORD"): "title processing",
    ("ttdn/outputs/documents/nd30.py", "abbreviation"): "name processing",
    ("ttdn/outputs/documents/nd30.py", "parent_line"): "name processing",
    ("ttdn/outputs/documents/nd30.py", "place_of"): "name processing",
    # The typed template contexts (templates/README.md's table is generated from them):
    # every variable is described in Vietnamese and English side by side,
    # described("…", "…"); the descriptions are documentation for template authors, not
    # messages.
    ("ttdn/outputs/documents/context_types.py", "*"): "bilingual template documentation",
    ("ttdn/outputs/documents/variables.py", "*"): "bilingual template documentation",
}


# ------------------------------------------------------------------ reading the source


def _files() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Scan(ast.NodeVisitor):
    """Message ids, help strings and other Vietnamese constants of one module."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.scope: list[str] = []
        self.msgids: list[tuple[str, int]] = []  # (text, line)
        self.bad_calls: list[str] = []  # _() with something else than one literal
        self.skip: set[int] = set()  # ids of constants that are docstrings or message ids
        self.others: list[tuple[str, str, int]] = []  # (scope, text, line)

    def _docstring(self, node) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skip.add(id(body[0].value))

    def visit_Module(self, node):
        self._docstring(node)
        self.generic_visit(node)

    def _scoped(self, name, node):
        self._docstring(node)
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self._scoped(node.name, node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._scoped(node.name, node)

    def _assign(self, node, targets):
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not self.scope and names:
            self.scope.append(names[0])
            self.generic_visit(node)
            self.scope.pop()
        else:
            self.generic_visit(node)

    def visit_Assign(self, node):
        self._assign(node, node.targets)

    def visit_AnnAssign(self, node):
        self._assign(node, [node.target])

    def visit_Call(self, node):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        where = f"{self.rel}:{node.lineno}"
        if name in MSGID_CALLS:
            i = MSGID_CALLS[name]
            arg = node.args[i] if len(node.args) > i else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.msgids.append((arg.value, node.lineno))
                self.skip.add(id(arg))
            else:
                self.bad_calls.append(f"{where}: {name}() needs one string literal")
        for kw in node.keywords:
            # Typer help strings: message ids, translated when the help is printed (not in
            # modules that are data as a whole: templategen's own argparse help is for the
            # developers who regenerate the templates)
            if (
                (self.rel, "*") not in ALLOWED
                and kw.arg == "help"
                and isinstance(kw.value, ast.Constant)
                and isinstance(kw.value.value, str)
            ):
                self.msgids.append((_norm(kw.value.value), node.lineno))
                self.skip.add(id(kw.value))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and id(node) not in self.skip and VI.search(node.value):
            self.others.append((".".join(self.scope) or "<module>", node.value, node.lineno))


def _scan_all() -> dict[str, _Scan]:
    out = {}
    for path in _files():
        rel = _rel(path)
        s = _Scan(rel)
        s.visit(ast.parse(path.read_text(encoding="utf-8")))
        out[rel] = s
    return out


SCANS = _scan_all()


def _command_help_texts() -> set[str]:
    """Help texts of every command and parameter of the CLI (docstrings included)."""
    import typer

    from ttdn.cli import app
    from ttdn.cli.helpfmt import _CLICK_HELP

    found: set[str] = set()

    def walk(cmd):
        for text in [cmd.help, *(p.help for p in cmd.params if hasattr(p, "help"))]:
            if text:
                key = _norm(inspect.cleandoc(text))
                if key not in _CLICK_HELP:
                    found.add(key)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


def _fields(template: str) -> set[str]:
    try:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f is not None}
    except ValueError:
        return {"<unbalanced braces>"}


# ------------------------------------------------------------------ (1) the catalogue


def test_every_message_call_is_a_literal():
    bad = [b for s in SCANS.values() for b in s.bad_calls]
    assert bad == []


def test_every_message_has_an_english_text():
    missing = sorted(
        {
            f"{rel}:{line}: {text!r}"
            for rel, s in SCANS.items()
            for text, line in s.msgids
            if not EN.get(text)
        }
    )
    assert missing == [], "\n".join(missing)


def test_every_command_help_has_an_english_text():
    missing = sorted(t for t in _command_help_texts() if not EN.get(t))
    assert missing == [], "\n".join(missing)


def test_no_stale_english_entry():
    used = {text for s in SCANS.values() for text, _line in s.msgids} | _command_help_texts()
    stale = sorted(k for k in EN if k not in used)
    assert stale == [], "\n".join(stale)


def test_catalogue_has_no_duplicate_key():
    """gettext would keep only one of two equal ids, silently."""
    keys, key = [], None
    for line in catalogue.PO.read_text(encoding="utf-8").splitlines():
        if line.startswith('msgid "'):
            key = line[len("msgid ") :]
        elif line.startswith('"') and key is not None:
            key += line  # a message with a line break goes on over several lines
        elif key is not None:
            keys.append(key)
            key = None
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert dupes == []
    assert len(keys) == len(EN) + 1  # the header's empty msgid


def test_committed_mo_is_the_compiled_po():
    """ttdn reads the .mo: it must say what the .po says (compiled by Babel here)."""
    committed = catalogue.read_mo(catalogue.MO.read_bytes())
    assert committed == {k: v for k, v in EN.items() if v}
    assert catalogue.read_mo(catalogue.compile_mo()) == committed


def test_catalogue_tool_agrees_with_these_tests():
    """``python -m ttdn.i18n.catalogue`` finds the same message ids as the scan above plus
    the help texts of the commands as Typer shows them, and finds nothing to do."""
    found = set(catalogue.extract())
    scanned = {text for s in SCANS.values() for text, _line in s.msgids}
    assert found == scanned | _command_help_texts()
    assert catalogue.problems() == []
    # The .po is written as the tool writes it (a hand edit is then normalised away).
    assert catalogue.PO.read_bytes() == catalogue.render_po(EN, catalogue.extract())


def test_catalogue_merges_a_dict_of_english_texts(tmp_path):
    """The converter for branches that still add to a ``messages_en.py`` dict."""
    pkg = tmp_path / "ttdn"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        'from ttdn.i18n import _\n\nA = _("một {n} ngày", n=1)\nB = _("hai")\n',
        encoding="utf-8",
    )
    old = tmp_path / "messages_en.py"
    old.write_text(
        'EN: dict[str, str] = {\n    "một {n} ngày": "one {n} {n:day|days}",\n'
        '    "cũ": "old",\n}\n',
        encoding="utf-8",
    )
    po, mo = tmp_path / "ttdn.po", tmp_path / "ttdn.mo"
    left_out = catalogue.merge_dict(old, po=po, mo=mo, package=pkg)
    assert left_out == ["cũ"]
    assert catalogue.read(po) == {"một {n} ngày": "one {n} {n:day|days}", "hai": ""}
    assert catalogue.read_mo(mo.read_bytes()) == {"một {n} ngày": "one {n} {n:day|days}"}
    assert catalogue.problems(po=po, mo=mo, package=pkg) == ["untranslated: 'hai'"]


def test_placeholders_match():
    bad = [
        f"{vi!r}: {sorted(_fields(vi))} ≠ {sorted(_fields(en))}"
        for vi, en in EN.items()
        if _fields(vi) != _fields(en)
    ]
    assert bad == [], "\n".join(bad)


# Vietnamese that stays in English texts: proper names, and examples of Vietnamese data
# (timelines, titles as the documents print them).
PROPER = ("Hà Nội", "Nghị định", "NĐ-CP", "GIÁM ĐỐC", "Tháng 1, Quý I, Năm 2026")


def _english(text: str) -> bool:
    """No Vietnamese letter outside proper names and quoted “examples”."""
    text = re.sub(r"“[^”]*”", "", text)
    for word in PROPER:
        text = text.replace(word, "")
    return not VI.search(text)


def test_english_texts_are_english():
    """An English text with Vietnamese letters is most likely an untranslated copy."""
    bad = [f"{vi!r} → {en!r}" for vi, en in EN.items() if not _english(en)]
    assert bad == [], "\n".join(bad)


def test_no_function_shadows_the_translation_function():
    """``for x, _ in …`` in a function that also calls ``_()`` would break it."""
    bad = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            stores, calls = False, False
            stack = list(fn.body)
            while stack:
                node = stack.pop()
                if isinstance(
                    node,
                    ast.FunctionDef
                    | ast.AsyncFunctionDef
                    | ast.Lambda
                    | ast.ListComp
                    | ast.SetComp
                    | ast.DictComp
                    | ast.GeneratorExp
                    | ast.ClassDef,
                ):
                    continue
                if isinstance(node, ast.Name) and node.id == "_":
                    stores |= isinstance(node.ctx, ast.Store)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    calls |= node.func.id == "_"
                stack.extend(ast.iter_child_nodes(node))
            if stores and calls:
                bad.append(f"{_rel(path)}:{fn.lineno} {fn.name}")
    assert bad == []


# ------------------------------------------------------------------ (2) nothing escapes


def test_no_vietnamese_text_escapes_the_catalogue():
    escaped = []
    for rel, s in SCANS.items():
        if (rel, "*") in ALLOWED:
            continue
        for scope, text, line in s.others:
            if (rel, scope.split(".")[0]) in ALLOWED or (rel, scope) in ALLOWED:
                continue
            escaped.append(f"{rel}:{line} ({scope}): {text[:70]!r}")
    assert escaped == [], "Vietnamese text outside _():\n" + "\n".join(escaped)


def test_allow_list_entries_still_exist():
    """An allow-list entry whose scope is gone would silently allow nothing (or the wrong
    thing after a rename)."""
    stale = []
    for rel, scope in ALLOWED:
        if rel not in SCANS:
            stale.append((rel, scope))
        elif scope != "*" and not any(o[0].split(".")[0] == scope for o in SCANS[rel].others):
            stale.append((rel, scope))
    assert stale == []


# ------------------------------------------------------------------ (3) end to end


def _ttdn(args: list[str], lang_env: str | None = None, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TTDN_LANG"}
    env["COLUMNS"] = "200"
    if lang_env is not None:
        env["TTDN_LANG"] = lang_env
    return subprocess.run(
        [sys.executable, "-m", "ttdn", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=kw.get("cwd", REPO),
    )


BROKEN = {
    **MINI,
    "plans/p-2026/tasks/01-so-a.yaml": """\
        section: I
        title: SỞ A
        tasks:
          - id: a-01
            ref: I.1
            content: Việc một
            timeline: Tháng 13
            lead: so-x
            coordinatorz: []
          - id: a-01
            ref: II.2
            content: Việc hai
            timeline: Quý II
            lead: so-a
        """,
    "plans/p-2026/progress/so-a.yaml": """\
        agency: so-a
        entries:
          - task: a-09
            date: 2026-02-30
            status: finished
        """,
    "agencies/so-c.yaml": "name: Sở C\nshort_name: SC\nkind: departmnt\n",
    "agencies/so-d.yaml": "name: Sở D\nshort_name: SD\nkind: department\n\tnote: x\n",
}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "data", BROKEN)


def _problems(out: str) -> list[tuple[str, str]]:
    rows = []
    for line in out.splitlines():
        where, sep, rest = line.partition(": ")
        kind, _sep, message = rest.partition(": ")
        rows.append((f"{where} {kind}", message))
    return rows


def test_validate_in_english_gives_the_same_problems(broken):
    vi = _ttdn(["validate", "--data", str(broken)])
    en = _ttdn(["--lang", "en", "validate", "--data", str(broken)])
    assert vi.returncode == en.returncode == 1
    pv, pe = _problems(vi.stdout), _problems(en.stdout)
    assert len(pv) >= 6
    assert [w for w, _m in pv] == [w for w, _m in pe]  # same codes, files, lines, columns
    for (_w, mv), (_w2, me) in zip(pv, pe, strict=True):
        assert mv != me
        assert _english(me), me
    # 7: the entry with a bad date names an unknown task too (both listed at once, #14)
    assert "7 errors, 0 warnings in 8 files." in en.stderr
    assert "7 lỗi, 0 cảnh báo trong 8 tệp." in vi.stderr


def test_validate_cache_never_mixes_languages(broken):
    """The results cache keys on the language: Vietnamese then English then Vietnamese."""
    first = _ttdn(["validate", "--data", str(broken)]).stdout
    english = _ttdn(["validate", "--data", str(broken)], lang_env="en").stdout
    again = _ttdn(["validate", "--data", str(broken)]).stdout
    assert first == again != english
    assert all(_english(m) for _w, m in _problems(english))


def test_status_in_english_from_the_environment(mini):
    out = _ttdn(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(SHIPPED)],
        lang_env="en",
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for word in ("Plan:", "Tasks led", "Content", "Status", "nothing recorded", "Periodic reports"):
        assert word in text, word
    assert "Nhiệm vụ chủ trì" not in text and "Trạng thái" not in text
    done = _ttdn(
        ["status", "--agency", "so-a", "--as-of", "2026-11-26", "--data", str(mini)], lang_env="en"
    )
    assert "done" in done.stdout and "hoàn thành" not in done.stdout


def test_status_stays_vietnamese_by_default():
    out = _ttdn(
        ["status", "--agency", "so-du-lich", "--as-of", "2026-11-26", "--data", str(SHIPPED)]
    )
    assert "Nhiệm vụ chủ trì" in out.stdout and "chưa ghi nhận" in out.stdout


def test_help_in_both_languages():
    vi = _ttdn(["--help"])
    en = _ttdn(["--lang", "en", "--help"])
    assert vi.returncode == en.returncode == 0
    assert vi.stdout.startswith("Cách dùng: ttdn")
    assert "Tuỳ chọn:" in vi.stdout and "Lệnh:" in vi.stdout and "--lang" in vi.stdout
    assert en.stdout.startswith("Usage: ttdn")
    assert "Options:" in en.stdout and "Commands:" in en.stdout
    assert _english(en.stdout), en.stdout
    sub = _ttdn(["status", "--help"], lang_env="en")
    assert "[default: table]" in sub.stdout and "Show this message and exit." in sub.stdout
    assert _english(sub.stdout), sub.stdout


@pytest.mark.parametrize("env,word", [(None, "không hợp lệ"), ("en", "invalid value")])
def test_unknown_language_is_a_usage_error(env, word):
    out = _ttdn(["--lang", "fr", "status"], lang_env=env)
    assert out.returncode == 2
    assert word in out.stderr.lower()
    assert "--lang" in out.stderr


def test_unknown_language_in_the_environment_is_a_usage_error():
    out = _ttdn(["status"], lang_env="klingon")
    assert out.returncode == 2
    assert "không hợp lệ" in out.stderr and "invalid" in out.stderr


def test_usage_errors_in_english():
    out = _ttdn(["--lang", "en", "status", "--bogus"])
    assert out.returncode == 2
    assert "no such option --bogus" in out.stderr
    assert not VI.search(out.stderr)


@pytest.mark.parametrize(
    "args,vi,en",
    [
        (["status", "a", "b"], "thừa tham số: a b", "unexpected extra arguments: a b"),
        (
            ["validate", "--strict=1"],
            "tuỳ chọn --strict không nhận giá trị",
            "option --strict takes no value",
        ),
        (
            ["status", "--agenc", "x"],
            "không có tuỳ chọn --agenc; có phải ý bạn là --agency",
            "no such option --agenc; did you mean --agency",
        ),
        (["progress", "set"], "thiếu tham số", "missing argument"),
    ],
)
def test_click_usage_errors_in_both_languages(args, vi, en):
    """Click's own usage errors are rendered from their parts, in the language of the run."""
    out_vi, out_en = _ttdn(args), _ttdn(["--lang", "en", *args])
    assert out_vi.returncode == out_en.returncode == 2
    assert f"ttdn: lỗi cách dùng: {vi}" in out_vi.stderr
    assert f"ttdn: usage error: {en}" in out_en.stderr
    assert not VI.search(out_en.stderr)
    assert "Got unexpected" not in out_vi.stderr and "Option '" not in out_vi.stderr


@pytest.mark.parametrize(
    "lang,words",
    [
        (None, ("Đã cài đặt gợi ý khi gõ Tab cho ", "có hiệu lực khi mở lại")),
        ("en", (" completion installed in ", "restart the terminal")),
    ],
)
def test_install_completion_speaks_the_language_of_the_run(tmp_path, lang, words):
    """``--install-completion``: Typer installs the script; the message is ttdn's."""
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    env.pop("TTDN_LANG", None)
    if lang:
        env["TTDN_LANG"] = lang
    out = subprocess.run(
        [sys.executable, "-m", "ttdn", "--install-completion"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    for word in words:
        assert word in out.stdout
    assert str(tmp_path) in out.stdout
    if lang == "en":
        assert not VI.search(out.stdout)


def test_progress_set_with_a_bad_status_in_english(mini):
    out = _ttdn(
        ["--lang", "en", "progress", "set", "a-02", "--status", "finish", "--data", str(mini)]
    )
    assert out.returncode == 2
    assert "error: status “finish” does not exist" in out.stderr
    assert "not_started (not started)" in out.stderr
    assert not VI.search(out.stderr)


def test_help_fast_path_prints_what_click_prints_in_english():
    import contextlib
    import io

    import typer

    from ttdn.cli import app, main
    from ttdn.i18n import get_lang, set_lang

    cmd = typer.main.get_command(app)
    for path in ([], ["status"], ["progress", "set"], ["report"], ["export", "xlsx"]):
        fast, slow = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(fast), pytest.raises(SystemExit):
            main(["--lang", "en", *path, "--help"])
        assert get_lang() == "vi"  # main gives the language back
        set_lang("en")
        try:
            with contextlib.redirect_stdout(slow):
                cmd.main(args=[*path, "--help"], prog_name="ttdn", standalone_mode=False)
        finally:
            set_lang("vi")
        assert fast.getvalue() == slow.getvalue(), path
        assert fast.getvalue().startswith("Usage: ttdn")


def test_english_plurals_and_vietnamese_unchanged():
    from ttdn.i18n import _, set_lang

    msg = "{errors} lỗi, {warnings} cảnh báo trong {files} tệp."
    assert _(msg, errors=1, warnings=2, files=1) == "1 lỗi, 2 cảnh báo trong 1 tệp."
    set_lang("en")
    try:
        assert _(msg, errors=1, warnings=2, files=1) == "1 error, 2 warnings in 1 file."
        assert _("quá hạn {n} ngày", n=0) == "0 days overdue"
    finally:
        set_lang("vi")


def test_workbook_exported_in_english_imports_in_vietnamese(tmp_path):
    """Headers and status labels are read back in either language."""
    import openpyxl

    from ttdn.data.loader import load
    from ttdn.edit.demo import make_demo
    from ttdn.edit.xlsx_import import import_workbook
    from ttdn.outputs.xlsx.columns import HEADER_ROW

    make_demo(SHIPPED, tmp_path / "pg")
    data = tmp_path / "pg" / "data"
    out = tmp_path / "en.xlsx"
    done = _ttdn(
        [
            "--lang",
            "en",
            "export",
            "xlsx",
            "-a",
            "so-du-lich",
            "--plan",
            "ha-noi-2026",
            "--as-of",
            "2026-07-01",
            "-o",
            str(out),
            "--data",
            str(data),
        ]
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["Tasks"]
    hdr = [c.value for c in ws[HEADER_ROW]]
    assert "Task id" in hdr and "New status" in hdr and "News articles (to date)" in hdr
    row = [ws.cell(r, hdr.index("Task id") + 1).value for r in range(1, ws.max_row + 1)].index(
        "dl-03"
    ) + 1
    ws.cell(row, hdr.index("New status") + 1).value = "In Progress"
    ws.cell(row, hdr.index("News articles (to date)") + 1).value = 7
    wb.save(out)
    res = import_workbook(load(data), out, today=dt.date(2026, 7, 1), dry_run=True)
    assert [(e["task"], e["status"], e["indicators"]) for _rel, e in res.entries] == [
        ("dl-03", "in_progress", {"news_articles": 7})
    ]
