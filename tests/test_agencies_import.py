"""``ttdn agencies import``: real CSV and .xlsx files into a real data folder."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import run
from ttdn.data.loader import load
from ttdn.edit.fmt import format_text


def csv_file(tmp_path: Path, text: str, name: str = "ds.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def xlsx_file(tmp_path: Path, rows: list[list[object]], name: str = "ds.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_csv_adds_updates_and_counts(mini, tmp_path):
    table = csv_file(
        tmp_path,
        "STT,Tên,Tên ngắn,Loại,Mã chính thức,Chữ viết tắt,Thư điện tử\n"
        "1,Ủy ban nhân dân phường Hoàn Kiếm,UBND phường Hoàn Kiếm,commune,00070,,hk@hanoi.gov.vn\n"
        "2,Sở A,,,,SA-HN,\n"
        "3,Sở B,,,,,\n",
        bom=True,
    )
    code, out, err = run(["agencies", "import", table, "--data", mini])
    assert code == 0, err
    assert "Bỏ qua cột “STT”." in err
    assert out.splitlines() == [
        "Đã thêm agencies/uy-ban-nhan-dan-phuong-hoan-kiem.yaml",
        "Đã cập nhật agencies/so-a.yaml",
        "Đã thêm 1, cập nhật 1, giữ nguyên 1 cơ quan.",
    ]
    new = (mini / "agencies/uy-ban-nhan-dan-phuong-hoan-kiem.yaml").read_text(encoding="utf-8")
    assert new == (
        "# yaml-language-server: $schema=../../schemas/agency.schema.json\n"
        "name: Ủy ban nhân dân phường Hoàn Kiếm\n"
        "short_name: UBND phường Hoàn Kiếm\n"
        "kind: commune\n"
        'code: "00070"\n'
        "email: hk@hanoi.gov.vn\n"
    )
    assert (mini / "agencies/so-a.yaml").read_text(encoding="utf-8") == (
        "name: Sở A\nshort_name: SA\nkind: department\nabbreviation: SA-HN\n"
    )
    ds = load(mini)
    assert ds.agencies["so-a"].abbreviation == "SA-HN"
    assert run(["validate", "--data", mini])[0] == 0
    assert run(["fmt", "--check", mini])[0] == 0
    # the same file again: nothing changes
    code, out, _ = run(["agencies", "import", table, "--data", mini])
    assert out.splitlines() == ["Đã thêm 0, cập nhật 0, giữ nguyên 3 cơ quan."]


def test_xlsx_with_english_headers_slug_column_and_kind_label(mini, tmp_path):
    table = xlsx_file(
        tmp_path,
        [
            ["Slug", "Name", "Short name", "Kind", "Code", "Abbreviation", "E-mail"],
            [
                "phuong-ba-dinh",
                "Ủy ban nhân dân phường Ba Đình",
                "UBND phường Ba Đình",
                "UBND phường, xã",
                "00004",
                None,
                None,
            ],
            [None, None, None, None, None, None, None],
            [
                "so-moi",
                "Sở Mới",
                "Sở Mới",
                "sở, ban, ngành Thành phố",
                None,
                "SM",
                "sm@hanoi.gov.vn",
            ],
        ],
    )
    code, out, err = run(["agencies", "import", table, "--data", mini])
    assert code == 0, err
    assert out.splitlines()[-1] == "Đã thêm 2, cập nhật 0, giữ nguyên 0 cơ quan."
    ds = load(mini)
    assert ds.agencies["phuong-ba-dinh"].kind == "commune"
    assert ds.agencies["phuong-ba-dinh"].code == "00004"
    assert ds.agencies["so-moi"].kind == "department"
    assert ds.agencies["so-moi"].email == "sm@hanoi.gov.vn"


def test_dry_run_writes_nothing(mini, tmp_path):
    before = snapshot(mini)
    table = csv_file(tmp_path, "name,kind\nSở C,department\n")
    code, out, _ = run(["agencies", "import", table, "--dry-run", "--data", mini])
    assert code == 0
    assert out.splitlines() == [
        "Sẽ thêm agencies/so-c.yaml",
        "Chạy thử: sẽ thêm 1, cập nhật 0, giữ nguyên 0 cơ quan; chưa ghi gì.",
    ]
    assert snapshot(mini) == before


def test_any_bad_row_writes_nothing_and_names_row_and_column(mini, tmp_path):
    before = snapshot(mini)
    table = csv_file(
        tmp_path,
        "Tên;Loại;Mã chính thức;Thư điện tử;Mã tệp\n"  # Excel in Vietnamese: ";" separated
        "Sở C;department;;;\n"  # good: would be added
        "Sở D;ministry;;;\n"
        "UBND xã E;commune;70;;\n"
        "Sở F;department;;not-an-address;\n"
        "Sở G;;;;\n"
        "Sở H;department;;;Sở H\n"
        "Sở C;department;;;\n",
    )
    code, out, err = run(["agencies", "import", table, "--data", mini])
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{table}:3: cột “Loại”: loại “ministry” không có; chọn một trong: ")
    assert lines[1].startswith(f"{table}:4: cột “Mã chính thức”: mã đơn vị hành chính")
    assert (
        lines[2] == f"{table}:5: cột “Thư điện tử”: “not-an-address” không phải địa chỉ thư điện tử"
    )
    assert lines[3] == f"{table}:6: cột “Loại”: cơ quan mới “so-g” cần có loại"
    assert lines[4].startswith(f"{table}:7: cột “Mã tệp”: “Sở H” không phải mã tệp hợp lệ")
    assert lines[5] == f"{table}:8: cột “Mã tệp”: cơ quan “so-c” đã có ở dòng 2"
    assert lines[6] == "ttdn: không ghi gì: 6 dòng có lỗi; hãy sửa rồi nhập lại."
    assert snapshot(mini) == before


def test_control_characters_are_refused_naming_the_cell(mini, tmp_path):
    before = snapshot(mini)
    table = xlsx_file(
        tmp_path, [["Tên", "Loại"], ["Sở\nC", "department"], ["Sở\u200bD", "department"]]
    )
    code, _, err = run(["agencies", "import", table, "--data", mini])
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{table}:2: ô A2 (cột “Tên”): có ký tự điều khiển hoặc ký tự ẩn (U+000A); hãy xoá ký tự này",
        f"{table}:3: ô A3 (cột “Tên”): có ký tự điều khiển hoặc ký tự ẩn (U+200B); hãy xoá ký tự này",
    ]
    assert snapshot(mini) == before


def test_text_is_normalised_to_nfc(mini, tmp_path):
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    table = csv_file(tmp_path, f"Tên,Loại\n{nfd},department\n")
    assert run(["agencies", "import", table, "--data", mini])[0] == 0
    text = (mini / "agencies/so-noi-vu.yaml").read_text(encoding="utf-8")
    assert "name: Sở Nội vụ\n" in text and unicodedata.is_normalized("NFC", text)


def test_an_update_keeps_comments_and_is_canonical(mini, tmp_path):
    path = mini / "agencies/so-b.yaml"
    path.write_text(
        "# Sở B: ghi chú đầu tệp\nname: Sở B\n# tên ngắn dùng trong bảng\nshort_name: SB  # ngắn\n"
        "kind: department\nnote: Ghi chú\n",
        encoding="utf-8",
    )
    table = csv_file(tmp_path, "slug,short name,email\nso-b,Sở Bê,b@hanoi.gov.vn\n")
    code, out, err = run(["agencies", "import", table, "--data", mini])
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert text == (
        "# Sở B: ghi chú đầu tệp\nname: Sở B\n# tên ngắn dùng trong bảng\nshort_name: Sở Bê  # ngắn\n"
        "kind: department\nemail: b@hanoi.gov.vn\nnote: Ghi chú\n"
    )
    assert format_text(text, "agencies/so-b.yaml") == text


def test_data_errors_caused_by_the_import_write_nothing(mini, tmp_path):
    """A new agency named like an existing one under another slug is fine; a file that
    cannot be read is reported and nothing is written."""
    (mini / "agencies/so-b.yaml").write_text("name: Sở B\nshort_name: [SB\n", encoding="utf-8")
    before = snapshot(mini)
    table = csv_file(tmp_path, "slug,email\nso-b,b@hanoi.gov.vn\n")
    code, _, err = run(["agencies", "import", table, "--data", mini])
    assert code == 1
    assert "tệp agencies/so-b.yaml đang có lỗi" in err
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ds.txt", b"name\n", "chỉ nhập được tệp .csv hoặc .xlsx"),
        ("ds.csv", "Tên\n".encode("cp1258"), "không phải UTF-8"),
        ("ds.csv", b"STT,Ghi chu\n1,x\n", "không thấy cột tên cơ quan"),
        ("ds.csv", "Tên,Name\nA,B\n".encode(), "hai cột cùng là “Tên” và “Name”"),
        ("ds.xlsx", b"not a workbook", "không đọc được"),
    ],
)
def test_unusable_files_are_usage_errors(mini, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(["agencies", "import", path, "--data", mini])
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("ttdn: lỗi: ") and message in err
    assert run(["agencies", "import", tmp_path / "absent.csv", "--data", mini])[0] == 2


def test_a_held_lock_makes_the_import_wait_then_refuse(mini, tmp_path, monkeypatch):
    from filelock import FileLock

    from ttdn.data.fsutil import LOCK_NAME

    monkeypatch.setenv("TTDN_LOCK_TIMEOUT", "0.2")
    table = csv_file(tmp_path, "name,kind\nSở C,department\n")
    with FileLock(mini / LOCK_NAME):
        code, _, err = run(["agencies", "import", table, "--data", mini])
    assert code == 1
    assert "một lệnh ttdn khác đang ghi vào thư mục dữ liệu" in err
    assert not (mini / "agencies/so-c.yaml").exists()
    assert run(["agencies", "import", table, "--data", mini])[0] == 0
