"""Excel export and import: the workbook as an agency sees it, and filled-in rows recorded
exactly as ``ttdn progress set`` records them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.conftest import SHIPPED
from tests.test_status import run
from ttdn.domain.model import INDICATORS, STATUS_LABELS
from ttdn.edit.demo import make_demo
from ttdn.outputs.xlsx.columns import HEADER_ROW, OVERDUE_FILL, SAMPLE_MARK

PLAN_HEADERS = [
    "TT",
    "Nội dung, quy mô công việc",
    "Tiến độ thời gian",
    "Cơ quan phụ trách",
    "Cơ quan phối hợp",
]
STATUS_HEADERS = ["Hạn", "Trạng thái", "Cập nhật lần cuối", "Kết quả"]
FORM_HEADERS = ["Mã nhiệm vụ", "Trạng thái mới", "Ngày", "Kết quả", "Ghi chú"]


def export(args: list[str], out: Path) -> openpyxl.Workbook:
    code, stdout, err = run(["export", "xlsx", "-o", str(out), *args])
    assert code == 0, err
    assert str(out) in stdout
    return openpyxl.load_workbook(out)


def headers(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW]]


def task_rows(ws) -> dict[str, int]:
    """task id → row number."""
    col = headers(ws).index("Mã nhiệm vụ") + 1
    return {
        ws.cell(r, col).value: r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(r, col).value
    }


def fill(ws, task: str, **values) -> int:
    """Write into the fill-in columns of ``task``'s row, as an agency would in Excel."""
    hdr = headers(ws)
    first = hdr.index("Mã nhiệm vụ")
    col = {h: i + 1 for i, h in enumerate(hdr) if i > first}
    row = task_rows(ws)[task]
    names = {
        "status": "Trạng thái mới",
        "date": "Ngày",
        "result": "Kết quả",
        "note": "Ghi chú",
    }
    names.update({k: f"{v[:1].upper()}{v[1:]} (luỹ kế)" for k, v in INDICATORS.items()})
    for key, value in values.items():
        ws.cell(row, col[names[key]]).value = value
    return row


@pytest.fixture
def pg(tmp_path) -> Path:
    make_demo(SHIPPED, tmp_path / "pg")
    return tmp_path / "pg"


def progress_files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.glob("plans/*/progress/*")}


# ------------------------------------------------------------------ export


def test_whole_city_plan(tmp_path):
    out = tmp_path / "ke-hoach.xlsx"
    wb = export(["--as-of", "2026-07-01", "--data", str(SHIPPED)], out)
    assert wb.sheetnames == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert sum(len(task_rows(ws)) for ws in wb.worksheets) == 49
    ws = wb["I"]
    hdr = headers(ws)
    assert hdr[:5] == PLAN_HEADERS and hdr[5:9] == STATUS_HEADERS
    assert hdr[9:14] == FORM_HEADERS
    assert hdr[14:] == [f"{v[:1].upper()}{v[1:]} (luỹ kế)" for v in INDICATORS.values()]
    title = ws["A1"].value
    assert "Kế hoạch tổ chức hoạt động thông tin đối ngoại thành phố Hà Nội năm 2026" in title
    assert "01/07/2026" in ws["A2"].value
    assert SAMPLE_MARK not in title + ws["A2"].value  # the shipped data is real
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    id_col = get_column_letter(hdr.index("Mã nhiệm vụ") + 1)
    assert ws.column_dimensions[id_col].hidden
    assert ws.column_dimensions["B"].width > 40
    rows = task_rows(ws)
    r1, r4 = rows["vhtt-01"], rows["vhtt-04"]  # Tháng 1 (late on 1/7), Năm 2026
    due = ws.cell(r1, hdr.index("Hạn") + 1)
    assert isinstance(due.value, dt.datetime) and due.value.date() == dt.date(2026, 1, 31)
    assert due.number_format == "DD/MM/YYYY"
    assert ws.cell(r1, 1).value == "I.1"
    assert ws.cell(r1, 2).alignment.wrap_text
    status = ws.cell(r1, hdr.index("Trạng thái") + 1).value
    assert status == "chưa ghi nhận — quá hạn 151 ngày"
    assert ws.cell(r1, 1).fill.fgColor.rgb.endswith(OVERDUE_FILL)
    assert not ws.cell(r4, 1).fill.fgColor.rgb.endswith(OVERDUE_FILL)
    dv = ws.data_validations.dataValidation
    lists = [v for v in dv if v.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(STATUS_LABELS.values()) + '"'
    new_status = get_column_letter(hdr.index("Trạng thái mới") + 1)
    assert f"{new_status}{HEADER_ROW + 1}" in str(lists[0].sqref)


def test_agency_workbook_in_playground(pg, tmp_path):
    out = tmp_path / "sdl.xlsx"
    data = pg / "data"
    city = ["--plan", "ha-noi-2026"]  # without it: Sở Du lịch's own plan (tests/test_trust.py)
    wb = export(
        ["--agency", "Sở Du lịch", *city, "--as-of", "2026-07-01", "--data", str(data)], out
    )
    assert wb.sheetnames == ["Nhiệm vụ", "Báo cáo"]
    ws = wb["Nhiệm vụ"]
    assert list(task_rows(ws)) == [f"dl-0{i}" for i in range(1, 9)]
    assert SAMPLE_MARK in ws["A1"].value  # sample progress in the playground
    hdr = headers(ws)
    assert "Vai trò" in hdr
    # statuses rolled up from Sở Du lịch's own plan; III.3 is done there
    r3 = task_rows(ws)["dl-03"]
    assert ws.cell(r3, hdr.index("Trạng thái") + 1).value == "hoàn thành *"
    last = ws.cell(r3, hdr.index("Cập nhật lần cuối") + 1).value
    assert last.date() == dt.date(2026, 5, 15)
    rep = wb["Báo cáo"]
    rows = [[c.value for c in r] for r in rep.iter_rows(min_row=HEADER_ROW + 1)]
    assert [r[0] for r in rows] == ["Báo cáo 6 tháng", "Báo cáo năm"]
    assert rows[0][1].date() == dt.date(2026, 6, 20) and rows[0][2] == "đã gửi đúng hạn"
    assert rows[0][3].date() == dt.date(2026, 6, 15)
    # the agency plan: the same 8 tasks, under their own ids
    wb = export(
        ["-a", "so-du-lich", "--plan", "so-du-lich-2026", "--as-of", "2026-07-01"]
        + ["--data", str(data)],
        tmp_path / "sdl2.xlsx",
    )
    assert list(task_rows(wb["Nhiệm vụ"])) == [f"dl-0{i}-1" for i in range(1, 9)]


def test_coordinated_tasks_are_on_the_agency_sheet(tmp_path):
    wb = export(
        ["-a", "ban-tuyen-giao-va-dan-van-thanh-uy", "--as-of", "2026-07-01"]
        + ["--data", str(SHIPPED)],
        tmp_path / "bt.xlsx",
    )
    ws = wb["Nhiệm vụ"]
    hdr = headers(ws)
    roles = {ws.cell(r, hdr.index("Vai trò") + 1).value for r in task_rows(ws).values()}
    assert roles == {"phối hợp"} and "vhtt-01" in task_rows(ws)
    assert "không thuộc diện báo cáo" in wb["Báo cáo"].cell(HEADER_ROW + 1, 1).value


def test_export_refuses_wrong_suffix_and_keeps_existing_file(tmp_path):
    out = tmp_path / "x.xls"
    code, _, err = run(["export", "xlsx", "-o", str(out), "--data", str(SHIPPED)])
    assert code == 2 and ".xlsx" in err and not out.exists()


# ------------------------------------------------------------------ import


STEPS = [
    # (task, progress set options, the same as filled in Excel)
    (
        "dl-01-1",
        [
            "--status",
            "done",
            "--date",
            "2026-07-02",
            "--result",
            "Đăng 40 tin, bài; 2 phóng sự",
            "-i",
            "news_articles=40",
            "-i",
            "reach=250000",
        ],
        {
            "status": "hoàn thành",
            "date": dt.datetime(2026, 7, 2),
            "result": "Đăng 40 tin, bài; 2 phóng sự",
            "news_articles": 40,
            "reach": 250000,
        },
    ),
    (
        "dl-05-1",
        ["--status", "cancelled", "--date", "2026-07-03", "--note", "Không bố trí được kinh phí"],
        {"status": "hủy bỏ", "date": "03/07/2026", "note": "Không bố trí được kinh phí"},
    ),
    (
        "dl-08-1",
        [
            "--status",
            "in_progress",
            "--date",
            "2026-07-04",
            "--result",
            "Đã có lịch 2 đoàn",
            "--note",
            "Chờ kinh phí",
            "-i",
            "delegations=2",
        ],
        {
            "status": "Đang thực hiện",
            "date": dt.date(2026, 7, 4),
            "result": "Đã có lịch 2 đoàn",
            "note": "Chờ kinh phí",
            "delegations": "2",
        },
    ),
]


def test_round_trip_equals_progress_set(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_demo(SHIPPED, a)
    make_demo(SHIPPED, b)
    # a: export, fill in as Sở Du lịch would, import
    book = tmp_path / "sdl.xlsx"
    plan = ["--plan", "so-du-lich-2026"]
    wb = export(
        ["-a", "so-du-lich", *plan, "--as-of", "2026-07-01", "--data", str(a / "data")], book
    )
    ws = wb["Nhiệm vụ"]
    for task, _, values in STEPS:
        fill(ws, task, **values)
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(a / "data")])
    assert code == 0, err
    assert out.count("Đã ghi tiến độ") == 3
    # b: the same with progress set
    for task, options, _ in STEPS:
        code, _, err = run(
            [
                "progress",
                "set",
                task,
                *plan,
                "-a",
                "so-du-lich",
                *options,
                "--data",
                str(b / "data"),
            ]
        )
        assert code == 0, err
    assert progress_files(a / "data") == progress_files(b / "data")
    rel = "plans/so-du-lich-2026/progress/so-du-lich.yaml"
    assert progress_files(a / "data")[rel] != (
        subprocess.run(
            ["git", "show", f"HEAD:data/{rel}"], cwd=a, capture_output=True, check=True
        ).stdout
    )
    assert run(["validate", "--data", str(a / "data")])[0] == 0


def test_round_trip_whole_plan_several_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_demo(SHIPPED, a)
    make_demo(SHIPPED, b)
    book = tmp_path / "kh.xlsx"
    wb = export(["--as-of", "2026-07-01", "--data", str(a / "data")], book)
    fill(wb["I"], "vhtt-02", status="hoàn thành", date=dt.datetime(2026, 7, 5), result="Xong")
    fill(wb["V"], "ct-01", status="đang thực hiện", date=dt.datetime(2026, 7, 6), events=2)
    fill(wb["I"], "vhtt-03", status="tạm dừng", date=dt.datetime(2026, 7, 7))
    wb.save(book)
    code, _, err = run(["import", "xlsx", str(book), "--data", str(a / "data")])
    assert code == 0, err
    for args in (
        ["vhtt-02", "-s", "done", "--date", "2026-07-05", "--result", "Xong"],
        ["vhtt-03", "-s", "paused", "--date", "2026-07-07"],
        ["ct-01", "-s", "in_progress", "--date", "2026-07-06", "-i", "events=2"],
    ):
        code, _, err = run(["progress", "set", *args, "--data", str(b / "data")])
        assert code == 0, err
    files = progress_files(a / "data")
    assert files == progress_files(b / "data")
    assert "plans/ha-noi-2026/progress/so-cong-thuong.yaml" in files


def test_one_bad_row_writes_nothing(pg, tmp_path):
    data = pg / "data"
    before = progress_files(data)
    book = tmp_path / "kh.xlsx"
    wb = export(["--as-of", "2026-07-01", "--data", str(data)], book)
    fill(wb["I"], "vhtt-02", status="hoàn thành", date=dt.datetime(2026, 7, 5))
    row = fill(wb["III"], "dl-02", status="xong", date=dt.datetime(2026, 7, 5))
    assert row == 7
    fill(wb["III"], "dl-03", status="hoàn thành", date="31/02/2026", videos="-3")
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 1
    assert (
        "Trang tính III, dòng 7: trạng thái “xong” không hợp lệ; chọn: chưa triển khai, "
        "đang thực hiện, hoàn thành, tạm dừng, huỷ bỏ" in err
    )
    assert "Trang tính III, dòng 8: ngày “31/02/2026” không hợp lệ" in err
    assert "Trang tính III, dòng 8: chỉ tiêu “Video, clip” phải là số nguyên không âm" in err
    assert "không ghi gì: 2 dòng có lỗi" in err
    assert "Traceback" not in err and out == ""
    assert progress_files(data) == before
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=pg, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_dry_run_and_mismatches_write_nothing(pg, tmp_path):
    data = pg / "data"
    before = progress_files(data)
    book = tmp_path / "sdl.xlsx"
    city = ["--plan", "ha-noi-2026"]
    wb = export(["-a", "so-du-lich", *city, "--as-of", "2026-07-01", "--data", str(data)], book)
    fill(wb["Nhiệm vụ"], "dl-04", status="hoàn thành", date=dt.datetime(2026, 7, 5))
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--dry-run", "--data", str(data)])
    assert code == 0, err
    assert "Sẽ ghi tiến độ dl-04 (done) ngày 05/07/2026" in out and "chưa ghi gì" in out
    # the city task III.4 is rolled up from Sở Du lịch's own plan: say so
    assert "so-du-lich-2026" in err
    code, _, err = run(["import", "xlsx", str(book), "-a", "so-cong-thuong", "--data", str(data)])
    assert code == 2 and "so-du-lich" in err
    code, _, err = run(
        ["import", "xlsx", str(book), "--plan", "so-du-lich-2026", "--data", str(data)]
    )
    assert code == 2 and "ha-noi-2026" in err
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_text("không phải Excel", encoding="utf-8")
    code, _, err = run(["import", "xlsx", str(not_xlsx), "--data", str(data)])
    assert code == 2 and "không đọc được" in err
    assert progress_files(data) == before


def test_unfilled_workbook_records_nothing(pg, tmp_path):
    book = tmp_path / "kh.xlsx"
    export(["--as-of", "2026-07-01", "--data", str(pg / "data")], book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(pg / "data")])
    assert code == 0, err
    assert "Không có dòng nào được điền" in out


def test_cli_import_does_not_load_openpyxl():
    code = (
        "import sys, ttdn.cli\n"
        "bad = [m for m in ('openpyxl', 'docx', 'docxtpl', 'jinja2') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
