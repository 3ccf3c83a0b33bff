"""The shortcuts that make ``ttdn report`` fast give the same results as the long way.

- shipped templates, known by hash, are not checked again (and do pass the full check);
- docxtpl's ``resolve_listing`` is only run on the paragraphs it would change;
- the result's XML check skips the parts python-docx serializes from a tree, not the others;
- the tree of plans, the tasks' entries and template items are worked out once per report;
- the cyclic garbage collector is paused while a report's context is built, then switched
  back on.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import zipfile
from types import SimpleNamespace

import pytest
from docxtpl import DocxTemplate

from tests.conftest import report_contexts
from ttdn.data.loader import load
from ttdn.domain.plans import select_plan
from ttdn.domain.status import by_date, child_plans, plan_children, plan_status
from ttdn.outputs.documents import contexts as reports
from ttdn.outputs.documents import render as docx_render
from ttdn.outputs.documents import templategen
from ttdn.outputs.problems import words

AS_OF = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def ds(playground):
    return load(playground)


# --------------------------------------------------------------------------- known templates


@pytest.mark.parametrize("kind", reports.KINDS)
def test_known_hashes_are_those_of_the_shipped_templates(kind):
    built = templategen.build(kind)
    digest = hashlib.sha256(built).hexdigest()
    assert docx_render.KNOWN_TEMPLATES.get(digest) == kind, (
        f"templates changed: set KNOWN_TEMPLATES[{digest!r}] = {kind!r} in ttdn/outputs/documents/render.py"
    )
    assert docx_render.is_known_template(built, kind)


@pytest.mark.parametrize("kind", reports.KINDS)
def test_known_templates_pass_the_full_check(kind):
    found, problems = docx_render.check_template(templategen.build(kind), kind, trust_known=False)
    assert (found, problems) == (kind, [])


def test_a_known_template_of_another_kind_is_checked():
    city = templategen.build("city")
    assert not docx_render.is_known_template(city, "agency")
    found, problems = docx_render.check_template(city, "agency")
    assert found == "agency" and problems  # the city template uses variables agencies lack


def test_an_edited_template_is_checked(tmp_path):
    src = templategen.build("city")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ issuer.name }}", b"{{ issuer.nam }}", 1)
            zout.writestr(info, data)
    _, problems = docx_render.check_template(buf.getvalue(), "city")
    assert any("nam" in words(p.message) for p in problems)


# --------------------------------------------------------------------------- resolve_listing

_RPR = "<w:rPr><w:b/></w:rPr>"
_PPR = '<w:pPr><w:jc w:val="center"/></w:pPr>'
LISTING_XML = (
    '<w:body xmlns:w="urn:w">'
    f"<w:p>{_PPR}<w:r>{_RPR}<w:t>plain text</w:t></w:r></w:p>"
    f'<w:p w:rsidR="1">{_PPR}<w:r>{_RPR}<w:t xml:space="preserve">one\ntwo\nthree</w:t></w:r>'
    "<w:r><w:t>tab\there</w:t></w:r></w:p>"
    f"<w:tbl><w:tr><w:tc><w:p><w:r>{_RPR}<w:t>new\aparagraph</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>page\fbreak</w:t></w:r><w:r><w:t>no special</w:t></w:r></w:p>"
    "<w:p/><w:p><w:pPr/></w:p>"
    "</w:body>"
)


@pytest.mark.parametrize(
    "xml",
    [
        LISTING_XML,
        LISTING_XML.replace("\n", " ").replace("\t", " ").replace("\a", " ").replace("\f", " "),
        "<w:p><w:r><w:t>a\nb</w:t></w:r></w:p>\n<w:p><w:r><w:t>c</w:t></w:r></w:p>\n",
        "",
    ],
)
def test_resolve_listing_is_docxtpls(xml):
    fast = docx_render._template_class()(io.BytesIO(b""))
    slow = DocxTemplate(io.BytesIO(b""))
    assert fast.resolve_listing(xml) == slow.resolve_listing(xml)


@pytest.fixture(scope="module")
def contexts(ds) -> dict[str, dict]:
    return report_contexts(ds, AS_OF)


@pytest.mark.parametrize("kind", reports.KINDS)
def test_render_gives_docxtpls_bytes(kind, contexts, monkeypatch):
    """The same document with docxtpl's own resolve_listing."""
    template = templategen.build(kind)
    fast = docx_render.render(template, contexts[kind], "t")
    monkeypatch.setattr(docx_render, "_template_class", lambda: DocxTemplate)
    assert docx_render.render(template, contexts[kind], "t") == fast


def test_the_demo_has_line_breaks_to_resolve(contexts):
    """The comparison above covers paragraphs docxtpl rewrites: task contents with lines."""
    assert any("\n" in t["content"] for t in contexts["city"]["tasks"])


# --------------------------------------------------------------------------- the XML check


def _with_part(template: bytes, name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info.filename))
    return buf.getvalue()


def test_a_broken_part_kept_as_bytes_is_still_found(ds):
    """python-docx keeps word/webSettings.xml as bytes: the check must still parse it."""
    pd = select_plan(ds, None, AS_OF)
    ctx = reports.reminder_context(ds, pd, "so-du-lich", AS_OF)
    broken = _with_part(templategen.build("reminder"), "word/webSettings.xml", b"<w:webSettings")
    with pytest.raises(docx_render.TemplateProblemError) as exc:
        docx_render.render(broken, ctx)
    assert "word/webSettings.xml" in str(exc.value.problems[0].part)


def test_saving_once_gives_the_bytes_of_save_then_normalize(ds):
    """save_document zips once; the result is byte for byte python-docx's save followed by
    normalize_zip (same members, order, content and timestamps)."""
    import docx

    pd = select_plan(ds, None, AS_OF)
    ctx = reports.reminder_context(ds, pd, "so-du-lich", AS_OF)
    rendered = docx_render.render(templategen.build("reminder"), ctx, "Tiêu đề")
    for data in (templategen.build("city"), rendered):
        document = docx.Document(io.BytesIO(data))
        buf = io.BytesIO()
        document.save(buf)
        expected = docx_render.normalize_zip(buf.getvalue())
        assert docx_render.save_document(docx.Document(io.BytesIO(data))) == expected
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        assert {i.date_time for i in z.infolist()} == {docx_render.ZIP_DATE}
        assert docx.Document(io.BytesIO(rendered)).core_properties.title == "Tiêu đề"


# --------------------------------------------------------------------------- once per report


def _plan_tree_reference(ds, pd) -> list:
    """The former breadth-first walk (one scan of every plan per node)."""
    out, todo = [], [pd]
    while todo:
        p = todo.pop(0)
        if any(p is q for q in out):
            continue
        out.append(p)
        todo.extend(child_plans(ds, p))
    return out


def _fake_plan(pid: str, parent: str | None):
    return SimpleNamespace(id=pid, plan=SimpleNamespace(parent=parent))


def test_plan_tree_is_the_breadth_first_walk(ds):
    for pd in ds.plans.values():
        assert reports.plan_tree(ds, pd) == _plan_tree_reference(ds, pd)
    plans = [
        _fake_plan("city", None),
        _fake_plan("a", "city"),
        _fake_plan("b", "city"),
        _fake_plan("a1", "a"),
        _fake_plan("b1", "b"),
        _fake_plan("self", "self"),
        _fake_plan("x", "y"),  # a cycle of parents
        _fake_plan("y", "x"),
    ]
    fake = SimpleNamespace(plans={p.id: p for p in plans})
    for pd in plans:
        got = reports.plan_tree(fake, pd)  # type: ignore[arg-type]
        assert [p.id for p in got] == [p.id for p in _plan_tree_reference(fake, pd)]
    assert [p.id for p in reports.plan_tree(fake, plans[0])] == ["city", "a", "b", "a1", "b1"]
    children = plan_children(fake)  # type: ignore[arg-type]
    for pd in plans:
        assert children.get(pd.id, []) == child_plans(fake, pd)  # type: ignore[arg-type]


def test_task_items_are_made_once_and_handed_out_as_copies(ds):
    pd = select_plan(ds, None, AS_OF)
    statuses = plan_status(pd, AS_OF, ds)
    items = reports.TaskItems(ds)
    for ts in statuses:
        first = items.item(ts)
        assert first == reports.task_item(ds, ts)
        first["note"] = "changed"
        assert "note" not in items.item(ts)
        own, others = items.entries(ts)
        assert items.entries(ts)[0] is own
        assert own == sorted(own, key=by_date) and others == sorted(others, key=by_date)
        assert all(c.date == c.entry.date for c in own + others)
        assert items.reported(ts) == (ts.recorded or bool(own or others))


def test_gc_is_paused_and_restored():
    assert gc.isenabled()
    with reports.gc_paused():
        assert not gc.isenabled()
        with reports.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), reports.gc_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with reports.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_contexts_switch_the_collector_back_on(ds):
    pd = select_plan(ds, None, AS_OF)
    reports.city_report_context(ds, pd, reports.parse_period("2026"), AS_OF)
    assert gc.isenabled()
    with pytest.raises(reports.ReportError):
        reports.agency_report_context(ds, pd, "so-du-lich", reports.parse_period("2025"), AS_OF)
    assert gc.isenabled()
