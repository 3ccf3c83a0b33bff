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


def rows_by(ws, header: str) -> dict[str, int]:
    """value of the (hidden) column ``header`` → row number."""
    col = headers(ws).index(header) + 1
    return {
        ws.cell(r, col).value: r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(r, col).value
    }


def task_rows(ws) -> dict[str, int]:
    """task id → row number."""
    return rows_by(ws, "Mã nhiệm vụ")


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


def test_dry_run_refuses_what_the_import_would_refuse(pg, tmp_path):
    """A dry run checks the rows as the import does (the whole file validated): a status
    going back from done without a note is refused by both, and nothing is written."""
    data = pg / "data"
    before = progress_files(data)
    book = tmp_path / "sdl.xlsx"
    wb = export(["-a", "so-du-lich", "--data", str(data)], book)
    fill(wb["Nhiệm vụ"], "dl-03-1", status="đang thực hiện", date=dt.datetime(2026, 11, 30))
    wb.save(book)
    dry = run(["import", "xlsx", str(book), "--dry-run", "--data", str(data)])
    real = run(["import", "xlsx", str(book), "--data", str(data)])
    assert dry[0] == real[0] == 1
    assert "status-regression" in dry[2] and dry[2] == real[2]
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


# ------------------------------------------------------------------ the sheet "Báo cáo"

LH = "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi"
REPORT_FILL_IN = [
    "Ngày gửi",
    "Số, ký hiệu",
    "Tệp đính kèm",
    "Ưu điểm",
    "Hạn chế",
    "Nguyên nhân",
    "Phương hướng",
    "Kiến nghị",
]


def report_rows(ws) -> dict[str, int]:
    """period id (hidden column) → row number."""
    return rows_by(ws, "Mã kỳ báo cáo")


def fill_report(ws, period: str, **values) -> int:
    """Write into the fill-in columns of the report ``period``'s row, by header."""
    col = {h: i + 1 for i, h in enumerate(headers(ws))}
    row = report_rows(ws)[period]
    for header, value in values.items():
        ws.cell(row, col[header]).value = value
    return row


def git_status(repo: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def test_report_sheet_has_fill_in_columns_pre_filled(pg, tmp_path):
    wb = export(
        ["-a", "so-du-lich", "--plan", "ha-noi-2026", "--as-of", "2026-07-01"]
        + ["--data", str(pg / "data")],
        tmp_path / "sdl.xlsx",
    )
    ws = wb["Báo cáo"]
    hdr = headers(ws)
    assert hdr[:3] == ["Kỳ báo cáo", "Hạn (gửi trước ngày)", "Tình trạng"]
    assert hdr[3:11] == REPORT_FILL_IN and hdr[11] == "Mã kỳ báo cáo"
    assert ws.column_dimensions[get_column_letter(12)].hidden
    # marked like the task sheet's fill-in part
    assert ws.cell(HEADER_ROW - 1, 4).value == "PHẦN CƠ QUAN ĐIỀN"
    tasks = wb["Nhiệm vụ"]
    form = headers(tasks).index("Trạng thái mới") + 1
    assert tasks.cell(HEADER_ROW, form).fill.fgColor.rgb == ws.cell(HEADER_ROW, 4).fill.fgColor.rgb
    assert list(report_rows(ws)) == ["H1", "annual"]
    # Sở Du lịch's H1 report is recorded in its own plan: shown, narrative included
    row = [c.value for c in ws[HEADER_ROW + 1]]
    assert row[3].date() == dt.date(2026, 6, 15) and row[4] == "125/BC-SDL (mẫu)"
    assert row[6] == "Truyền thông du lịch trên mạng xã hội tăng mạnh về lượt tiếp cận."
    assert row[10] == "Đề nghị bổ sung kinh phí dịch thuật."
    assert [c.value for c in ws[HEADER_ROW + 2]][3:11] == [None] * 8
    dates = [v for v in ws.data_validations.dataValidation if v.type == "date"]
    assert len(dates) == 1 and str(dates[0].sqref) == f"D{HEADER_ROW + 1}:D{HEADER_ROW + 2}"
    assert dates[0].showInputMessage and "15/06/2026" in dates[0].prompt


def test_report_sheet_round_trip_and_dry_run_write_nothing(pg, tmp_path):
    data = pg / "data"
    before = progress_files(data)
    book = tmp_path / "sdl.xlsx"
    export(["-a", "so-du-lich", "--plan", "ha-noi-2026", "--as-of", "2026-07-01"]
           + ["--data", str(data)], book)  # fmt: skip
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 0, err
    assert "Bỏ qua 1 dòng báo cáo đã được ghi đúng như vậy từ trước" in out
    assert "Đã ghi" not in out
    assert progress_files(data) == before and git_status(pg) == ""
    wb = openpyxl.load_workbook(book)
    fill_report(wb["Báo cáo"], "H1", **{"Nguyên nhân": "Kinh phí được giao muộn."})
    fill_report(wb["Báo cáo"], "annual", **{"Ưu điểm": "Lượt tiếp cận tăng."})
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--dry-run", "--data", str(data)])
    assert code == 0, err
    # recorded where the report is (Sở Du lịch's own plan), else in the exported plan
    assert (
        "Sẽ ghi báo cáo 6 tháng (Nguyên nhân) của Sở Du lịch vào "
        "plans/so-du-lich-2026/progress/so-du-lich.yaml" in out
    )
    assert (
        "Sẽ ghi báo cáo năm (Ưu điểm) của Sở Du lịch vào "
        "plans/ha-noi-2026/progress/so-du-lich.yaml" in out
    )
    assert "chưa ghi gì" in out
    assert progress_files(data) == before and git_status(pg) == ""


def test_report_and_narrative_recorded_from_the_sheet(pg, tmp_path):
    data = pg / "data"
    book = tmp_path / "lh.xlsx"
    as_of = ["--as-of", "2026-07-01"]
    wb = export(["-a", LH, *as_of, "--data", str(data)], book)
    fill(wb["Nhiệm vụ"], "lhhn-01", status="đang thực hiện", date=dt.datetime(2026, 6, 10))
    fill_report(
        wb["Báo cáo"],
        "H1",
        **{
            "Ngày gửi": "15/06/2026",  # typed as text, dd/mm/yyyy
            "Số, ký hiệu": "125/BC-LHHN",
            "Tệp đính kèm": "bao-cao/lhhn-6-thang.pdf",
            "Ưu điểm": "Tổ chức tốt các hoạt động hữu nghị.",
            "Hạn chế": "Nhân lực còn mỏng.",
            "Kiến nghị": "Bổ sung kinh phí.",
        },
    )
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 0, err
    rel = f"plans/ha-noi-2026/progress/{LH}.yaml"
    assert f"Đã ghi tiến độ lhhn-01 (in_progress) ngày 10/06/2026 vào {rel}" in out
    assert (
        "Đã ghi báo cáo 6 tháng (gửi ngày 15/06/2026, số 125/BC-LHHN, tệp "
        "bao-cao/lhhn-6-thang.pdf; Ưu điểm, Hạn chế, Kiến nghị) của Liên hiệp các tổ chức "
        f"hữu nghị thành phố Hà Nội vào {rel}" in out
    )
    assert run(["validate", "--data", str(data)])[0] == 0
    assert run(["fmt", "--check", str(data)])[0] == 0
    # the same as the commands write
    text = (data / rel).read_text(encoding="utf-8")
    assert "  - period: H1\n    submitted: 2026-06-15\n    number: 125/BC-LHHN\n" in text
    code, out, err = run(["status", "-a", LH, *as_of, "--format", "json", "--data", str(data)])
    assert code == 0, err
    import json

    (h1,) = [r for r in json.loads(out)["reports"] if r["period"] == "H1"]
    assert h1["state"] == "submitted" and h1["submitted"] == "2026-06-15"
    assert h1["number"] == "125/BC-LHHN"
    docx_path = tmp_path / "lh.docx"
    code, _o, err = run(
        ["report", "--period", "2026-H1", "--agency", LH, *as_of, "--data", str(data)]
        + ["-o", str(docx_path)]
    )
    assert code == 0, err
    import docx

    doc = docx.Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    for want in ("Tổ chức tốt các hoạt động hữu nghị.", "Nhân lực còn mỏng.", "Bổ sung kinh phí."):
        assert want in text
    assert "[Cơ quan bổ sung: nguyên nhân của hạn chế]" in text  # not filled in: marked
    # exported again, the sheet shows what was recorded; imported again, nothing is written
    again = tmp_path / "lh2.xlsx"
    wb = export(["-a", LH, *as_of, "--data", str(data)], again)
    assert fill_report(wb["Báo cáo"], "H1") == HEADER_ROW + 1
    before = progress_files(data)
    code, out, err = run(["import", "xlsx", str(again), "--data", str(data)])
    assert code == 0, err
    assert "Bỏ qua 1 dòng báo cáo" in out and progress_files(data) == before


def test_bad_report_row_writes_nothing(pg, tmp_path):
    data = pg / "data"
    before = progress_files(data)
    book = tmp_path / "lh.xlsx"
    wb = export(["-a", LH, "--as-of", "2026-07-01", "--data", str(data)], book)
    fill(wb["Nhiệm vụ"], "lhhn-01", status="hoàn thành", date=dt.datetime(2026, 6, 10))  # good
    ws = wb["Báo cáo"]
    fill_report(ws, "H1", **{"Ngày gửi": "31/02/2026", "Số, ký hiệu": "12/BC-SDL"})
    fill_report(ws, "annual", **{"Số, ký hiệu": "30/BC-LHHN"})  # no date sent
    col = headers(ws).index("Mã kỳ báo cáo") + 1
    ws.cell(HEADER_ROW + 2, col).value = "Q3"  # a period the plan does not have
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 1
    assert (
        "Trang tính Báo cáo, dòng 6: ngày gửi “31/02/2026” không hợp lệ; ghi theo dạng "
        "ngày/tháng/năm, ví dụ 15/06/2026" in err
    )
    assert "Trang tính Báo cáo, dòng 7: kế hoạch “ha-noi-2026” không có kỳ báo cáo “Q3”" in err
    assert "không ghi gì: 2 dòng có lỗi" in err
    assert "Traceback" not in err and out == ""
    assert progress_files(data) == before and git_status(pg) == ""
    # the period fixed: no date sent with a number is an error too
    ws.cell(HEADER_ROW + 2, col).value = "annual"
    fill_report(ws, "H1", **{"Ngày gửi": dt.datetime(2026, 6, 15)})
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 1
    assert "Trang tính Báo cáo, dòng 7: thiếu “Ngày gửi”" in err
    assert progress_files(data) == before and git_status(pg) == ""
    # a number with another agency's symbol: recorded, with a warning
    fill_report(ws, "annual", **{"Số, ký hiệu": None})
    wb.save(book)
    code, out, err = run(["import", "xlsx", str(book), "--data", str(data)])
    assert code == 0, err
    assert (
        "Lưu ý: Trang tính Báo cáo, dòng 6: số văn bản “12/BC-SDL” có ký hiệu “BC-SDL”, không "
        "phải ký hiệu báo cáo của Liên hiệp các tổ chức hữu nghị thành phố Hà Nội (“BC-LHHN”)"
        in err
    )
    assert "Đã ghi tiến độ lhhn-01" in out and "Đã ghi báo cáo 6 tháng" in out
