"""``ttdn template check`` teaches: an unclosed block is reported where it opens, a
template of another kind is named as such, an unknown name gets the closest known ones —
in Vietnamese (English with ``--lang en``), never in Jinja's own words.

The bad templates are the shipped ones edited with python-docx, as staff edit them in Word;
the paragraph a message names is found back in the saved file by counting its paragraphs
(table cells included) in document order.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import REPO, agency_report, run
from ttdn.domain.messages import Message
from ttdn.outputs.documents.check import check_template

TEMPLATES = REPO / "templates"
AGENCY = TEMPLATES / "bao-cao-co-quan.docx"

# Jinja's own messages (English) must not reach the user
JINJA_WORDS = (
    "Unexpected end of template",
    "Jinja was looking for",
    "expected token",
    "Encountered",
)


def paragraph_number(path: Path, text: str) -> int:
    """The 1-based number of the paragraph whose text is ``text`` among every paragraph of
    the body (table cells included), in document order."""
    body = docx.Document(str(path)).element.body
    for n, p in enumerate(body.iter(qn("w:p")), 1):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))) == text:
            return n
    raise AssertionError(f"no paragraph {text!r}")


def with_paragraphs(dst: Path, *inserts: tuple[int, str], src: Path = AGENCY) -> Path:
    """A copy of ``src`` with a paragraph ``text`` inserted before its ``k``-th top-level
    paragraph, for each ``(k, text)``."""
    d = docx.Document(str(src))
    paras = list(d.paragraphs)
    for k, text in inserts:
        paras[k].insert_paragraph_before(text)
    d.save(str(dst))
    return dst


def check(path: Path, *options: str, lang: str | None = None) -> tuple[int, list[str]]:
    args = ["--lang", lang] if lang else []
    code, out, err = run([*args, "template", "check", path, *options])
    assert out == "" if code else True
    lines = err.splitlines()
    for word in JINJA_WORDS:
        assert word not in err, err
    return code, lines


def one_paragraph(tmp_path: Path, text: str) -> tuple[Path, int]:
    """A template with ``text`` as its paragraph 11, and that paragraph's number as the
    check names it."""
    mau = with_paragraphs(tmp_path / "mau.docx", (11, text))
    return mau, paragraph_number(mau, text)


# --------------------------------------------------------------------------- blocks


def test_an_unclosed_for_is_reported_where_it_opens(tmp_path):
    opening = "{% for t in tasks %}{{ t.ref }}"
    mau, n = one_paragraph(tmp_path, opening)
    code, lines = check(mau)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0] == (
        f"{mau}: phần thân, đoạn {n} (“{opening}”): khối “for” mở ở đây nhưng không được "
        "đóng (thiếu {% endfor %})"
    )
    assert lines[1] == f"ttdn: mẫu “{mau}” có 1 lỗi."
    code, lines = check(mau, lang="en")
    assert code == 1
    assert lines[0] == (
        f"{mau}: body, paragraph {n} (“{opening}”): the “for” block opens here but is never "
        "closed (missing {% endfor %})"
    )


def test_an_unclosed_if_in_a_table_cell(tmp_path):
    """Table cells are walked in order with the paragraphs around them."""
    d = docx.Document(str(AGENCY))
    d.tables[-1].cell(0, 0).add_paragraph("{% if has_progress %}")
    mau = tmp_path / "mau.docx"
    d.save(str(mau))
    n = paragraph_number(mau, "{% if has_progress %}")
    code, lines = check(mau)
    assert code == 1 and len(lines) == 2
    assert f"phần thân, đoạn {n} (“{{% if has_progress %}}”): khối “if” mở ở đây" in lines[0]
    assert "(thiếu {% endif %})" in lines[0]


def test_a_block_closed_by_the_wrong_end(tmp_path):
    """``{% for %} {% if %} {% endfor %}``: the ``if`` is the block left open, reported
    where it opens and naming the end tag it should come before."""
    mau = with_paragraphs(
        tmp_path / "mau.docx",
        (11, "{% for t in tasks %}"),
        (11, "{% if t.ref %}{{ t.ref }}"),
        (11, "{% endfor %}"),
    )
    n_if = paragraph_number(mau, "{% if t.ref %}{{ t.ref }}")
    n_end = paragraph_number(mau, "{% endfor %}")
    code, lines = check(mau)
    assert code == 1 and len(lines) == 2, lines
    assert f"đoạn {n_if} (“{{% if t.ref %}}{{{{ t.ref }}}}”)" in lines[0]
    assert (
        f"khối “if” mở ở đây nhưng không được đóng (thiếu {{% endif %}} trước {{% endfor %}} "
        f"ở đoạn {n_end})"
    ) in lines[0]


def test_an_end_with_nothing_to_close(tmp_path):
    mau, n = one_paragraph(tmp_path, "{% endfor %}")
    code, lines = check(mau)
    assert code == 1
    assert lines[0] == (
        f"{mau}: phần thân, đoạn {n} (“{{% endfor %}}”): thẻ {{% endfor %}} không đóng khối "
        "nào: không có khối “for” nào đang mở"
    )
    code, lines = check(mau, lang="en")
    assert lines[0].endswith("{% endfor %} closes nothing: no “for” block is open")


def test_else_outside_a_block_and_an_unknown_tag(tmp_path):
    mau = with_paragraphs(
        tmp_path / "mau.docx", (11, "{% else %}"), (11, "{% fro t in tasks %}{% endfor %}")
    )
    code, lines = check(mau)
    assert code == 1 and len(lines) == 4, lines
    assert lines[0].endswith("thẻ {% else %} chỉ dùng được bên trong khối “if” hoặc “for”")
    assert "lỗi cú pháp Jinja: không có thẻ “fro”. Có phải ý bạn là" in lines[1]
    assert "“for”" in lines[1]
    # the {% endfor %} after the unknown tag closes nothing
    assert "thẻ {% endfor %} không đóng khối nào" in lines[2]


def test_a_misspelt_end_names_the_block_it_should_close(tmp_path):
    mau = with_paragraphs(
        tmp_path / "mau.docx", (11, "{% for t in tasks %}{{ t.ref }}"), (11, "{% endfr %}")
    )
    n_for = paragraph_number(mau, "{% for t in tasks %}{{ t.ref }}")
    code, lines = check(mau)
    assert code == 1 and len(lines) == 2, lines
    assert (
        f"lỗi cú pháp Jinja: không có thẻ “endfr”; khối “for” mở ở đoạn {n_for} được đóng "
        "bằng {% endfor %}"
    ) in lines[0]


def test_an_expression_error_names_its_tag(tmp_path):
    text = "Kính gửi {{ agency.name + }} và {{ agency.name }}"
    mau, n = one_paragraph(tmp_path, text)
    code, lines = check(mau)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{mau}: phần thân, đoạn {n} (“Kính gửi")
    assert "lỗi cú pháp Jinja: thẻ “{{ agency.name + }}” viết sai" in lines[0]
    code, lines = check(mau, lang="en")
    assert "Jinja syntax error: the tag “{{ agency.name + }}” is malformed" in lines[0]


def test_block_problems_are_values():
    """Problems carry a code and a message id with its parameters (put into words at the
    edge), not text."""
    d = docx.Document(str(AGENCY))
    d.paragraphs[11].insert_paragraph_before("{% for t in tasks %}")
    import io

    buf = io.BytesIO()
    d.save(buf)
    _kind, problems = check_template(buf.getvalue(), "agency")
    assert [p.code for p in problems] == ["unclosed-block"]
    message = problems[0].message
    assert isinstance(message, Message)
    assert message.id == "khối “{block}” mở ở đây nhưng không được đóng (thiếu {end})"
    assert message.param("block") == "for" and message.param("end") == "{% endfor %}"


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("template", "kind", "words"),
    [
        (
            "bao-cao-tong-hop.docx",
            "agency",
            "mẫu báo cáo tổng hợp, không phải mẫu báo cáo của cơ quan",
        ),
        (
            "cong-van-don-doc.docx",
            "agency",
            "mẫu công văn đôn đốc, không phải mẫu báo cáo của cơ quan",
        ),
        (
            "bao-cao-co-quan.docx",
            "city",
            "mẫu báo cáo của cơ quan, không phải mẫu báo cáo tổng hợp",
        ),
        (
            "bao-cao-co-quan.docx",
            "reminder",
            "mẫu báo cáo của cơ quan, không phải mẫu công văn đôn đốc",
        ),
    ],
)
def test_a_template_of_another_kind_is_one_problem(tmp_path, template, kind, words):
    mau = tmp_path / "mau.docx"
    mau.write_bytes((TEMPLATES / template).read_bytes())
    code, lines = check(mau, "--kind", kind)
    assert code == 1 and len(lines) == 2, lines
    assert f"mẫu này là {words}" in lines[0]
    assert "không có trong ngữ cảnh" not in lines[0]
    problems = check_template(mau.read_bytes(), kind)[1]
    assert [p.code for p in problems] == ["wrong-kind"]


def test_wrong_kind_in_english(tmp_path):
    mau = tmp_path / "mau.docx"
    mau.write_bytes((TEMPLATES / "bao-cao-tong-hop.docx").read_bytes())
    code, lines = check(mau, "--kind", "agency", lang="en")
    assert code == 1
    assert "this is a template for the consolidated report, not for the agency report" in lines[0]


def test_a_city_template_given_to_an_agency_report(playground, tmp_path):
    """``ttdn report --agency … --template`` with the city's template: one problem naming
    the kind, nothing written."""
    mau = tmp_path / "mau.docx"
    mau.write_bytes((TEMPLATES / "bao-cao-tong-hop.docx").read_bytes())
    out = tmp_path / "bc.docx"
    code, stdout, err = agency_report(playground, out, "--template", mau)
    assert code == 1 and stdout == ""
    lines = err.splitlines()
    assert "mẫu này là mẫu báo cáo tổng hợp, không phải mẫu báo cáo của cơ quan" in lines[0]
    assert len(lines) == 2 and "có 1 lỗi; chưa ghi tệp nào" in lines[1]
    assert not out.exists()


def test_an_agency_template_given_to_the_city_report(playground, tmp_path):
    mau = tmp_path / "mau.docx"
    mau.write_bytes(AGENCY.read_bytes())
    out = tmp_path / "bc.docx"
    args = ["report", "--period", "2026-H1", "--as-of", "2026-07-01", "--data", playground]
    code, _, err = run([*args, "-o", out, "--template", mau])
    assert code == 1
    assert "mẫu này là mẫu báo cáo của cơ quan, không phải mẫu báo cáo tổng hợp" in err
    assert not out.exists()


def test_a_typo_in_a_template_of_the_right_kind_is_not_a_wrong_kind(tmp_path):
    """An agency template that reads one unknown name is an agency template with a typo."""
    text = "{{ agency.name }} {{ grups }}"
    mau = with_paragraphs(tmp_path / "mau.docx", (11, text))
    code, lines = check(mau, "--kind", "agency")
    assert code == 1 and len(lines) == 2, lines
    assert "biến “grups” không có trong ngữ cảnh đã mô tả" in lines[0]
    assert "mẫu này là" not in lines[0]


# --------------------------------------------------------------------------- did you mean


def test_a_misspelt_variable_gets_the_closest_path(tmp_path):
    text = "{{ agncy.name }}"
    mau, n = one_paragraph(tmp_path, text)
    code, lines = check(mau)
    assert code == 1
    assert lines[0].startswith(f"{mau}: phần thân, đoạn {n} (“{{{{ agncy.name }}}}”): ")
    assert lines[0].endswith(
        "biến “agncy” không có trong ngữ cảnh đã mô tả (xem templates/README.md). "
        "Có phải ý bạn là “agency.name” hoặc “agency.short_name” hoặc “signer.name”?"
    )
    code, lines = check(mau, lang="en")
    assert "Did you mean “agency.name”" in lines[0]


def test_misspelt_attributes_of_a_loop_item_and_filters(tmp_path):
    text = "{% for t in tasks %}{{ t.reff }}{{ t.ref|uper }}{% endfor %}"
    mau, n = one_paragraph(tmp_path, text)
    code, lines = check(mau)
    assert code == 1 and len(lines) == 3, lines
    assert (
        f"đoạn {n} " in lines[0]
        and "“t” không có thuộc tính “reff”. Có phải ý bạn là “ref”?" in lines[0]
    )
    assert "không có bộ lọc (filter) “uper”. Có phải ý bạn là “upper”?" in lines[1]


def test_a_problem_inside_a_paragraph_loop_is_where_it_is_written():
    """A name read by a ``{%p for %}`` tag is reported at that tag's paragraph (docxtpl
    moves the tag onto the previous paragraph's line of its source)."""
    raw = (TEMPLATES / "bao-cao-tong-hop.docx").read_bytes()
    _kind, problems = check_template(raw, "city")
    assert problems == []
    # checked as a reminder (best fit: none of its names), "groups" is read where the loop opens
    from ttdn.outputs.documents.check import _Checker, _lines_source, _parts
    from ttdn.outputs.documents.render import make_env
    from ttdn.outputs.documents.variables import context_spec

    part = _parts(raw)[0]
    checker = _Checker(context_spec("reminder"), make_env())
    checker.visit(make_env().parse(_lines_source(part.paras)), {})
    lineno = next(line for line, m, code in checker.errors if m.param("name") == "groups")
    assert "groups" in part.paras[lineno - 1]


def test_valid_blocks_are_not_flagged(tmp_path):
    """Assignments, raw text, comments, whitespace control and blocks spread over
    paragraphs are read as Jinja reads them."""
    mau = with_paragraphs(
        tmp_path / "mau.docx",
        (11, "{% set n = totals.count %}{% set s %}x{% endset %}{{ n }}{{ s }}"),
        (11, "{% raw %}{% if %}{% endraw %}{# ghi chú #}"),
        (11, "{%- if agency.name -%}"),
        (11, "{{ agency.name }}{% for t in tasks %}{{ t.ref }}{% else %}–"),
        (11, "{% endfor %}"),
        (11, "{%- endif %}"),
    )
    code, lines = check(mau)
    assert code == 0, lines
