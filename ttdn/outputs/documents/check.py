"""Checking a Word template before rendering, so that its problems teach how to fix it.

In order, each step only when the previous one found nothing:

1. every tag opens and closes inside one paragraph, and ``{%p …%}``-like tags stand alone;
2. the blocks (``{% for %}``, ``{% if %}``…) are walked paragraph by paragraph in document
   order with a stack: a block left open is reported at the paragraph where it opens, an
   end tag with nothing to close at its own paragraph, an unknown tag with the closest
   known one — never with Jinja's own (English) message;
3. Jinja parses what docxtpl would render; a remaining syntax error is reported at the
   paragraph and tag that holds it;
4. every variable and attribute must be known to the typed context of the template's kind
   (:mod:`.context_types`); an unknown one gets the closest known names, attribute paths
   included (``agncy.name`` → “agency.name”). A template whose variables are those of
   another kind is named as such in one problem.

Problems are :class:`~.render.TemplateProblem` values (a code, a message id and its
parameters) put into words at the edge. They name the part (body, header, footer), the
paragraph (counted over every paragraph of the part, table cells included, in document
order) and its text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ttdn.domain.messages import Message, OneOf, msg, suggestion
from ttdn.outputs.documents.kinds import KIND_LABELS, KINDS, TEMPLATE_FILES
from ttdn.outputs.documents.render import (
    MAX_RANGE,
    MAX_STEPS,
    TemplateProblem,
    make_env,
    short,
)
from ttdn.outputs.documents.variables import Var, common_spec, context_spec

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

# Tags that open a block closed by ``end<name>`` (``set`` only without "=").
BLOCKS = ("for", "if", "macro", "call", "filter", "with", "autoescape", "raw", "block", "set")
# Tags allowed only inside some blocks.
MIDDLE = {"else": ("if", "for"), "elif": ("if",)}
# Tags standing alone: Jinja's, and docxtpl's table-cell tags (replaced before Jinja).
SIMPLE = ("set", "include", "import", "from", "extends", "colspan", "cellbg", "vm", "hm")
KNOWN_TAGS = sorted({*BLOCKS, *(f"end{b}" for b in BLOCKS), *MIDDLE, *SIMPLE})

# A tag, its docxtpl prefix (``{%p if …%}``) skipped: (kind of tag, name, rest).
_TAG = re.compile(r"\{([{%#])[-+]?(?:(?:p|tr|tc|r) )?\s*(.*?)\s*[-+]?([}%#])\}", re.S)
_NAME = re.compile(r"(\w+)(.*)", re.S)
# docxtpl's prefix of a tag, removed as docxtpl removes it
_PREFIX = re.compile(r"(\{[{%#])(?:p|tr|tc|r) ")
# docxtpl's table-cell tags: the value of colspan/cellbg is an expression, vm/hm none
_CELL_TAG = re.compile(r"\{%\s*(colspan|cellbg)\s+(.*?)\s*%\}|\{%\s*(?:vm|hm)\s*%\}", re.S)
# Word's typographic quotes inside a tag are plain quotes for docxtpl
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


_MARK = "{urn:ttdn-check}n"


@dataclass
class _Part:
    """One part of the document (body, a header, a footer) as the check sees it."""

    label: Message
    paras: list[str]  # the text of each paragraph, in document order
    src: str  # the Jinja source docxtpl renders, one paragraph per line (marked)


def _parts(template: bytes) -> list[_Part]:
    """The body, each header and each footer.

    The source is prepared exactly as docxtpl prepares it for rendering (one paragraph per
    line), each paragraph carrying its 1-based index so that an error's line leads back to
    the paragraph as written in the file. A paragraph's text is that of its own runs (a
    text box's paragraphs are paragraphs of their own)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    elements = [(msg("phần thân"), tpl.docx.element.body)]
    for uri, footer in ((tpl.HEADER_URI, False), (tpl.FOOTER_URI, True)):
        for n, (_rel, part) in enumerate(tpl.get_headers_footers(uri), 1):
            label = msg("chân trang {n}", n=n) if footer else msg("đầu trang {n}", n=n)
            elements.append((label, parse_xml(part.blob)))
    p_tag = qn("w:p")
    out = []
    for label, el in elements:
        paras = []
        for i, p in enumerate(el.iter(p_tag), 1):
            p.set(_MARK, str(i))
            own = (t for t in p.iter(qn("w:t")) if next(t.iterancestors(p_tag), None) is p)
            paras.append("".join(t.text or "" for t in own))
        src = tpl.patch_xml(tpl.xml_to_string(el))
        out.append(_Part(label, paras, re.sub(r"<w:p([ >])", r"\n<w:p\1", src)))
    return out


def _paragraph_delimiters(text: str) -> Message | None:
    """Why the tags of one paragraph are unbalanced, or None."""
    open_: str | None = None
    for m in _DELIMS.finditer(text):
        tok = m.group()
        if tok in _CLOSE:
            if open_ is not None:
                return msg(
                    "thẻ “{open}” chưa được đóng bằng “{close}” trước “{next}”",
                    open=open_,
                    close=_CLOSE[open_],
                    next=tok,
                )
            open_ = tok
        elif open_ is not None and tok == _CLOSE[open_]:
            open_ = None
        else:
            return msg("“{tag}” không có thẻ mở tương ứng", tag=tok)
    if open_ is not None:
        return msg(
            "thẻ “{open}” chưa được đóng bằng “{close}” trong đoạn này "
            "(mỗi thẻ phải nằm trọn trong một đoạn)",
            open=open_,
            close=_CLOSE[open_],
        )
    return None


_WHERE = {
    "p": msg("đoạn văn"),
    "tr": msg("dòng của bảng"),
    "tc": msg("ô của bảng"),
    "r": msg("đoạn chữ"),
}


def _delimiter_problems(parts: list[_Part]) -> list[TemplateProblem]:
    """Tags must open and close inside one paragraph; ``{%p …%}`` and the like must be alone
    in theirs (docxtpl replaces the whole paragraph, row or cell)."""
    problems = []
    for part in parts:
        for i, text in enumerate(part.paras, 1):
            why = _paragraph_delimiters(text)
            if why is not None:
                problems.append(TemplateProblem(part.label, i, short(text), why, "unbalanced-tag"))
                continue
            m = _BLOCK_TAG.search(text)
            if m is None:
                continue
            rest = re.sub(r"\{%.*?%\}", "", text).strip()
            if rest:
                why = msg(
                    "thẻ “{tag}” phải đứng một mình: cả {where} chứa nó sẽ bị thay, "
                    "chữ “{text}” sẽ mất",
                    tag="{%" + m.group(1) + " … %}",
                    where=_WHERE[m.group(1)],
                    text=short(rest, 30),
                )
                problems.append(TemplateProblem(part.label, i, short(text), why, "tag-not-alone"))
    return problems


# --------------------------------------------------------------------------- blocks


def _tags(text: str):
    """The statement tags of a paragraph: (name, what follows it), comments skipped."""
    for m in _TAG.finditer(text):
        if m.group(1) != "%":
            continue
        n = _NAME.match(m.group(2))
        if n is not None:
            yield n.group(1), n.group(2)


def _tag(name: str) -> str:
    return "{% " + name + " %}"


@dataclass
class _Open:
    name: str
    para: int
    text: str


def _block_problems(part: _Part) -> list[TemplateProblem]:
    """Blocks opened and closed in order over the paragraphs of ``part``: a block left open
    is reported where it opens, a tag that closes nothing (or is misplaced or unknown)
    where it is."""
    problems: list[TemplateProblem] = []

    def add(para: int, text: str, message: Message, code: str) -> None:
        problems.append(TemplateProblem(part.label, para, short(text), message, code))

    def unclosed(block: _Open, before: str | None = None, at: int | None = None) -> None:
        if before is None:
            why = msg(
                "khối “{block}” mở ở đây nhưng không được đóng (thiếu {end})",
                block=block.name,
                end=_tag("end" + block.name),
            )
        else:
            why = msg(
                "khối “{block}” mở ở đây nhưng không được đóng (thiếu {end} trước {tag} "
                "ở đoạn {n})",
                block=block.name,
                end=_tag("end" + block.name),
                tag=before,
                n=at,
            )
        add(block.para, block.text, why, "unclosed-block")

    stack: list[_Open] = []
    for i, text in enumerate(part.paras, 1):
        for name, rest in _tags(text):
            if stack and stack[-1].name == "raw" and name != "endraw":
                continue  # nothing inside {% raw %} is a tag
            if name == "set" and "=" in rest.split("|")[0]:
                continue
            if name in BLOCKS:
                stack.append(_Open(name, i, text))
            elif name.startswith("end") and name[3:] in BLOCKS:
                opened = name[3:]
                depth = next(
                    (d for d in range(len(stack) - 1, -1, -1) if stack[d].name == opened), None
                )
                if depth is None:
                    if stack:
                        why = msg(
                            "thẻ {tag} không đóng khối nào: không có khối “{block}” nào đang "
                            "mở (khối đang mở là “{inner}”, từ đoạn {n})",
                            tag=_tag(name),
                            block=opened,
                            inner=stack[-1].name,
                            n=stack[-1].para,
                        )
                    else:
                        why = msg(
                            "thẻ {tag} không đóng khối nào: không có khối “{block}” nào đang mở",
                            tag=_tag(name),
                            block=opened,
                        )
                    add(i, text, why, "stray-end-tag")
                    continue
                for inner in stack[depth + 1 :]:
                    unclosed(inner, _tag(name), i)
                del stack[depth:]
            elif name in MIDDLE:
                allowed = MIDDLE[name]
                if not stack or stack[-1].name not in allowed:
                    why = msg(
                        "thẻ {tag} chỉ dùng được bên trong khối {blocks}",
                        tag=_tag(name),
                        blocks=OneOf(allowed),
                    )
                    add(i, text, why, "misplaced-tag")
            elif name in SIMPLE:
                continue
            elif name.startswith("end") and stack:
                # a misspelt end tag: taken as closing the innermost block (no cascade)
                block = stack.pop()
                why = msg(
                    "lỗi cú pháp Jinja: không có thẻ “{name}”; khối “{block}” mở ở đoạn {n} "
                    "được đóng bằng {end}",
                    name=name,
                    block=block.name,
                    n=block.para,
                    end=_tag("end" + block.name),
                )
                add(i, text, why, "unknown-tag")
            else:
                why = msg(
                    "lỗi cú pháp Jinja: không có thẻ “{name}”{hint}",
                    name=name,
                    hint=_hint(name, KNOWN_TAGS),
                )
                add(i, text, why, "unknown-tag")
    for block in stack:
        unclosed(block)
    return sorted(problems, key=lambda p: p.paragraph or 0)


# --------------------------------------------------------------------------- syntax


def _bad_tag(env, text: str) -> str | None:
    """The first tag of a paragraph Jinja cannot parse on its own (a block tag with its end
    added), or None."""
    from jinja2 import TemplateSyntaxError

    raw = False
    for m in _TAG.finditer(text):
        n = _NAME.match(m.group(2)) if m.group(1) == "%" else None
        name = n.group(1) if n else ""
        raw = (raw or name == "raw") and name != "endraw"
        if m.group(1) == "#" or raw:
            continue
        tag = _PREFIX.sub(r"\1 ", m.group()).translate(_QUOTES)
        if m.group(1) == "{":
            test = tag
        else:
            if n is None or name in ("vm", "hm") or name.startswith("end"):
                continue
            if name in ("colspan", "cellbg"):
                test = "{{ " + n.group(2) + " }}"
            elif name in BLOCKS and not (name == "set" and "=" in n.group(2)):
                test = tag + _tag("end" + name)
            elif name in MIDDLE:
                test = "{% if x %}" + tag + "{% endif %}"
            else:
                test = tag
        try:
            env.parse(test)
        except TemplateSyntaxError:
            return m.group()
    return None


def _parses(env, src: str) -> bool:
    from jinja2 import TemplateSyntaxError

    try:
        env.parse(src)
    except TemplateSyntaxError:
        return False
    return True


def _lines_source(paras: list[str]) -> str:
    """The Jinja source of a part with paragraph ``n`` on line ``n``: tags as docxtpl
    passes them to Jinja (prefixes removed, typographic quotes plain, table-cell tags
    reduced to their expression), for checking variables where they are written."""

    def cell(m: re.Match) -> str:
        return "{{ " + m.group(2) + " }}" if m.group(1) else ""

    def tag(m: re.Match) -> str:
        return m.group().translate(_QUOTES)

    lines = []
    for text in paras:
        text = _CELL_TAG.sub(cell, _PREFIX.sub(r"\1 ", text.replace("\n", " ")))
        lines.append(re.sub(r"\{[{%#].*?[}%#]\}", tag, text, flags=re.S))
    return "\n".join(lines)


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


def _hint(name: str, known) -> tuple | str:
    """ ". Có phải ý bạn là “x”?" after a message about an unknown ``name``, or ""."""
    hint = suggestion(name, known)
    return (".", hint) if hint else ""


def _paths(names: dict[str, Var], depth: int) -> list[str]:
    """The attribute paths of ``depth`` names (``agency.name`` is 2) through groups."""
    out: list[str] = []

    def walk(path: str, var: Var, d: int) -> None:
        if d == depth:
            out.append(path)
        elif var.type == "obj" and var.fields:
            for k, sub in var.fields.items():
                walk(f"{path}.{k}", sub, d + 1)

    for name, var in names.items():
        walk(name, var, 1)
    return out


def _chain(node) -> list[str] | None:
    """``["agency", "name"]`` for ``agency.name``; None for anything but names and
    attributes."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _chain(node.node)
        return None if base is None else [*base, node.attr]
    return None


class _Checker:
    """Walks a Jinja AST: every variable and attribute must be in the documented context."""

    def __init__(self, spec: dict[str, Var], env=None):
        self.spec = spec
        self.filters = set(env.filters) if env is not None else None
        self.tests = set(env.tests) if env is not None else None
        self.errors: list[tuple[int, Message | tuple | str, str]] = []
        self.used: dict[str, int] = {}  # context names the template reads: first line
        self.env = env if env is not None else make_env()
        self.steps: list[int] = []  # range() items of the enclosing loops, multiplied

    def cost(self, node) -> bool:
        """Refuse what rendering would refuse, statically: other templates, escapes through
        ``attr``/``format``, a constant range, repetition or power past the limits. True
        when ``node`` was refused (its children are not looked at)."""
        from jinja2 import nodes
        from jinja2.exceptions import SecurityError

        if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.err(node, msg("mẫu không được dùng include, import hay extends"), "forbidden")
            return True
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            if node.node.attr in ("format", "format_map"):
                self.err(
                    node, msg("mẫu không được gọi .format(); hãy dùng bộ lọc |format"), "forbidden"
                )
                return True
        if isinstance(node, nodes.Filter) and node.name == "attr":
            arg = node.args[0] if node.args else None
            if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)) or (
                arg.value.startswith("_")
            ):
                self.err(
                    node,
                    msg("bộ lọc attr chỉ dùng với tên thuộc tính cố định, không “_”"),
                    "forbidden",
                )
                return True
        if isinstance(node, nodes.Call) and self.range_len(node) is not None:
            if self.range_len(node) > MAX_RANGE:
                self.err(node, self.env.too_costly().message, "too-costly")
                return True
        if isinstance(node, nodes.Mul | nodes.Pow):
            try:
                _const(node, self.env)
            except SecurityError as exc:
                self.err(node, exc.message or "", "too-costly")
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

    def err(self, node, message: Message | tuple | str, code: str) -> None:
        self.errors.append((getattr(node, "lineno", 0), message, code))

    def unknown(self, node, chain: list[str], scope: dict[str, Var]) -> None:
        """An unknown variable, with the closest known names: for ``agncy.name``, the
        closest known path of as many names (“agency.name”), else of fewer."""
        known = {**self.spec, **scope}
        self.used.setdefault(chain[0], getattr(node, "lineno", 0))
        hint: Message | str = ""
        for depth in range(len(chain), 0, -1):
            hint = suggestion(".".join(chain[:depth]), _paths(known, depth))
            if hint:
                break
        self.err(
            node,
            msg(
                "biến “{name}” không có trong ngữ cảnh đã mô tả (xem templates/README.md){hint}",
                name=chain[0],
                hint=(".", hint) if hint else "",
            ),
            "unknown-variable",
        )

    def is_unknown(self, name: str, scope: dict[str, Var]) -> bool:
        return name not in scope and name not in self.spec and name not in JINJA_GLOBALS

    def typeof(self, node, scope: dict[str, Var]) -> Var:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.spec:
                self.used.setdefault(node.name, node.lineno)
                return self.spec[node.name]
            if node.name in JINJA_GLOBALS:
                return _ANY
            self.unknown(node, [node.name], scope)
            return _ANY
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                self.err(
                    node,
                    msg(
                        "thuộc tính “{name}” không được phép trong mẫu (tên bắt đầu bằng “_”)",
                        name=node.attr,
                    ),
                    "forbidden",
                )
                return _ANY
            chain = _chain(node)
            if chain is not None and self.is_unknown(chain[0], scope):
                self.unknown(node, chain, scope)
                return _ANY
            base = self.typeof(node.node, scope)
            t = _member(base, node.attr)
            if t is None:
                self.err(
                    node,
                    msg(
                        "“{var}” không có thuộc tính “{name}”{hint}",
                        var=_dotted(node.node),
                        name=node.attr,
                        hint=_hint(node.attr, list(base.fields or ())),
                    ),
                    "unknown-attribute",
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
                        msg(
                            "“{var}” không có khoá “{key}”",
                            var=_dotted(node.node),
                            key=node.arg.value,
                        ),
                        "unknown-attribute",
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
                self.err(node, self.env.too_costly().message, "too-costly")
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
        if isinstance(node, nodes.AssignBlock):  # {% set x %}…{% endset %}
            for n in node.body:
                self.visit(n, scope)
            if node.filter is not None:
                self.visit(node.filter, scope)
            self.bind(node.target, Var("str", "", ""), scope)
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
                why = msg(
                    "không có bộ lọc (filter) “{name}”{hint}",
                    name=node.name,
                    hint=_hint(node.name, self.filters),
                )
                self.err(node, why, "unknown-filter")
        if isinstance(node, nodes.Test) and self.tests is not None:
            if node.name not in self.tests:
                why = msg(
                    "không có phép thử (test) “{name}”{hint}",
                    name=node.name,
                    hint=_hint(node.name, self.tests),
                )
                self.err(node, why, "unknown-test")
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


def _file_problem(message: Message, code: str) -> TemplateProblem:
    return TemplateProblem(msg("tệp"), None, "", message, code)


def _syntax_problems(parts: list[_Part], env) -> list[TemplateProblem]:
    """What Jinja cannot parse in the source docxtpl renders, at the paragraph and tag that
    hold it (in words of ttdn, not Jinja's)."""
    from jinja2 import TemplateSyntaxError

    problems = []
    for part in parts:
        try:
            env.parse(part.src)
        except TemplateSyntaxError as exc:
            para, text = _where(part.src, part.paras, exc.lineno)
            # docxtpl moves a {%p …%} tag onto the previous paragraph's line: the tag that
            # fails is in this paragraph or one of the next
            candidates = (
                [para, *range(para + 1, min(para + 4, len(part.paras) + 1))] if para else []
            )
            for j in candidates:
                bad = _bad_tag(env, part.paras[j - 1])
                if bad is not None:
                    why = msg(
                        "lỗi cú pháp Jinja: thẻ “{tag}” viết sai (xem lại tên, dấu ngoặc, dấu "
                        "nháy, dấu phẩy và các phép toán trong thẻ)",
                        tag=short(bad, 60),
                    )
                    problems.append(
                        TemplateProblem(part.label, j, short(part.paras[j - 1]), why, "syntax")
                    )
                    break
            else:
                why = msg("lỗi cú pháp Jinja trong đoạn này (hoặc ngay sau nó)")
                problems.append(TemplateProblem(part.label, para, text, why, "syntax"))
    return problems


@dataclass
class _Checked:
    """The variables of a template checked against one kind."""

    problems: list[TemplateProblem]
    used: dict[str, tuple[Message, int | None, str]]  # context name → where first read


def _check_kind(kind: str, asts, env) -> _Checked:
    found: list[TemplateProblem] = []
    used: dict[str, tuple[Message, int | None, str]] = {}
    for part, ast, lines in asts:
        checker = _Checker(context_spec(kind), env)
        checker.visit(ast, {})
        seen = set()
        for lineno, message, code in checker.errors:
            if (lineno, message) in seen:
                continue
            seen.add((lineno, message))
            para, text = _at(part, lines, lineno)
            found.append(TemplateProblem(part.label, para, text, message, code))
        for name, lineno in checker.used.items():
            if name not in used:
                used[name] = (part.label, *_at(part, lines, lineno))
    return _Checked(found, used)


def _at(part: _Part, lines: bool, lineno: int) -> tuple[int | None, str]:
    """(paragraph, its text) of a line of the checked source: the paragraph itself for
    the one-paragraph-a-line source, else found through the marks of docxtpl's source."""
    if not lines:
        return _where(part.src, part.paras, lineno)
    if 1 <= lineno <= len(part.paras):
        return lineno, short(part.paras[lineno - 1])
    return None, ""


def _wrong_kind(kind: str, results: dict[str, _Checked]) -> TemplateProblem | None:
    """One problem naming the template's kind when its variables are another kind's: the
    context names unknown to ``kind`` are known to that kind, which knows more of what the
    template reads."""
    spec = context_spec(kind)
    used = results[kind].used
    missing = [n for n in used if n not in spec]
    if not missing:
        return None
    best: tuple[int, int, str] | None = None
    for other in KINDS:
        if other == kind:
            continue
        other_spec = context_spec(other)
        explained = [n for n in missing if n in other_spec]
        still = [n for n in used if n not in other_spec]
        if explained and len(still) < len(missing):
            key = (-len(explained), len(results[other].problems), other)
            if best is None or key < best:
                best = key
    if best is None:
        return None
    other = best[2]
    common = common_spec()
    names = [n for n in missing if n in context_spec(other) and n not in common]
    label, para, text = used[names[0]] if names else used[missing[0]]
    why = msg(
        "mẫu này là mẫu {found}, không phải mẫu {expected}: các biến {names} là của mẫu "
        "{found} (mẫu {expected} có sẵn: templates/{file})",
        found=Message(KIND_LABELS[other]),
        expected=Message(KIND_LABELS[kind]),
        names=", ".join(f"“{n}”" for n in (names or missing)[:4])
        + (", …" if len(names) > 4 else ""),
        file=TEMPLATE_FILES[kind],
    )
    return TemplateProblem(label, para, text, why, "wrong-kind")


def check_template(template: bytes, kind: str | None) -> tuple[str | None, list[TemplateProblem]]:
    """Problems of a template: misplaced or unbalanced tags, unclosed blocks, Jinja syntax
    errors and variables not in the documented context of ``kind`` (agency, city,
    reminder) — or, when the template reads the variables of another kind, one problem
    saying so. With ``kind=None`` the kind that fits best is chosen. Returns (kind,
    problems)."""
    from jinja2 import TemplateSyntaxError

    from ttdn.data.zipcap import ZipTooLarge, check_zip

    try:
        check_zip(template)
    except ZipTooLarge as exc:
        why = msg(
            "tệp bị từ chối: phần “{member}” giải nén ra {size} MB (quá giới hạn); "
            "tệp có thể là “bom zip” — hãy lưu lại tệp bằng Word",
            member=exc.member,
            size=exc.size // (1024 * 1024),
        )
        return kind, [_file_problem(why, "zip-bomb")]
    try:
        zipfile.ZipFile(io.BytesIO(template)).getinfo("word/document.xml")
        parts = _parts(template)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        why = msg("không phải tệp Word .docx hợp lệ ({error})", error=str(exc))
        return kind, [_file_problem(why, "not-docx")]
    except Exception as exc:  # lxml errors, docx package errors
        why = msg("không đọc được tệp Word ({error})", error=str(exc))
        return kind, [_file_problem(why, "not-docx")]
    delims = _delimiter_problems(parts)
    if delims:
        return kind, delims
    env = make_env()
    blocks = [p for part in parts for p in _block_problems(part)]
    if blocks and not all(_parses(env, part.src) for part in parts):
        return kind, blocks  # (when Jinja reads every part, Jinja is right: no false alarm)
    syntax = _syntax_problems(parts, env)
    if syntax:
        return kind, syntax
    asts = []
    for part in parts:
        try:  # one paragraph a line: a problem is found where it is written
            asts.append((part, env.parse(_lines_source(part.paras)), True))
        except TemplateSyntaxError:  # the lines differ from docxtpl's source: use that one
            asts.append((part, env.parse(part.src), False))
    results: dict[str, _Checked] = {}
    if kind:
        results[kind] = _check_kind(kind, asts, env)
        if results[kind].problems:
            for other in KINDS:
                if other != kind:
                    results[other] = _check_kind(other, asts, env)
            wrong = _wrong_kind(kind, results)
            if wrong is not None:
                return kind, [wrong]
        return kind, results[kind].problems
    best: tuple[str | None, list[TemplateProblem]] = (None, [])
    for k in KINDS:
        found = _check_kind(k, asts, env).problems
        if best[0] is None or len(found) < len(best[1]):
            best = (k, found)
        if not found:
            break
    return best
