"""Calendar files (iCalendar, RFC 5545): every deadline of a plan as an all-day event.

One VEVENT per task due date, one per occurrence of a recurring task ("Hằng tháng": twelve),
and one per reporting deadline, on the **last day on time** (a report due "trước ngày 20/6"
is on 19/6). UIDs are built from the plan, the task and the date
(``ha-noi-2026-dl-02-20261231@ttdn``), so importing a newer export into Outlook or Google
Calendar updates the events instead of duplicating them. Each event has a reminder 7 days
before.

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets without splitting
a UTF-8 character, TEXT values escaped (``\\``, ``;``, ``,``, newlines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.schedule import Schedule, format_date, parse_timeline
from ttdn.domain.status import reporting_agencies
from ttdn.i18n import _
from ttdn.outputs.words import report_name
from ttdn.text import shorten

PRODID = "-//ttdn//Ke hoach thong tin doi ngoai Ha Noi//VI"
ALARM_DAYS = 7
SUMMARY_CONTENT_WIDTH = 70
ROMAN_QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}


@dataclass(frozen=True)
class Event:
    """One all-day event."""

    uid: str
    day: dt.date
    summary: str
    description: str


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """``line`` folded into lines of at most ``limit`` octets (RFC 5545 §3.1), joined by
    CRLF + space; a multi-byte UTF-8 character is never split."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    room = limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > room:
            out.append("".join(current))
            current, size, room = [], 0, limit - 1  # continuation lines start with a space
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n ".join(out)


def _coordinators(ds: Dataset, tr: TaskRef) -> str:
    t = tr.task
    return t.coordinators_as_printed or ", ".join(ds.coordinator_names(t)) or "—"


def _period_label(sched: Schedule, day: dt.date) -> str:
    if sched.period == "quarter":
        return _("quý {n}", n=ROMAN_QUARTERS.get(day.month, day.month))
    return _("tháng {n}", n=day.month)


def task_days(tr: TaskRef, year: int) -> tuple[Schedule, list[dt.date]]:
    """The due dates of a task: its explicit ``due``, each occurrence, or its one due date."""
    sched = parse_timeline(tr.task.timeline, year)
    if tr.task.due is not None:
        return sched, [tr.task.due]
    if sched.kind == "recurring":
        return sched, list(sched.occurrences)
    return sched, [sched.due] if sched.due else []


def task_events(ds: Dataset, pd: PlanData, tr: TaskRef, role_of: str | None = None) -> list[Event]:
    t = tr.task
    sched, days = task_days(tr, pd.year)
    lead = ds.agency_short(t.lead)
    out = []
    for day in days:
        recurring = t.due is None and sched.kind == "recurring"
        when = _(" (kỳ {period})", period=_period_label(sched, day)) if recurring else ""
        summary = _(
            "Hạn {ref}{when} — {lead}: {content}",
            ref=t.ref,
            when=when,
            lead=lead,
            content=shorten(t.content, SUMMARY_CONTENT_WIDTH),
        )
        lines = [
            t.content,
            "",
            _("Tiến độ thời gian: {timeline}", timeline=t.timeline),
            _("Hạn: {date} (ngày cuối cùng đúng hạn)", date=format_date(day)),
            _("Cơ quan phụ trách: {agency}", agency=t.lead_as_printed or ds.agency_name(t.lead)),
            _("Cơ quan phối hợp: {agencies}", agencies=_coordinators(ds, tr)),
        ]
        if role_of is not None:
            role = _("chủ trì") if t.lead == role_of else _("phối hợp")
            lines.append(
                _("Vai trò của {agency}: {role}", agency=ds.agency_name(role_of), role=role)
            )
        lines.append(
            _(
                "Kế hoạch: {title} — nhiệm vụ {ref} (mã {id})",
                title=pd.plan.title,
                ref=t.ref,
                id=t.id,
            )
        )
        out.append(Event(f"{pd.id}-{t.id}-{day:%Y%m%d}@ttdn", day, summary, "\n".join(lines)))
    return out


def report_events(ds: Dataset, pd: PlanData, agency: str | None = None) -> list[Event]:
    """The reporting deadlines: one per period (for ``agency``, or for all who must report)."""
    rep = pd.plan.reporting
    if rep is None:
        return []
    subjects = reporting_agencies(ds, pd)
    if agency is not None and agency not in subjects:
        return []
    recipient = ds.agency_name(rep.recipient)
    out = []
    for period in rep.periods:
        day = period.due_before - dt.timedelta(days=1)
        name = report_name(period.id, period.name)
        lines = [
            _(
                "{report}: gửi {recipient} trước ngày {before} (hạn cuối: {last}).",
                report=name,
                recipient=recipient,
                before=format_date(period.due_before),
                last=format_date(day),
            ),
        ]
        if rep.source:
            lines += ["", rep.source]
        if agency is not None:
            uid = f"{pd.id}-report-{period.id}-{agency}-{day:%Y%m%d}@ttdn"
            summary = _(
                "Hạn gửi {report} — {agency}", report=name.lower(), agency=ds.agency_short(agency)
            )
        else:
            uid = f"{pd.id}-report-{period.id}-{day:%Y%m%d}@ttdn"
            summary = _("Hạn gửi {report} — các cơ quan phải báo cáo", report=name.lower())
            lines += ["", _("Các cơ quan phải báo cáo:")]
            lines += [f"- {ds.agency_name(s)}" for s in subjects]
        lines.append(_("Kế hoạch: {title}", title=pd.plan.title))
        out.append(Event(uid, day, summary, "\n".join(lines)))
    return out


def plan_events(ds: Dataset, pd: PlanData, agency: str | None = None) -> list[Event]:
    """Every deadline of ``pd`` (only ``agency``'s tasks and reports when given), by date."""
    events: list[Event] = []
    for tr in pd.tasks.values():
        t = tr.task
        if agency is not None and t.lead != agency and agency not in t.coordinators:
            continue
        events += task_events(ds, pd, tr, agency)
    events += report_events(ds, pd, agency)
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def calendar_name(ds: Dataset, pd: PlanData, agency: str | None = None) -> str:
    name = _("TTĐN {year}", year=pd.year)
    name += f" — {ds.agency_short(agency)}" if agency else f" — {pd.plan.title}"
    if pd.plan.sample:
        name = _("DỮ LIỆU MẪU — {name}", name=name)
    return name


def render(events: list[Event], name: str, now: dt.datetime) -> str:
    """The iCalendar text (CRLF line ends, folded lines)."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(e.summary)}",
            f"DESCRIPTION:{escape_text(e.description)}",
            "TRANSP:TRANSPARENT",
            "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(e.summary)}",
            f"TRIGGER:-P{ALARM_DAYS}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def export_calendar(
    ds: Dataset, pd: PlanData, agency: str | None = None, now: dt.datetime | None = None
) -> tuple[str, int]:
    """(iCalendar text, number of events) for ``pd`` (and ``agency``)."""
    events = plan_events(ds, pd, agency)
    now = now or dt.datetime.now(dt.UTC)
    return render(events, calendar_name(ds, pd, agency), now), len(events)
