"""One change as a list of text segments, and the segments rendered as text, Markdown or JSON."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from ttdn.domain.dataset import Dataset
from ttdn.domain.schedule import format_date
from ttdn.i18n import _
from ttdn.text import shorten

Seg = tuple[str, str]  # (kind, text); kinds: "t" text, "id" identifier, "del", "ins", "sep"

# Texts longer than this are shown as a word diff rather than "old → new".
SHORT_TEXT = 60
CONTEXT_WORDS = 6


class DiffError(Exception):
    """What was asked of ``ttdn diff`` or ``ttdn log`` makes no sense (revisions, plan, task):
    a usage problem, exit code 2."""


@dataclass
class Change:
    """One change, ready to render; ``parts`` are its segments."""

    section: str  # plan, tasks, progress, reports, agencies, groups
    kind: str  # stable code, e.g. task-timeline, agency-renamed, progress-added
    parts: list[Seg]
    plan: str | None = None
    task: str | None = None
    ref: str | None = None
    agency: str | None = None
    field: str | None = None
    old: object = None
    new: object = None
    # a review flag leaders want to see first (:data:`~ttdn.outputs.diff.labels.WARNINGS`)
    warning: str | None = None

    def __post_init__(self) -> None:
        if self.parts and self.parts[0][0] == "t" and self.parts[0][1]:
            first = self.parts[0][1]
            self.parts[0] = ("t", first[0].upper() + first[1:])

    def text(self) -> str:
        return render(self.parts, "text")

    def markdown(self) -> str:
        return render(self.parts, "markdown")

    def as_json(self) -> dict:
        return {
            "section": self.section,
            "kind": self.kind,
            "plan": self.plan,
            "task": self.task,
            "ref": self.ref,
            "agency": self.agency,
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "text": self.text(),
            "warning": self.warning,
        }


def _jsonable(v: object) -> object:
    if isinstance(v, BaseModel):
        return v.model_dump(mode="json", exclude_defaults=True)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------- rendering

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render(parts: Iterable[Seg], style: str) -> str:
    """Segments as plain text (``[-x-]{+y+}``) or Markdown (``~~x~~ **y**``)."""
    out: list[str] = []
    for kind, s in parts:
        if style == "markdown":
            if kind == "id":
                out.append(f"`{s}`")
            elif kind == "del":
                out.append(f"~~{md_escape(s)}~~")
            elif kind == "ins":
                out.append(f"**{md_escape(s)}**")
            elif kind == "sep":
                out.append(" ")
            else:
                out.append(md_escape(s))
        else:
            if kind == "id":
                out.append(f"[{s}]")
            elif kind == "del":
                out.append(f"[-{s}-]")
            elif kind == "ins":
                out.append(f"{{+{s}+}}")
            elif kind == "sep":
                pass
            else:
                out.append(s)
    return "".join(out)


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Seg]:
    """The words of ``new`` with those removed from / added to ``old`` marked.

    Long runs of unchanged words are cut to ``context`` words on each side ("…").
    """
    a, b = old.split(), new.split()
    if a == b:
        return [("t", _("chỉ đổi dấu cách hoặc xuống dòng"))]
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[Seg] = []
    last = len(ops) - 1
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        if i:
            out.append(("t", " "))
        if tag == "equal":
            words = a[i1:i2]
            if i == 0 and len(words) > context:
                text = "… " + " ".join(words[-context:])
            elif i == last and len(words) > context:
                text = " ".join(words[:context]) + " …"
            elif 0 < i < last and len(words) > 2 * context + 1:
                text = " ".join(words[:context]) + " … " + " ".join(words[-context:])
            else:
                text = " ".join(words)
            out.append(("t", text))
        elif tag == "delete":
            out.append(("del", " ".join(a[i1:i2])))
        elif tag == "insert":
            out.append(("ins", " ".join(b[j1:j2])))
        else:
            out += [("del", " ".join(a[i1:i2])), ("sep", " "), ("ins", " ".join(b[j1:j2]))]
    return out


def _value(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return _("có") if v else _("không")
    if isinstance(v, dt.date):
        return format_date(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v) if v else "—"
    return str(v)


def _text_parts(label: str, old: str | None, new: str | None) -> list[Seg]:
    """``label``: a text added, removed, or changed (word diff when long)."""
    if old is None:
        return [("t", _("thêm {label}: {new}", label=label, new=new))]
    if new is None:
        return [("t", _("bỏ {label} (trước đây: {old})", label=label, old=shorten(old, 80)))]
    if len(old) <= SHORT_TEXT and len(new) <= SHORT_TEXT and "\n" not in old + new:
        return [("t", f"{label}: {old} → {new}")]
    return [("t", f"{label}: ")] + word_diff(old, new)


# ---------------------------------------------------------------------------- names


def agency_name(ds: Dataset, slug: str | None) -> str:
    return "—" if slug is None else ds.agency_name(slug)


def _set_parts(label: str, old: list[str], new: list[str], name_old, name_new) -> list[Seg]:
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    bits = []
    if added:
        bits.append(_("thêm {names}", names=", ".join(name_new(x) for x in added)))
    if removed:
        bits.append(_("bỏ {names}", names=", ".join(name_old(x) for x in removed)))
    if not bits:
        bits.append(_("đổi thứ tự"))
    return [("t", f"{label}: " + "; ".join(bits))]
