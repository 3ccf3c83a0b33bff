"""Domain words, the one home of how every output (terminal, Word, Excel) writes the domain:
a task's status in words, its lead and coordinators as printed, an agency's name, dates and
numbers the Vietnamese way, text made fit for a document.

Everything here is in the language of the run (:mod:`ttdn.i18n`); the domain below speaks
none.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from ttdn.domain.labels import REPORT_NAMES, STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.i18n import N_, _, get_lang, translate

if TYPE_CHECKING:
    from ttdn.domain.dataset import Dataset
    from ttdn.domain.model import Task
    from ttdn.domain.status import TaskStatus

__all__ = ["format_date"]

BLANK = "…"  # a value left for the signatory to fill in by hand (never invented)

# A task whose lead has recorded nothing, as a table cell and as a document's words.
UNRECORDED = N_("chưa ghi nhận")
UNRECORDED_LONG = N_("chưa ghi nhận tiến độ")

# --------------------------------------------------------------------------- text

_XML_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """NFC text safe inside a document: no control characters (tabs become spaces, ``\\n``
    stays a line break), no trailing spaces on lines."""
    s = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\t", " ")
    s = _XML_BAD.sub("", s)
    return "\n".join(line.rstrip() for line in s.split("\n")).strip()


def one_line(text: object) -> str:
    """:func:`clean` text on one line (runs of white space become one space)."""
    # the same as " ".join(clean(text).split()), in one pass: splitting on white space
    # already does what clean's line ends, tabs and stripping do (a hot path: every text
    # of 6,000 task pages)
    return " ".join(_XML_BAD.sub("", unicodedata.normalize("NFC", str(text))).split())


# --------------------------------------------------------------------------- numbers, dates


def number(n: int) -> str:
    """1200000 → "1.200.000" (Vietnamese thousands separator; "1,200,000" in English)."""
    return f"{n:,}" if get_lang() == "en" else f"{n:,}".replace(",", ".")


def date_words(d: dt.date | None, year: int) -> str:
    """ "ngày 05 tháng 01 năm 2026" (leading zero for days < 10 and months 1–2, NĐ 30/2020);
    "ngày … tháng … năm 2026" when there is no date (05/01/2026 and …/…/2026 in English)."""
    if d is None:
        return _("ngày {blank} tháng {blank} năm {year}", blank=BLANK, year=year)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return _("ngày {day} tháng {month} năm {year}", day=f"{d.day:02d}", month=month, year=d.year)


# --------------------------------------------------------------------------- agencies, tasks


def agency_name(ds: Dataset, slug: str) -> str:
    """The agency's full name as written in an output; ``slug`` if there is no such agency."""
    return one_line(ds.agency_name(slug))


def agency_short(ds: Dataset, slug: str) -> str:
    """The agency's short name as written in an output."""
    return one_line(ds.agency_short(slug))


def lead_text(ds: Dataset, task: Task) -> str:
    """The lead agency as the plan prints it, else its name."""
    return one_line(task.lead_as_printed) if task.lead_as_printed else agency_name(ds, task.lead)


def coordinators_text(ds: Dataset, task: Task) -> str:
    """The coordinating agencies as the plan prints them, else their names."""
    if task.coordinators_as_printed:
        return one_line(task.coordinators_as_printed)
    return ", ".join(one_line(n) for n in ds.coordinator_names(task))


def status_word(status: str) -> str:
    """A recorded status in words ("đang thực hiện"); an unknown code as it is."""
    return translate(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def task_status(ts: TaskStatus, *, unrecorded: str = UNRECORDED, rollup_mark: bool = False) -> str:
    """A task's status in words; ``unrecorded`` (a message id) when the lead has recorded
    nothing; with ``rollup_mark``, " *" after a status rolled up from agency plans."""
    return status_text(
        ts.status, ts.recorded, ts.rolled_up, unrecorded=unrecorded, rollup_mark=rollup_mark
    )


def status_text(
    status: str,
    recorded: bool,
    rolled_up: bool = False,
    *,
    unrecorded: str = UNRECORDED,
    rollup_mark: bool = False,
) -> str:
    """:func:`task_status` from its parts (a task of the JSON contract)."""
    label = status_word(status) if recorded else translate(unrecorded)
    if rollup_mark and rolled_up:
        label += " *"
    return label


# A task's warning (``TaskStatus.flag``) in words, for the flags that take no number.
FLAG_LABELS = {
    "ongoing": N_("thường xuyên"),
    "open": N_("không ấn định ngày"),
    "done": N_("đã xong"),
    "cancelled": N_("đã huỷ"),
    "upcoming": N_("chưa đến hạn"),
    "unknown": N_("chưa rõ hạn"),
}


def flag_words(
    flag: str, days_overdue: int = 0, missed: int = 0, days_left: int | None = None
) -> str:
    """A task's warning in words: "quá hạn 12 ngày", "quá hạn 2 kỳ" (``missed``
    occurrences of a recurring task), "còn 5 ngày", "chưa đến hạn"…"""
    if flag == "overdue":
        if missed:
            return _("quá hạn {n} kỳ", n=missed)
        return _("quá hạn {n} ngày", n=days_overdue)
    if flag == "due_soon":
        return _("còn {n} ngày", n=days_left)
    return translate(FLAG_LABELS[flag])


def report_state(
    period: str,
    state: str,
    due_before: dt.date,
    submitted: dt.date | None = None,
    number: str | None = None,
    days_late: int = 0,
) -> str:
    """One periodic report's state in a line: its name, its deadline and what is known."""
    label = _(
        "{report} (hạn: trước ngày {date}): ",
        report=report_name(period),
        date=format_date(due_before),
    )
    if state == "submitted":
        return (
            label
            + _("đã gửi ngày {date}", date=format_date(submitted))
            + (_(", số {number}", number=number) if number else "")
        )
    if state == "submitted_late":
        return label + _("gửi muộn {n} ngày, ngày {date}", n=days_late, date=format_date(submitted))
    if state == "missing":
        return label + _("chưa ghi nhận đã gửi — quá hạn {n} ngày", n=days_late)
    return label + _("chưa đến hạn")


def rollup_note(plans: list[str]) -> str | None:
    """The footnote explaining "*": which plans (ids) rolled-up statuses come from."""
    if not plans:
        return None
    return _(
        "* Trạng thái tổng hợp từ các nhiệm vụ thực hiện trong kế hoạch: {plans} "
        "(xong khi mọi việc thực hiện đã xong; quá hạn khi có việc quá hạn).",
        plans=", ".join(sorted(set(plans))),
    )


SAMPLE_BANNER = N_(
    "DỮ LIỆU MẪU — số liệu tiến độ dưới đây là mẫu để thử công cụ, không phải số liệu thật."
)


def report_name(period: str, name: str | None = None) -> str:
    """The name of a periodic report: ``name``, the plan's own wording (data), when ttdn
    speaks Vietnamese; the catalogue's name of the period otherwise."""
    if name and get_lang() == "vi":
        return name
    return translate(REPORT_NAMES[period]) if period in REPORT_NAMES else name or period
