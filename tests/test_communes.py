"""The shipped UBND phường/xã match the official list (PyPI vietnam-provinces, pinned)."""

from __future__ import annotations

import importlib.util
import json
import unicodedata

import pytest

from tests.conftest import REPO, SHIPPED, run

pytest.importorskip("vietnam_provinces")


def _tool():
    spec = importlib.util.spec_from_file_location("communes_tool", REPO / "tools" / "communes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_package_lists_126_units_51_phuong_75_xa():
    units = _tool().communes()
    assert len(units) == 126
    assert sum(u["name"].startswith("Ủy ban nhân dân phường ") for u in units) == 51
    assert sum(u["name"].startswith("Ủy ban nhân dân xã ") for u in units) == 75
    hoan_kiem = next(u for u in units if u["slug"] == "phuong-hoan-kiem")
    assert hoan_kiem == {
        "slug": "phuong-hoan-kiem",
        "name": "Ủy ban nhân dân phường Hoàn Kiếm",
        "short_name": "UBND phường Hoàn Kiếm",
        "kind": "commune",
        "code": "00070",
        "abbreviation": "UBND",
    }


def test_shipped_files_equal_what_the_generator_writes():
    """Regenerating from the package changes nothing, and no other commune file exists."""
    from ttdn.edit.agencies_import import import_rows

    tool = _tool()
    res = import_rows(SHIPPED, tool.rows(), dry_run=True)
    assert (res.added, res.updated) == ([], [])
    assert len(res.unchanged) == 126
    shipped = {
        p.stem
        for p in (SHIPPED / "agencies").glob("*.yaml")
        if "kind: commune" in p.read_text(encoding="utf-8")
    }
    assert shipped == {u["slug"] for u in tool.communes()}


def test_shipped_files_are_nfc_and_spell_uy_ban_officially():
    for unit in _tool().communes():
        text = (SHIPPED / "agencies" / f"{unit['slug']}.yaml").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert "name: Ủy ban nhân dân " in text and "Uỷ" not in text


def test_status_json_lists_the_communes_with_kind_code_and_names():
    from vietnam_provinces import Ward

    code, out, _ = run(["status", "--format", "json", "--as-of", "2026-07-01", "--data", SHIPPED])
    assert code == 0
    rows = [r for r in json.loads(out)["agencies"] if r["kind"] == "commune"]
    assert len(rows) == 126
    wards = {
        f"UBND {w.name[0].lower()}{w.name[1:]}": w for w in Ward.iter_all() if w.province_code == 1
    }
    assert {r["name"] for r in rows} == set(wards)
    assert all(r["must_report"] and r["reports_missing"] == 1 for r in rows)  # H1 due 20/6


def test_the_generator_writes_a_fresh_data_folder(tmp_path):
    """Run as documented, on an empty folder: 126 files that validate and are canonical."""
    import shutil
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data, ignore=shutil.ignore_patterns("phuong-*", "xa-*"))
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "communes.py"), "--data", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Đã thêm 126, cập nhật 0, giữ nguyên 0 cơ quan."
    for unit in _tool().communes():
        rel = f"agencies/{unit['slug']}.yaml"
        assert (data / rel).read_bytes() == (SHIPPED / rel).read_bytes()
