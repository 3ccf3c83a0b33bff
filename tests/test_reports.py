"""Word reports (``ttdn report``): layout per Nghị định 30/2020, content, reproducibility.

Every test runs the real CLI on a demo playground (real plan, SAMPLE progress) and opens the
.docx back with python-docx. The LibreOffice test converts the reports to PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from tests.conftest import SHIPPED, agency_report, run
from ttdn.edit.demo import make_demo

AS_OF = "2026-07-01"
RED = "C00000"
REF = re.compile(r"^[IVX]+\.\d+$")


@pytest.fixture(scope="module")
def made(playground, tmp_path_factory) -> dict[str, Path]:
    """The three documents, rendered once for the module."""
    out = tmp_path_factory.mktemp("out")
    common = ["--as-of", AS_OF, "--data", playground]
    jobs = {
        "agency": ["report", "--period", "2026-H1", "--agency", "so-du-lich", *common],
        "city": ["report", "--period", "2026-H1", *common],
        "reminder": [
            "report",
            "reminder",
            "--agency",
            "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi",
            *common,
        ],
        "annual": ["report", "--period", "2026", "--agency", "so-du-lich", *common],
        "empty": ["report", "--period", "2026-H1", "--agency", "so-tai-chinh", *common],
    }
    paths = {}
    for name, args in jobs.items():
        code, stdout, stderr = run(args, cwd=out)
        assert code == 0, stderr
        assert stderr == ""
        written = stdout.strip().rsplit(": ", 1)[1]
        paths[name] = playground.parent / "bao-cao" / Path(written).name
    return paths


def text_of(document) -> str:
    """All text of a document: body paragraphs and table cells, in order."""
    parts = []
    body = document.element.body
    for el in body.iter(qn("w:p")):
        parts.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
    return "\n".join(parts)


def paragraphs(document) -> list:
    return list(document.paragraphs)


def find_para(container, pattern: str):
    rx = re.compile(pattern)
    for p in container.paragraphs:
        if rx.search(p.text):
            return p
    raise AssertionError(f"no paragraph matches {pattern!r}")


def text_runs(p) -> list:
    return [r for r in p.runs if r.text.strip()]


def eff(p, attr: str):
    """The effective value of a run property of ``p`` (run, then paragraph style chain)."""
    runs = text_runs(p)
    assert runs, f"empty paragraph {p.text!r}"
    values = set()
    for r in runs:
        v = getattr(r.font, attr)
        style = p.style
        while v is None and style is not None:
            v = getattr(style.font, attr)
            style = style.base_style
        values.add(v)
    assert len(values) == 1, (p.text, attr, values)
    return values.pop()


def size(p) -> float:
    s = eff(p, "size")
    return 14.0 if s is None else s.pt


def assert_font(p):
    for r in text_runs(p):
        assert r.font.name == "Times New Roman", (p.text, r.font.name)


def borders_none(table) -> bool:
    b = table._tbl.tblPr.find(qn("w:tblBorders"))
    return b is not None and all(e.get(qn("w:val")) in ("nil", "none") for e in b)


def between(v: float, lo: float, hi: float) -> bool:
    return lo - 1e-6 <= v <= hi + 1e-6


# --------------------------------------------------------------------------- page layout


def test_page_is_a4_portrait_with_decree_margins(made):
    d = docx.Document(made["agency"])
    s = d.sections[0]
    assert abs(s.page_width - Cm(21)) < Cm(0.05) and abs(s.page_height - Cm(29.7)) < Cm(0.05)
    mm = lambda v: v / Cm(0.1)  # noqa: E731
    assert between(mm(s.top_margin), 20, 25) and between(mm(s.bottom_margin), 20, 25)
    assert between(mm(s.left_margin), 30, 35) and between(mm(s.right_margin), 15, 20)
    appendix = d.sections[-1]
    assert len(d.sections) == 2
    assert appendix.page_width > appendix.page_height  # landscape appendix


def test_default_font_is_times_new_roman_black_14(made):
    d = docx.Document(made["agency"])
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert str(normal.font.color.rgb) == "000000"
    for p in d.paragraphs:
        assert_font(p)
        for r in text_runs(p):
            assert str(r.font.color.rgb) in ("000000", RED)
            if str(r.font.color.rgb) == RED:
                assert "DỮ LIỆU MẪU" in r.text


def test_header_table_follows_the_decree(made):
    d = docx.Document(made["agency"])
    t = d.tables[0]
    assert len(t.columns) == 2 and borders_none(t)
    # "Số:" and the place-and-date line share the second row, whatever the name's lines
    assert len(t.rows) == 2
    left, right = t.rows[0].cells
    left2, right2 = t.rows[1].cells
    lp = [p for p in left.paragraphs + left2.paragraphs if p.text.strip()]
    rp = [p for p in right.paragraphs + right2.paragraphs if p.text.strip()]
    assert [p.text for p in left2.paragraphs if p.text.strip()] == ["Số: …/BC-SDL"]
    assert [p.text for p in right2.paragraphs if p.text.strip()][0].startswith("Hà Nội, ngày")
    assert [p.text for p in lp] == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ DU LỊCH",
        lp[2].text,
        "Số: …/BC-SDL",
    ]
    parent, name, rule, number = lp
    assert eff(parent, "bold") is False and between(size(parent), 12, 13)
    assert eff(name, "bold") is True and between(size(name), 12, 13) and name.text.isupper()
    assert set(rule.text) == {"_"} and 3 <= len(rule.text) < len("SỞ DU LỊCH")
    assert size(number) == 13
    nation, motto, place = rp
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert eff(nation, "bold") is True and between(size(nation), 12, 13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert eff(motto, "bold") is True and between(size(motto), 13, 14)
    # the rule under the motto: a bottom border in the next paragraph, as long as the motto
    rps = right.paragraphs
    after = rps[[p.text for p in rps].index(motto.text) + 1]
    assert after._p.pPr.find(qn("w:pBdr")) is not None and not after.text
    ind = after.paragraph_format
    width = right.width - ind.left_indent - ind.right_indent - Cm(0.2)  # cell padding
    assert Cm(5.2) < width < Cm(6.2)  # "Độc lập - Tự do - Hạnh phúc" is 5.7 cm in bold 14 pt
    assert place.text == "Hà Nội, ngày … tháng … năm 2026"
    assert eff(place, "italic") is True and between(size(place), 13, 14)
    for p in lp + rp:
        assert p.alignment == 1  # centred
        assert_font(p)


def test_title_subject_and_rule(made):
    d = docx.Document(made["agency"])
    title = find_para(d, r"^BÁO CÁO$")
    assert eff(title, "bold") is True and between(size(title), 13, 14) and title.alignment == 1
    ps = d.paragraphs
    i = [p.text for p in ps].index("BÁO CÁO")
    subject, rule = ps[i + 1], ps[i + 2]
    assert subject.text == "Kết quả thực hiện công tác thông tin đối ngoại 6 tháng đầu năm 2026"
    assert eff(subject, "bold") is True and subject.alignment == 1
    assert rule._p.pPr.find(qn("w:pBdr")) is not None and rule.text == ""


def test_body_text_style(made):
    d = docx.Document(made["agency"])
    body = [p for p in d.paragraphs if p.style.name == "TTDN Body" and p.text.strip()]
    assert len(body) > 10
    st = d.styles["TTDN Body"]
    f = st.paragraph_format
    assert f.alignment == 3  # justified
    assert between(f.first_line_indent / Cm(1), 1.0, 1.27)
    assert f.space_after.pt >= 6
    assert between(f.line_spacing, 1.0, 1.5)
    assert between(st.font.size.pt, 13, 14)


def test_headings_are_bold_capitals(made):
    d = docx.Document(made["agency"])
    want = [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    heads = [p for p in d.paragraphs if p.style.name == "TTDN Heading 1"]
    assert [p.text for p in heads] == want
    for p in heads:
        assert eff(p, "bold") is True and p.text == p.text.upper()


def test_page_numbers_from_page_two(made):
    d = docx.Document(made["agency"])
    s = d.sections[0]
    assert s.different_first_page_header_footer
    default = s.header._element.xml
    first = s.first_page_header._element.xml
    assert "PAGE" in default and "PAGE" not in first
    p = s.header.paragraphs[0]
    assert p.alignment == 1
    appendix = d.sections[-1]._sectPr
    assert appendix.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_signature_and_recipients(made):
    d = docx.Document(made["agency"])
    (t,) = [t for t in d.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:")]
    assert borders_none(t) and len(t.columns) == 2
    left, right = t.rows[0].cells
    head, *items = [p for p in left.paragraphs if p.text.strip()]
    assert head.text == "Nơi nhận:"
    assert eff(head, "bold") is True and eff(head, "italic") is True and size(head) == 12
    assert items[0].text == "- Như trên;"
    assert items[-1].text.startswith("- Lưu: VT,") and items[-1].text.endswith(".")
    assert all(size(p) == 11 for p in items)
    lines = [p for p in right.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == ["GIÁM ĐỐC"]
    assert eff(lines[0], "bold") is True and between(size(lines[0]), 13, 14)
    # a blank, bold line for the signer's name, well below the title (space to sign)
    name = right.paragraphs[-1]
    assert name.text == "" and name.paragraph_format.space_before.pt >= 48


def test_number_date_and_signer_are_filled_only_from_options(playground, tmp_path):
    out = tmp_path / "bc.docx"
    code, _, err = agency_report(
        playground,
        out,
        "--number",
        "5",
        "--date",
        "2026-01-05",
        "--signer",
        "Nguyễn Văn A",
        "--signer-title",
        "KT. GIÁM ĐỐC",
        "--signer-title",
        "Phó Giám đốc",
    )
    assert code == 0, err
    d = docx.Document(out)
    text = text_of(d)
    assert "Số: 05/BC-SDL" in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2026" in text
    assert "(Kèm theo Báo cáo số 05/BC-SDL ngày 05 tháng 01 năm 2026 của Sở Du lịch)" in text
    (t,) = [t for t in d.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:")]
    right = [p.text for p in t.rows[0].cells[1].paragraphs if p.text.strip()]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


def test_blanks_are_never_invented(made):
    text = text_of(docx.Document(made["agency"]))
    assert "Số: …/BC-SDL" in text and "ngày … tháng … năm 2026" in text
    assert (
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND Thành phố về tổ chức hoạt động "
        "thông tin đối ngoại thành phố Hà Nội năm 2026, Sở Du lịch báo cáo"
    ) in text


# --------------------------------------------------------------------------- content


def test_agency_totals_indicators_and_results(made):
    d = docx.Document(made["agency"])
    text = text_of(d)
    assert "Sở Du lịch chủ trì 8 nhiệm vụ" in text
    assert (
        "hoàn thành 2 nhiệm vụ, đang thực hiện 3 nhiệm vụ, chưa triển khai 1 nhiệm vụ, "
        "tạm dừng 1 nhiệm vụ, huỷ bỏ 1 nhiệm vụ; số nhiệm vụ quá hạn theo tiến độ đã ghi "
        "nhận: 0"
    ) in text
    # 18 + 24 + 20 + 210 news articles; 120 000 + 1 200 000 reach (entries up to 30/6)
    assert "- Tin, bài: 272;" in text and "- Lượt tiếp cận: 1.320.000." in text
    assert "Kết quả: Hoàn thành 6 video quảng bá theo chủ đề." in text
    assert "Ưu điểm" in text and "Truyền thông du lịch trên mạng xã hội tăng mạnh" in text
    assert "Đề nghị bổ sung kinh phí dịch thuật." in text
    assert "Tiếp tục triển khai 5 nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận:" in text
    closing = find_para(d, r"Trên đây là báo cáo")
    assert closing.text.endswith("./.")


def test_agency_appendix_has_one_row_per_task_and_repeating_header(made):
    d = docx.Document(made["agency"])
    t = d.tables[-1]
    head = t.rows[0]
    assert [c.text for c in head.cells] == [
        "TT",
        "Nội dung",
        "Tiến độ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Kết quả",
        "Trạng thái",
    ]
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = t.rows[1:]
    assert [r.cells[0].text for r in rows] == [f"III.{i}" for i in range(1, 9)]
    status = {r.cells[0].text: r.cells[6].text for r in rows}
    assert status["III.3"] == "hoàn thành" and status["III.6"] == "huỷ bỏ"
    assert status["III.5"] == "tạm dừng"
    assert all(r.cells[3].text == "Sở Du lịch" for r in rows)
    text = text_of(d)
    assert (
        "Phụ lục" in text
        and "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÔNG TIN ĐỐI NGOẠI 6 THÁNG ĐẦU NĂM 2026" in text
    )


def test_sample_mark_on_page_and_in_header(made):
    """The mark is in the headers (page 1's too), once: the body does not repeat it, so the
    national motto stays where it is."""
    for name in ("agency", "city", "reminder"):
        d = docx.Document(made[name])
        assert "DỮ LIỆU MẪU" not in text_of(d)
        s = d.sections[0]
        for hdr in (s.header, s.first_page_header):
            marks = [p for p in hdr.paragraphs if "DỮ LIỆU MẪU" in p.text]
            assert marks and all(
                str(r.font.color.rgb) == RED and r.bold for p in marks for r in text_runs(p)
            )


def test_real_data_has_no_sample_mark(tmp_path):
    out = tmp_path / "real.docx"
    code, stdout, err = run(
        ["report", "--period", "2026-H1", "--as-of", AS_OF, "--data", SHIPPED, "-o", out]
    )
    assert code == 0, err
    assert "DỮ LIỆU MẪU" not in stdout
    d = docx.Document(out)
    assert "DỮ LIỆU MẪU" not in text_of(d)
    assert not any("DỮ LIỆU MẪU" in p.text for p in d.sections[0].header.paragraphs)
    assert "Chưa có số liệu tiến độ được ghi nhận" in text_of(d)


def test_consolidated_report(made):
    d = docx.Document(made["city"])
    text = text_of(d)
    assert "SỞ VĂN HOÁ VÀ THỂ THAO" in text and "Số: …/BC-SVHTT" in text
    assert "Kính gửi: Ủy ban nhân dân thành phố Hà Nội." in text
    assert "Phụ lục Kế hoạch có 49 nhiệm vụ do 9 cơ quan, đơn vị chủ trì." in text
    for h in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "3. Kết quả theo cơ quan chủ trì",
        "4. Tình hình gửi báo cáo của các cơ quan, đơn vị",
    ):
        assert h in text
    # every agency that must report, with whether/when it did
    assert "Sở Du lịch: đã gửi ngày 15/06/2026, Báo cáo số 125/BC-SDL (mẫu);" in text
    assert "Văn phòng Ủy ban nhân dân thành phố Hà Nội: gửi muộn 6 ngày (ngày 25/06/2026)" in text
    assert "Sở Tài chính: chưa ghi nhận đã gửi, quá hạn 12 ngày;" in text
    # the 126 communes: one table and the names of those that have not reported (issue 16)
    assert "Ủy ban nhân dân phường Ba Đình:" not in text
    assert (
        "UBND các phường, xã: 126 đơn vị phải báo cáo; ghi nhận đã gửi 0 (gửi muộn 0), "
        "chưa ghi nhận đã gửi 126:"
    ) in text
    assert "Các phường, xã chưa ghi nhận đã gửi báo cáo: UBND phường Ba Đình, " in text
    (communes,) = [t for t in d.tables if t.rows[0].cells[0].text == "Số phải báo cáo"]
    assert [c.text for c in communes.rows[1].cells] == ["126", "0", "0", "126"]
    assert (
        "đã ghi nhận 2 cơ quan, đơn vị đã gửi báo cáo (trong đó 1 báo cáo gửi muộn); "
        "132 cơ quan, đơn vị chưa ghi nhận đã gửi dù đã quá hạn."
    ) in text
    # the appendix: grouped by lead agency, 49 task rows, header repeated
    t = d.tables[-1]
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    task_rows = [r for r in t.rows[1:] if REF.match(r.cells[0].text)]
    assert len(task_rows) == 49
    assert len({r.cells[0].text for r in task_rows}) == 49
    groups = [r.cells[0].text for r in t.rows[1:] if not REF.match(r.cells[0].text)]
    assert groups[0] == "Sở Văn hoá và Thể thao (10 nhiệm vụ)" and len(groups) == 9
    assert "Sở Du lịch: Truyền thông du lịch trên mạng xã hội" in text  # from its H1 report
    # late only by what is recorded, and the text says so (issue 17)
    assert (
        "Chủ trì 10 nhiệm vụ: hoàn thành 1 nhiệm vụ, đang thực hiện 2 nhiệm vụ, chưa ghi nhận "
        "tiến độ 7 nhiệm vụ; số nhiệm vụ quá hạn theo tiến độ đã ghi nhận: 1."
    ) in text
    assert "(đang thực hiện; quá hạn 122 ngày theo tiến độ ghi nhận ngày 20/02/2026)" in text
    assert "2 nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận (I.2, I.8)" in text


def test_reminder(made):
    d = docx.Document(made["reminder"])
    text = text_of(d)
    left = d.tables[0].rows[1].cells[0]
    lines = [p.text for p in left.paragraphs if p.text.strip()]
    assert lines[0] == "Số: …/SVHTT-…"  # a công văn has no type code
    assert lines[-1].startswith("V/v đôn đốc")
    vv = [p for p in left.paragraphs if p.text.startswith("V/v")][0]
    assert between(size(vv), 12, 13) and vv.paragraph_format.space_before.pt >= 6
    assert "BÁO CÁO" not in text
    assert "Kính gửi: Liên hiệp các tổ chức hữu nghị thành phố Hà Nội." in text
    assert "- Báo cáo 6 tháng năm 2026 (hạn gửi trước ngày 20/06/2026, quá hạn 12 ngày)." in text
    assert find_para(d, "đề nghị").text.endswith("./.")
    assert len(d.sections) == 1


def test_agency_without_progress_says_so(made):
    d = docx.Document(made["empty"])
    text = text_of(d)
    assert (
        "Chưa có số liệu tiến độ được ghi nhận đối với Sở Tài chính tính đến ngày 30/06/2026."
        in text
    )
    assert "Chưa có chỉ tiêu định lượng được ghi nhận trong kỳ." in text
    assert [r.cells[0].text for r in d.tables[-1].rows[1:]] == ["IV.1", "IV.2"]
    assert all(r.cells[5].text == "Chưa ghi nhận" for r in d.tables[-1].rows[1:])


def test_annual_report(made):
    d = docx.Document(made["annual"])
    text = text_of(d)
    assert "Kết quả thực hiện công tác thông tin đối ngoại năm 2026" in text
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in text
    assert made["annual"].name == "bao-cao-ttdn-nam-2026-so-du-lich.docx"


def test_default_file_names(made):
    assert made["agency"].name == "bao-cao-ttdn-6-thang-2026-so-du-lich.docx"
    assert made["city"].name == "bao-cao-ttdn-6-thang-2026-tong-hop.docx"
    assert made["reminder"].name.startswith(
        "cong-van-don-doc-ttdn-lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi"
    )


def test_as_of_limits_the_entries(playground, tmp_path):
    out = tmp_path / "early.docx"
    code, _, err = agency_report(playground, out, as_of="2026-03-01")
    assert code == 0, err
    text = text_of(docx.Document(out))
    assert "số liệu tính đến ngày 01/03/2026" in text
    assert "- Tin, bài: 18;" in text  # only dl-01's February entry
    assert "Hoàn thành 6 video" not in text


def test_everything_is_nfc(made):
    for path in made.values():
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml"):
                    s = z.read(name).decode("utf-8")
                    assert unicodedata.is_normalized("NFC", s), (path.name, name)


def test_output_is_reproducible(playground, tmp_path):
    assert agency_report(playground, tmp_path / "a.docx")[0] == 0
    assert agency_report(playground, tmp_path / "b.docx")[0] == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


# --------------------------------------------------------------------------- hostile text


HOSTILE = "Sở A & B <Hà Nội> \"ngoặc\" 'đơn' 😀🏛️ " + "Rấtdài" * 80 + " \x07\x0c\x0b end"


def write_progress(root: Path, slug: str, entries: str) -> Path:
    """A progress file of ``slug`` in the city plan (the demo has none for Sở Tài chính)."""
    path = root / "plans" / "ha-noi-2026" / "progress" / f"{slug}.yaml"
    path.write_text(f"agency: {slug}\nsample: true\nentries:\n{entries}", encoding="utf-8")
    return path


def test_special_characters_still_give_a_valid_docx(tmp_path):
    root = make_demo(SHIPPED, tmp_path / "pg")
    agency = root / "agencies" / "so-tai-chinh.yaml"
    text = agency.read_text(encoding="utf-8")
    assert "name: Sở Tài chính\n" in text
    agency.write_text(
        text.replace(
            "name: Sở Tài chính\n", "name: 'Sở Tài chính & Lữ hành <HN> \"x\" ''y'' 😀'\n"
        ),
        encoding="utf-8",
    )
    long_word = "Siêuuuu" * 60
    write_progress(
        root,
        "so-tai-chinh",
        (
            "  - task: tc-01\n    date: 2026-06-01\n    status: in_progress\n"
            f"    result: 'Kết quả a < b && c > d \"trích\" ''nháy'' 🎉 {long_word}'\n"
        ),
    )
    code, _, err = run(["validate", "--data", root])
    assert code == 0, err
    for extra in (["--agency", "so-tai-chinh"], []):
        out = tmp_path / f"x{len(extra)}.docx"
        code, _, err = run(
            [
                "report",
                "--period",
                "2026-H1",
                *extra,
                "--as-of",
                AS_OF,
                "--data",
                root,
                "-o",
                out,
                "--signer",
                HOSTILE,
                "--number",
                '<12> & "3"',
            ]
        )
        assert code == 0, err
        d = docx.Document(out)  # parses every part
        text = text_of(d)
        assert "Sở Tài chính & Lữ hành <HN> \"x\" 'y' 😀" in text
        assert f"Kết quả a < b && c > d \"trích\" 'nháy' 🎉 {long_word}" in text
        assert 'Số: <12> & "3"/BC-' in text
        signer = [t for t in d.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:")][0]
        name = signer.rows[0].cells[1].paragraphs[-1].text
        assert name.startswith("Sở A & B <Hà Nội> \"ngoặc\" 'đơn' 😀") and name.endswith("end")
        assert "\x07" not in name and "\x0c" not in name


# --------------------------------------------------------------------------- errors


def test_unknown_period_and_agency_are_usage_errors(playground, tmp_path):
    for args in (
        ["--period", "2026-H3"],
        ["--period", "2025"],
        ["--period", "2026-H1", "--agency", "khong-co"],
    ):
        code, out, err = run(
            ["report", *args, "--data", playground, "--as-of", AS_OF], cwd=tmp_path
        )
        assert code == 2, (args, err)
        assert err.startswith("ttdn: lỗi:")
    code, _, err = run(["report", "--data", playground])
    assert code == 2 and "--period" in err
    assert list(tmp_path.iterdir()) == []


def test_agency_slug_cannot_escape(playground, tmp_path):
    """An agency is looked up among the known agencies (loosely, as everywhere in ttdn); the
    default file name is always one plain name in the output folder (bao-cao/ next to the
    data root)."""
    work = tmp_path / "work"
    work.mkdir()
    for bad in ("../so-du-lich", "/etc/passwd", "so-du-lich/../../x", "..", "-o", "../../.."):
        code, _, err = run(
            [
                "report",
                "--period",
                "2026-H1",
                "--agency",
                bad,
                "--data",
                playground,
                "--as-of",
                AS_OF,
            ],
            cwd=work,
        )
        assert code in (0, 2), (bad, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    assert list(work.iterdir()) == []
    folder = playground.parent / "bao-cao"
    docs = [p.name for p in folder.iterdir() if p.suffix == ".docx"]
    for name in docs:
        assert re.fullmatch(r"[a-z0-9-]+\.docx", name), name
    assert "bao-cao-ttdn-6-thang-2026-so-du-lich.docx" in docs


def test_output_in_missing_directory_writes_nothing(playground, tmp_path):
    target = tmp_path / "khong-co" / "bc.docx"
    code, out, err = run(["report", "--period", "2026-H1", "--data", playground, "-o", target])
    assert code == 1
    assert "không tồn tại" in err and out == ""
    assert not target.parent.exists()
    code, _, err = run(
        ["report", "--period", "2026-H1", "--data", playground, "-o", tmp_path / "bc.pdf"]
    )
    assert code == 2 and ".docx" in err
    (tmp_path / "dir.docx").mkdir()
    code, _, err = run(
        ["report", "--period", "2026-H1", "--data", playground, "-o", tmp_path / "dir.docx"]
    )
    assert code == 1 and "thư mục" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_output_in_read_only_directory_writes_nothing(playground, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, err = run(
            ["report", "--period", "2026-H1", "--data", playground, "-o", ro / "bc.docx"]
        )
        assert code == 1 and "không có quyền ghi" in err
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_failed_write_keeps_the_previous_file(playground, tmp_path, monkeypatch):
    """The write is atomic: if it fails, the old file stays whole and no temp file is left."""
    import ttdn.data.fsutil

    target = tmp_path / "bc.docx"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ttdn.data.fsutil.os, "fsync", boom)
    code, _, err = run(["report", "--period", "2026-H1", "--data", playground, "-o", target])
    assert code == 1 and "không ghi được" in err
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bc.docx"]


# --------------------------------------------------------------------------- --at REV


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_at_rev_reproduces_an_earlier_report(tmp_path):
    root = make_demo(SHIPPED, tmp_path / "pg")
    repo = root.parent
    before = tmp_path / "before.docx"
    assert agency_report(root, before, agency="so-tai-chinh")[0] == 0
    progress = write_progress(
        root,
        "so-tai-chinh",
        (
            "  - task: tc-01\n    date: 2026-06-20\n    status: done\n"
            "    result: Hoàn thành rà soát kinh phí (mẫu sau khi sửa).\n"
        ),
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "thêm tiến độ")
    now = tmp_path / "now.docx"
    assert agency_report(root, now, agency="so-tai-chinh")[0] == 0
    assert "Hoàn thành rà soát kinh phí" in text_of(docx.Document(now))
    assert "Hoàn thành rà soát kinh phí" not in text_of(docx.Document(before))
    then = tmp_path / "then.docx"
    code, _, err = agency_report(root, then, "--at", "HEAD~1", agency="so-tai-chinh")
    assert code == 0, err
    assert then.read_bytes() == before.read_bytes()
    # uncommitted edits do not leak into --at HEAD
    progress.write_text(
        progress.read_text(encoding="utf-8").replace("mẫu sau khi sửa", "chưa commit")
    )
    head = tmp_path / "head.docx"
    assert agency_report(root, head, "--at", "HEAD", agency="so-tai-chinh")[0] == 0
    assert head.read_bytes() == now.read_bytes()


def test_at_rev_errors_exit_2(tmp_path):
    root = make_demo(SHIPPED, tmp_path / "pg")
    out = tmp_path / "x.docx"
    for rev in ("khong-co-nhanh-nay", "-v", "HEAD~5"):
        code, _, err = run(
            ["report", "--period", "2026-H1", "--data", root, "--at", rev, "-o", out]
        )
        assert code == 2, (rev, err)
        assert "phiên bản" in err
    plain = tmp_path / "plain"
    shutil.copytree(root, plain)
    code, _, err = run(
        ["report", "--period", "2026-H1", "--data", plain, "--at", "HEAD", "-o", out]
    )
    assert code == 2 and "không nằm trong một kho git" in err
    assert not out.exists()


def test_gitdata_reads_the_same_files_as_the_disk(tmp_path):
    from ttdn.data.gitdata import read_tree
    from ttdn.data.loader import iter_data_files

    root = make_demo(SHIPPED, tmp_path / "pg")
    files = read_tree(root.parent, "HEAD", root)
    disk = [p.relative_to(root).as_posix() for p in iter_data_files(root)]
    assert list(files) == disk
    assert all(src.ok for src in files.values())


# --------------------------------------------------------------------------- imports, tty


def test_cli_import_stays_light():
    code = (
        "import sys, ttdn.cli; "
        "print(sorted(m for m in ('docx', 'docxtpl', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_no_progress_bar_off_a_terminal(playground, tmp_path):
    """Off a terminal, the only output is the line naming the file."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ttdn",
            "report",
            "--period",
            "2026-H1",
            "--data",
            str(playground),
            "--as-of",
            AS_OF,
            "-o",
            str(tmp_path / "bc.docx"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"Đã ghi báo cáo tổng hợp (DỮ LIỆU MẪU): {tmp_path / 'bc.docx'}\n"
    assert proc.stderr == ""


# --------------------------------------------------------------------------- LibreOffice


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required on CI (CI=true) but is not installed")
        pytest.skip(f"{name} is not installed (LibreOffice / poppler-utils)")
    return path


def _squash(text: str) -> str:
    """Text without whitespace, NFC: PDF text extraction splits words at font fallbacks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.mark.libreoffice
def test_libreoffice_renders_the_reports(made, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or _tool("soffice")
    pdftotext = _tool("pdftotext")
    docs = [made["agency"], made["city"], made["reminder"]]
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, docs),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    pages_wanted = {"agency": (4, 9), "city": (12, 32), "reminder": (1, 2)}
    for name, path in zip(("agency", "city", "reminder"), docs, strict=True):
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.exists(), proc.stdout + proc.stderr
        text = subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")[:-1]
        lo, hi = pages_wanted[name]
        assert lo <= len(pages) <= hi, (name, len(pages))
        flat = [_squash(p) for p in pages]
        for want in (
            "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM",
            "Độclập-Tựdo-Hạnhphúc",
            "DỮLIỆUMẪU",
            "Nơinhận:",
            "GIÁMĐỐC",
        ):
            assert want in "".join(flat), (name, want)
        # no page number on page 1; page 2 starts with its number
        assert flat[0].startswith("DỮLIỆUMẪU")
        if len(pages) > 1 and name != "reminder":
            assert flat[1].startswith("2DỮLIỆUMẪU"), flat[1][:40]
        if name == "reminder":
            assert "V/vđônđốc" in flat[0]
            continue
        body = "".join(flat)
        for heading in (
            "BÁOCÁO",
            "I.KẾTQUẢTHỰCHIỆN",
            "II.ĐÁNHGIÁCHUNG",
            "III.PHƯƠNGHƯỚNG,NHIỆMVỤ6THÁNGCUỐINĂM2026",
            "IV.ĐỀXUẤT,KIẾNNGHỊ",
            "KẾTQUẢTHỰCHIỆNNHIỆMVỤTHÔNGTINĐỐINGOẠI6THÁNGĐẦUNĂM2026",
        ):
            assert heading in body, (name, heading)
        # the appendix starts on its own page, and its header row repeats on the next page
        start = next(i for i, p in enumerate(flat) if "Phụlục" in p and "(Kèmtheo" in p)
        assert start >= 1 and "I.KẾTQUẢTHỰCHIỆN" not in flat[start]
        if len(flat) > start + 1:
            assert "Cơquanphốihợp" in flat[start + 1]
