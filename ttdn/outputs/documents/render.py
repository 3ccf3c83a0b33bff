"""Rendering a Word template with docxtpl, and checking a template before rendering.

Rendering always uses autoescape and a sandboxed Jinja environment with ``StrictUndefined``:
``&``, ``<`` and quotes in the data come out exactly, a misspelt variable is an error rather
than an empty string, and a template cannot reach Python internals or read files.

The output is byte-reproducible: the zip is rewritten with fixed timestamps, and the
document's core properties come from the template (plus the title set here), so the same
template and data give the same bytes.

docx, docxtpl and jinja2 are imported inside the functions (``import ttdn.cli`` stays light).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ttdn.i18n import _
from ttdn.outputs.documents.contexts import CONTEXT_SPEC, KIND_LABELS, Var

ZIP_DATE = (2026, 1, 1, 0, 0, 0)

# SHA-256 → kind of the templates ``python -m ttdn.outputs.documents.templategen`` ships in ``templates/``.
# They pass :func:`check_template` for their kind (tests/test_render_fast.py checks both the
# hashes and the full check), so ``ttdn report`` with an unchanged template skips the check.
# Regenerating the templates after a change of ``ttdn/outputs/documents/templategen.py`` changes these.
KNOWN_TEMPLATES = {
    "2f7ec0dff34b1ba374868375309cb75c0505b2da90a96bae46253d2c0a87d99d": "agency",
    "c5962de375ec2ccbd5c055c60f72c5379b5abe3da10519c351e56d4490dd9586": "city",
    "65a248e200cfca389753b390e14ad2063798bf9eaa1339e5687057a3f7e61798": "reminder",
}

# Names a template may use without them being in the context (Jinja's own globals).
JINJA_GLOBALS = {
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
    "loop",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
}


class TemplateProblemError(Exception):
    """A template cannot be used: ``problems`` say where and why."""

    def __init__(self, problems: list[TemplateProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class TemplateProblem:
    part: str  # "phần thân", "đầu trang 1", … (in the language of the run)
    paragraph: int | None  # 1-based paragraph number within the part (approximate), if known
    excerpt: str  # the paragraph's text, shortened
    message: str

    def format(self, file: str) -> str:
        where = self.part
        if self.paragraph is not None:
            where += _(", đoạn {n}", n=self.paragraph)
        if self.excerpt:
            where += f" (“{self.excerpt}”)"
        return f"{file}: {where}: {self.message}"


# --------------------------------------------------------------------------- environment


def make_env():
    """The Jinja environment templates are rendered in (see the module documentation)."""
    from jinja2 import StrictUndefined

    return _environment_class()(undefined=StrictUndefined, autoescape=True)


@functools.cache
def _environment_class():
    """``SandboxedEnvironment`` whose compiled templates are remembered between runs.

    Jinja compiles a template's source to Python code each time (``from_string``, which
    docxtpl uses, has no bytecode cache): ~35 ms for a report template. The code object of
    a source is kept by :func:`ttdn.data.cache.memo`, marshalled like Jinja's own
    ``BytecodeCache`` does, under the source, the Jinja version and the environment's
    options (the generated code depends on them). Syntax errors are raised as always
    (nothing is kept)."""
    import marshal

    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    class Environment(SandboxedEnvironment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
            if raw or name or filename or defer_init or not isinstance(source, str):
                return super().compile(source, name, filename, raw, defer_init)
            from ttdn.data.cache import memo

            def compute() -> bytes:
                return marshal.dumps(super(Environment, self).compile(source))

            options = (
                type(self).__mro__[1].__name__,
                self.autoescape,
                self.optimized,
                self.undefined.__name__,
                self.block_start_string,
                self.variable_start_string,
                self.comment_start_string,
                self.line_statement_prefix,
                self.trim_blocks,
                self.lstrip_blocks,
                self.newline_sequence,
                self.keep_trailing_newline,
                sorted(self.extensions),
            )
            blob = memo("jinja-code", source, compute, jinja2.__version__, repr(options))
            return marshal.loads(blob)

    return Environment


# --------------------------------------------------------------------------- zip


def normalize_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, entries in their original order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_zip_member(info.filename), src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- checking


_DELIMS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK_TAG = re.compile(r"\{%-?\s*(p|tr|tc|r)\s")


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_MARK = "{urn:ttdn-check}n"


def _parts(template: bytes):
    """For the body, each header and each footer: (label, [paragraph text…], jinja source).

    The source is prepared exactly as docxtpl prepares it for rendering (one paragraph per
    line), each paragraph carrying its 1-based index so that an error's line leads back to
    the paragraph as written in the file."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    elements = [(_("phần thân"), tpl.docx._element.body)]
    for uri, footer in ((tpl.HEADER_URI, False), (tpl.FOOTER_URI, True)):
        for n, (_rel, part) in enumerate(tpl.get_headers_footers(uri), 1):
            label = _("chân trang {n}", n=n) if footer else _("đầu trang {n}", n=n)
            elements.append((label, parse_xml(part.blob)))
    out = []
    for label, el in elements:
        paras = []
        for i, p in enumerate(el.iter(qn("w:p")), 1):
            p.set(_MARK, str(i))
            paras.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
        src = tpl.patch_xml(tpl.xml_to_string(el))
        out.append((label, paras, re.sub(r"<w:p([ >])", r"\n<w:p\1", src)))
    return out


def _paragraph_delimiters(text: str) -> str | None:
    """Why the tags of one paragraph are unbalanced, or None."""
    open_: str | None = None
    for m in _DELIMS.finditer(text):
        tok = m.group()
        if tok in _CLOSE:
            if open_ is not None:
                return _(
                    "thẻ “{open}” chưa được đóng bằng “{close}” trước “{next}”",
                    open=open_,
                    close=_CLOSE[open_],
                    next=tok,
                )
            open_ = tok
        elif open_ is not None and tok == _CLOSE[open_]:
            open_ = None
        else:
            return _("“{tag}” không có thẻ mở tương ứng", tag=tok)
    if open_ is not None:
        return _(
            "thẻ “{open}” chưa được đóng bằng “{close}” trong đoạn này "
            "(mỗi thẻ phải nằm trọn trong một đoạn)",
            open=open_,
            close=_CLOSE[open_],
        )
    return None


def _delimiter_problems(parts) -> list[TemplateProblem]:
    """Tags must open and close inside one paragraph; ``{%p …%}`` and the like must be alone
    in theirs (docxtpl replaces the whole paragraph, row or cell)."""
    problems = []
    for label, paras, _src in parts:
        for i, text in enumerate(paras, 1):
            why = _paragraph_delimiters(text)
            if why is not None:
                problems.append(TemplateProblem(label, i, _short(text), why))
                continue
            m = _BLOCK_TAG.search(text)
            if m is None:
                continue
            rest = re.sub(r"\{%.*?%\}", "", text).strip()
            if rest:
                where = {
                    "p": _("đoạn văn"),
                    "tr": _("dòng của bảng"),
                    "tc": _("ô của bảng"),
                    "r": _("đoạn chữ"),
                }[m.group(1)]
                problems.append(
                    TemplateProblem(
                        label,
                        i,
                        _short(text),
                        _(
                            "thẻ “{tag}” phải đứng một mình: cả {where} chứa nó sẽ bị thay, "
                            "chữ “{text}” sẽ mất",
                            tag="{%" + m.group(1) + " … %}",
                            where=where,
                            text=_short(rest, 30),
                        ),
                    )
                )
    return problems


def _where(src: str, paras: list[str], lineno: int | None) -> tuple[int | None, str]:
    """(paragraph number, its text) for a line of the prepared source."""
    if not lineno:
        return None, ""
    lines = src.split("\n")
    if not 1 <= lineno <= len(lines):
        return None, ""
    m = re.search(r':n="(\d+)"', lines[lineno - 1])
    if m is None:
        return None, ""
    i = int(m.group(1))
    return i, _short(paras[i - 1]) if i <= len(paras) else ""


_ANY = Var("any", "", "")


def _member(base: Var, attr: str) -> Var | None:
    """The type of ``base.attr``; None when it does not exist."""
    if attr.startswith("_"):
        return None
    if base.type == "any":
        return _ANY
    if base.type == "obj":
        assert base.fields is not None
        if attr in base.fields:
            return base.fields[attr]
        return _ANY if hasattr(dict, attr) else None
    if base.type == "str":
        return _ANY if hasattr(str, attr) else None
    if base.is_list:
        return _ANY if hasattr(list, attr) else None
    return None


def _item(base: Var) -> Var:
    if base.type == "list[obj]":
        return Var("obj", base.vi, base.en, base.fields)
    if base.type == "list[str]":
        return Var("str", base.vi, base.en)
    return _ANY


class _Checker:
    """Walks a Jinja AST: every variable and attribute must be in the documented context."""

    def __init__(self, spec: dict[str, Var], env=None):
        self.spec = spec
        self.filters = set(env.filters) if env is not None else None
        self.tests = set(env.tests) if env is not None else None
        self.errors: list[tuple[int, str]] = []

    def err(self, node, msg: str) -> None:
        self.errors.append((getattr(node, "lineno", 0), msg))

    def typeof(self, node, scope: dict[str, Var]) -> Var:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.spec:
                return self.spec[node.name]
            if node.name in JINJA_GLOBALS:
                return _ANY
            self.err(
                node,
                _(
                    "biến “{name}” không có trong ngữ cảnh đã mô tả (xem templates/README.md)",
                    name=node.name,
                ),
            )
            return _ANY
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                self.err(
                    node,
                    _(
                        "thuộc tính “{name}” không được phép trong mẫu (tên bắt đầu bằng “_”)",
                        name=node.attr,
                    ),
                )
                return _ANY
            base = self.typeof(node.node, scope)
            t = _member(base, node.attr)
            if t is None:
                self.err(
                    node,
                    _(
                        "“{var}” không có thuộc tính “{name}”",
                        var=_dotted(node.node),
                        name=node.attr,
                    ),
                )
                return _ANY
            return t
        if isinstance(node, nodes.Getitem):
            base = self.typeof(node.node, scope)
            self.visit(node.arg, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                t = _member(base, node.arg.value)
                if t is None:
                    self.err(
                        node,
                        _(
                            "“{var}” không có khoá “{key}”",
                            var=_dotted(node.node),
                            key=node.arg.value,
                        ),
                    )
                    return _ANY
                return t
            return _item(base) if base.is_list else _ANY
        self.visit(node, scope)
        return _ANY

    def bind(self, target, t: Var, scope: dict[str, Var]) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = t
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, _ANY, scope)

    def visit(self, node, scope: dict[str, Var]) -> None:
        from jinja2 import nodes

        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.typeof(node, scope)
            return
        if isinstance(node, nodes.For):
            it = self.typeof(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _item(it), inner)
            inner["loop"] = _ANY
            if node.test is not None:
                self.visit(node.test, inner)
            for n in node.body:
                self.visit(n, inner)
            for n in node.else_:
                self.visit(n, scope)
            return
        if isinstance(node, nodes.Assign):
            t = self.typeof(node.node, scope)
            self.bind(node.target, t, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.typeof(value, scope), inner)
            for n in node.body:
                self.visit(n, inner)
            return
        if isinstance(node, nodes.Filter) and self.filters is not None:
            if node.name not in self.filters:
                self.err(node, _("không có bộ lọc (filter) “{name}”", name=node.name))
        if isinstance(node, nodes.Test) and self.tests is not None:
            if node.name not in self.tests:
                self.err(node, _("không có phép thử (test) “{name}”", name=node.name))
        if isinstance(node, nodes.Macro):
            inner = dict(scope)
            for a in node.args:
                self.bind(a, _ANY, inner)
            for n in node.body:
                self.visit(n, inner)
            scope[node.name] = _ANY
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def _dotted(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_dotted(node.node)}[…]"
    return "…"


def is_known_template(template: bytes, kind: str) -> bool:
    """``template`` is, byte for byte, the shipped template of ``kind`` (known to pass)."""
    return KNOWN_TEMPLATES.get(hashlib.sha256(template).hexdigest()) == kind


def check_template(
    template: bytes, kind: str | None, *, trust_known: bool = True
) -> tuple[str | None, list[TemplateProblem]]:
    """Problems of a template: Jinja syntax errors and variables not in the documented
    context of ``kind`` (agency, city, reminder). With ``kind=None`` the kind that fits best
    is chosen. Returns (kind, problems).

    An unchanged shipped template of ``kind`` has none and is not checked again unless
    ``trust_known`` is False (:data:`KNOWN_TEMPLATES`)."""
    if trust_known and kind is not None and is_known_template(template, kind):
        return kind, []
    from jinja2 import TemplateSyntaxError

    try:
        zipfile.ZipFile(io.BytesIO(template)).getinfo("word/document.xml")
        parts = _parts(template)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        msg = _("không phải tệp Word .docx hợp lệ ({error})", error=exc)
        return kind, [TemplateProblem(_("tệp"), None, "", msg)]
    except Exception as exc:  # lxml errors, docx package errors
        msg = _("không đọc được tệp Word ({error})", error=exc)
        return kind, [TemplateProblem(_("tệp"), None, "", msg)]
    delims = _delimiter_problems(parts)
    if delims:
        return kind, delims
    env = make_env()
    syntax: list[TemplateProblem] = []
    asts = []
    for label, paras, src in parts:
        try:
            ast = env.parse(src)
            env.compile(src)  # unknown filters and tests are found here
            asts.append((label, paras, src, ast))
        except TemplateSyntaxError as exc:
            para, text = _where(src, paras, exc.lineno)
            m = re.search(r"tag '(\w+)'", exc.message or "")
            if m and para is not None and m.group(1) not in paras[para - 1]:
                # docxtpl moves a {%p …%} tag onto the previous paragraph's line
                for j in range(para, min(para + 4, len(paras))):
                    if re.search(r"\b" + m.group(1) + r"\b", paras[j]):
                        para, text = j + 1, _short(paras[j])
                        break
            syntax.append(
                TemplateProblem(
                    label, para, text, _("lỗi cú pháp Jinja: {error}", error=exc.message)
                )
            )
    if syntax:
        return kind, syntax
    kinds = [kind] if kind else list(CONTEXT_SPEC)
    best: tuple[str | None, list[TemplateProblem]] = (None, [])
    for k in kinds:
        found: list[TemplateProblem] = []
        for label, paras, src, ast in asts:
            checker = _Checker(CONTEXT_SPEC[k], env)
            checker.visit(ast, {})
            seen = set()
            for lineno, msg in checker.errors:
                if (lineno, msg) in seen:
                    continue
                seen.add((lineno, msg))
                para, text = _where(src, paras, lineno)
                found.append(TemplateProblem(label, para, text, msg))
        if best[0] is None or len(found) < len(best[1]):
            best = (k, found)
        if not found:
            break
    return best


# --------------------------------------------------------------------------- rendering


# What docxtpl's ``resolve_listing`` rewrites: these characters inside paragraphs.
_LISTING_CHARS = re.compile("[\t\a\n\f]")
# docxtpl's own pattern for a paragraph in ``resolve_listing`` (the same matches).
_LISTING_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


@functools.cache
def _template_class():
    """``DocxTemplate`` with a faster ``resolve_listing`` giving the same XML, and its
    ``patch_xml`` remembered between runs (:func:`ttdn.data.cache.memo`).

    docxtpl turns ``\\t``, ``\\a``, ``\\n`` and ``\\f`` in rendered text into tabs, new
    paragraphs, line breaks and page breaks, paragraph by paragraph, with three nested
    regular-expression passes over every paragraph and run (a fifth of the render of a
    consolidated report). A paragraph without any of them comes out unchanged, so only the
    paragraphs that have one are handed to docxtpl's method."""
    import docxtpl
    from docxtpl import DocxTemplate

    from ttdn.data.cache import memo

    class Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            # a pure function of the part's XML, ~20 ms for a report: remembered between runs
            def compute() -> bytes:
                return super(Template, self).patch_xml(src_xml).encode("utf-8", "surrogatepass")

            blob = memo("docxtpl-patch", src_xml, compute, docxtpl.__version__)
            return blob.decode("utf-8", "surrogatepass")

        def resolve_listing(self, xml: str) -> str:
            if _LISTING_CHARS.search(xml) is None:
                return xml
            resolve = super().resolve_listing

            def paragraph(m: re.Match[str]) -> str:
                text = m.group(0)
                return resolve(text) if _LISTING_CHARS.search(text) else text

            return _LISTING_PARAGRAPH.sub(paragraph, xml)

    return Template


def render(template: bytes, context: dict[str, Any], title: str | None = None) -> bytes:
    """The rendered document's bytes. Raises TemplateProblemError for template errors found
    while rendering (undefined values, sandbox violations…)."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    tpl = _template_class()(io.BytesIO(template))
    try:
        tpl.render(context, jinja_env=make_env(), autoescape=True)
    except SecurityError as exc:
        raise TemplateProblemError(
            [
                TemplateProblem(
                    _("mẫu"),
                    None,
                    "",
                    _(
                        "mẫu dùng thao tác không được phép trong môi trường hạn chế "
                        "(sandbox): {error}",
                        error=exc,
                    ),
                )
            ]
        ) from None
    except TemplateError as exc:
        lines = list(getattr(exc, "docx_context", []) or [])
        excerpt = _short(" ".join(lines))
        raise TemplateProblemError(
            [TemplateProblem(_("mẫu"), None, excerpt, _("lỗi khi điền mẫu: {error}", error=exc))]
        ) from None
    if title is not None:
        tpl.docx.core_properties.title = title
    _check_xml(tpl.docx)
    return save_document(tpl.docx)


def save_document(document) -> bytes:
    """The .docx bytes of a python-docx ``document``, zipped once with the fixed timestamps
    of :func:`normalize_zip`: the same bytes as ``document.save`` followed by
    :func:`normalize_zip`, without compressing every part twice.

    It drives python-docx's own package writer (the parts, their order, the content types
    and relationships are python-docx's) with a zip writer of ours, through the writer's
    private steps; with a python-docx whose writer is laid out differently, it falls back
    to saving then normalizing.
    (docxtpl's ``save`` only adds picture and media replacement, which ttdn never asks
    for.)"""
    try:
        return _save_once(document)
    except (ImportError, AttributeError, TypeError):  # a python-docx laid out otherwise
        buf = io.BytesIO()
        document.save(buf)
        return normalize_zip(buf.getvalue())


def _save_once(document) -> bytes:
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        writer = _FixedTimeWriter(z)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return buf.getvalue()


class _FixedTimeWriter:
    """python-docx's physical package writer interface, writing members like
    :func:`normalize_zip` does."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z

    def write(self, pack_uri, blob: bytes) -> None:
        self.z.writestr(_zip_member(pack_uri.membername), blob)


def _zip_member(name: str) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = 0o644 << 16
    zi.create_system = 3
    return zi


def _check_xml(document) -> None:
    """Every XML part of the result parses (docxtpl repairs broken XML silently).

    The parts python-docx models as XML trees (the body, styles, headers…) and every
    relationships part are serialized from a tree, well-formed by construction; parsing them
    again would take a fifth of the rendering time. The other parts are written as the
    bytes they were read as: those with an XML name are parsed."""
    from docx.opc.part import XmlPart
    from lxml import etree

    for part in document.part.package.iter_parts():
        name = part.partname.membername
        if isinstance(part, XmlPart) or not name.endswith(".xml"):
            continue
        try:
            etree.fromstring(part.blob)
        except etree.XMLSyntaxError as exc:
            raise TemplateProblemError(
                [
                    TemplateProblem(
                        name, None, "", _("kết quả không phải XML hợp lệ ({error})", error=exc)
                    )
                ]
            ) from None


def read_template(path: Path) -> bytes:
    return Path(path).read_bytes()


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", "?")
