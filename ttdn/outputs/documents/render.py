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

from ttdn.i18n import _
from ttdn.outputs.documents.context_types import Common
from ttdn.outputs.documents.kinds import KIND_LABELS

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


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
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


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
