"""Calendar files (iCalendar, RFC 5545): every deadline of a plan as an all-day event.

One VEVENT per task due date, one per occurrence of a recurring task ("Hằng tháng": twelve),
and one per reporting deadline, on the **last day on time** (a report due "trước ngày 20/6"
is on 19/6). UIDs are built from the plan and the task (or report) only —
``ha-noi-2026-dl-02@ttdn``, ``ha-noi-2026-dl-05-3@ttdn`` for a recurring task's third
occurrence, ``ha-noi-2026-report-H1-so-du-lich@ttdn`` — so when a deadline moves, importing
the newer export into Outlook or Google Calendar moves the event instead of leaving the old
one behind. Writing over an earlier export, each event whose content changed gets a higher
``SEQUENCE`` (RFC 5545 §3.8.7.4: how calendars tell a revision from a stale copy); the earlier
file is the only state, read back through the ``X-TTDN-DIGEST`` property of each event.
An event has a reminder 7 days before, unless there is nothing left to do: a task done or
cancelled, a report submitted (for every agency that must send it).

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets without splitting
a UTF-8 character, TEXT values escaped (``\\``, ``;``, ``,``, newlines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.schedule import Schedule, format_date, parse_timeline
from ttdn.domain.status import plan_status, report_status, reporting_agencies
from ttdn.i18n import _
from ttdn.outputs.words import report_name
from ttdn.text import shorten

PRODID = "-//ttdn//Ke hoach thong tin doi ngoai Ha Noi//VI"
ALARM_DAYS = 7
SUMMARY_CONTENT_WIDTH = 70
ROMAN_QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}
MAX_PREVIOUS = 20 * 1024 * 1024  # an earlier export larger than this is not read back


@dataclass(frozen=True)
class Event:
    """One all-day event."""

    uid: str
    day: dt.date
    summary: str
    description: str
    alarm: bool = True  # False when nothing is left to do (done, cancelled, submitted)

    def digest(self) -> str:
        """A fingerprint of what a calendar shows of the event (its date, texts, alarm)."""
        text = "\x1f".join((self.day.isoformat(), self.summary, self.description, str(self.alarm)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


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


def task_events(
    ds: Dataset, pd: PlanData, tr: TaskRef, role_of: str | None = None, closed: bool = False
) -> list[Event]:
    """The events of one task; ``closed`` (done or cancelled) drops their reminders."""
    t = tr.task
    sched, days = task_days(tr, pd.year)
    lead = ds.agency_short(t.lead)
    recurring = t.due is None and sched.kind == "recurring"
    out = []
    for n, day in enumerate(days, start=1):
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
        uid = f"{pd.id}-{t.id}-{n}@ttdn" if recurring else f"{pd.id}-{t.id}@ttdn"
        out.append(Event(uid, day, summary, "\n".join(lines), alarm=not closed))
    return out


def report_events(
    ds: Dataset, pd: PlanData, agency: str | None = None, as_of: dt.date | None = None
) -> list[Event]:
    """The reporting deadlines: one per period (for ``agency``, or for all who must report).

    A period's reminder is dropped once its report is submitted (by ``agency``, or by every
    agency that must report), as of ``as_of``."""
    rep = pd.plan.reporting
    if rep is None:
        return []
    subjects = reporting_agencies(ds, pd)
    if agency is not None and agency not in subjects:
        return []
    pending: set[str] = set()
    if as_of is not None:
        chosen = [agency] if agency is not None else subjects
        for r in report_status(ds, pd, as_of, chosen):
            if r.state not in ("submitted", "submitted_late"):
                pending.add(r.period)
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
            uid = f"{pd.id}-report-{period.id}-{agency}@ttdn"
            summary = _(
                "Hạn gửi {report} — {agency}", report=name.lower(), agency=ds.agency_short(agency)
            )
        else:
            uid = f"{pd.id}-report-{period.id}@ttdn"
            summary = _("Hạn gửi {report} — các cơ quan phải báo cáo", report=name.lower())
            lines += ["", _("Các cơ quan phải báo cáo:")]
            lines += [f"- {ds.agency_name(s)}" for s in subjects]
        lines.append(_("Kế hoạch: {title}", title=pd.plan.title))
        alarm = as_of is None or period.id in pending
        out.append(Event(uid, day, summary, "\n".join(lines), alarm=alarm))
    return out


def plan_events(
    ds: Dataset, pd: PlanData, agency: str | None = None, as_of: dt.date | None = None
) -> list[Event]:
    """Every deadline of ``pd`` (only ``agency``'s tasks and reports when given), by date.
    With ``as_of``, tasks done or cancelled and reports submitted by then have no reminder."""
    closed: set[str] = set()
    if as_of is not None:
        closed = {
            ts.ref.task.id
            for ts in plan_status(pd, as_of, ds)
            if ts.status in ("done", "cancelled")
        }
    events: list[Event] = []
    for tr in pd.tasks.values():
        t = tr.task
        if agency is not None and t.lead != agency and agency not in t.coordinators:
            continue
        events += task_events(ds, pd, tr, agency, closed=t.id in closed)
    events += report_events(ds, pd, agency, as_of)
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def calendar_name(ds: Dataset, pd: PlanData, agency: str | None = None) -> str:
    name = _("TTĐN {year}", year=pd.year)
    name += f" — {ds.agency_short(agency)}" if agency else f" — {pd.plan.title}"
    if pd.plan.sample:
        name = _("DỮ LIỆU MẪU — {name}", name=name)
    return name


def previous_revisions(text: str) -> dict[str, tuple[int, str]]:
    """UID → (SEQUENCE, X-TTDN-DIGEST) of each event of an earlier export (``text``);
    events without both are left out (written by another tool, or by an older ttdn)."""
    out: dict[str, tuple[int, str]] = {}
    uid = seq = digest = None
    for line in text.replace("\r\n ", "").replace("\n ", "").splitlines():
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            uid = seq = digest = None
        elif name == "UID":
            uid = value
        elif name == "SEQUENCE" and value.isdigit():
            seq = int(value)
        elif name == "X-TTDN-DIGEST":
            digest = value
        elif line == "END:VEVENT" and uid is not None and seq is not None and digest:
            out[uid] = (seq, digest)
    return out


def read_previous(path: Path) -> dict[str, tuple[int, str]]:
    """:func:`previous_revisions` of the file at ``path``; nothing when there is no regular,
    readable file there (an export is written afresh)."""
    try:
        if not path.is_file():
            return {}
        with path.open("rb") as f:
            raw = f.read(MAX_PREVIOUS + 1)
    except OSError:
        return {}
    if len(raw) > MAX_PREVIOUS:
        return {}
    return previous_revisions(raw.decode("utf-8", errors="replace"))


def sequence(event: Event, previous: dict[str, tuple[int, str]]) -> int:
    """The event's SEQUENCE: as before when unchanged, one higher when changed, 0 when new."""
    old = previous.get(event.uid)
    if old is None:
        return 0
    seq, digest = old
    return seq if digest == event.digest() else seq + 1


def render(
    events: list[Event],
    name: str,
    now: dt.datetime,
    previous: dict[str, tuple[int, str]] | None = None,
) -> str:
    """The iCalendar text (CRLF line ends, folded lines); ``previous``: the revisions of an
    earlier export (:func:`previous_revisions`), so that changed events count up."""
    previous = previous or {}
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
            f"SEQUENCE:{sequence(e, previous)}",
            f"X-TTDN-DIGEST:{e.digest()}",
        ]
        if e.alarm:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(e.summary)}",
                f"TRIGGER:-P{ALARM_DAYS}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def export_calendar(
    ds: Dataset,
    pd: PlanData,
    agency: str | None = None,
    now: dt.datetime | None = None,
    as_of: dt.date | None = None,
    previous: Path | None = None,
) -> tuple[str, int]:
    """(iCalendar text, number of events) for ``pd`` (and ``agency``), reminders as of
    ``as_of``; ``previous``: the file this export replaces (see the module documentation)."""
    events = plan_events(ds, pd, agency, as_of)
    now = now or dt.datetime.now(dt.UTC)
    revisions = read_previous(previous) if previous is not None else {}
    return render(events, calendar_name(ds, pd, agency), now, revisions), len(events)
