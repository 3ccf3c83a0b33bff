"""The contexts of the Word reports: plain dicts and lists of strings, no docx.

Three documents, each rendered from a template in ``templates/`` (see ``templates/README.md``):

- ``agency``: one agency's six-month or annual report (``bao-cao-co-quan.docx``);
- ``city``: the consolidated city report written by the plan's reporting recipient
  (Sở Văn hoá và Thể thao; ``bao-cao-tong-hop.docx``);
- ``reminder``: the công văn đôn đốc from that recipient to one agency listing its overdue
  tasks and missing reports (``cong-van-don-doc.docx``).

Rules:

- A report for a period covers progress entries up to the period's end (30/6 for the
  six-month report, 31/12 for the annual one) or the day looked at (``as_of``) if earlier:
  the *cut-off*. Task statuses are those of :func:`ttdn.domain.status.plan_status` on the cut-off;
  whether reports were submitted is judged on ``as_of``.
- Indicators are summed over the entries dated from the start of the period's year to the
  cut-off (entries are increments, not running totals).
- The document number, date and signer's name are never invented: without ``--number``,
  ``--date``, ``--signer`` they are printed as blanks ("…").
- Every string is NFC and free of characters that XML or docxtpl would misread (control
  characters; docxtpl turns ``\\a`` into a new paragraph and ``\\f`` into a page break).

:data:`CONTEXT_SPEC` documents every variable; ``ttdn template check`` checks templates
against it and ``templates/README.md`` is generated from it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import INDICATORS, PERIOD_LABELS, STATUS_LABELS, Agency
from ttdn.domain.schedule import format_date
from ttdn.domain.status import (
    Contribution,
    ReportStatus,
    TaskStatus,
    by_date,
    overdue_items,
    plan_children,
    plan_status,
    report_status,
)
from ttdn.domain.status import reporting_agencies as _reporting_agencies
from ttdn.i18n import N_, _, get_lang, translate
from ttdn.outputs.words import report_name
from ttdn.text import slugify

KINDS = ("agency", "city", "reminder")
TEMPLATE_FILES = {
    "agency": "bao-cao-co-quan.docx",
    "city": "bao-cao-tong-hop.docx",
    "reminder": "cong-van-don-doc.docx",
}
KIND_LABELS = {
    "agency": N_("báo cáo của cơ quan"),
    "city": N_("báo cáo tổng hợp"),
    "reminder": N_("công văn đôn đốc"),
}

BLANK = "…"
SAMPLE_MARK = N_("DỮ LIỆU MẪU — số liệu tiến độ là mẫu, không phải số liệu thật")
PLACE = "Hà Nội"
SHORT_CONTENT = 160  # characters of a task's content quoted in the body (full text in the appendix)


class ReportError(Exception):
    """A report cannot be made as asked (a usage problem, exit code 2)."""


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (also usable as a decorator).

    Building a report's context allocates hundreds of thousands of small objects (task
    statuses, entries, template items) that live until the document is written and form no
    reference cycles; the collector would walk them again and again (a quarter of the
    consolidated report's context at 60,000 tasks). Reference counting still frees
    everything; the collector is switched back on (if it was on) on the way out. (Not for
    rendering: docxtpl and Jinja leave cycles behind, and the render is faster with it.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------- text helpers

_XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """NFC text safe inside a .docx: no control characters (tabs become spaces, ``\\n`` stays
    a line break), no trailing spaces on lines."""
    s = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\t", " ")
    s = _XML_BAD.sub("", s)
    return "\n".join(line.rstrip() for line in s.split("\n")).strip()


def one_line(text: object) -> str:
    return " ".join(clean(text).split())


def number(n: int) -> str:
    """1200000 → "1.200.000" (Vietnamese thousands separator; "1,200,000" in English)."""
    return f"{n:,}" if get_lang() == "en" else f"{n:,}".replace(",", ".")


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def first_lower(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("UBND")."""
    if not text:
        return text
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        return text
    return text[:1].lower() + text[1:]


def brief(text: str, limit: int = SHORT_CONTENT) -> str:
    """``text`` cut to about ``limit`` characters for the body of a report (the appendix has
    the full text): at a clause (";", ",") if one ends late enough, else at a word; never
    inside a parenthesis; "…" marks the cut."""
    text = one_line(text).rstrip(" .;:,")
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = -1
    for sep in ("; ", ", ", " "):
        i = head.rfind(sep)
        if i >= limit * 0.55:
            cut = i
            break
    head = head[:cut] if cut > 0 else head
    while head.count("(") > head.count(")"):
        i = head.rfind("(")
        if i < limit * 0.4:
            break
        head = head[:i]
    return head.rstrip(" .;:,(") + "…"


def vn_date_words(d: dt.date | None, year: int) -> str:
    """ "ngày 05 tháng 01 năm 2026" (leading zero for days < 10 and months 1–2, NĐ 30/2020);
    "ngày … tháng … năm 2026" when there is no date (05/01/2026 and …/…/2026 in English)."""
    if d is None:
        return _("ngày {blank} tháng {blank} năm {year}", blank=BLANK, year=year)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return _("ngày {day} tháng {month} năm {year}", day=f"{d.day:02d}", month=month, year=d.year)


def end_punct(items: list[str]) -> list[str]:
    """ ";" after every item of a list but the last, "." after the last (NĐ 30 lists)."""
    out = []
    for i, s in enumerate(items):
        s = s.rstrip(" ;.")
        out.append(s + ("." if i == len(items) - 1 else ";"))
    return out


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A reporting period: ``2026-H1`` (six months) or ``2026`` (the year)."""

    year: int
    id: str  # "H1" or "annual"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.id == "H1" else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.id == "H1":
            return _("6 tháng đầu năm {year}", year=self.year)
        return _("năm {year}", year=self.year)

    @property
    def next_label(self) -> str:
        if self.id == "H1":
            return _("6 tháng cuối năm {year}", year=self.year)
        return _("năm {year}", year=self.year + 1)

    @property
    def slug(self) -> str:
        return f"6-thang-{self.year}" if self.id == "H1" else f"nam-{self.year}"

    def cutoff(self, as_of: dt.date) -> dt.date:
        """The last day whose entries the report covers."""
        return min(self.end, as_of)


def parse_period(text: str) -> Period:
    """``2026-H1`` → six-month report of 2026; ``2026`` → annual report of 2026."""
    t = text.strip().upper()
    m = re.fullmatch(r"(\d{4})(?:-(H1|6T))?", t)
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise ReportError(
            _(
                "kỳ báo cáo “{text}” không hợp lệ: dùng NĂM-H1 cho báo cáo 6 tháng "
                "(ví dụ 2026-H1) hoặc NĂM cho báo cáo năm (ví dụ 2026)",
                text=text,
            )
        )
    return Period(int(m.group(1)), "H1" if m.group(2) else "annual")


# --------------------------------------------------------------------------- agencies


_CONNECTORS = {"và", "các", "của"}
_PLAN_WORD = re.compile(r"^Kế hoạch\s+", re.IGNORECASE)  # "Kế hoạch tổ chức …" → "tổ chức …"


def abbreviation(agency: Agency | None) -> str:
    """The abbreviation used in document symbols: "Sở Du lịch" → "SDL", "Sở Văn hoá và Thể
    thao" → "SVHTT", "Ủy ban nhân dân …" → "UBND"; "…" when no short, sure one exists."""
    if agency is None:
        return BLANK
    name = unicodedata.normalize("NFC", agency.name)
    low = name.lower()
    for prefix, abbr in (
        ("ủy ban nhân dân", "UBND"),
        ("uỷ ban nhân dân", "UBND"),
        ("ubnd", "UBND"),
        ("hội đồng nhân dân", "HĐND"),
        ("văn phòng", "VP"),
    ):
        if low.startswith(prefix):
            return abbr
    letters = []
    for word in re.split(r"[\s,\-]+", name):
        if not word or word.lower() in _CONNECTORS:
            continue
        if len(word) > 1 and word.isupper():
            letters.append(word)
        else:
            letters.append(word[0].upper())
    abbr = re.sub(r"[^0-9A-ZĐ]", "", "".join(letters))
    return abbr if 2 <= len(abbr) <= 6 else BLANK


def parent_line(ds: Dataset, agency: Agency | None) -> str:
    """The line above the agency's name (tên cơ quan chủ quản), abbreviated as NĐ 30 allows:
    "UBND THÀNH PHỐ HÀ NỘI"."""
    if agency is None or agency.parent is None:
        return ""
    parent = ds.agencies.get(agency.parent)
    if parent is None:
        return ""
    name = parent.name
    for long, short in (
        ("Ủy ban nhân dân", "UBND"),
        ("Uỷ ban nhân dân", "UBND"),
        ("Hội đồng nhân dân", "HĐND"),
    ):
        if name.startswith(long):
            name = short + name[len(long) :]
    return upper(one_line(name))


def agency_rule(name_upper: str) -> str:
    """The short rule under the agency's name: underscores about 2/5 of the name's printed
    width (NĐ 30: 1/3 to 1/2), the name's width estimated for bold capitals at 13 pt."""
    col_cm, char_cm, underscore_cm = 6.1, 0.26, 0.23
    width = min(len(name_upper) * char_cm, col_cm)
    return "_" * max(3, round(0.4 * width / underscore_cm))


def place_of(agency: Agency | None) -> str:
    """The place name of the date line: "Hà Nội"; a commune writes its own name."""
    if agency is not None and agency.kind == "commune":
        m = re.match(
            r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:phường|xã)\s+(.+)$", agency.name
        )
        if m:
            return one_line(m.group(1))
    return PLACE


def signer_lines(agency: Agency | None) -> list[str]:
    """The authority and title above the signature, by kind of agency (adjustable with
    ``--signer-title``)."""
    kind = agency.kind if agency else None
    if kind == "department":
        return [_("GIÁM ĐỐC")]
    if kind == "office":
        return [_("CHÁNH VĂN PHÒNG")]
    if kind == "commune":
        return [_("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")]
    return [_("THỦ TRƯỞNG CƠ QUAN")]


def agency_name(ds: Dataset, slug: str) -> str:
    return one_line(ds.agency_name(slug))


def agency_short(ds: Dataset, slug: str) -> str:
    return one_line(ds.agency_short(slug))


# --------------------------------------------------------------------------- options


@dataclass
class DocOptions:
    """What the user fills in; ``None`` leaves a blank. Nothing here is ever guessed."""

    number: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    signer_title: list[str] = field(default_factory=list)


def _number_parts(number_opt: str | None, symbol: str) -> tuple[str, str]:
    """(number, "…/BC-SDL", the number with its symbol). A number given with its symbol
    ("125/BC-SDL") is used whole; a bare number below 10 gets a leading zero (NĐ 30)."""
    if number_opt is None or not one_line(number_opt):
        return BLANK, f"{BLANK}/{symbol}"
    n = one_line(number_opt)
    if "/" in n:
        return n, n
    if n.isdigit() and int(n) < 10:
        n = f"{int(n):02d}"
    return n, f"{n}/{symbol}"


def common_context(
    ds: Dataset,
    pd: PlanData,
    issuer_slug: str,
    symbol: str,
    opts: DocOptions,
    year: int,
    as_of: dt.date,
) -> dict[str, Any]:
    """The variables every template shares (issuer, number, date, signer, plan, sample)."""
    issuer = ds.agencies.get(issuer_slug)
    name = agency_name(ds, issuer_slug)
    name_up = upper(name)
    num, num_ref = _number_parts(opts.number, symbol)
    date_text = vn_date_words(opts.date, opts.date.year if opts.date else year)
    place = place_of(issuer)
    plan = pd.plan
    plan_issuer = agency_short(ds, plan.issuer)
    plan_number = (
        one_line(plan.number)
        if plan.number
        else f"{BLANK}/KH-{abbreviation(ds.agencies.get(plan.issuer))}"
    )
    plan_date = _("ngày {date}", date=format_date(plan.date) if plan.date else BLANK)
    title = one_line(plan.title)
    about = _PLAN_WORD.sub("", title)
    about = first_lower(about)
    lines = [upper(one_line(t)) for t in opts.signer_title if one_line(t)] or signer_lines(issuer)
    return {
        "sample": ds.is_sample,
        "sample_mark": translate(SAMPLE_MARK) if ds.is_sample else "",
        "issuer": {
            "parent": parent_line(ds, issuer),
            "name": name_up,
            "name_plain": name,
            "short_name": agency_short(ds, issuer_slug),
            "abbreviation": abbreviation(issuer),
            "rule": agency_rule(name_up),
        },
        "doc": {
            "number": num,
            "symbol": symbol,
            "number_line": _("Số: {number}", number=num_ref),
            "number_ref": num_ref,
            "date_text": date_text,
            "place_date": f"{place}, {date_text}",
            "year": str(opts.date.year if opts.date else year),
        },
        "signer": {"lines": lines, "name": one_line(opts.signer) if opts.signer else ""},
        "plan": {
            "title": title,
            "year": str(plan.year),
            "number": plan_number,
            "date": plan_date,
            "issuer": plan_issuer,
            "reference": _(
                "Kế hoạch số {number} {date} của {issuer} về {about}",
                number=plan_number,
                date=plan_date,
                issuer=plan_issuer,
                about=about,
            ),
        },
        "as_of": format_date(as_of),
    }


# --------------------------------------------------------------------------- tasks


def _status_label(ts: TaskStatus) -> str:
    return translate(STATUS_LABELS[ts.status]) if ts.recorded else _("chưa ghi nhận tiến độ")


def _status_note(ts: TaskStatus) -> str:
    """ "đang thực hiện; quá hạn 12 ngày" — the status with what is late."""
    parts = [_status_label(ts)]
    if ts.missed:
        parts.append(_("chưa cập nhật {n} kỳ đã qua", n=len(ts.missed)))
    elif ts.overdue:
        parts.append(_("quá hạn {n} ngày", n=ts.days_overdue))
    return "; ".join(parts)


def _coordinators_text(ds: Dataset, ts: TaskStatus) -> str:
    t = ts.task
    if t.coordinators_as_printed:
        return one_line(t.coordinators_as_printed)
    return ", ".join(one_line(n) for n in ds.coordinator_names(t))


def _lead_text(ds: Dataset, ts: TaskStatus) -> str:
    t = ts.task
    return one_line(t.lead_as_printed) if t.lead_as_printed else agency_name(ds, t.lead)


# The entries of a task's lead and those of the other agencies (:func:`_own_and_others`).
OwnAndOthers = tuple[list[Contribution], list[Contribution]]


def _own_and_others(ts: TaskStatus) -> OwnAndOthers:
    """The entries of a task's lead and of the other agencies, the task's own and those of
    the tasks implementing it in agency plans (roll-up), each list in date order."""
    own, others = [], []
    stack, seen = [ts], set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        lead = cur.task.lead
        for c in cur.entries:
            (own if c.agency == lead else others).append(c)
        stack.extend(cur.children)
    return sorted(own, key=by_date), sorted(others, key=by_date)


def implements_text(ds: Dataset, ts: TaskStatus) -> str:
    """ "Thực hiện nhiệm vụ III.1 của Kế hoạch …" for a task of an agency plan, else ""."""
    t = ts.task
    pd = ds.plans.get(ts.ref.plan_id)
    parent = ds.plans.get(pd.plan.parent) if pd and pd.plan.parent else None
    if not t.implements or parent is None or t.implements not in parent.tasks:
        return ""
    return _(
        "Thực hiện nhiệm vụ {ref} của {plan}.",
        ref=parent.tasks[t.implements].task.ref,
        plan=one_line(parent.plan.title),
    )


def task_item(ds: Dataset, ts: TaskStatus, entries: OwnAndOthers | None = None) -> dict[str, Any]:
    """One task as the templates see it; ``entries``: its :func:`_own_and_others`, if known.

    A task of an agency plan names the city task it implements first in its result text, so
    that the agency's report reads grouped under the city plan's tasks."""
    t = ts.task
    own, others = entries if entries is not None else _own_and_others(ts)
    # the latest result and note of the lead (read from the end: a task rolls up many entries)
    result = next((clean(c.entry.result) for c in reversed(own) if c.entry.result), "")
    contributions = [
        _(
            "{agency} (phối hợp, {date}): {result}",
            agency=agency_short(ds, c.agency),
            date=format_date(c.date),
            result=one_line(c.entry.result),
        )
        for c in others
        if c.entry.result
    ]
    result_text = "\n".join([result] * bool(result) + contributions)
    if not result_text:
        note = next((c.entry.note for c in reversed(own) if c.entry.note), None)
        result_text = clean(note) if note else ("—" if ts.recorded else _("Chưa ghi nhận"))
    implements = implements_text(ds, ts)
    if implements:
        result_text = implements + "\n" + result_text
    return {
        "ref": one_line(t.ref),
        "content": clean(t.content),
        "content_short": brief(t.content),
        "timeline": one_line(t.timeline),
        "due": format_date(ts.due) if ts.due else "",
        "lead": _lead_text(ds, ts),
        "coordinators": _coordinators_text(ds, ts),
        "status": _status_label(ts),
        "status_note": _status_note(ts),
        "result": result,
        "result_text": result_text,
        "implements": implements,
        "contributions": contributions,
        "last_update": format_date(ts.last_update) if ts.last_update else "",
        "recorded": ts.recorded,
        "overdue": ts.overdue,
    }


_T = TypeVar("_T")


class TaskItems:
    """The tasks of one document as the templates see them, each worked out once.

    A task is listed up to four times in the consolidated report (every task, its lead's
    group, the tasks with progress, the next period) and each listing needs the entries it
    rolls up from the agency plans: :meth:`item` and :meth:`entries` remember them per
    task (the :class:`TaskStatus` objects of one report build are not changed once made).
    """

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        # keyed by id(); the TaskStatus is kept alongside so that its id is not reused
        self._entries: dict[int, tuple[TaskStatus, OwnAndOthers]] = {}
        self._items: dict[int, tuple[TaskStatus, dict[str, Any]]] = {}

    @staticmethod
    def _once(memo: dict[int, tuple[TaskStatus, _T]], ts: TaskStatus, make: Callable[[], _T]) -> _T:
        hit = memo.get(id(ts))
        if hit is None:
            hit = memo[id(ts)] = (ts, make())
        return hit[1]

    def entries(self, ts: TaskStatus) -> OwnAndOthers:
        """:func:`_own_and_others` of ``ts`` (shared lists: do not change them)."""
        return self._once(self._entries, ts, lambda: _own_and_others(ts))

    def item(self, ts: TaskStatus) -> dict[str, Any]:
        """:func:`task_item` of ``ts``: a new dict each time, which the caller may add to."""
        return dict(self._once(self._items, ts, lambda: task_item(self.ds, ts, self.entries(ts))))

    def reported(self, ts: TaskStatus) -> bool:
        """Any progress recorded on the task or rolled up into it (by lead or coordinator)."""
        own, others = self.entries(ts)
        return ts.recorded or bool(own or others)


def _breakdown(statuses: list[TaskStatus]) -> str:
    counts: dict[str, int] = {}
    for ts in statuses:
        key = ts.status if ts.recorded else "unrecorded"
        counts[key] = counts.get(key, 0) + 1
    labels = {**STATUS_LABELS, "unrecorded": N_("chưa ghi nhận tiến độ")}
    order = ["done", "in_progress", "not_started", "paused", "cancelled", "unrecorded"]
    parts = [
        _("{status} {n} nhiệm vụ", status=translate(labels[k]), n=counts[k])
        for k in order
        if counts.get(k)
    ]
    return ", ".join(parts) if parts else _("không có nhiệm vụ")


def totals(statuses: list[TaskStatus]) -> dict[str, str]:
    return {
        "count": str(len(statuses)),
        "breakdown": _breakdown(statuses),
        "done": str(sum(ts.status == "done" for ts in statuses)),
        "recorded": str(sum(ts.recorded for ts in statuses)),
        "unrecorded": str(sum(not ts.recorded for ts in statuses)),
        "overdue": str(sum(ts.overdue for ts in statuses)),
    }


def plan_tree(ds: Dataset, pd: PlanData) -> list[PlanData]:
    """``pd`` and the plans under it (agency plans implementing it, recursively), breadth
    first."""
    children = plan_children(ds)
    out: list[PlanData] = []
    seen: set[int] = set()
    todo = deque([pd])
    while todo:
        p = todo.popleft()
        if id(p) in seen:
            continue
        seen.add(id(p))
        out.append(p)
        todo.extend(children.get(p.id, ()))
    return out


def _progress_files(ds: Dataset, pd: PlanData, agencies: set[str] | None):
    for p in plan_tree(ds, pd):
        for slug, pf in p.progress.items():
            if agencies is None or slug in agencies:
                yield slug, pf


def indicators(
    ds: Dataset, pd: PlanData, start: dt.date, cutoff: dt.date, agencies: set[str] | None = None
) -> list[dict[str, str]]:
    """Indicators summed over entries dated ``start``..``cutoff`` (of ``agencies``), in the
    plan and the agency plans under it."""
    sums: dict[str, int] = {}
    for _slug, pf in _progress_files(ds, pd, agencies):
        for e in pf.entries:
            if start <= e.date <= cutoff:
                for k, v in e.indicators.items():
                    sums[k] = sums.get(k, 0) + v
    keys = [k for k in INDICATORS if sums.get(k)] + sorted(
        k for k in sums if k not in INDICATORS and sums[k]
    )
    labels = [first_upper(translate(INDICATORS.get(k, k))) for k in keys]
    ends = end_punct(["x"] * len(keys))
    return [
        {"key": k, "label": lab, "value": number(sums[k]), "end": e[-1]}
        for k, lab, e in zip(keys, labels, ends, strict=True)
    ]


def _has_entries(ds: Dataset, pd: PlanData, cutoff: dt.date, agencies: set[str] | None) -> bool:
    return any(
        e.date <= cutoff for _slug, pf in _progress_files(ds, pd, agencies) for e in pf.entries
    )


def _next_note(ts: TaskStatus) -> str:
    if ts.status == "paused" and ts.recorded:
        lead = _("đang tạm dừng")
    else:
        lead = ""
    if ts.missed:
        when = _("chưa cập nhật {n} kỳ đã qua", n=len(ts.missed))
    elif ts.overdue and ts.due:
        when = _("quá hạn {n} ngày, hạn {date}", n=ts.days_overdue, date=format_date(ts.due))
    elif ts.due:
        when = _("hạn {date}", date=format_date(ts.due))
    else:
        when = _("tiến độ: {timeline}", timeline=one_line(ts.task.timeline))
    return "; ".join(p for p in (lead, when) if p)


def next_period(items: TaskItems, period: Period, statuses: list[TaskStatus]) -> dict[str, Any]:
    """Tasks not done (nor cancelled) as of the cut-off: overdue first, then by due date."""
    ds = items.ds
    open_ = [ts for ts in statuses if ts.status not in ("done", "cancelled")]
    far = dt.date.max
    open_.sort(key=lambda ts: (not ts.overdue, ts.due or far))
    tasks = []
    for ts in open_:
        item = items.item(ts)
        item["note"] = _next_note(ts)
        tasks.append(item)
    by_agency: dict[str, list[str]] = {}
    for ts in statuses:
        if ts.status not in ("done", "cancelled"):
            by_agency.setdefault(ts.task.lead, []).append(one_line(ts.task.ref))
    overdue = [t for t in tasks if t["overdue"]]
    return {
        "label": period.next_label,
        "label_upper": upper(period.next_label),
        "count": str(len(tasks)),
        "overdue_count": str(len(overdue)),
        "overdue_phrase": (
            _(
                ", trong đó {n} nhiệm vụ quá hạn cần tập trung hoàn thành ngay",
                n=len(overdue),
            )
            if overdue
            else ""
        ),
        "tasks": tasks,
        "overdue": overdue,
        "by_agency": [
            {
                "name": agency_name(ds, slug),
                "text": _("{n} nhiệm vụ ({refs})", n=len(refs), refs=", ".join(refs)),
            }
            for slug, refs in by_agency.items()
        ],
    }


# --------------------------------------------------------------------------- assessments


_TEXT_FIELDS = ("highlights", "limitations", "causes", "directions", "recommendations")


def _period_report(plans: list[PlanData], slug: str, period: Period):
    """The agency's report for ``period``: in the progress file of the first of ``plans``
    (the plan and those under it, :func:`plan_tree`) that has one (as
    :func:`ttdn.domain.status.report_status` looks)."""
    for p in plans:
        pf = p.progress.get(slug)
        for r in pf.reports if pf else []:
            if r.period == period.id:
                return r
    return None


def assessment(
    ds: Dataset,
    pd: PlanData,
    slugs: list[str],
    period: Period,
    prefix: bool = False,
    submitted_by: dt.date | None = None,
) -> dict[str, list[str]]:
    """The texts of the agencies' period reports. With ``prefix`` each text starts with the
    agency's name (consolidated report); with ``submitted_by`` only reports submitted on or
    before that day count."""
    out: dict[str, list[str]] = {f: [] for f in _TEXT_FIELDS}
    plans = plan_tree(ds, pd)
    for slug in slugs:
        r = _period_report(plans, slug, period)
        if r is None:
            continue
        if submitted_by is not None and (r.submitted is None or r.submitted > submitted_by):
            continue
        for f in _TEXT_FIELDS:
            text = getattr(r, f)
            if text:
                text = clean(text)
                out[f].append(f"{agency_short(ds, slug)}: {text}" if prefix else text)
    return out


def _to(names: list[str]) -> dict[str, Any]:
    names = [n for n in names if n]
    return {
        "single": len(names) == 1,
        "lines": [n.rstrip(" ;.") + "." for n in names]
        if len(names) == 1
        else [f"- {s}" for s in end_punct(names)],
    }


def _report_text(rs: ReportStatus) -> str:
    if rs.state == "submitted":
        text = _("đã gửi ngày {date}", date=format_date(rs.submitted))
    elif rs.state == "submitted_late":
        text = _("gửi muộn {n} ngày (ngày {date})", n=rs.days_late, date=format_date(rs.submitted))
    elif rs.state == "missing":
        text = _("chưa gửi, quá hạn {n} ngày", n=rs.days_late)
    else:
        text = _("chưa đến hạn (hạn gửi trước ngày {date})", date=format_date(rs.due_before))
    if rs.number and rs.state in ("submitted", "submitted_late"):
        text += _(", Báo cáo số {number}", number=one_line(rs.number))
    return text


# --------------------------------------------------------------------------- contexts


def _check_year(pd: PlanData, period: Period) -> None:
    if pd.year != period.year:
        raise ReportError(
            _(
                "kế hoạch “{plan}” là kế hoạch năm {year}, không có kỳ báo cáo "
                "năm {period}; chọn kế hoạch bằng --plan",
                plan=pd.id,
                year=pd.year,
                period=period.year,
            )
        )


def _appendix(period: Period, doc: dict[str, str], issuer_name: str) -> dict[str, str]:
    return {
        "title": _(
            "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÔNG TIN ĐỐI NGOẠI {period}", period=upper(period.label)
        ),
        "reference": _(
            "(Kèm theo Báo cáo số {number} {date} của {issuer})",
            number=doc["number_ref"],
            date=doc["date_text"],
            issuer=issuer_name,
        ),
    }


def _period_ctx(period: Period, cutoff: dt.date) -> dict[str, str]:
    return {
        "id": period.id,
        "year": str(period.year),
        "label": period.label,
        "label_upper": upper(period.label),
        "name": translate(PERIOD_LABELS[period.id]),
        "cutoff": format_date(cutoff),
    }


def report_recipients(ds: Dataset, pd: PlanData, issuer: str) -> list[str]:
    """Who an agency's report is addressed to: the plan's issuer and the agency that
    consolidates the reports (not the issuing agency itself)."""
    out = []
    for slug in (pd.plan.issuer, pd.plan.reporting.recipient if pd.plan.reporting else None):
        if slug and slug != issuer and agency_name(ds, slug) not in out:
            out.append(agency_name(ds, slug))
    return out


@gc_paused()
def agency_report_context(
    ds: Dataset,
    pd: PlanData,
    slug: str,
    period: Period,
    as_of: dt.date,
    opts: DocOptions | None = None,
) -> dict[str, Any]:
    """The context of ``bao-cao-co-quan.docx``: one agency's report for ``period``."""
    _check_year(pd, period)
    opts = opts or DocOptions()
    cutoff = period.cutoff(as_of)
    statuses = plan_status(pd, cutoff, ds)
    led = [ts for ts in statuses if ts.task.lead == slug]
    ctx = common_context(
        ds, pd, slug, f"BC-{abbreviation(ds.agencies.get(slug))}", opts, as_of.year, as_of
    )
    items = TaskItems(ds)
    coordinated = []
    for ts in statuses:
        if ts.task.lead == slug:
            continue
        own, others = items.entries(ts)
        mine = sorted((c for c in own + others if c.agency == slug), key=by_date)
        if mine:
            results = [one_line(c.entry.result) for c in mine if c.entry.result]
            item = items.item(ts)
            item["result"] = results[-1] if results else ""
            item["status"] = translate(STATUS_LABELS[mine[-1].entry.status])
            coordinated.append(item)
    ctx.update(
        {
            "period": _period_ctx(period, cutoff),
            "agency": {
                "slug": slug,
                "name": agency_name(ds, slug),
                "short_name": agency_short(ds, slug),
            },
            "to": _to(report_recipients(ds, pd, slug)),
            "has_progress": _has_entries(ds, pd, cutoff, {slug}),
            "totals": totals(led),
            "indicators": indicators(ds, pd, period.start, cutoff, {slug}),
            "tasks": [items.item(ts) for ts in led],
            "coordinated": coordinated,
            "assessment": assessment(ds, pd, [slug], period),
            "next": next_period(items, period, led),
            "appendix": _appendix(period, ctx["doc"], agency_name(ds, slug)),
        }
    )
    return ctx


@gc_paused()
def city_report_context(
    ds: Dataset, pd: PlanData, period: Period, as_of: dt.date, opts: DocOptions | None = None
) -> dict[str, Any]:
    """The context of ``bao-cao-tong-hop.docx``: the consolidated report of the whole plan,
    written by the agency that receives the reports."""
    _check_year(pd, period)
    if pd.plan.reporting is None:
        raise ReportError(
            _(
                "kế hoạch “{plan}” không quy định chế độ báo cáo (reporting), "
                "nên không có báo cáo tổng hợp",
                plan=pd.id,
            )
        )
    opts = opts or DocOptions()
    issuer = pd.plan.reporting.recipient
    cutoff = period.cutoff(as_of)
    statuses = plan_status(pd, cutoff, ds)
    ctx = common_context(
        ds, pd, issuer, f"BC-{abbreviation(ds.agencies.get(issuer))}", opts, as_of.year, as_of
    )
    items = TaskItems(ds)
    groups: dict[str, list[TaskStatus]] = {}
    for ts in statuses:
        groups.setdefault(ts.task.lead, []).append(ts)
    subjects = _reporting_agencies(ds, pd)
    rstat = [r for r in report_status(ds, pd, as_of) if r.period == period.id]
    received = [r for r in rstat if r.state in ("submitted", "submitted_late")]
    late = [r for r in received if r.state == "submitted_late"]
    missing = [r for r in rstat if r.state == "missing"]
    summary = (
        _(
            "Có {expected} cơ quan, đơn vị phải gửi báo cáo {period}; tính đến ngày {date} "
            "đã nhận {received} báo cáo",
            expected=len(rstat),
            period=period.label,
            date=format_date(as_of),
            received=len(received),
        )
        + (_(" (trong đó {n} báo cáo gửi muộn)", n=len(late)) if late else "")
        + (_(", {n} cơ quan, đơn vị chưa gửi dù đã quá hạn", n=len(missing)) if missing else "")
        + "."
    )
    report_lines = end_punct([f"{agency_name(ds, r.agency)}: {_report_text(r)}" for r in rstat])
    ctx.update(
        {
            "period": _period_ctx(period, cutoff),
            "to": _to([agency_name(ds, pd.plan.issuer)]),
            "has_progress": _has_entries(ds, pd, cutoff, None),
            "totals": {**totals(statuses), "agencies": str(len(groups))},
            "indicators": indicators(ds, pd, period.start, cutoff),
            "tasks": [items.item(ts) for ts in statuses],
            "groups": [
                {
                    "number": str(i),
                    "slug": slug,
                    "name": agency_name(ds, slug),
                    "count": str(len(sts)),
                    "breakdown": _breakdown(sts),
                    "tasks": [items.item(ts) for ts in sts],
                    "reported": [items.item(ts) for ts in sts if items.reported(ts)],
                    "unrecorded_refs": ", ".join(
                        one_line(ts.task.ref) for ts in sts if not items.reported(ts)
                    ),
                }
                for i, (slug, sts) in enumerate(groups.items(), 1)
            ],
            "reports": {
                "summary": summary,
                "expected": str(len(rstat)),
                "received": str(len(received)),
                "missing": str(len(missing)),
                "agencies": [
                    {
                        "agency": agency_name(ds, r.agency),
                        "state": r.state,
                        "text": _report_text(r),
                        "line": line,
                    }
                    for r, line in zip(rstat, report_lines, strict=True)
                ],
            },
            "assessment": assessment(ds, pd, subjects, period, prefix=True, submitted_by=as_of),
            "next": next_period(items, period, statuses),
            "appendix": _appendix(period, ctx["doc"], agency_name(ds, issuer)),
        }
    )
    return ctx


@gc_paused()
def reminder_context(
    ds: Dataset, pd: PlanData, slug: str, as_of: dt.date, opts: DocOptions | None = None
) -> dict[str, Any]:
    """The context of ``cong-van-don-doc.docx``: the công văn đôn đốc to one agency."""
    if pd.plan.reporting is None:
        raise ReportError(
            _(
                "kế hoạch “{plan}” không quy định cơ quan theo dõi, tổng hợp "
                "(reporting), nên không có công văn đôn đốc",
                plan=pd.id,
            )
        )
    opts = opts or DocOptions()
    issuer = pd.plan.reporting.recipient
    # A công văn's symbol has no type code: issuer abbreviation - drafting unit (NĐ 30, Mẫu 1.5).
    ctx = common_context(
        ds, pd, issuer, f"{abbreviation(ds.agencies.get(issuer))}-{BLANK}", opts, as_of.year, as_of
    )
    task_items = TaskItems(ds)
    tasks, reports = [], []
    for it in overdue_items(ds, pd, as_of, slug):
        if it.task is not None:
            item = task_items.item(it.task)
            item.update({"days": str(it.days), "due": format_date(it.due)})
            if it.task.missed:
                item["note"] = _(
                    "chưa cập nhật kỳ đến ngày {date}, quá {n} ngày",
                    date=format_date(it.due),
                    n=it.days,
                )
            else:
                item["note"] = _(
                    "hạn {date}, quá hạn {n} ngày", date=format_date(it.due), n=it.days
                )
            tasks.append(item)
        elif it.report is not None:
            r = it.report
            reports.append(
                {
                    "name": _(
                        "{report} năm {year}",
                        report=report_name(r.period, one_line(r.name)),
                        year=pd.year,
                    ),
                    "period": r.period,
                    "due": format_date(r.due_before),
                    "days": str(it.days),
                    "note": _(
                        "hạn gửi trước ngày {date}, quá hạn {n} ngày",
                        date=format_date(r.due_before),
                        n=it.days,
                    ),
                }
            )
    tasks.sort(key=lambda t: (-int(t["days"]),))
    for lst in (tasks, reports):
        for item, line in zip(lst, end_punct(["x"] * len(lst)), strict=True):
            item["end"] = line[-1]
    ctx.update(
        {
            "recipient": {
                "slug": slug,
                "name": agency_name(ds, slug),
                "short_name": agency_short(ds, slug),
            },
            "to": _to([agency_name(ds, slug)]),
            "tasks": tasks,
            "reports": reports,
            "has_items": bool(tasks or reports),
        }
    )
    return ctx


# --------------------------------------------------------------------------- file names


def default_filename(
    kind: str, period: Period | None, slug: str | None, as_of: dt.date | None = None
) -> str:
    """``bao-cao-ttdn-6-thang-2026-so-du-lich.docx`` and the like: always one plain file
    name (no folder part), whatever the slug."""
    who = slugify(slug) if slug else "tong-hop"
    if kind == "reminder":
        stem = f"cong-van-don-doc-ttdn-{who}-{as_of.isoformat() if as_of else ''}".rstrip("-")
    else:
        assert period is not None
        stem = f"bao-cao-ttdn-{period.slug}-{who}"
    stem = slugify(stem) or "bao-cao-ttdn"
    return f"{stem}.docx"


def report_title(ctx: dict[str, Any], kind: str) -> str:
    """The document title (core property), e.g. "Báo cáo … 6 tháng đầu năm 2026 — Sở Du lịch"."""
    if kind == "reminder":
        return _("Công văn đôn đốc thông tin đối ngoại — {agency}", agency=ctx["recipient"]["name"])
    who = ctx["agency"]["name"] if kind == "agency" else _("tổng hợp")
    return _(
        "Báo cáo kết quả thực hiện công tác thông tin đối ngoại {period} — {who}",
        period=ctx["period"]["label"],
        who=who,
    )


# --------------------------------------------------------------------------- the documented context


@dataclass(frozen=True)
class Var:
    """One documented template variable: type, Vietnamese and English description, and for
    objects or lists of objects the fields."""

    type: str  # "str", "bool", "list[str]", "obj", "list[obj]"
    vi: str
    en: str
    fields: dict[str, Var] | None = None

    @property
    def is_list(self) -> bool:
        return self.type.startswith("list")


def S(vi: str, en: str) -> Var:  # noqa: N802
    return Var("str", vi, en)


def B(vi: str, en: str) -> Var:  # noqa: N802
    return Var("bool", vi, en)


def LS(vi: str, en: str) -> Var:  # noqa: N802
    return Var("list[str]", vi, en)


def O(vi: str, en: str, fields: dict[str, Var]) -> Var:  # noqa: N802, E743
    return Var("obj", vi, en, fields)


def LO(vi: str, en: str, fields: dict[str, Var]) -> Var:  # noqa: N802
    return Var("list[obj]", vi, en, fields)


_TASK = {
    "ref": S("Số thứ tự trong phụ lục Kế hoạch (III.1)", "Number in the plan's appendix"),
    "content": S("Nội dung nhiệm vụ, đầy đủ", "Full task content"),
    "content_short": S("Nội dung rút gọn (tối đa 160 ký tự)", "Content cut to 160 characters"),
    "timeline": S("Tiến độ như in trong Kế hoạch", "Timeline as printed"),
    "due": S("Hạn (dd/mm/yyyy), trống nếu không ấn định", "Due date, empty if none"),
    "lead": S("Cơ quan chủ trì", "Lead agency"),
    "coordinators": S("Cơ quan phối hợp", "Coordinating agencies"),
    "status": S("Trạng thái (hoàn thành, đang thực hiện…, chưa ghi nhận tiến độ)", "Status label"),
    "status_note": S(
        "Trạng thái kèm quá hạn (đang thực hiện; quá hạn 12 ngày)", "Status with lateness"
    ),
    "result": S(
        "Kết quả do cơ quan chủ trì ghi gần nhất; trống nếu chưa có",
        "Latest result recorded by the lead; empty if none",
    ),
    "result_text": S(
        "Kết quả cho cột Kết quả của phụ lục: kết quả của cơ quan chủ trì và "
        "của cơ quan phối hợp, mỗi dòng một mục; “Chưa ghi nhận” nếu chưa có; với kế hoạch "
        "của cơ quan, dòng đầu nêu nhiệm vụ của Thành phố được thực hiện",
        "Result column of the appendix (lead and coordinators); for a task of an agency plan, "
        "first the city task it implements",
    ),
    "implements": S(
        "Nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện (“Thực hiện nhiệm vụ III.1 "
        "của Kế hoạch …”); trống với kế hoạch Thành phố",
        "The parent-plan task this task implements; empty in the city plan",
    ),
    "contributions": LS("Kết quả của các cơ quan phối hợp", "Coordinators' results"),
    "last_update": S("Ngày cập nhật gần nhất", "Date of the last update"),
    "recorded": B("Cơ quan chủ trì đã ghi tiến độ", "The lead has recorded progress"),
    "overdue": B("Quá hạn", "Overdue"),
}
_NEXT_TASK = {**_TASK, "note": S("Ghi chú hạn (quá hạn 12 ngày, hạn 31/12/2026…)", "Due-date note")}
_TOTALS = {
    "count": S("Tổng số nhiệm vụ", "Number of tasks"),
    "breakdown": S(
        "Số nhiệm vụ theo trạng thái, thành câu (hoàn thành 2 nhiệm vụ, …)",
        "Counts by status, as a phrase",
    ),
    "done": S("Số nhiệm vụ hoàn thành", "Tasks done"),
    "recorded": S("Số nhiệm vụ đã có cập nhật", "Tasks with recorded progress"),
    "unrecorded": S("Số nhiệm vụ chưa ghi nhận tiến độ", "Tasks with no recorded progress"),
    "overdue": S("Số nhiệm vụ quá hạn", "Overdue tasks"),
}
_INDICATOR = LO(
    "Chỉ tiêu định lượng cộng dồn trong kỳ (chỉ những chỉ tiêu khác 0)",
    "Indicators summed over the period (non-zero only)",
    {
        "key": S("Mã chỉ tiêu (news_articles…)", "Indicator key"),
        "label": S("Tên chỉ tiêu (Tin, bài…)", "Label"),
        "value": S("Giá trị, có dấu chấm phân cách hàng nghìn", "Value, formatted"),
        "end": S("Dấu cuối dòng: “;” hoặc “.” ở dòng cuối", "“;” or “.” on the last"),
    },
)
_ASSESSMENT = O(
    "Đánh giá từ báo cáo kỳ (PeriodReport) của cơ quan",
    "Texts of period reports",
    {
        "highlights": LS("Ưu điểm, kết quả nổi bật", "Highlights"),
        "limitations": LS("Hạn chế", "Limitations"),
        "causes": LS("Nguyên nhân", "Causes"),
        "directions": LS("Phương hướng", "Directions"),
        "recommendations": LS("Đề xuất, kiến nghị", "Recommendations"),
    },
)
_NEXT = O(
    "Nhiệm vụ kỳ tới: các nhiệm vụ chưa hoàn thành (không tính đã huỷ), quá hạn trước",
    "Next period: tasks not done, overdue first",
    {
        "label": S("Tên kỳ tới (6 tháng cuối năm 2026; năm 2027)", "Next period"),
        "label_upper": S("Tên kỳ tới, chữ in hoa", "Next period, capitals"),
        "count": S("Số nhiệm vụ chưa hoàn thành", "Tasks not done"),
        "overdue_count": S("Số nhiệm vụ quá hạn", "Overdue tasks"),
        "overdue_phrase": S(
            "“, trong đó 2 nhiệm vụ quá hạn cần tập trung hoàn thành ngay” hoặc trống nếu không có",
            "Overdue phrase or empty",
        ),
        "tasks": LO("Các nhiệm vụ chưa hoàn thành", "Tasks not done", _NEXT_TASK),
        "overdue": LO("Các nhiệm vụ quá hạn", "Overdue tasks", _NEXT_TASK),
        "by_agency": LO(
            "Theo cơ quan chủ trì",
            "By lead agency",
            {
                "name": S("Tên cơ quan", "Agency"),
                "text": S(
                    "Số nhiệm vụ và số thứ tự (3 nhiệm vụ (III.1, III.2, III.4))",
                    "Count and numbers",
                ),
            },
        ),
    },
)
_PERIOD = O(
    "Kỳ báo cáo",
    "Reporting period",
    {
        "id": S("H1 hoặc annual", "H1 or annual"),
        "year": S("Năm", "Year"),
        "label": S("6 tháng đầu năm 2026 / năm 2026", "Period label"),
        "label_upper": S("Như label, chữ in hoa", "Label in capitals"),
        "name": S("6 tháng / năm", "Short name"),
        "cutoff": S("Số liệu tính đến ngày (dd/mm/yyyy)", "Cut-off date of the figures"),
    },
)
_TO = O(
    "Kính gửi",
    "Addressees",
    {
        "single": B("Chỉ một nơi nhận (viết cùng dòng với “Kính gửi:”)", "Only one addressee"),
        "lines": LS(
            "Các dòng sau “Kính gửi:”, đã có gạch đầu dòng và dấu “;”/“.”",
            "Lines after “Kính gửi:”, punctuated",
        ),
    },
)
_APPENDIX = O(
    "Phụ lục",
    "Appendix",
    {
        "title": S("Tên phụ lục, chữ in hoa", "Appendix title in capitals"),
        "reference": S("Dòng “(Kèm theo Báo cáo số … ngày … của …)”", "“Attached to …” line"),
    },
)

COMMON_SPEC: dict[str, Var] = {
    "sample": B("Dữ liệu là DỮ LIỆU MẪU (sân chơi ttdn demo)", "The data is sample data"),
    "sample_mark": S(
        "Dòng cảnh báo DỮ LIỆU MẪU; trống nếu là dữ liệu thật",
        "SAMPLE DATA warning; empty for real data",
    ),
    "issuer": O(
        "Cơ quan ban hành văn bản",
        "Issuing agency",
        {
            "parent": S(
                "Cơ quan chủ quản, chữ in hoa (UBND THÀNH PHỐ HÀ NỘI); có thể trống",
                "Parent body in capitals; may be empty",
            ),
            "name": S("Tên cơ quan, chữ in hoa (SỞ DU LỊCH)", "Name in capitals"),
            "name_plain": S("Tên cơ quan (Sở Du lịch)", "Name"),
            "short_name": S("Tên ngắn", "Short name"),
            "abbreviation": S(
                "Chữ viết tắt trong ký hiệu văn bản (SDL); “…” nếu chưa rõ",
                "Abbreviation used in document symbols; “…” if unknown",
            ),
            "rule": S(
                "Đường kẻ ngắn dưới tên cơ quan (dấu gạch dưới, dài 1/3–1/2 tên)",
                "Short rule under the name (underscores)",
            ),
        },
    ),
    "doc": O(
        "Số, ký hiệu, ngày tháng văn bản (để trống “…” nếu không dùng --number, --date)",
        "Number, symbol and date (blank “…” unless given)",
        {
            "number": S("Số văn bản hoặc “…”", "Number or “…”"),
            "symbol": S("Ký hiệu (BC-SDL; công văn: SVHTT-…)", "Symbol"),
            "number_line": S("Dòng “Số: …/BC-SDL”", "The “Số:” line"),
            "number_ref": S("Số và ký hiệu không có chữ “Số:” (…/BC-SDL)", "Number and symbol"),
            "date_text": S("ngày … tháng … năm 2026", "Date in words"),
            "place_date": S("Hà Nội, ngày … tháng … năm 2026", "Place and date line"),
            "year": S("Năm ban hành", "Year of issue"),
        },
    ),
    "signer": O(
        "Người ký",
        "Signatory",
        {
            "lines": LS(
                "Quyền hạn, chức vụ, chữ in hoa (GIÁM ĐỐC; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)",
                "Authority and title lines in capitals",
            ),
            "name": S(
                "Họ và tên (--signer); trống nếu không cho", "Name (--signer); empty if not given"
            ),
        },
    ),
    "plan": O(
        "Kế hoạch",
        "The plan",
        {
            "title": S("Tên kế hoạch", "Plan title"),
            "year": S("Năm kế hoạch", "Plan year"),
            "number": S("Số, ký hiệu kế hoạch; “…/KH-UBND” nếu chưa có", "Plan number"),
            "date": S("“ngày dd/mm/yyyy” hoặc “ngày …”", "Plan date"),
            "issuer": S("Cơ quan ban hành kế hoạch (UBND Thành phố)", "Plan issuer"),
            "reference": S(
                "Câu viện dẫn: Kế hoạch số …/KH-UBND ngày … của UBND Thành phố về …",
                "Full citation of the plan",
            ),
        },
    ),
    "as_of": S("Ngày tính số liệu (--as-of, mặc định hôm nay)", "The day looked at"),
}

CONTEXT_SPEC: dict[str, dict[str, Var]] = {
    "agency": {
        **COMMON_SPEC,
        "period": _PERIOD,
        "agency": O(
            "Cơ quan báo cáo",
            "Reporting agency",
            {
                "slug": S("Mã cơ quan", "Agency id"),
                "name": S("Tên cơ quan", "Name"),
                "short_name": S("Tên ngắn", "Short name"),
            },
        ),
        "to": _TO,
        "has_progress": B(
            "Cơ quan đã ghi ít nhất một lần cập nhật tiến độ đến ngày tính số liệu",
            "The agency recorded any progress up to the cut-off",
        ),
        "totals": O("Tổng hợp nhiệm vụ chủ trì", "Totals of the tasks led", _TOTALS),
        "indicators": _INDICATOR,
        "tasks": LO("Các nhiệm vụ cơ quan chủ trì, theo thứ tự phụ lục", "Tasks led", _TASK),
        "coordinated": LO(
            "Các nhiệm vụ cơ quan tham gia phối hợp có ghi kết quả",
            "Tasks coordinated with recorded results",
            _TASK,
        ),
        "assessment": _ASSESSMENT,
        "next": _NEXT,
        "appendix": _APPENDIX,
    },
    "city": {
        **COMMON_SPEC,
        "period": _PERIOD,
        "to": _TO,
        "has_progress": B(
            "Có ít nhất một lần cập nhật tiến độ đến ngày tính số liệu",
            "Any progress recorded up to the cut-off",
        ),
        "totals": O(
            "Tổng hợp toàn Thành phố",
            "City totals",
            {**_TOTALS, "agencies": S("Số cơ quan chủ trì", "Number of lead agencies")},
        ),
        "indicators": _INDICATOR,
        "tasks": LO("Mọi nhiệm vụ của phụ lục", "Every task", _TASK),
        "groups": LO(
            "Nhiệm vụ theo cơ quan chủ trì",
            "Tasks grouped by lead agency",
            {
                "number": S("Số thứ tự nhóm (1, 2…)", "Group number"),
                "slug": S("Mã cơ quan", "Agency id"),
                "name": S("Tên cơ quan chủ trì", "Lead agency"),
                "count": S("Số nhiệm vụ", "Number of tasks"),
                "breakdown": S("Số nhiệm vụ theo trạng thái, thành câu", "Counts by status"),
                "tasks": LO("Các nhiệm vụ", "Tasks", _TASK),
                "reported": LO(
                    "Các nhiệm vụ đã có cập nhật (của cơ quan chủ trì hoặc phối hợp)",
                    "Tasks with any recorded progress",
                    _TASK,
                ),
                "unrecorded_refs": S(
                    "Số thứ tự các nhiệm vụ chưa ghi nhận tiến độ (I.4, I.5); trống nếu không có",
                    "Numbers of tasks with no progress",
                ),
            },
        ),
        "reports": O(
            "Tình hình gửi báo cáo kỳ này của các cơ quan phải báo cáo",
            "Report submissions of the agencies that must report",
            {
                "summary": S("Câu tổng hợp", "Summary sentence"),
                "expected": S("Số cơ quan phải báo cáo", "Agencies that must report"),
                "received": S("Số báo cáo đã nhận", "Reports received"),
                "missing": S("Số báo cáo quá hạn chưa gửi", "Reports missing"),
                "agencies": LO(
                    "Từng cơ quan",
                    "Per agency",
                    {
                        "agency": S("Tên cơ quan", "Agency"),
                        "state": S("submitted, submitted_late, missing, pending", "State"),
                        "text": S(
                            "Tình trạng (đã gửi ngày …; chưa gửi, quá hạn 12 ngày…)",
                            "State in words",
                        ),
                        "line": S(
                            "“Cơ quan: tình trạng;” đã có dấu cuối dòng",
                            "Agency and state, punctuated",
                        ),
                    },
                ),
            },
        ),
        "assessment": _ASSESSMENT,
        "next": _NEXT,
        "appendix": _APPENDIX,
    },
    "reminder": {
        **COMMON_SPEC,
        "recipient": O(
            "Cơ quan được đôn đốc",
            "Agency reminded",
            {
                "slug": S("Mã cơ quan", "Agency id"),
                "name": S("Tên cơ quan", "Name"),
                "short_name": S("Tên ngắn", "Short name"),
            },
        ),
        "to": _TO,
        "tasks": LO(
            "Nhiệm vụ quá hạn (mỗi kỳ bị lỡ của nhiệm vụ định kỳ là một mục)",
            "Overdue tasks (one item per missed occurrence)",
            {
                **_TASK,
                "days": S("Số ngày quá hạn", "Days overdue"),
                "note": S("hạn …, quá hạn … ngày", "Due-date note"),
                "end": S("Dấu cuối dòng: “;” hoặc “.”", "“;” or “.”"),
            },
        ),
        "reports": LO(
            "Báo cáo quá hạn chưa gửi",
            "Missing reports",
            {
                "name": S("Tên báo cáo (Báo cáo 6 tháng năm 2026)", "Report name"),
                "period": S("H1 hoặc annual", "Period id"),
                "due": S("Hạn gửi: trước ngày (dd/mm/yyyy)", "Due before"),
                "days": S("Số ngày quá hạn", "Days late"),
                "note": S("hạn gửi trước ngày …, quá hạn … ngày", "Due-date note"),
                "end": S("Dấu cuối dòng: “;” hoặc “.”", "“;” or “.”"),
            },
        ),
        "has_items": B("Có việc quá hạn hoặc báo cáo chưa gửi", "Anything overdue"),
    },
}


def spec_matches(value: Any, var: Var, path: str = "") -> list[str]:
    """Where ``value`` does not have the shape ``var`` documents (used by the tests)."""
    errs: list[str] = []
    t = var.type
    if t == "str" and not isinstance(value, str):
        errs.append(f"{path}: expected str")
    elif t == "bool" and not isinstance(value, bool):
        errs.append(f"{path}: expected bool")
    elif t == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errs.append(f"{path}: expected list[str]")
    elif t in ("obj", "list[obj]"):
        items = value if t == "list[obj]" else [value]
        if not isinstance(items, list):
            return [f"{path}: expected list"]
        for i, item in enumerate(items):
            p = f"{path}[{i}]" if t == "list[obj]" else path
            if not isinstance(item, dict):
                errs.append(f"{p}: expected dict")
                continue
            assert var.fields is not None
            if set(item) != set(var.fields):
                errs.append(f"{p}: keys {sorted(set(item) ^ set(var.fields))} differ")
            for k, sub in var.fields.items():
                if k in item:
                    errs += spec_matches(item[k], sub, f"{p}.{k}")
    return errs
