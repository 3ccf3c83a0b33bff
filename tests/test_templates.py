"""Word templates: the generator, the documented context, ``ttdn template check`` and
templates edited by staff (``ttdn report --template``)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import REPO, agency_report, report_contexts, run
from ttdn.data.loader import load
from ttdn.outputs.documents import contexts as reports
from ttdn.outputs.documents import templategen

TEMPLATES = REPO / "templates"
AS_OF = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def contexts(playground) -> dict[str, dict]:
    return report_contexts(load(playground), AS_OF)


def edit(src: Path, dst: Path, old: str, new: str, part: str = "word/document.xml") -> Path:
    """A copy of a template with one text replaced in one part (as an editor would)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, data)
    dst.write_bytes(buf.getvalue())
    return dst


# --------------------------------------------------------------------------- generator


@pytest.mark.parametrize("kind", reports.KINDS)
def test_generator_is_byte_reproducible_and_committed(kind):
    first, second = templategen.build(kind), templategen.build(kind)
    assert first == second
    committed = TEMPLATES / reports.TEMPLATE_FILES[kind]
    assert committed.read_bytes() == first, "run: python -m ttdn.outputs.documents.templategen"
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_readme_is_generated_and_committed():
    assert (TEMPLATES / "README.md").read_text(encoding="utf-8") == templategen.readme()


def test_generator_writes_all_files(tmp_path):
    written = templategen.write_all(tmp_path / "t")
    assert sorted(p.name for p in written) == sorted(
        [*reports.TEMPLATE_FILES.values(), "README.md"]
    )
    for p in written:
        assert p.read_bytes() == (TEMPLATES / p.name).read_bytes()


@pytest.mark.parametrize("kind", reports.KINDS)
def test_every_tag_is_in_one_run(kind):
    """docxtpl re-joins split tags with the first run's formatting: keep each tag whole."""
    d = docx.Document(io.BytesIO(templategen.build(kind)))
    parts = [
        d.element,
        *(s.header._element for s in d.sections),
        *(s.first_page_header._element for s in d.sections),
    ]
    tags = 0
    for part in parts:
        for r in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            opens = len(re.findall(r"\{\{|\{%", text))
            closes = len(re.findall(r"\}\}|%\}", text))
            assert opens == closes, text
            tags += opens
    assert tags > 20


@pytest.mark.parametrize("kind", reports.KINDS)
def test_shipped_templates_pass_the_check(kind):
    from ttdn.outputs.documents.render import check_template

    found, problems = check_template(templategen.build(kind), kind)
    assert problems == [] and found == kind


def test_core_properties_are_fixed():
    d = docx.Document(TEMPLATES / "bao-cao-co-quan.docx")
    cp = d.core_properties
    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert cp.author == "ttdn" and cp.created == fixed and cp.modified == fixed
    assert "{" not in (cp.title or "") + (cp.subject or "") + (cp.comments or "")


# --------------------------------------------------------------------------- the documented context


@pytest.mark.parametrize("kind", reports.KINDS)
def test_context_has_exactly_the_documented_shape(contexts, kind):
    ctx, spec = contexts[kind], reports.CONTEXT_SPEC[kind]
    assert set(ctx) == set(spec)
    errors = [e for name, var in spec.items() for e in reports.spec_matches(ctx[name], var, name)]
    assert errors == []


def _names(prefix: str, var: reports.Var):
    yield prefix
    for k, sub in (var.fields or {}).items():
        yield from _names(f"{prefix}[].{k}" if var.type == "list[obj]" else f"{prefix}.{k}", sub)


def test_every_variable_is_documented_in_the_readme():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for spec in reports.CONTEXT_SPEC.values():
        for name, var in spec.items():
            for dotted in _names(name, var):
                assert f"| `{dotted}` |" in readme, dotted
    for var in (v for spec in reports.CONTEXT_SPEC.values() for v in spec.values()):
        assert var.vi and var.en


def test_no_field_is_hidden_by_a_dict_method():
    """Jinja prefers attributes: ``x.items`` would be ``dict.items``, not the key."""

    def walk(var):
        for k, sub in (var.fields or {}).items():
            assert not hasattr(dict, k), k
            walk(sub)

    for spec in reports.CONTEXT_SPEC.values():
        for var in spec.values():
            walk(var)


def test_context_strings_are_clean(contexts):
    def walk(v):
        if isinstance(v, str):
            assert v == reports.clean(v) or "\n" in v, repr(v)
            assert not re.search("[\x00-\x08\x0b-\x1f]", v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for ctx in contexts.values():
        walk(ctx)


def test_vietnamese_dates_and_numbers():
    assert reports.vn_date_words(dt.date(2026, 1, 5), 2026) == "ngày 05 tháng 01 năm 2026"
    assert reports.vn_date_words(dt.date(2026, 2, 28), 2026) == "ngày 28 tháng 02 năm 2026"
    assert reports.vn_date_words(dt.date(2026, 11, 9), 2026) == "ngày 09 tháng 11 năm 2026"
    assert reports.vn_date_words(dt.date(2026, 3, 10), 2026) == "ngày 10 tháng 3 năm 2026"
    assert reports.vn_date_words(None, 2026) == "ngày … tháng … năm 2026"
    assert reports.number(1320000) == "1.320.000"
    p = reports.parse_period(" 2026-h1 ")
    assert (p.year, p.id, p.end, p.cutoff(dt.date(2026, 12, 1))) == (
        2026,
        "H1",
        dt.date(2026, 6, 30),
        dt.date(2026, 6, 30),
    )
    a = reports.parse_period("2026")
    assert a.id == "annual" and a.cutoff(dt.date(2026, 11, 15)) == dt.date(2026, 11, 15)
    with pytest.raises(reports.ReportError):
        reports.parse_period("2026-Q1")


@pytest.mark.parametrize(
    ("name", "abbr"),
    [
        ("Sở Du lịch", "SDL"),
        ("Sở Văn hoá và Thể thao", "SVHTT"),
        ("Sở Tài chính", "STC"),
        ("Sở Nông nghiệp và Môi trường", "SNNMT"),
        ("Ủy ban nhân dân thành phố Hà Nội", "UBND"),
        ("Văn phòng Ủy ban nhân dân thành phố Hà Nội", "VP"),
        ("Liên hiệp các tổ chức hữu nghị thành phố Hà Nội", "…"),
    ],
)
def test_abbreviations_are_never_guessed_wildly(name, abbr):
    from ttdn.domain.model import Agency

    assert reports.abbreviation(Agency(name=name, short_name=name, kind="department")) == abbr


# --------------------------------------------------------------------------- template check


def test_check_accepts_the_shipped_templates():
    for name in reports.TEMPLATE_FILES.values():
        code, out, err = run(["template", "check", TEMPLATES / name])
        assert code == 0, err
        assert out.startswith("Mẫu hợp lệ:")


BAD = [
    # (old, new, expected words in the message)
    ("{{ totals.overdue }}", "{{ totals.overdue }", "chưa được đóng"),
    ("{{ totals.overdue }}", "{{ totals.overdeu }}", "không có thuộc tính “overdeu”"),
    ("{{ totals.overdue }}", "{{ tong_so }}", "biến “tong_so” không có"),
    ("{%p endif %}", "{%p endfr %}", "lỗi cú pháp Jinja"),
    ("{{ totals.overdue }}", "{{ ''.__class__.__mro__ }}", "không được phép"),
    ("{{ totals.overdue }}", "{{ totals.overdue|khong_co }}", "không có bộ lọc"),
    ("{%p if not has_progress %}", "Ghi chú {%p if not has_progress %}", "phải đứng một mình"),
]


@pytest.mark.parametrize(("old", "new", "words"), BAD)
def test_check_names_the_problem_and_its_paragraph(tmp_path, old, new, words):
    bad = edit(TEMPLATES / "bao-cao-co-quan.docx", tmp_path / "bao-cao-co-quan-sua.docx", old, new)
    code, out, err = run(["template", "check", bad])
    assert code == 1 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{bad}: phần thân, đoạn ")
    assert words in first
    n = int(re.search(r"đoạn (\d+)", first).group(1))
    para_text = "".join(
        t.text or ""
        for t in list(docx.Document(bad).element.body.iter(qn("w:p")))[n - 1].iter(qn("w:t"))
    )
    assert new.split("{")[0].strip() in para_text or new in para_text or old in para_text


@pytest.mark.parametrize(("old", "new", "words"), BAD)
def test_report_refuses_a_bad_template_before_writing(playground, tmp_path, old, new, words):
    bad = edit(TEMPLATES / "bao-cao-co-quan.docx", tmp_path / "mau.docx", old, new)
    out = tmp_path / "bc.docx"
    code, stdout, err = agency_report(playground, out, "--template", bad)
    assert code == 1, err
    assert words in err and "chưa ghi tệp nào" in err and stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.docx"]


def test_check_uses_the_kind(tmp_path):
    city = tmp_path / "x.docx"
    city.write_bytes((TEMPLATES / "bao-cao-tong-hop.docx").read_bytes())
    code, out, _ = run(["template", "check", city])  # no hint in the name: the best fit
    assert code == 0 and "báo cáo tổng hợp" in out
    assert run(["template", "check", city, "--kind", "city"])[0] == 0
    code, _, err = run(["template", "check", city, "--kind", "agency"])
    assert code == 1 and "biến “groups” không có" in err
    # named like an agency report: checked as one
    named = city.rename(tmp_path / "bao-cao-co-quan-moi.docx")
    assert run(["template", "check", named])[0] == 1


def test_check_header_parts(tmp_path):
    bad = edit(
        TEMPLATES / "bao-cao-co-quan.docx",
        tmp_path / "mau.docx",
        "{{ sample_mark }}",
        "{{ sample_mak }}",
        part="word/header1.xml",
    )
    code, _, err = run(["template", "check", bad])
    assert code == 1 and "đầu trang 1" in err and "sample_mak" in err


def test_check_rejects_what_is_not_a_docx(tmp_path):
    f = tmp_path / "x.docx"
    f.write_text("không phải docx", encoding="utf-8")
    code, _, err = run(["template", "check", f])
    assert code == 1 and "không phải tệp Word .docx hợp lệ" in err
    code, _, err = run(["template", "check", tmp_path / "khong-co.docx"])
    assert code == 2 and "không đọc được" in err


# --------------------------------------------------------------------------- staff edits


def test_edited_wording_is_used(playground, tmp_path):
    """Staff change wording and recipients in Word; no code involved."""
    src = TEMPLATES / "bao-cao-co-quan.docx"
    mau = edit(src, tmp_path / "mau.docx", "- Như trên;", "- Như trên (kèm hồ sơ);")
    mau = edit(mau, tmp_path / "mau2.docx", "II. ĐÁNH GIÁ CHUNG", "II. ĐÁNH GIÁ, NHẬN XÉT")
    out = tmp_path / "bc.docx"
    code, _, err = agency_report(playground, out, "--template", mau)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "II. ĐÁNH GIÁ, NHẬN XÉT" in text
    cells = [c.text for t in docx.Document(out).tables for c in t.rows[0].cells]
    assert any("- Như trên (kèm hồ sơ);" in c for c in cells)


def test_a_tag_split_by_word_still_works(playground, tmp_path):
    """Word splits text into runs; docxtpl joins a split tag again."""
    src = TEMPLATES / "bao-cao-co-quan.docx"
    xml = zipfile.ZipFile(src).read("word/document.xml").decode("utf-8")
    m = re.search(
        r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)<w:t[^>]*>Thực hiện "
        r"\{\{ plan\.reference \}\}, \{\{ agency\.name \}\} báo cáo",
        xml,
    )
    assert m, "tag not found"
    old = "{{ agency.name }} báo cáo"
    new = "{{ agency.</w:t></w:r><w:r>" + m.group(1) + '<w:t xml:space="preserve">name }} báo cáo'
    mau = tmp_path / "mau.docx"
    edit(src, mau, old, new)
    assert zipfile.ZipFile(mau).read("word/document.xml").decode().count("{{ agency.</w:t>") == 1
    assert run(["template", "check", mau])[0] == 0
    out = tmp_path / "bc.docx"
    code, _, err = agency_report(playground, out, "--template", mau)
    assert code == 0, err
    assert "Sở Du lịch báo cáo kết quả" in "\n".join(p.text for p in docx.Document(out).paragraphs)


def test_missing_template_file_is_a_usage_error(playground, tmp_path):
    code, _, err = run(
        [
            "report",
            "--period",
            "2026-H1",
            "--data",
            playground,
            "--template",
            tmp_path / "khong-co.docx",
            "-o",
            tmp_path / "bc.docx",
        ]
    )
    assert code == 2 and "không đọc được mẫu" in err
    assert not (tmp_path / "bc.docx").exists()


def test_output_cannot_overwrite_the_template(playground, tmp_path):
    mau = tmp_path / "mau.docx"
    mau.write_bytes((TEMPLATES / "bao-cao-tong-hop.docx").read_bytes())
    code, _, err = run(
        ["report", "--period", "2026-H1", "--data", playground, "--template", mau, "-o", mau]
    )
    assert code == 1 and "trùng với tệp mẫu" in err
    assert mau.read_bytes() == (TEMPLATES / "bao-cao-tong-hop.docx").read_bytes()
