"""Word templates: the shipped templates (the source, edited by staff in Word), the typed
context and its README table, ``ttdn template check`` and edited templates
(``ttdn report --template``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import typing
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import REPO, agency_report, report_contexts, run
from ttdn.data.loader import load
from ttdn.outputs.documents import kinds, variables
from ttdn.outputs.documents.check import check_template
from ttdn.outputs.documents.context_types import CONTEXT_TYPES
from ttdn.outputs.documents.kinds import KINDS, TEMPLATE_FILES
from ttdn.outputs.documents.nd30 import abbreviation
from ttdn.outputs.documents.period import ReportError, parse_period
from ttdn.outputs.documents.render import ZIP_DATE, render
from ttdn.outputs.words import clean, date_words, number

TEMPLATES = REPO / "templates"
AS_OF = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def contexts(playground) -> dict:
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


# --------------------------------------------------------------------------- the shipped templates


@pytest.mark.parametrize("kind", KINDS)
def test_every_tag_is_in_one_run(kind):
    """docxtpl re-joins split tags with the first run's formatting: the shipped templates
    keep each tag whole."""
    d = docx.Document(TEMPLATES / TEMPLATE_FILES[kind])
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


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_templates_pass_the_check_and_render(kind, contexts):
    path = TEMPLATES / TEMPLATE_FILES[kind]
    found, problems = check_template(path.read_bytes(), kind)
    assert problems == [] and found == kind
    out = render(path.read_bytes(), contexts[kind], "Tiêu đề")
    d = docx.Document(io.BytesIO(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "{{" not in text and "{%" not in text
    assert d.core_properties.title == "Tiêu đề"
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_DATE}
    assert render(path.read_bytes(), contexts[kind], "Tiêu đề") == out


def test_shipped_templates_are_found_where_ttdn_is_installed():
    for kind in KINDS:
        path = kinds.shipped_template_path(kind)
        assert path.is_file() and path.name == TEMPLATE_FILES[kind]
    assert TEMPLATES.resolve() in [d.resolve() for d in kinds.template_dirs()]


def test_template_properties_hold_no_tags():
    for name in TEMPLATE_FILES.values():
        cp = docx.Document(TEMPLATES / name).core_properties
        assert "{" not in (cp.title or "") + (cp.subject or "") + (cp.comments or "")


def test_rendering_uses_no_private_api_and_no_code_cache():
    pkg = REPO / "ttdn" / "outputs"
    for path in pkg.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("marshal", "PackageWriter", "_write_content_types", "patch_xml(self"):
            assert word not in text, (path, word)
        assert "cache import memo" not in text, path


# --------------------------------------------------------------------------- the typed context


def test_readme_table_is_generated_from_the_types():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    assert variables.with_table(readme) == readme, "run: python -m ttdn.outputs.documents.variables"
    for kind in KINDS:
        for var in variables.context_spec(kind).values():
            assert var.vi and var.en


def _type_errors(value, hint, path: str) -> list[str]:
    """Where ``value`` does not have the declared type ``hint``."""
    if hint in (str, bool):
        return [] if type(value) is hint else [f"{path}: expected {hint.__name__}"]
    if typing.get_origin(hint) is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        (item,) = typing.get_args(hint)
        return [e for i, v in enumerate(value) for e in _type_errors(v, item, f"{path}[{i}]")]
    if type(value) is not hint:
        return [f"{path}: expected {hint.__name__}, got {type(value).__name__}"]
    hints = typing.get_type_hints(hint)
    return [
        e
        for f in dataclasses.fields(hint)
        for e in _type_errors(getattr(value, f.name), hints[f.name], f"{path}.{f.name}")
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_context_has_exactly_the_declared_types(contexts, kind):
    ctx = contexts[kind]
    assert type(ctx) is CONTEXT_TYPES[kind]
    assert _type_errors(ctx, CONTEXT_TYPES[kind], kind) == []
    assert set(ctx.template_vars()) == set(variables.context_spec(kind))


def test_context_strings_are_clean(contexts):
    def walk(v):
        if isinstance(v, str):
            assert v == clean(v) or "\n" in v, repr(v)
            assert not re.search("[\x00-\x08\x0b-\x1f]", v)
        elif dataclasses.is_dataclass(v):
            for f in dataclasses.fields(v):
                walk(getattr(v, f.name))
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for ctx in contexts.values():
        walk(ctx)


def test_vietnamese_dates_and_numbers():
    assert date_words(dt.date(2026, 1, 5), 2026) == "ngày 05 tháng 01 năm 2026"
    assert date_words(dt.date(2026, 2, 28), 2026) == "ngày 28 tháng 02 năm 2026"
    assert date_words(dt.date(2026, 11, 9), 2026) == "ngày 09 tháng 11 năm 2026"
    assert date_words(dt.date(2026, 3, 10), 2026) == "ngày 10 tháng 3 năm 2026"
    assert date_words(None, 2026) == "ngày … tháng … năm 2026"
    assert number(1320000) == "1.320.000"
    p = parse_period(" 2026-h1 ")
    assert (p.year, p.id, p.end, p.cutoff(dt.date(2026, 12, 1))) == (
        2026,
        "H1",
        dt.date(2026, 6, 30),
        dt.date(2026, 6, 30),
    )
    a = parse_period("2026")
    assert a.id == "annual" and a.cutoff(dt.date(2026, 11, 15)) == dt.date(2026, 11, 15)
    with pytest.raises(ReportError):
        parse_period("2026-Q1")


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

    assert abbreviation(Agency(name=name, short_name=name, kind="department")) == abbr


# --------------------------------------------------------------------------- template check


def test_check_accepts_the_shipped_templates():
    for name in TEMPLATE_FILES.values():
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
    assert (
        code == 1 and "mẫu này là mẫu báo cáo tổng hợp, không phải mẫu báo cáo của cơ quan" in err
    )
    # named like an agency report: checked as one
    named = city.rename(tmp_path / "bao-cao-co-quan-moi.docx")
    code, _, err = run(["template", "check", named])
    assert code == 1 and "không phải mẫu báo cáo của cơ quan" in err


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
    assert code == 2 and "không có tệp" in err


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
        r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)<w:t[^>]*>Thực hiện Kế hoạch số "
        r"\{\{ plan\.number \}\} [^<]*, \{\{ agency\.name \}\} báo cáo",
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
    assert code == 2 and "không có tệp" in err and "khong-co.docx" in err
    assert not (tmp_path / "bc.docx").exists()


def test_output_cannot_overwrite_the_template(playground, tmp_path):
    mau = tmp_path / "mau.docx"
    mau.write_bytes((TEMPLATES / "bao-cao-tong-hop.docx").read_bytes())
    code, _, err = run(
        ["report", "--period", "2026-H1", "--data", playground, "--template", mau, "-o", mau]
    )
    assert code == 1 and "trùng với tệp mẫu" in err
    assert mau.read_bytes() == (TEMPLATES / "bao-cao-tong-hop.docx").read_bytes()


def test_check_suggests_the_closest_name(tmp_path):
    bad = edit(
        TEMPLATES / "bao-cao-co-quan.docx",
        tmp_path / "bao-cao-co-quan-sua.docx",
        "{{ totals.overdue }}",
        "{{ totals.overdeu }} {{ agncy.name }}",
    )
    code, _, err = run(["template", "check", bad])
    assert code == 1
    assert "“overdeu”. Có phải ý bạn là “overdue”?" in err
    assert "biến “agncy” không có trong ngữ cảnh đã mô tả (xem templates/README.md). " in err
    assert "Có phải ý bạn là “agency.name”" in err


# --------------------------------------------------------------------------- rendering


def _with_part(template: bytes, name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info.filename))
    return buf.getvalue()


def test_a_broken_part_kept_as_bytes_is_found(contexts):
    """python-docx keeps word/webSettings.xml as bytes: the result's check parses it."""
    from ttdn.outputs.documents.render import TemplateProblemError

    template = (TEMPLATES / TEMPLATE_FILES["reminder"]).read_bytes()
    broken = _with_part(template, "word/webSettings.xml", b"<w:webSettings")
    with pytest.raises(TemplateProblemError) as exc:
        render(broken, contexts["reminder"])
    assert "word/webSettings.xml" in str(exc.value.problems[0].part)


def test_plan_tree_is_the_breadth_first_walk(playground):
    from ttdn.domain.status import child_plans
    from ttdn.outputs.documents.contexts import plan_tree

    ds = load(playground)
    for pd in ds.plans.values():
        out, todo = [], [pd]
        while todo:
            p = todo.pop(0)
            if not any(p is q for q in out):
                out.append(p)
                todo.extend(child_plans(ds, p))
        assert plan_tree(ds, pd) == out


def test_task_items_are_made_once(playground):
    from ttdn.domain.plans import select_plan
    from ttdn.domain.status import by_date, plan_status
    from ttdn.outputs.documents.contexts import TaskItems, task_item

    ds = load(playground)
    pd = select_plan(ds, None, AS_OF)
    items = TaskItems(ds)
    for ts in plan_status(pd, AS_OF, ds):
        assert items.item(ts) is items.item(ts)
        assert items.item(ts) == task_item(ds, ts)
        own, others = items.entries(ts)
        assert own == sorted(own, key=by_date) and others == sorted(others, key=by_date)
        assert items.reported(ts) == (ts.recorded or bool(own or others))


# --------------------------------------------------------------------------- edited in Word


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_template_reworded_and_saved_by_libreoffice_is_used(playground, tmp_path):
    """Staff change a paragraph's wording (python-docx here, Word there), the file goes
    through LibreOffice, and the next report shows the new wording: the template is the
    source, nothing in ttdn overrides it."""
    d = docx.Document(TEMPLATES / "bao-cao-co-quan.docx")
    old = "Trên đây là báo cáo kết quả thực hiện công tác thông tin đối ngoại"
    para = next(p for p in d.paragraphs if p.text.startswith(old))
    first = para.runs[0]
    assert first.text.startswith(old)
    first.text = first.text.replace(old, "Trên đây là báo cáo (đã sửa bằng Word) về công tác")
    edited = tmp_path / "edited" / "bao-cao-co-quan.docx"
    edited.parent.mkdir()
    d.save(edited)
    saved = tmp_path / "saved"
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(saved),
            str(edited),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    mau = saved / "bao-cao-co-quan.docx"
    assert proc.returncode == 0 and mau.is_file(), proc.stderr
    code, out, err = run(["template", "check", mau])
    assert code == 0, err
    report = tmp_path / "bc.docx"
    code, _, err = agency_report(playground, report, "--template", mau)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    assert "Trên đây là báo cáo (đã sửa bằng Word) về công tác" in text
    assert old not in text
    assert "{{" not in text and "{%" not in text
    names = zipfile.ZipFile(report).namelist()
    assert len(names) == len(set(names))  # one docProps/core.xml (python-docx adds its own)
