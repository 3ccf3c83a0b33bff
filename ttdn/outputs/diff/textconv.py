"""``ttdn textconv``: the normalised text ``git diff`` shows for a data file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from ttdn.domain.model import (
    AGENCY_KIND_LABELS,
    INDICATORS,
    STATUS_LABELS,
)
from ttdn.domain.schedule import format_date
from ttdn.i18n import N_, _, translate
from ttdn.outputs.diff.labels import (
    AGENCY_LABELS,
    ENTRY_LABELS,
    PLAN_LABELS,
    REPORT_LABELS,
    TASK_LABELS,
)
from ttdn.outputs.diff.records import _period


def _line_value(v: object) -> str:
    if isinstance(v, str):
        return v.replace("\n", " ¶ ")
    if isinstance(v, bool):
        return _("có") if v else _("không")
    if v is None:
        return "—"
    return str(v)


def _readable_mapping(
    d: dict, labels: dict[str, str], indent: int, names: dict[str, str], skip: Iterable[str] = ()
) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for k, v in d.items():
        if k in skip:
            continue
        label = translate(labels.get(k, k))
        if isinstance(v, dict):
            if all(not isinstance(x, (dict, list)) for x in v.values()):
                inner = "; ".join(
                    f"{translate(INDICATORS.get(a, a))} {_line_value(b)}" for a, b in v.items()
                )
                out.append(f"{pad}{label}: {inner or '—'}")
            else:
                out.append(f"{pad}{label}:")
                out += _readable_mapping(v, _ALL_LABELS, indent + 2, names)
        elif isinstance(v, list):
            if not v:
                out.append(f"{pad}{label}: —")
            elif all(isinstance(x, str) and len(x) <= 40 for x in v):
                out.append(f"{pad}{label}: " + ", ".join(_named(x, names) for x in v))
            else:
                out.append(f"{pad}{label}:")
                for x in v:
                    if isinstance(x, dict):
                        sub = _readable_mapping(x, _ALL_LABELS, indent + 4, names)
                        if sub:
                            out.append(f"{pad}  - " + sub[0].lstrip())
                            out += sub[1:]
                    else:
                        out.append(f"{pad}  - {_line_value(x)}")
        else:
            shown = (
                _named(v, names)
                if k in ("lead", "parent", "issuer", "recipient", "agency")
                else _line_value(v)
            )
            out.append(f"{pad}{label}: {shown}")
    return out


def _named(v: object, names: dict[str, str]) -> str:
    if isinstance(v, str) and v in names:
        return f"{names[v]} [{v}]"
    return _line_value(v)


_ALL_LABELS = {
    **PLAN_LABELS,
    **AGENCY_LABELS,
    **TASK_LABELS,
    **ENTRY_LABELS,
    **REPORT_LABELS,
    "date": N_("ngày"),
    "task": N_("nhiệm vụ"),
    "period": N_("kỳ"),
    "id": N_("mã"),
    "members": N_("thành viên của nhóm"),
    "ref": N_("số mục"),
    "paragraphs": N_("đoạn"),
    "subsections": N_("mục con"),
    "heading": N_("tiêu đề"),
    "agency": N_("cơ quan"),
    "group": N_("nhóm"),
    "duties": N_("nhiệm vụ"),
    "authority": N_("thẩm quyền ký"),
    "title": N_("tên"),
    "name": N_("tên"),
    "recipient": N_("cơ quan nhận báo cáo"),
    "subject_kinds": N_("loại cơ quan phải báo cáo"),
    "subject_agencies": N_("cơ quan phải báo cáo"),
    "periods": N_("kỳ báo cáo"),
    "due_before": N_("hạn gửi trước"),
    "source": N_("nguồn"),
    "subtitle": N_("dòng kèm theo"),
    "ends_after": N_("mục cuối"),
    "section": N_("phần"),
}


def readable(raw: bytes, names: dict[str, str] | None = None) -> str:
    """A normalised, layout-independent text of one data file (for ``git diff``).

    Task files become one block per task ("III.4 [dl-04]" then one field per line), progress
    files one block per entry; other files one field per line. Text that cannot be read as
    YAML is returned as it is, so ``git diff`` always works.
    """
    from ttdn.data.yamlsource import parse

    names = names or {}
    src = parse(_("tệp"), raw)
    d = src.data
    if not isinstance(d, dict):
        return raw.decode("utf-8", "replace")
    out: list[str] = []
    if isinstance(d.get("tasks"), list) and "section" in d:
        out.append(
            _(
                "Phần {section}: {title}",
                section=_line_value(d.get("section")),
                title=_line_value(d.get("title")),
            )
        )
        rest = {k: v for k, v in d.items() if k not in ("section", "title", "tasks")}
        out += _readable_mapping(rest, _ALL_LABELS, 2, names)
        for t in d["tasks"]:
            out.append("")
            if not isinstance(t, dict):
                out.append(_line_value(t))
                continue
            out.append(f"{_line_value(t.get('ref'))} [{_line_value(t.get('id'))}]")
            out += _readable_mapping(t, _ALL_LABELS, 2, names, skip=("id", "ref"))
    elif isinstance(d.get("entries"), list) or isinstance(d.get("reports"), list):
        slug = d.get("agency")
        head = _("Tiến độ của {agency}", agency=_named(slug, names))
        if d.get("sample"):
            head += _(" (DỮ LIỆU MẪU)")
        out.append(head)
        for e in d.get("entries") or []:
            out.append("")
            if not isinstance(e, dict):
                out.append(_line_value(e))
                continue
            date = _line_value(e.get("date"))
            with_d = (
                format_date(dt.date.fromisoformat(date))
                if re.match(r"^\d{4}-\d\d-\d\d$", date)
                else date
            )
            status = translate(STATUS_LABELS.get(e.get("status"), _line_value(e.get("status"))))  # type: ignore[arg-type]
            out.append(f"{_line_value(e.get('task'))} — {with_d}: {status}")
            out += _readable_mapping(e, _ALL_LABELS, 2, names, skip=("task", "date", "status"))
        for r in d.get("reports") or []:
            out.append("")
            if not isinstance(r, dict):
                out.append(_line_value(r))
                continue
            out.append(_period(str(r.get("period"))).capitalize())
            out += _readable_mapping(r, _ALL_LABELS, 2, names, skip=("period",))
        rest = {k: v for k, v in d.items() if k not in ("agency", "sample", "entries", "reports")}
        if rest:
            out.append("")
            out += _readable_mapping(rest, _ALL_LABELS, 0, names)
    elif isinstance(d.get("groups"), list):
        for g in d["groups"]:
            if isinstance(g, dict):
                out.append(
                    _(
                        "Nhóm {name} [{id}]",
                        name=_line_value(g.get("name")),
                        id=_line_value(g.get("id")),
                    )
                )
                out += _readable_mapping(g, _ALL_LABELS, 2, names, skip=("id", "name"))
                out.append("")
    else:
        if "kind" in d and isinstance(d.get("kind"), str) and d["kind"] in AGENCY_KIND_LABELS:
            d = {**d, "kind": f"{translate(AGENCY_KIND_LABELS[d['kind']])} ({d['kind']})"}
        out += _readable_mapping(d, _ALL_LABELS, 0, names)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def agency_names(root: Path | None) -> dict[str, str]:
    """slug → name of the agencies under ``root`` (best effort, for textconv)."""
    from ttdn.data.yamlsource import parse

    names: dict[str, str] = {}
    if root is None or not (root / "agencies").is_dir():
        return names
    for p in sorted((root / "agencies").glob("*.y*ml")):
        try:
            d = parse(p.name, p.read_bytes()).data
        except OSError:
            continue
        if isinstance(d, dict) and isinstance(d.get("name"), str):
            names[p.stem] = d["name"]
    return names
