"""Timeline text of the appendix ("Tháng 1", "Quý I", "Năm 2026"…) → due dates.

:func:`parse_timeline` understands the forms used in Hà Nội's plans, whatever the case,
spacing or Unicode form (NFC/NFD) of the text, and never raises: text it cannot read gives a
:class:`Schedule` of kind ``"unknown"`` with the reason (a message, put into words at the
edge).

The due date is the **last day on time**: a task is overdue from the day after it.
"Trước ngày 20/6" therefore gives 19/6.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from ttdn.domain.messages import Message, msg

Kind = Literal["date", "ongoing", "recurring", "open", "unknown"]

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class Unreadable(ValueError):
    """A timeline that cannot be read, with the reason as a message."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.id)
        self.reason = reason


@dataclass(frozen=True)
class Schedule:
    """What a timeline means for one plan year.

    - ``date``: one due date (``due``), possibly with a window start (``start``);
    - ``ongoing``: carried out all year ("Thường xuyên", "Cả năm"), due at the end of the year;
    - ``recurring``: one due date per month or quarter (``occurrences``; ``due`` is the last);
    - ``open``: no fixed date ("Theo kế hoạch"): never overdue;
    - ``unknown``: not understood (``reason`` says why: a message id and its parameters).
    """

    kind: Kind
    due: dt.date | None = None
    start: dt.date | None = None
    occurrences: tuple[dt.date, ...] = field(default=())
    period: Literal["month", "quarter"] | None = None
    reason: Message | None = None

    @property
    def fixed(self) -> bool:
        """True when the schedule has a due date."""
        return self.due is not None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, quarter * 3)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # dashes of every kind
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;,").strip()
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text.replace("quí", "quý").replace("hàng ", "hằng ")


def _quarter(token: str) -> int | None:
    token = token.strip()
    if token in ROMAN:
        return ROMAN[token]
    if token.isdigit() and 1 <= int(token) <= 4:
        return int(token)
    return None


def _year(token: str | None, default: int) -> int:
    if token is None:
        return default
    y = int(token)
    if not 1900 <= y <= 2200:
        raise Unreadable(msg("năm {year} không hợp lệ", year=y))
    return y


_MONTH = re.compile(r"^tháng (\d{1,2})(?:-(\d{1,2}))?(?:/(\d{4}))?$")
_MONTH_YEAR_RANGE = re.compile(r"^tháng (\d{1,2})/(\d{4})-(\d{1,2})/(\d{4})$")
_QUARTER = re.compile(
    r"^quý ([ivx]+|\d)(?:(?:-|, ?| và | đến )(?:quý )?([ivx]+|\d))?(?:/(\d{4})| năm (\d{4}))?$"
)
_YEAR = re.compile(r"^năm (\d{4})$")
_DAY = re.compile(
    r"^(trước |đến |hạn |chậm nhất |trong )?(?:ngày )?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$"
)
_HALF = re.compile(r"^(?:trong )?6 tháng (đầu|cuối) năm(?: (\d{4}))?$")

_ONGOING = {"thường xuyên", "cả năm", "trong năm", "hằng năm"}
_OPEN = {"theo kế hoạch", "theo chỉ đạo", "khi có yêu cầu", "theo yêu cầu", "đột xuất"}


def parse_timeline(text: object, year: int) -> Schedule:
    """The schedule that ``text`` sets in plan year ``year``. Never raises."""
    return _parse_cached(str(text), year)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, year: int) -> Schedule:
    # A few dozen distinct timelines serve thousands of tasks; Schedule is immutable.
    try:
        return _parse(text, year)
    except Unreadable as exc:
        return Schedule("unknown", reason=exc.reason)
    except (ValueError, OverflowError, TypeError) as exc:
        # Python's own words ("day is out of range for month"): shown as they are
        return Schedule("unknown", reason=Message(str(exc)))


def _parse(text: str, year: int) -> Schedule:
    t = _norm(text)
    if not t:
        return Schedule("unknown", reason=msg("tiến độ để trống"))
    if t in _ONGOING:
        return Schedule("ongoing", due=dt.date(year, 12, 31), start=dt.date(year, 1, 1))
    if t in _OPEN:
        return Schedule("open")
    if t in ("hằng tháng", "mỗi tháng"):
        occ = tuple(month_end(year, m) for m in range(1, 13))
        return Schedule(
            "recurring", due=occ[-1], occurrences=occ, period="month", start=dt.date(year, 1, 1)
        )
    if t in ("hằng quý", "mỗi quý"):
        occ = tuple(quarter_end(year, q) for q in range(1, 5))
        return Schedule(
            "recurring", due=occ[-1], occurrences=occ, period="quarter", start=dt.date(year, 1, 1)
        )
    if m := _YEAR.match(t):
        y = _year(m.group(1), year)
        return Schedule("date", due=dt.date(y, 12, 31), start=dt.date(y, 1, 1))
    if m := _HALF.match(t):
        y = _year(m.group(2), year)
        if m.group(1) == "đầu":
            return Schedule("date", due=dt.date(y, 6, 30), start=dt.date(y, 1, 1))
        return Schedule("date", due=dt.date(y, 12, 31), start=dt.date(y, 7, 1))
    if m := _MONTH.match(t):
        first, last, y = int(m.group(1)), m.group(2), _year(m.group(3), year)
        end = int(last) if last else first
        if not (1 <= first <= 12 and 1 <= end <= 12) or end < first:
            raise Unreadable(msg("tháng không hợp lệ trong “{text}”", text=text.strip()))
        return Schedule("date", due=month_end(y, end), start=dt.date(y, first, 1))
    if m := _MONTH_YEAR_RANGE.match(t):
        m1, y1, m2, y2 = (
            int(m.group(1)),
            _year(m.group(2), year),
            int(m.group(3)),
            _year(m.group(4), year),
        )
        start, due = dt.date(y1, m1, 1), month_end(y2, m2)
        if due < start:
            raise Unreadable(msg("khoảng thời gian ngược trong “{text}”", text=text.strip()))
        return Schedule("date", due=due, start=start)
    if m := _QUARTER.match(t):
        q1 = _quarter(m.group(1))
        q2 = _quarter(m.group(2)) if m.group(2) else q1
        if q1 is None or q2 is None or q2 < q1:
            raise Unreadable(msg("quý không hợp lệ trong “{text}”", text=text.strip()))
        y = _year(m.group(3) or m.group(4), year)
        return Schedule("date", due=quarter_end(y, q2), start=dt.date(y, q1 * 3 - 2, 1))
    if m := _DAY.match(t):
        before = (m.group(1) or "").strip() == "trước"
        d = dt.date(_year(m.group(4), year), int(m.group(3)), int(m.group(2)))
        if before:
            d -= dt.timedelta(days=1)
        return Schedule("date", due=d)
    return Schedule("unknown", reason=msg("không đọc được tiến độ"))


def occurrence_start(schedule: Schedule, due: dt.date) -> dt.date:
    """First day of the month or quarter whose last day is ``due`` (recurring tasks)."""
    if schedule.period == "quarter":
        return dt.date(due.year, due.month - 2, 1)
    return dt.date(due.year, due.month, 1)


def format_date(d: dt.date | None) -> str:
    """dd/mm/yyyy, the Vietnamese way; "—" for no date."""
    return d.strftime("%d/%m/%Y") if d else "—"
