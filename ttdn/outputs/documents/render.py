"""Rendering a Word template with docxtpl's public API.

Rendering always uses autoescape and a sandboxed Jinja environment with ``StrictUndefined``:
``&``, ``<`` and quotes in the data come out exactly, a misspelt variable is an error rather
than an empty string, and a template cannot reach Python internals or read files.

The output is byte-reproducible: the saved zip is rewritten with fixed timestamps, and the
document's core properties come from the template (plus the title set here), so the same
template and data give the same bytes.

docx, docxtpl and jinja2 are imported inside the functions (``import ttdn.cli`` stays light).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ttdn.domain.messages import Message
from ttdn.i18n import _
from ttdn.outputs.documents.context_types import Common
from ttdn.outputs.documents.kinds import KIND_LABELS
from ttdn.outputs.problems import words

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


class TemplateProblemError(Exception):
    """A template cannot be used: ``problems`` say where and why."""

    def __init__(self, problems: list[TemplateProblem]):
        super().__init__("; ".join(words(p.message) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class TemplateProblem:
    """One problem of a template, as a value: where it is, a ``code`` and the message with
    its parameters, put into words in the language of the run by :meth:`format`.

    ``part`` and ``message`` are :class:`~ttdn.domain.messages.Message` values (or text
    already in words, such as a part's file name or a library's message)."""

    part: Message | str  # msg("phần thân"), msg("đầu trang {n}", n=1), …
    paragraph: int | None  # 1-based paragraph number within the part, if known
    excerpt: str  # the paragraph's text, shortened
    message: Message | tuple | str
    code: str = "template"

    def format(self, file: str) -> str:
        where = words(self.part)
        if self.paragraph is not None:
            where += _(", đoạn {n}", n=self.paragraph)
        if self.excerpt:
            where += f" (“{self.excerpt}”)"
        return f"{file}: {where}: {words(self.message)}"


# --------------------------------------------------------------------------- environment


# A template's cost is bounded (issue #15): these are far above what a report needs.
MAX_RANGE = 10_000  # items of one range()
MAX_STEPS = 1_000_000  # range() items over the whole rendering
MAX_REPEAT = 1_000_000  # items (characters) of one string/list repetition or power's digits
MAX_OUTPUT = 20_000_000  # characters produced by repetitions over the whole rendering
MAX_SECONDS = 60.0  # wall time of one rendering, checked at every loop step of range()
MAX_POWER_BITS = 256  # a power's result: about 77 digits


def make_env():
    """The Jinja environment templates are rendered in (see the module documentation).

    Besides the sandbox's rules: no ``include``/``import``/``extends`` (a template has no
    other template to read), ``range`` at most :data:`MAX_RANGE` items and
    :data:`MAX_STEPS` in all, a repetition (``'a' * n``, ``[x] * n``) or a power at most
    :data:`MAX_REPEAT` items, and rendering stops past :data:`MAX_SECONDS` — each with a
    :class:`jinja2.exceptions.SecurityError` in the language of the run.
    """
    import time

    from jinja2 import BaseLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class NoTemplates(BaseLoader):
        def get_source(self, environment, template):
            raise SecurityError(
                _(
                    "mẫu không được dùng include, import hay extends (mẫu khác “{name}”)",
                    name=template,
                )
            )

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def __init__(self) -> None:
            super().__init__(undefined=StrictUndefined, autoescape=True, loader=NoTemplates())
            self.globals["range"] = self.bounded_range
            self.start = time.monotonic()
            self.steps = 0
            self.produced = 0

        def too_costly(self) -> SecurityError:
            return SecurityError(
                _(
                    "mẫu đòi quá nhiều công sức (vòng lặp range tối đa {range} phần tử, "
                    "lặp chuỗi/danh sách tối đa {repeat} phần tử, lũy thừa tối đa {bits} bit, "
                    "{seconds} giây)",
                    range=MAX_RANGE,
                    repeat=MAX_REPEAT,
                    bits=MAX_POWER_BITS,
                    seconds=f"{MAX_SECONDS:g}",
                )
            )

        def bounded_range(self, *args: int):
            items = range(*args)
            if len(items) > MAX_RANGE:
                raise self.too_costly()
            for i in items:
                self.steps += 1
                if self.steps > MAX_STEPS or (
                    self.steps % 1024 == 0 and time.monotonic() - self.start > MAX_SECONDS
                ):
                    raise self.too_costly()
                yield i

        def call_binop(self, context, operator: str, left, right):
            if operator == "**":
                if isinstance(left, int | float) and isinstance(right, int | float):
                    bits = int(abs(left)).bit_length()
                    if abs(left) > 1 and right * bits > MAX_POWER_BITS:
                        raise self.too_costly()
                try:
                    return left**right
                except OverflowError:
                    raise self.too_costly() from None
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    size = len(seq) * max(n, 0)
                    self.produced += size
                    if size > MAX_REPEAT or self.produced > MAX_OUTPUT:
                        raise self.too_costly()
            return left * right

    return Bounded()


def short(text: str, n: int = 70) -> str:
    """``text`` on one line, cut to ``n`` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- rendering


def render(template: bytes, context: Common, title: str | None = None) -> bytes:
    """The rendered document's bytes. Raises TemplateProblemError for template errors found
    while rendering (undefined values, sandbox violations…)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

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
        raise TemplateProblemError([TemplateProblem(_("tệp"), None, "", msg)]) from None
    tpl = DocxTemplate(io.BytesIO(template))
    try:
        tpl.render(context.template_vars(), jinja_env=make_env(), autoescape=True)
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
        excerpt = short(" ".join(lines))
        raise TemplateProblemError(
            [TemplateProblem(_("mẫu"), None, excerpt, _("lỗi khi điền mẫu: {error}", error=exc))]
        ) from None
    if title is not None:
        tpl.docx.core_properties.title = title
    _check_xml(tpl.docx)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # a template saved by LibreOffice: python-docx writes docProps/core.xml twice;
        # normalize_zip keeps one
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        tpl.save(buf)
    return normalize_zip(buf.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, entries in their original order,
    each name once (the last entry of a name, as a zip reader sees it).

    python-docx does not recognise the core-properties relationship LibreOffice writes
    and adds its own ``docProps/core.xml`` next to the one it read: a zip with one name
    twice, which Word may refuse."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in seen:
                continue
            seen.add(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _check_xml(document) -> None:
    """Every XML part of the result parses (docxtpl repairs broken XML silently).

    The parts python-docx models as XML trees (the body, styles, headers…) and every
    relationships part are serialized from a tree, well-formed by construction. The other
    parts are written as the bytes they were read as: those with an XML name are parsed."""
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
