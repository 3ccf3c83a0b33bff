"""``ttdn plan import``: the signed plan (.txt, .docx, .pdf) back to the shipped ha-noi-2026."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run
from ttdn.data.loader import load
from ttdn.edit.plan_import.appendix import join_lines

SEED = next(
    (
        p / "shared" / "seed" / "ke-hoach-ttdn-ha-noi-2026.txt"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "seed").is_dir()
    ),
    Path("shared/seed/ke-hoach-ttdn-ha-noi-2026.txt"),
)
FIELDS = ("ref", "content", "timeline", "lead", "coordinators", "coordinator_groups")


def _tasks(root: Path, plan_id: str) -> list[dict]:
    pd = load(root).plans[plan_id]
    return [{f: getattr(tr.task, f) for f in FIELDS} for tr in pd.tasks.values()]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped agencies and groups, without the plan (imports must not need it)."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED / "agencies", root / "agencies")
    shutil.copy(SHIPPED / "groups.yaml", root / "groups.yaml")
    (root / "plans").mkdir()
    return root


def _import(data: Path, source: Path, plan_id: str = "ha-noi-2026") -> tuple[int, str, str]:
    return run(["plan", "import", str(source), "--id", plan_id, "--data", str(data)])


def _body(root: Path, plan_id: str) -> dict:
    """The plan's body as written, less what only the shipped transcript knows: where its
    copy of the appendix ends, and the standing duties structured by hand from section IV's
    prose (the document prints no such items; the imported plan has none yet)."""
    body = load(root).plans[plan_id].plan.model_dump(mode="json")
    body["appendix"] = {k: body["appendix"][k] for k in ("title", "subtitle")}
    body.pop("standing_duties", None)
    return body


def _same_as_shipped(data: Path) -> None:
    got_body, want_body = _body(data, "ha-noi-2026"), _body(SHIPPED, "ha-noi-2026")
    assert list(got_body) == list(want_body)
    for key, want in want_body.items():
        assert got_body[key] == want, key
    got = _tasks(data, "ha-noi-2026")
    want = _tasks(SHIPPED, "ha-noi-2026")
    assert len(got) == len(want) == 49
    for g, w in zip(got, want, strict=True):
        assert g == w, w["ref"]
    code, out, err = run(["validate", "--data", str(data)])
    assert code == 0, out + err


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the checkout")
def test_the_seed_text_imports_to_the_shipped_tasks(data):
    code, out, err = _import(data, SEED)
    assert code == 0, err
    _same_as_shipped(data)
    review = (data / "plans" / "ha-noi-2026" / "import-review.md").read_text(encoding="utf-8")
    assert review in out  # printed too
    assert "III.5" in review and "“Các cơ quan,”" in review  # the cut coordinator cell
    assert "“19”" in review  # a page number dropped from the middle of VIII.3


def _plan_docx(path: Path) -> Path:
    """The shipped plan written as such plans are printed: heading paragraphs, then the
    appendix as a Word table with merged section rows and multi-paragraph cells."""
    import docx

    ds = load(SHIPPED)
    pd = ds.plans["ha-noi-2026"]
    plan = pd.plan
    d = docx.Document()
    # A running header and footer on every page: a PDF reader must drop them.
    d.sections[0].header.paragraphs[0].text = "Kế hoạch TTĐN thành phố Hà Nội năm 2026"
    d.sections[0].footer.paragraphs[0].text = "Bản in thử từ dữ liệu ttdn"
    d.add_paragraph("KẾ HOẠCH")
    subject = plan.title.removeprefix("Kế hoạch ")
    d.add_paragraph(subject[0].upper() + subject[1:])
    d.add_paragraph(plan.preamble)

    def items(texts: list[str]) -> None:
        for text in texts:
            d.add_paragraph(text if text.startswith("(") else f"- {text}")

    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("1. Mục đích")
    items(plan.purposes)
    d.add_paragraph("2. Yêu cầu")
    items(plan.requirements)
    d.add_paragraph("II. NỘI DUNG THỰC HIỆN")

    def content(sections) -> None:
        for cs in sections:
            d.add_paragraph(f"{cs.ref}. {cs.title}")
            items(cs.paragraphs)
            content(cs.subsections)

    content(plan.content)
    d.add_paragraph("III. KINH PHÍ THỰC HIỆN")
    items(plan.funding)
    d.add_paragraph("IV. TỔ CHỨC THỰC HIỆN")
    for duty in plan.implementation:
        d.add_paragraph(f"{duty.ref}. {duty.heading}")
        items(duty.duties)
    for text in plan.closing:
        d.add_paragraph(text)
    d.add_paragraph("Nơi nhận:")
    items(plan.recipients)
    for text in [*plan.signatory.authority, plan.signatory.title, "", plan.signatory.name]:
        d.add_paragraph(text)
    d.add_page_break()
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph(plan.appendix.title)
    d.add_paragraph(plan.appendix.subtitle)
    table = d.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    head = [
        "TT",
        "Nội dung, quy mô công việc",
        "Tiến độ thời gian",
        "Cơ quan phụ trách",
        "Cơ quan phối hợp",
    ]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for _rel, section in pd.sections:
        row = table.add_row()
        row.cells[0].text = section.section
        merged = row.cells[1].merge(row.cells[4])
        merged.text = section.title
        for t in section.tasks:
            cells = table.add_row().cells
            cells[0].text = t.ref.split(".")[1]
            paragraphs = t.content.split("\n")
            cells[1].text = paragraphs[0]
            for p in paragraphs[1:]:
                cells[1].add_paragraph(p)
            cells[2].text = t.timeline
            cells[3].text = t.lead_as_printed
            cells[4].text = t.coordinators_as_printed
    widths = [docx.shared.Cm(w) for w in (1.4, 7.6, 2.2, 3.0, 3.8)]
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = w
    d.save(path)
    return path


def test_a_word_original_imports_to_the_shipped_tasks(data, tmp_path):
    code, out, err = _import(data, _plan_docx(tmp_path / "ke-hoach.docx"))
    assert code == 0, err
    _same_as_shipped(data)


def _to_pdf(source: Path) -> Path:
    """``source`` (.docx) converted to PDF by LibreOffice, beside it."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if (soffice is None or pdftotext is None) and os.environ.get("CI") != "true":
        pytest.skip("needs LibreOffice and poppler (always run in CI)")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(source.parent / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


@pytest.mark.libreoffice
def test_the_word_original_as_pdf_imports_to_the_shipped_tasks(data, tmp_path):
    code, out, err = _import(data, _to_pdf(_plan_docx(tmp_path / "ke-hoach.docx")))
    assert code == 0, err
    _same_as_shipped(data)
    review = (data / "plans" / "ha-noi-2026" / "import-review.md").read_text(encoding="utf-8")
    # the running header and footer of every page, dropped once each and listed
    assert review.count("“Kế hoạch TTĐN thành phố Hà Nội năm 2026”") == 1, review
    assert "“Bản in thử từ dữ liệu ttdn”" in review


def test_never_overwrites_an_existing_plan(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root)
    code, out, err = _import(root, _plan_docx(tmp_path / "k.docx"))
    assert code == 1 and "đã có" in err and "Traceback" not in err


def _small_docx(path: Path, header: list[str] | None) -> Path:
    """A short plan; its appendix table has ``header`` as its first row (None: no appendix)."""
    import docx

    d = docx.Document()
    for text in ("KẾ HOẠCH", "Tổ chức hoạt động năm 2027", "I. MỤC ĐÍCH, YÊU CẦU"):
        d.add_paragraph(text)
    if header is not None:
        d.add_paragraph("PHỤ LỤC")
        d.add_paragraph("NHIỆM VỤ NĂM 2027")
        table = d.add_table(rows=3, cols=len(header))
        table.style = "Table Grid"
        rows = [header, ["I", *["SỞ DU LỊCH"] * (len(header) - 1)], ["1", "Việc", "Năm 2027"]]
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
    d.save(path)
    return path


@pytest.mark.parametrize("ext", ["docx", pytest.param("pdf", marks=pytest.mark.libreoffice)])
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, ["PHỤ LỤC", "Nội dung", "Tiến độ"]),
        (["TT", "Nội dung", "Ghi chú"], ["Tiến độ", "“TT Nội dung Ghi chú”"]),
    ],
    ids=["no-appendix", "unexpected-columns"],
)
def test_word_and_pdf_without_the_expected_table_write_nothing(
    data, tmp_path, ext, header, expected
):
    source = _small_docx(tmp_path / "thu.docx", header)
    if ext == "pdf":
        source = _to_pdf(source)
    code, out, err = _import(data, source, "x-2027")
    assert code == 1, out
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for text in expected:
        assert text in err
    assert not (data / "plans" / "x-2027").exists()


def test_no_appendix_writes_nothing(data, tmp_path):
    src = tmp_path / "thu.txt"
    src.write_text("KẾ HOẠCH\nTổ chức hoạt động năm 2027\n\nI. MỤC ĐÍCH\n", encoding="utf-8")
    code, out, err = _import(data, src, "x-2027")
    assert code == 1
    assert "PHỤ LỤC" in err and "Nội dung" in err and "Traceback" not in err
    assert not (data / "plans" / "x-2027").exists()


def test_unexpected_columns_write_nothing(data, tmp_path):
    src = tmp_path / "thu.txt"
    src.write_text(
        "KẾ HOẠCH năm 2027\n PHỤ LỤC\nNHIỆM VỤ\nTT Nội dung Ghi chú\n\nI SỞ DU LỊCH\n1 Việc Năm 2027 Sở Du lịch\n",
        encoding="utf-8",
    )
    code, out, err = _import(data, src, "x-2027")
    assert code == 1 and "Tiến độ" in err and "“TT Nội dung Ghi chú”" in err
    assert not (data / "plans" / "x-2027").exists()


def test_unresolved_names_stay_as_printed_and_validate_points_at_them(data, tmp_path):
    src = tmp_path / "thu.txt"
    src.write_text(
        "KẾ HOẠCH\nTổ chức hoạt động thông tin đối ngoại năm 2027\n PHỤ LỤC\nNHIỆM VỤ\n"
        "TT Nội dung, quy mô công việc Tiến độ\nthời gian\nCơ quan\nphụ trách\nCơ quan\nphối hợp\n\n"
        "I SỞ DU LỊCH\n1 Quảng bá du lịch. Quý II Sở VHTT Bộ Ngoại giao, các đơn vị liên quan\n"
        "2 Tuyên truyền. Năm 2027 Phòng Văn hoá xã Các cơ quan, đơn vị liên quan\n",
        encoding="utf-8",
    )
    code, out, err = _import(data, src, "x-2027")
    assert code == 0, err
    assert "“Bộ Ngoại giao”" in out
    ds = load(data)
    t1, t2 = (tr.task for tr in ds.plans["x-2027"].tasks.values())
    assert t1.lead == "so-van-hoa-va-the-thao" and t1.timeline == "Quý II"  # "Sở VHTT"
    assert t1.unresolved == ["Bộ Ngoại giao"] and t1.coordinator_groups == [
        "cac-co-quan-don-vi-lien-quan"
    ]
    assert t2.lead is None
    code, out, err = run(["validate", "--data", str(data)])
    assert code == 1
    assert out.count("error[unresolved-name]") == 2, out


def test_join_lines_keeps_paragraphs_and_hyphenated_words():
    assert join_lines(["Văn hiến ", "- Văn minh."]) == "Văn hiến - Văn minh."
    assert join_lines(["từ 1-", "2 làng nghề."]) == "từ 1-2 làng nghề."
    assert join_lines(["Một câu.", "Tăng cường", "- Hai"]) == "Một câu.\nTăng cường - Hai"


def test_a_stated_number_and_date_are_read_and_need_no_note():
    import datetime as dt

    from ttdn.edit.plan_import.body import _number_and_date
    from ttdn.edit.plan_import.source import Line

    head = [
        Line("Số: 125/KH-UBND", 1, 1, True),
        Line("Hà Nội, ngày 05 tháng 01 năm 2027", 1, 2, True),
    ]
    for lines, subtitle in [
        (head, None),
        ([], "(Kèm theo Kế hoạch số 125/KH-UBND ngày 05/01/2027 của UBND Thành phố)"),
    ]:
        fields, review = {}, []
        _number_and_date(fields, lines, subtitle, 2027, review)
        assert fields == {"number": "125/KH-UBND", "date": dt.date(2027, 1, 5)} and not review
