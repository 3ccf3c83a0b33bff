"""Issue 17: reports a civil servant can send as they are — what they say, to whom, the
reporting cycle by command, PDF and the output folder, layout on rendered pages."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest

from tests.conftest import SHIPPED, run
from ttdn.edit.demo import make_demo

AS_OF = "2026-07-01"
LEADS = [
    "so-van-hoa-va-the-thao",
    "van-phong-ubnd-thanh-pho",
    "so-du-lich",
    "so-tai-chinh",
    "so-cong-thuong",
    "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi",
    "so-dan-toc-va-ton-giao",
    "so-noi-vu",
    "so-nong-nghiep-va-moi-truong",
]


def text_of(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join("".join(t.text or "" for t in p.iter()) for p in d.element.body.iter())


@pytest.fixture
def demo(tmp_path) -> Path:
    make_demo(SHIPPED, tmp_path / "pg")
    return tmp_path / "pg" / "data"


# What a document may not say where nothing is recorded: that a report was not sent or
# received, that a task is not done or must be finished at once; and "quá hạn" only in a
# clause (or under a heading) that says what is missing is a record ("chưa ghi nhận …").
_NOT_SENT = re.compile(r"(?<!ghi nhận đã )chưa gửi|(?:đã|chưa) nhận\b", re.IGNORECASE)
_NOT_DONE = re.compile(r"chưa hoàn thành|hoàn thành ngay|chưa triển khai", re.IGNORECASE)


def unsupported_claims(texts: list[str]) -> list[str]:
    """The clauses of ``texts`` (paragraphs or cells, in order) that claim more than "nothing
    is recorded" supports. A paragraph ending with ":" heads the lines below it."""
    out, heading = [], ""
    for text in texts:
        for clause in re.split(r"[;:]\s+|\.\s+", text):
            known = "chưa ghi nhận" in clause or "chưa ghi nhận" in heading
            if (
                _NOT_SENT.search(clause)
                or _NOT_DONE.search(clause)
                or ("quá hạn" in clause.lower() and not known)
            ):
                out.append(clause)
        if text.rstrip().endswith(":"):
            heading = text
    return out


def test_the_claims_check_catches_what_the_documents_used_to_say():
    said = [
        "Có 134 cơ quan, đơn vị phải gửi báo cáo 6 tháng đầu năm 2026; tính đến ngày "
        "01/07/2026 đã nhận 0 báo cáo, 134 cơ quan, đơn vị chưa gửi dù đã quá hạn.",
        "- Sở Du lịch: chưa gửi, quá hạn 12 ngày;",
        "Theo số liệu tiến độ được ghi nhận đến ngày 01/07/2026, Sở Du lịch còn các nội dung "
        "sau chưa hoàn thành:",
        "Nhiệm vụ quá hạn:",
        "Báo cáo chưa gửi:",
        "49 nhiệm vụ chưa hoàn thành, 3 quá hạn cần tập trung hoàn thành ngay",
        "I.2. Xây dựng Kế hoạch. (quá hạn 117 ngày)",
    ]
    assert [t for t in said if not unsupported_claims([t])] == []
    fine = [
        "- Sở Du lịch: chưa ghi nhận đã gửi, quá hạn 12 ngày;",
        "Báo cáo chưa ghi nhận đã gửi:",
        "- Báo cáo 6 tháng năm 2026 (hạn gửi trước ngày 20/06/2026, quá hạn 12 ngày).",
        "Chưa ghi nhận tiến độ: I.1, I.2.",
    ]
    assert unsupported_claims(fine) == []


def _paragraphs_and_cells(path: Path) -> tuple[list[str], list[str]]:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return [p.text for p in d.paragraphs], cells


def test_real_data_says_nothing_is_recorded_and_claims_nothing(tmp_path):
    """Every kind of document on the shipped data (no progress, no report recorded): it
    says that nothing is recorded, and never that a report was not sent or a task is not
    done or late — only that none is recorded."""
    kinds = {
        "city": ["report", "--period", "2026-H1"],
        "city-annual": ["report", "--period", "2026"],
        "agency": ["report", "--period", "2026-H1", "-a", "so-du-lich"],
        "agency-annual": ["report", "--period", "2026", "-a", "so-du-lich"],
        # its tasks I.1–I.3 are past their due dates with nothing recorded
        "consolidator": ["report", "--period", "2026-H1", "-a", "so-van-hoa-va-the-thao"],
        "reminder": ["report", "reminder", "-a", "so-du-lich"],
    }
    texts = {}
    for name, args in kinds.items():
        out = tmp_path / f"{name}.docx"
        code, _out, err = run([*args, "--as-of", AS_OF, "--data", SHIPPED, "-o", out])
        assert code == 0, err
        paras, cells = _paragraphs_and_cells(out)
        assert unsupported_claims(paras) == [], name
        assert unsupported_claims(cells) == [], name
        texts[name] = "\n".join(paras)
    for name in ("city", "city-annual"):
        assert (
            "Chưa có số liệu tiến độ được ghi nhận đối với các nhiệm vụ của Kế hoạch" in texts[name]
        )
        assert "chưa ghi nhận cơ quan, đơn vị nào đã gửi báo cáo" in texts[name]
    assert "134 cơ quan, đơn vị chưa ghi nhận đã gửi dù đã quá hạn." in texts["city"]
    assert "- Sở Du lịch: chưa ghi nhận đã gửi, quá hạn 12 ngày;" in texts["city"]
    for name in ("agency", "agency-annual", "consolidator"):
        assert "Chưa có số liệu tiến độ được ghi nhận đối với" in texts[name]
    assert "Báo cáo chưa ghi nhận đã gửi:" in texts["reminder"]

    d = docx.Document(str(tmp_path / "city.docx"))
    paras = [p.text for p in d.paragraphs]
    # Sở VHTT consolidates: it is not listed as late with its own report
    assert not [p for p in paras if p.startswith("- Sở Văn hoá và Thể thao: chưa")]
    # no assessment invented: fill-in markers, highlighted
    marks = [p for p in d.paragraphs if p.text.startswith("[Cơ quan bổ sung:")]
    assert len(marks) == 5 and all(
        r.font.highlight_color is not None for p in marks for r in p.runs
    )
    assert "Chưa có nội dung được ghi nhận." not in "\n".join(paras)


def test_reminders_in_bulk(demo, tmp_path):
    out = tmp_path / "letters"
    out.mkdir()
    code, stdout, err = run(
        ["report", "reminder", "--all", "--as-of", AS_OF, "--data", demo, "--out-dir", out]
    )
    assert code == 0, err
    letters = sorted(p.name for p in out.glob("*.docx"))
    (csv_path,) = out.glob("*.csv")
    rows = list(csv.DictReader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["Tệp công văn"] for r in rows) == letters
    slugs = {r["Mã cơ quan"] for r in rows}
    assert "so-van-hoa-va-the-thao" not in slugs  # the consolidating agency
    assert "thong-tan-xa-viet-nam" not in slugs  # a central agency
    assert "so-du-lich" not in slugs  # nothing outstanding (report sent, no late task)
    assert "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi" in slugs
    assert all(r["Việc quá hạn"] for r in rows)
    assert "Không ghi công văn cho" in stdout and "Sở Du lịch" in stdout
    code, _o, err = run(
        ["report", "reminder", "-a", "so-van-hoa-va-the-thao", "--as-of", AS_OF, "--data", demo]
    )
    assert code == 2 and "chính mình" in err
    code, _o, err = run(
        ["report", "reminder", "-a", "thong-tan-xa-viet-nam", "--as-of", AS_OF, "--data", demo]
    )
    assert code == 2 and "không gửi công văn" in err


def test_the_reporting_cycle_without_yaml(demo, tmp_path):
    lh = "lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi"
    code, _o, err = run(
        ["progress", "report", "--period", "2026-H1", "--number", "125/BC-LHHN",
         "--date", "15/06/2026", "--agency", lh, "--data", demo]
    )  # fmt: skip
    assert code == 0, err
    notes = tmp_path / "danh-gia.txt"
    notes.write_text("# Ưu điểm\nTổ chức tốt các hoạt động hữu nghị.\n\n# Kiến nghị\n"
                     "Bổ sung kinh phí.\n", encoding="utf-8")  # fmt: skip
    code, _o, err = run(
        ["progress", "narrative", "--period", "2026-H1", "--agency", lh, "--from-file", notes,
         "--limitations", "Nhân lực còn mỏng.", "--data", demo]
    )  # fmt: skip
    assert code == 0, err
    assert run(["fmt", "--check", demo])[0] == 0
    assert run(["validate", "--data", demo])[0] == 0
    code, shown, err = run(["status", "--agency", lh, "--as-of", AS_OF, "--data", demo])
    assert code == 0, err
    assert "Báo cáo 6 tháng (hạn: trước ngày 20/06/2026): đã gửi ngày 15/06/2026" in shown
    out = tmp_path / "lh.docx"
    code, _o, err = run(
        ["report", "--period", "2026-H1", "-a", lh, "--as-of", AS_OF, "--data", demo, "-o", out]
    )
    assert code == 0, err
    text = text_of(out)
    for want in ("Tổ chức tốt các hoạt động hữu nghị.", "Nhân lực còn mỏng.", "Bổ sung kinh phí."):
        assert want in text
    assert "[Cơ quan bổ sung: nguyên nhân của hạn chế]" in text
    city = tmp_path / "city.docx"
    code, _o, err = run(
        ["report", "--period", "2026-H1", "--as-of", AS_OF, "--data", demo, "-o", city]
    )
    assert code == 0, err
    assert re.search(r"Liên hiệp các tổ chức hữu nghị thành phố Hà Nội: đã gửi ngày 15/06/2026",
                     text_of(city))  # fmt: skip


def test_option_warnings(demo, tmp_path):
    code, _o, err = run(
        ["report", "--period", "2026-H1", "-a", "so-du-lich", "--as-of", AS_OF, "--data", demo,
         "-o", tmp_path / "x.docx", "--date", "2026-06-15", "--number", "12/BC-SVHTT"]
    )  # fmt: skip
    assert code == 0
    assert "trước ngày tính số liệu 30/06/2026" in err and "“BC-SDL”" in err


def test_default_folder_is_ignored_by_git(demo):
    repo = demo.parent
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    code, stdout, err = run(["report", "--period", "2026-H1", "--as-of", AS_OF, "--data", demo])
    assert code == 0, err
    assert (repo / "bao-cao" / "bao-cao-ttdn-6-thang-2026-tong-hop.docx").is_file()
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all", "bao-cao"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert status == ""


def _soffice() -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which(
        "pdftotext"
    ):
        pytest.skip("LibreOffice or pdftotext is not installed")


@pytest.mark.libreoffice
def test_pdf_is_written_too(demo, tmp_path):
    _soffice()
    out = tmp_path / "sdl.docx"
    code, stdout, err = run(
        ["report", "--period", "2026-H1", "-a", "so-du-lich", "--as-of", AS_OF, "--data", demo,
         "-o", out, "--pdf"]
    )  # fmt: skip
    assert code == 0, err
    assert out.is_file() and out.with_suffix(".pdf").is_file()
    assert "Đã ghi PDF:" in stdout


@pytest.mark.libreoffice
def test_layout_on_rendered_pages_for_every_lead_agency(tmp_path):
    """Page 1: the agency's name whole words, "Số:" on the date's line with a real symbol;
    the last page of the body never holds only the signature block and Nơi nhận."""
    _soffice()
    from ttdn.data.loader import load
    from ttdn.outputs.documents.nd30 import header_lines, upper

    ds = load(SHIPPED)
    communes = sorted(s for s, a in ds.agencies.items() if a.kind == "commune")[::13][:10]
    docs = []
    for slug in LEADS + communes:
        out = tmp_path / f"{slug}.docx"
        code, _o, err = run(
            ["report", "--period", "2026-H1", "-a", slug, "--as-of", AS_OF, "--data", SHIPPED,
             "-o", out]
        )  # fmt: skip
        assert code == 0, err
        docs.append(out)
    # every other report type: the city's annual and six-month reports, an agency's annual
    # report, a reminder letter (the signature rule below holds for each)
    others = {
        "city": ["report", "--period", "2026"],
        "city-H1": ["report", "--period", "2026-H1"],
        "annual": ["report", "--period", "2026", "-a", "so-du-lich"],
        "reminder": ["report", "reminder", "-a", "so-noi-vu"],
    }
    for name, args in others.items():
        out = tmp_path / f"{name}.docx"
        code, _o, err = run([*args, "--as-of", AS_OF, "--data", SHIPPED, "-o", out])
        assert code == 0, err
        docs.append(out)
    from ttdn.outputs.documents.pdf import docx_to_pdf

    pdfs = docx_to_pdf(docs)
    for slug, pdf in zip(LEADS + communes + list(others), pdfs, strict=True):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")
        lines = [ln.strip() for ln in pages[0].splitlines()]
        if slug in ds.agencies:
            name = upper(ds.agencies[slug].name)
            for part in header_lines(name):
                assert any(ln.startswith(part) for ln in lines), (slug, part, lines[:8])
        # "Số:" shares its row with the place and date; a report's symbol is real
        row = next(ln for ln in lines if ln.startswith("Số:"))
        assert ", ngày" in row, (slug, row)
        if slug != "reminder":
            sym = ds.agencies[slug if slug in ds.agencies else "so-du-lich"].abbreviation
            if slug.startswith("city"):
                sym = ds.agencies["so-van-hoa-va-the-thao"].abbreviation
            assert f"/BC-{sym}" in row, (slug, row)
            assert "BC-…" not in text
        # the signature is never alone: the closing paragraph is on its page
        sig = next(i for i, p in enumerate(pages) if "Nơi nhận:" in p)
        if slug == "reminder":
            assert sig == 0 and "khẩn trương" in pages[0]  # a one-page letter
            continue
        assert (
            "Trên đây là" in pages[sig]
            or "Trên đây là" in pages[sig - 1]
            and (pages[sig].split("Nơi nhận:")[0].strip())
        ), slug
        before = pages[sig].split("Nơi nhận:")[0]
        assert re.sub(r"\s+", "", before) not in ("", str(sig + 1)), slug


def _page_rows(pdf: Path, page: int = 0) -> list[list[tuple[float, float, str]]]:
    """The words of one PDF page (``pdftotext -bbox-layout``) grouped into printed rows,
    top to bottom: each row a list of ``(x_min, x_max, word)`` from left to right. Words
    are grouped by their top edge, so the cells of a table's row make one printed row."""
    import xml.etree.ElementTree as ET

    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pg = ET.fromstring(xhtml).findall(".//h:page", ns)[page]
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for w in pg.iterfind(".//h:word", ns):
        key = round(float(w.get("yMin")))
        rows.setdefault(key, []).append((float(w.get("xMin")), float(w.get("xMax")), w.text))
    return [sorted(rows[k]) for k in sorted(rows)]


@pytest.mark.libreoffice
def test_recipients_are_laid_out_as_the_decree_shows(demo, tmp_path):
    """NĐ 30, Phụ lục I, II.9d: one recipient on the "Kính gửi:" line, ending with "."; two
    or more below it, one a line, each starting with "- ", the dashes aligned with each
    other under the colon."""
    _soffice()
    from ttdn.outputs.documents.pdf import docx_to_pdf

    agency = tmp_path / "sdl.docx"  # an agency's report: UBND Thành phố and Sở VHTT
    city = tmp_path / "city.docx"  # the city report: UBND Thành phố only
    letter = tmp_path / "letter.docx"  # a reminder: the one agency
    for args in (
        ["report", "--period", "2026-H1", "-a", "so-du-lich", "-o", agency],
        ["report", "--period", "2026-H1", "-o", city],
        ["report", "reminder", "-a", "so-noi-vu", "-o", letter],
    ):
        code, _o, err = run([*args, "--as-of", AS_OF, "--data", demo])
        assert code == 0, err
    pdfs = docx_to_pdf([agency, city, letter])

    rows = _page_rows(pdfs[0])
    i = next(i for i, r in enumerate(rows) if [w for _a, _b, w in r[:2]] == ["Kính", "gửi:"])
    assert len(rows[i]) == 2, rows[i]  # "Kính gửi:" stands alone on its line
    colon = rows[i][1]
    names = rows[i + 1 : i + 3]
    assert [" ".join(w for _a, _b, w in r) for r in names] == [
        "- Ủy ban nhân dân thành phố Hà Nội;",
        "- Sở Văn hoá và Thể thao.",
    ]
    dashes = [r[0][0] for r in names]
    assert abs(dashes[0] - dashes[1]) < 0.5, dashes  # aligned with each other
    # under the colon: the dash starts where "gửi:" ends (within a character's width)
    assert colon[1] - 5 <= dashes[0] <= colon[1] + 2, (colon, dashes)

    for pdf, name in ((pdfs[1], "Ủy ban nhân dân thành phố Hà Nội."), (pdfs[2], "Sở Nội vụ.")):
        rows = _page_rows(pdf)
        line = next(
            " ".join(w for _a, _b, w in r) for r in rows if r[0][2] == "Kính" and r[1][2] == "gửi:"
        )
        assert line == f"Kính gửi: {name}", line

    # sample data: the mark once on page 1 of each, above the national motto
    for pdf in pdfs:
        page1 = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert page1.count("DỮ LIỆU MẪU") == 1, pdf.name
        assert page1.index("DỮ LIỆU MẪU") < page1.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


MM = 72 / 25.4  # PDF points per millimetre
_REF = re.compile(r"^[IVX]+\.\d+$")


def _pages_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, str]]]]:
    """Every PDF page as ``(width, height, words)``, each word ``(y_min, x_min, x_max,
    text)`` in reading order (top to bottom, left to right), from ``pdftotext
    -bbox-layout``."""
    import xml.etree.ElementTree as ET

    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    out = []
    for pg in ET.fromstring(xhtml).findall(".//h:page", ns):
        words = [
            (float(w.get("yMin")), float(w.get("xMin")), float(w.get("xMax")), w.text or "")
            for w in pg.iterfind(".//h:word", ns)
        ]
        out.append((float(pg.get("width")), float(pg.get("height")), sorted(words)))
    return out


def _lines(words: list[tuple[float, float, float, str]]) -> list[list[tuple[float, float, str]]]:
    """Words grouped into printed lines by their top edge (within 2 pt), top to bottom."""
    lines: list[tuple[float, list[tuple[float, float, str]]]] = []
    for y, x0, x1, t in words:
        if lines and abs(lines[-1][0] - y) < 2:
            lines[-1][1].append((x0, x1, t))
        else:
            lines.append((y, [(x0, x1, t)]))
    return [sorted(ws) for _y, ws in lines]


@pytest.fixture(scope="module")
def annual_pdf(tmp_path_factory) -> tuple[Path, Path]:
    """The demo's consolidated annual report (the longest appendix) and its PDF."""
    _soffice()
    from ttdn.outputs.documents.pdf import docx_to_pdf

    tmp = tmp_path_factory.mktemp("annual")
    make_demo(SHIPPED, tmp / "pg")
    out = tmp / "city-2026.docx"
    code, _o, err = run(
        ["report", "--period", "2026", "--as-of", AS_OF, "--data", tmp / "pg" / "data", "-o", out]
    )
    assert code == 0, err
    (pdf,) = docx_to_pdf([out])
    return out, pdf


@pytest.mark.libreoffice
def test_appendix_rows_are_never_split_across_pages(annual_pdf):
    """Each row of the appendix table (a task, or an agency's heading) is printed whole on
    one page: on every page, the first line below the repeated header starts a row, and the
    words printed between one row's start and the next are exactly that row's words."""
    path, pdf = annual_pdf
    table = docx.Document(str(path)).tables[-1]
    header = [w for c in table.rows[0].cells for w in c.text.split()]
    rows: list[tuple[str, list[str]]] = []  # (first word, all words) of each body row
    for r in table.rows[1:]:
        seen, words = set(), []
        for c in r.cells:  # a merged cell (an agency's heading) is listed once per column
            if id(c._tc) not in seen:
                seen.add(id(c._tc))
                words += c.text.split()
        rows.append((words[0], words))

    printed: list[tuple[int, list[str]]] = []  # (page, words) of each row as printed
    pages = [(i, ws) for i, (w, h, ws) in enumerate(_pages_words(pdf)) if w > h]
    assert pages, "no landscape page: where is the appendix?"
    lines_of = {i: _lines(ws) for i, ws in pages}
    # the content column's left edge: where most lines of the table start
    starts = [round(ln[0][0]) for lines in lines_of.values() for ln in lines]
    x_content = max(set(starts), key=starts.count)
    for i, lines in lines_of.items():
        top = next(k for k, ln in enumerate(lines) if ln[0][2] == "TT")
        left = list(header)
        k = top
        while left:  # the repeated header row, however its cells wrap
            for _x0, _x1, t in lines[k]:
                left.remove(t)
            k += 1
        body = lines[k:]
        assert body, f"page {i + 1}: the header row alone"
        first = body[0][0]
        assert first[0] < x_content - 3, (
            f"page {i + 1} starts with the rest of a row split on the page before: "
            + " ".join(t for _a, _b, t in body[0])
        )
        for ln in body:
            if ln[0][0] < x_content - 3:  # a row starts (its TT cell, or a heading)
                printed.append((i, []))
            printed[-1][1].extend(t for _a, _b, t in ln)

    assert len(printed) == len(rows), (len(printed), len(rows))
    refs = [w[0] for w in rows]
    assert sum(bool(_REF.match(r)) for r in refs) == 49
    for (first, words), (page, got) in zip(rows, printed, strict=True):
        # reading order mixes the cells' lines, and a line may break after "…" inside a
        # word: the row's characters, all of them printed on its one page
        assert Counter("".join(got)) == Counter("".join(words)), (first, page + 1)


@pytest.mark.libreoffice
def test_landscape_appendix_stays_within_the_margins(annual_pdf):
    """NĐ 30 (Phụ lục I, I.3): left margin 30–35 mm, right 15–20 mm, on the landscape
    pages too; no printed word (of the table or around it) reaches into them (0.5 mm
    tolerance)."""
    _path, pdf = annual_pdf
    landscape = [(w, ws) for w, h, ws in _pages_words(pdf) if w > h]
    assert landscape
    for n, (width, words) in enumerate(landscape, 1):
        left = min(x0 for _y, x0, _x1, _t in words)
        right = max(x1 for _y, _x0, x1, _t in words)
        assert left >= 30 * MM - 0.5 * MM, (n, left / MM)
        assert right <= width - 15 * MM + 0.5 * MM, (n, (width - right) / MM)
