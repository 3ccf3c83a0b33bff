"""Recording an agency's period report (``reports:`` of its progress file) without editing
YAML: that it was sent (number, date, file) and its narrative (highlights, limitations,
causes, directions, recommendations).

The item of that period is replaced (or added at the end of ``reports``) in ``ttdn fmt``'s
canonical form; every other line of the file stays as it was. As in
:mod:`ttdn.edit.record`, the whole read-modify-write holds the data root's lock, the file
is validated before and after, and the write is atomic.
"""

from __future__ import annotations

import re

import yaml

from ttdn.data.fsutil import LockBusy, data_lock
from ttdn.data.yamlsource import Loader
from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import PeriodReport
from ttdn.edit.record import RecordError, read_locked, write_checked
from ttdn.i18n import _, error_line
from ttdn.outputs.jsonschema import modeline

NARRATIVE = ("highlights", "limitations", "causes", "directions", "recommendations")
# Headings of a narrative text file (any of the names, with or without "#", case-insensitive).
HEADINGS = {
    "highlights": ("Ưu điểm", "Kết quả nổi bật", "highlights"),
    "limitations": ("Hạn chế", "limitations"),
    "causes": ("Nguyên nhân", "causes"),
    "directions": ("Phương hướng", "directions"),
    "recommendations": ("Kiến nghị", "Đề xuất, kiến nghị", "recommendations"),
}


def number_warning(ds: Dataset, agency: str, number: str) -> str | None:
    """A warning when ``number`` ("125/BC-SDL") carries a symbol that is not ``agency``'s
    report symbol ("BC-" and its abbreviation, as its reports print it); None otherwise."""
    from ttdn.outputs.documents.nd30 import abbreviation, foreign_symbol

    symbol = f"BC-{abbreviation(ds.agencies.get(agency))}"
    given = foreign_symbol(number, symbol)
    if given is None:
        return None
    return _(
        "số văn bản “{number}” có ký hiệu “{given}”, không phải ký hiệu báo cáo của "
        "{agency} (“{symbol}”)",
        number=number,
        given=given,
        agency=ds.agency_name(agency),
        symbol=symbol,
    )


def narrative_template() -> str:
    """The text offered in ``$EDITOR``: one heading per part, to write under."""
    heads = ["Ưu điểm", "Hạn chế", "Nguyên nhân", "Phương hướng", "Kiến nghị"]
    return "".join(f"# {h}\n\n" for h in heads)


def parse_narrative(text: str) -> dict[str, str]:
    """The parts of a narrative text: the text under each heading (``# Ưu điểm`` …), blank
    lines at its ends dropped; parts left empty are not returned."""
    names = {re.sub(r"\s+", " ", h).casefold(): field for field, hs in HEADINGS.items() for h in hs}
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        key = re.sub(r"\s+", " ", line.strip().lstrip("#").strip().rstrip(":")).casefold()
        if key in names and (line.lstrip().startswith("#") or line.strip().endswith(":")):
            current = names[key]
            out.setdefault(current, [])
            continue
        if current is not None:
            out[current].append(line.rstrip())
    return {k: "\n".join(v).strip() for k, v in out.items() if "\n".join(v).strip()}


def report_file(pd: PlanData, agency: str) -> str:
    """The progress file (relative to the data root) that holds ``agency``'s reports in ``pd``."""
    return f"plans/{pd.id}/progress/{agency}.yaml"


def _report_item(pd: PlanData, agency: str, period: str, fields: dict) -> tuple[dict, dict | None]:
    """(the report as it will be, as it is recorded now or None)."""
    pf = pd.progress.get(agency)
    old = next((r for r in pf.reports if r.period == period), None) if pf else None
    before = old.model_dump(exclude_none=True) if old is not None else None
    item = dict(before) if before is not None else {"period": period}
    item.update({k: v for k, v in fields.items() if v is not None})
    return item, before


def report_into(
    ds: Dataset, pd: PlanData, agency: str, period: str, fields: dict, text: str
) -> tuple[str, dict, bool]:
    """``text`` (``agency``'s progress file of ``pd``, as read under the lock, ``""`` when
    there is none; ``ds`` loaded with it) with its report for ``period`` set to ``fields``
    (None leaves a field as it was); nothing written. Returns (new text, the report, whether
    it changes anything: recording the values already recorded leaves the text as it is)."""
    item, before = _report_item(ds.plans[pd.id], agency, period, fields)
    if item == before:
        return text, item, False
    if not text.strip():
        # a new file: the header of a progress file with no entries, then the report
        text = modeline("progress") + f"\nagency: {agency}\n"
    return _replace_report(text, item), item, True


def _replace_report(text: str, item: dict) -> str:
    """``text`` with the ``reports`` item of ``item["period"]`` replaced by ``item`` (or
    ``item`` added at the end of ``reports``)."""
    from ttdn.edit.fmt import sequence_item

    root = yaml.compose(text, Loader=Loader) if text.strip() else None
    lines = text.split("\n")
    reports = None
    if isinstance(root, yaml.MappingNode):
        reports = next(((k, v) for k, v in root.value if k.value == "reports"), None)
    new_item = sequence_item(item, 2, PeriodReport).rstrip("\n").split("\n")
    if reports is None or not isinstance(reports[1], yaml.SequenceNode) or reports[1].flow_style:
        if reports is not None:  # "reports: []" or null: rewrite that key's lines
            k, v = reports
            stop = max(
                v.end_mark.line + (0 if v.end_mark.column == 0 else 1), k.start_mark.line + 1
            )
            return "\n".join(lines[: k.start_mark.line] + ["reports:"] + new_item + lines[stop:])
        body = text if text.endswith("\n") else text + "\n"
        return body + "\n".join(["reports:"] + new_item) + "\n"
    seq = reports[1]
    indent = seq.start_mark.column
    new_item = sequence_item(item, indent, PeriodReport).rstrip("\n").split("\n")
    for node in seq.value:
        if isinstance(node, yaml.MappingNode) and any(
            k.value == "period" and v.value == item["period"] for k, v in node.value
        ):
            start = node.start_mark.line
            end = node.end_mark.line if node.end_mark.column == 0 else node.end_mark.line + 1
            while end > start + 1 and lines[end - 1].strip() == "":
                end -= 1
            return "\n".join(lines[:start] + new_item + lines[end:])
    last = seq.value[-1]
    end = last.end_mark.line if last.end_mark.column == 0 else last.end_mark.line + 1
    while end > 0 and lines[end - 1].strip() == "":
        end -= 1
    return "\n".join(lines[:end] + new_item + lines[end:])


def record_period_report(
    ds: Dataset, pd: PlanData, agency: str, period: str, fields: dict
) -> tuple[str, dict]:
    """Set ``fields`` (submitted, number, file, the narrative parts; None leaves a field as
    it was) on ``agency``'s report for ``period`` in its progress file of ``pd``; returns
    the file (relative to the data root) and the report as recorded. RecordError when the
    file has errors before or would have after."""
    try:
        with data_lock(ds.root):
            return _record_locked(ds, pd, agency, period, fields)
    except LockBusy as exc:
        raise RecordError(
            [
                error_line(
                    _(
                        "một lệnh ttdn khác đang ghi vào thư mục dữ liệu (khoá {path}); "
                        "đã chờ {seconds} giây, không ghi gì — hãy thử lại sau",
                        path=exc.path,
                        seconds=f"{exc.seconds:g}",
                    )
                )
            ],
            code=1,
        ) from None


def _record_locked(
    ds: Dataset, pd: PlanData, agency: str, period: str, fields: dict
) -> tuple[str, dict]:
    rel = report_file(pd, agency)
    ds, texts = read_locked(ds, [rel])
    new, item, _changed = report_into(ds, pd, agency, period, fields, texts[rel])
    write_checked(ds, texts, {rel: new}, _("không ghi gì vì báo cáo mới không hợp lệ"))
    return rel, item
