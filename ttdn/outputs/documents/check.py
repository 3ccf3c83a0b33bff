"""Checking a Word template before rendering: tags balanced inside one paragraph, Jinja
syntax, and every variable and attribute known to the typed context of its kind
(:mod:`.context_types`); an unknown name gets the closest known one ("Có phải …?").

Problems name the part (body, header, footer), the paragraph and its text.
"""

from __future__ import annotations

import io
import re
import zipfile

from ttdn.i18n import _
from ttdn.outputs.documents.kinds import KINDS
from ttdn.outputs.documents.render import (
    MAX_RANGE,
    MAX_STEPS,
    TemplateProblem,
    make_env,
    short,
)
from ttdn.outputs.documents.variables import Var, context_spec
from ttdn.outputs.problems import did_you_mean

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


_DELIMS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK_TAG = re.compile(r"\{%-?\s*(p|tr|tc|r)\s")


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
                problems.append(TemplateProblem(label, i, short(text), why))
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
                        short(text),
                        _(
                            "thẻ “{tag}” phải đứng một mình: cả {where} chứa nó sẽ bị thay, "
                            "chữ “{text}” sẽ mất",
                            tag="{%" + m.group(1) + " … %}",
                            where=where,
                            text=short(rest, 30),
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
    return i, short(paras[i - 1]) if i <= len(paras) else ""


_ANY = Var("any", "", "")


def _member(base: Var, attr: str) -> Var | None:
    """The type of ``base.attr``; None when it does not exist."""
    if attr.startswith("_"):
        return None
    if base.type == "any":
        return _ANY
    if base.type == "obj":
        assert base.fields is not None
        return base.fields.get(attr)
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


def _hint(name: str, known: list[str]) -> str:
    """ ". Có phải ý bạn là “x”?" after a message about an unknown ``name``, or ""."""
    hint = did_you_mean(name, known)
    return "." + hint if hint else ""


class _Checker:
    """Walks a Jinja AST: every variable and attribute must be in the documented context."""

    def __init__(self, spec: dict[str, Var], env=None):
        self.spec = spec
        self.filters = set(env.filters) if env is not None else None
        self.tests = set(env.tests) if env is not None else None
        self.errors: list[tuple[int, str]] = []
        self.env = env if env is not None else make_env()
        self.steps: list[int] = []  # range() items of the enclosing loops, multiplied

    def cost(self, node) -> bool:
        """Refuse what rendering would refuse, statically: other templates, escapes through
        ``attr``/``format``, a constant range, repetition or power past the limits. True
        when ``node`` was refused (its children are not looked at)."""
        from jinja2 import nodes
        from jinja2.exceptions import SecurityError

        if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.err(node, _("mẫu không được dùng include, import hay extends"))
            return True
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            if node.node.attr in ("format", "format_map"):
                self.err(node, _("mẫu không được gọi .format(); hãy dùng bộ lọc |format"))
                return True
        if isinstance(node, nodes.Filter) and node.name == "attr":
            arg = node.args[0] if node.args else None
            if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)) or (
                arg.value.startswith("_")
            ):
                self.err(node, _("bộ lọc attr chỉ dùng với tên thuộc tính cố định, không “_”"))
                return True
        if isinstance(node, nodes.Call) and self.range_len(node) is not None:
            if self.range_len(node) > MAX_RANGE:
                self.err(node, self.env.too_costly().message)
                return True
        if isinstance(node, nodes.Mul | nodes.Pow):
            try:
                _const(node, self.env)
            except SecurityError as exc:
                self.err(node, exc.message or "")
                return True
            except _NotConst:
                pass
        return False

    def range_len(self, node) -> int | None:
        """The length of ``range(<constants>)``, or None when it is not one."""
        from jinja2 import nodes

        if not (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name == "range"
        ):
            return None
        try:
            args = [_const(a, self.env) for a in node.args]
            return len(range(*args))
        except (_NotConst, TypeError, ValueError, OverflowError):
            return None
        except Exception:  # a SecurityError inside the arguments: reported on its own
            return None

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
                )
                + _hint(node.name, [*scope, *self.spec]),
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
                    )
                    + _hint(node.attr, list(base.fields or ())),
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

        if self.cost(node):
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.typeof(node, scope)
            return
        if isinstance(node, nodes.For):
            it = self.typeof(node.iter, scope)
            n = self.range_len(node.iter)
            self.steps.append(max(n or 1, 1) * (self.steps[-1] if self.steps else 1))
            if n is not None and self.steps[-1] > MAX_STEPS:
                self.err(node, self.env.too_costly().message)
            inner = dict(scope)
            self.bind(node.target, _item(it), inner)
            inner["loop"] = _ANY
            if node.test is not None:
                self.visit(node.test, inner)
            for n in node.body:
                self.visit(n, inner)
            for n in node.else_:
                self.visit(n, scope)
            self.steps.pop()
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


class _NotConst(Exception):
    """The expression's value is not known before rendering."""


def _const(node, env):
    """The value of a constant expression, computed with the rendering's bounded operators
    (a :class:`jinja2.exceptions.SecurityError` when rendering would refuse it)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.List | nodes.Tuple):
        return [_const(n, env) for n in node.items]
    if isinstance(node, nodes.Neg):
        return -_const(node.node, env)
    ops = {nodes.Mul: "*", nodes.Pow: "**"}
    for cls, op in ops.items():
        if isinstance(node, cls):
            return env.call_binop(None, op, _const(node.left, env), _const(node.right, env))
    if isinstance(node, nodes.Add | nodes.Sub):
        left, right = _const(node.left, env), _const(node.right, env)
        try:
            return left + right if isinstance(node, nodes.Add) else left - right
        except TypeError:
            raise _NotConst from None
    raise _NotConst


def _dotted(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_dotted(node.node)}[…]"
    return "…"


def check_template(template: bytes, kind: str | None) -> tuple[str | None, list[TemplateProblem]]:
    """Problems of a template: Jinja syntax errors and variables not in the documented
    context of ``kind`` (agency, city, reminder). With ``kind=None`` the kind that fits best
    is chosen. Returns (kind, problems)."""
    from jinja2 import TemplateSyntaxError

    from ttdn.data.zipcap import ZipTooLarge, check_zip

    try:
        check_zip(template)
    except ZipTooLarge as exc:
        msg = _(
            "tệp bị từ chối: phần “{member}” giải nén ra {size} MB (quá giới hạn); "
            "tệp có thể là “bom zip” — hãy lưu lại tệp bằng Word",
            member=exc.member,
            size=exc.size // (1024 * 1024),
        )
        return kind, [TemplateProblem(_("tệp"), None, "", msg)]
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
            asts.append((label, paras, src, ast))
        except TemplateSyntaxError as exc:
            para, text = _where(src, paras, exc.lineno)
            m = re.search(r"tag '(\w+)'", exc.message or "")
            if m and para is not None and m.group(1) not in paras[para - 1]:
                # docxtpl moves a {%p …%} tag onto the previous paragraph's line
                for j in range(para, min(para + 4, len(paras))):
                    if re.search(r"\b" + m.group(1) + r"\b", paras[j]):
                        para, text = j + 1, short(paras[j])
                        break
            syntax.append(
                TemplateProblem(
                    label, para, text, _("lỗi cú pháp Jinja: {error}", error=exc.message)
                )
            )
    if syntax:
        return kind, syntax
    kinds = [kind] if kind else list(KINDS)
    best: tuple[str | None, list[TemplateProblem]] = (None, [])
    for k in kinds:
        found: list[TemplateProblem] = []
        for label, paras, src, ast in asts:
            checker = _Checker(context_spec(k), env)
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
