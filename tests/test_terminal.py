"""Terminal tables cut text only between words, with "…" (issue 17): at 80 and 60 columns
every word a table shows is a whole word of the data or of ttdn's labels, and no line is
wider than the terminal (rich would crop it mid-word)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run
from ttdn.edit.demo import make_demo
from ttdn.outputs.terminal import fit_lines
from ttdn.text import shorten

AS_OF = "2026-07-01"
COMMANDS = [
    ["status"],
    ["status", "--agency", "so-du-lich"],
    ["status", "--agency", "so-van-hoa-va-the-thao"],
    ["status", "--agency", "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi"],
    ["status", "--agency", "phuong-ba-dinh"],
    ["overdue"],
    ["report", "status", "--period", "2026-H1"],
]
# what separates words on screen: spaces and the tables' rules
SEPARATORS = re.compile(r"[\s│┃┆┊║━─┏┓┗┛┡┩┳┻╇╈┼┬┴├┤└┘┌┐═╪]+")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("terminal") / "pg"
    make_demo(SHIPPED, root)
    return root / "data"


def _words(text: str) -> list[str]:
    return [w for w in SEPARATORS.split(unicodedata.normalize("NFC", text)) if w]


def _data_words(data: Path) -> set[str]:
    """Every word written in the data files, as written and without YAML's quotes."""
    out: set[str] = set()
    for f in data.rglob("*.yaml"):
        for w in _words(f.read_text(encoding="utf-8")):
            out |= {w, w.strip("\"'"), w.lstrip("\"'-"), w.rstrip("\"'")}
    return out


def _screen(monkeypatch, columns: int, data: Path, args: list[str]) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = run([*args, "--as-of", AS_OF, "--data", data])
    assert code == 0, err
    return out


@pytest.mark.parametrize("columns", [80, 60])
def test_tables_cut_only_between_words(demo, monkeypatch, columns):
    data_words = _data_words(demo)
    for args in COMMANDS:
        wide = _screen(monkeypatch, 1000, demo, args)
        whole = set(_words(wide))
        # the wide screen cuts long contents itself: only after a word of the data
        for w in whole:
            if w.endswith("…") and w != "…":
                assert w[:-1] in data_words, (args, w)
        out = _screen(monkeypatch, columns, demo, args)
        assert max(len(line) for line in out.splitlines()) <= columns, args
        for w in _words(out):
            if w in whole:
                continue
            # a cut: what stands before "…" is a whole word (or nothing)
            assert w.endswith("…") and (w == "…" or w[:-1] in whole), (args, columns, w)


def test_fit_lines_breaks_no_word():
    text = "Tuyên truyền, quảng bá hình ảnh du lịch"
    assert fit_lines(text, 14) == ["Tuyên truyền,", "quảng bá hình", "ảnh du lịch"]
    assert fit_lines(text, 100, wrap=False) == [text]
    assert fit_lines(text, 14, wrap=False) == ["Tuyên truyền,…"]
    assert fit_lines(text, 13, wrap=False) == ["Tuyên…"]
    assert fit_lines(text, 4) == ["…"]  # not even the first word: nothing but "…"
    # a word wider than the cell ends the text; "…" goes where the last whole word ends
    assert fit_lines("Số 125/BC-SDL-UBND", 8) == ["Số…"]
    assert fit_lines("Năm 2026\n31/12/2026", 8) == ["Năm…"]
    assert fit_lines("Năm 2026\n31/12/2026", 8, wrap=False) == ["Năm 2026", "…"]
    assert fit_lines("đang thực hiện *\n10/02/2026", 10) == ["đang thực", "hiện *", "10/02/2026"]


def test_shorten_cuts_between_words():
    assert shorten("tổ chức các hoạt động tại nước ngoài", 32) == "tổ chức các hoạt động tại nước…"
    assert shorten("tổ chức các hoạt động tại nước ngoài", 30) == "tổ chức các hoạt động tại…"
    assert shorten("tổ chức các hoạt", 16) == "tổ chức các hoạt"
    assert shorten("https://example.org/a/very/long/path", 10) == "…"
