"""Progress entries and report submissions recorded between two versions."""

from __future__ import annotations

import json

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import (
    INDICATORS,
    REPORT_NAMES,
    PeriodReport,
    ProgressEntry,
)
from ttdn.domain.schedule import format_date
from ttdn.i18n import _, translate
from ttdn.outputs.diff.changes import Change, Seg, _text_parts, _value, agency_name
from ttdn.outputs.diff.labels import ENTRY_LABELS, REPORT_LABELS
from ttdn.outputs.words import report_name, status_word
from ttdn.text import shorten


def _entry_key(e: ProgressEntry) -> str:
    return json.dumps(e.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _entry_head(ds: Dataset, pd: PlanData, slug: str, e: ProgressEntry) -> list[Seg]:
    tr = pd.tasks.get(e.task)
    ref = f"{tr.task.ref} " if tr else ""
    return [("t", f"{agency_name(ds, slug)}, {ref}"), ("id", e.task), ("t", ": ")]


def _progress_changes(
    old: Dataset, new: Dataset, o: PlanData, n: PlanData, only: str | None
) -> list[Change]:
    out: list[Change] = []
    slugs = list(n.progress) + [s for s in o.progress if s not in n.progress]
    for slug in sorted(slugs):
        oe = [
            e
            for e in (o.progress[slug].entries if slug in o.progress else [])
            if only is None or e.task == only
        ]
        ne = [
            e
            for e in (n.progress[slug].entries if slug in n.progress else [])
            if only is None or e.task == only
        ]
        pool: dict[str, int] = {}
        for e in oe:
            pool[_entry_key(e)] = pool.get(_entry_key(e), 0) + 1
        added: list[ProgressEntry] = []
        for e in ne:
            k = _entry_key(e)
            if pool.get(k):
                pool[k] -= 1
            else:
                added.append(e)
        removed: list[ProgressEntry] = []
        for e in oe:
            k = _entry_key(e)
            if pool.get(k):
                pool[k] -= 1
                removed.append(e)
        for e in added:
            match = next((r for r in removed if r.task == e.task and r.date == e.date), None)
            head = _entry_head(new, n, slug, e)
            if match is not None:
                removed.remove(match)
                bits: list[Seg] = [
                    ("t", _("sửa mục tiến độ ngày {date}: ", date=format_date(e.date)))
                ]
                first = True
                for fld, label_id in ENTRY_LABELS.items():
                    label = translate(label_id)
                    a, b = getattr(match, fld), getattr(e, fld)
                    if a == b:
                        continue
                    if not first:
                        bits.append(("t", "; "))
                    first = False
                    if fld == "status":
                        bits.append(
                            (
                                "t",
                                f"{label} {status_word(a)} → {status_word(b)}",
                            )
                        )
                    elif fld in ("result", "note"):
                        bits += _text_parts(label, a, b)
                    elif fld == "indicators":
                        bits.append(("t", f"{label}: {_indicators(a)} → {_indicators(b)}"))
                    else:
                        bits.append(("t", f"{label}: {_value(a)} → {_value(b)}"))
                out.append(
                    Change(
                        "progress",
                        "progress-changed",
                        head + bits,
                        plan=n.id,
                        task=e.task,
                        agency=slug,
                        old=match,
                        new=e,
                    )
                )
                continue
            text = _(
                "{status}, ngày {date}",
                status=status_word(e.status),
                date=format_date(e.date),
            )
            detail = e.result or e.note
            if detail:
                text += f" — {shorten(detail, 100)}"
            out.append(
                Change(
                    "progress",
                    "progress-added",
                    head + [("t", text)],
                    plan=n.id,
                    task=e.task,
                    agency=slug,
                    new=e,
                )
            )
        for e in removed:
            head = _entry_head(old, o, slug, e)
            text = _(
                "xoá mục tiến độ ngày {date} ({status})",
                date=format_date(e.date),
                status=status_word(e.status),
            )
            out.append(
                Change(
                    "progress",
                    "progress-removed",
                    head + [("t", text)],
                    plan=n.id,
                    task=e.task,
                    agency=slug,
                    old=e,
                )
            )
    return out


def _indicators(d: dict[str, int]) -> str:
    if not d:
        return "—"
    return "; ".join(f"{translate(INDICATORS.get(k, k))} {v}" for k, v in d.items())


def _period(p: str) -> str:
    return report_name(p).lower() if p in REPORT_NAMES else _("báo cáo {period}", period=p)


def _report_changes(old: Dataset, new: Dataset, o: PlanData, n: PlanData) -> list[Change]:
    out: list[Change] = []
    slugs = sorted(set(o.progress) | set(n.progress))
    for slug in slugs:
        ro = {r.period: r for r in (o.progress[slug].reports if slug in o.progress else [])}
        rn = {r.period: r for r in (n.progress[slug].reports if slug in n.progress else [])}
        for period in [p for p in ("H1", "annual") if p in ro or p in rn]:
            a, b = ro.get(period), rn.get(period)
            if a == b:
                continue
            name = agency_name(new if b else old, slug)
            if b is not None and b.submitted and (a is None or a.submitted is None):
                text = _(
                    "{agency}: gửi {report} ngày {date}",
                    agency=name,
                    report=_period(period),
                    date=format_date(b.submitted),
                )
                if b.number:
                    text += _(" (số {number})", number=b.number)
                out.append(
                    Change(
                        "reports",
                        "report-submitted",
                        [("t", text)],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                        new=b,
                    )
                )
            elif a is None:
                assert b is not None
                out.append(
                    Change(
                        "reports",
                        "report-added",
                        [
                            (
                                "t",
                                _(
                                    "{agency}: thêm {report} (chưa ghi ngày gửi)",
                                    agency=name,
                                    report=_period(period),
                                ),
                            )
                        ],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        new=b,
                    )
                )
            elif b is None:
                out.append(
                    Change(
                        "reports",
                        "report-removed",
                        [
                            (
                                "t",
                                _("{agency}: xoá {report}", agency=name, report=_period(period)),
                            )
                        ],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                    )
                )
            else:
                bits = []
                for fld in PeriodReport.model_fields:
                    x, y = getattr(a, fld), getattr(b, fld)
                    if x == y or fld == "period":
                        continue
                    label = translate(REPORT_LABELS.get(fld, fld))
                    if fld in ("submitted", "number"):
                        bits.append(f"{label} {_value(x)} → {_value(y)}")
                    else:
                        bits.append(_("sửa {label}", label=label))
                out.append(
                    Change(
                        "reports",
                        "report-changed",
                        [("t", f"{name}: {_period(period)}: " + "; ".join(bits))],
                        plan=n.id,
                        agency=slug,
                        field=period,
                        old=a,
                        new=b,
                    )
                )
    return out
