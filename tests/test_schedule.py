"""Timeline text → due dates, with the boundaries (last day on time, first day late)."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn.domain.schedule import parse_timeline

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("Tháng 1", "date", D(2026, 1, 31)),
        ("Tháng 2", "date", D(2026, 2, 28)),
        ("tháng 12", "date", D(2026, 12, 31)),
        ("Tháng 01", "date", D(2026, 1, 31)),
        ("Tháng 2/2028", "date", D(2028, 2, 29)),  # leap year
        ("Tháng 3-4", "date", D(2026, 4, 30)),
        ("Tháng 3 - 4", "date", D(2026, 4, 30)),
        ("Quý I", "date", D(2026, 3, 31)),
        ("Quý II", "date", D(2026, 6, 30)),
        ("Quý III", "date", D(2026, 9, 30)),
        ("Quý IV", "date", D(2026, 12, 31)),
        ("Quý 1", "date", D(2026, 3, 31)),
        ("quý 4", "date", D(2026, 12, 31)),
        ("Quý II-III", "date", D(2026, 9, 30)),
        ("Quý II, III", "date", D(2026, 9, 30)),
        ("6 tháng đầu năm", "date", D(2026, 6, 30)),
        ("6 tháng cuối năm", "date", D(2026, 12, 31)),
        ("Năm 2026", "date", D(2026, 12, 31)),
        ("Cả năm", "ongoing", D(2026, 12, 31)),
        ("Thường xuyên", "ongoing", D(2026, 12, 31)),
        ("Hằng tháng", "recurring", D(2026, 12, 31)),
        ("Hằng quý", "recurring", D(2026, 12, 31)),
        ("Ngày 15/3", "date", D(2026, 3, 15)),
        ("Ngày 15/03/2026", "date", D(2026, 3, 15)),
        ("Trước ngày 20/6", "date", D(2026, 6, 19)),
        ("Trước ngày 01/3/2028", "date", D(2028, 2, 29)),  # leap year: the day before 1/3
        ("Trước ngày 1/3", "date", D(2026, 2, 28)),
        ("Theo kế hoạch", "open", None),
        ("Theo chỉ đạo", "open", None),
        ("  THÁNG   1 ", "date", D(2026, 1, 31)),
    ],
)
def test_forms(text, kind, due):
    s = parse_timeline(text, 2026)
    assert (s.kind, s.due) == (kind, due)


@pytest.mark.parametrize(
    "text", ["Tháng 1", "Quý II", "Hằng quý", "Trước ngày 20/6", "Thường xuyên"]
)
def test_nfd_is_read_like_nfc(text):
    assert parse_timeline(unicodedata.normalize("NFD", text), 2026) == parse_timeline(text, 2026)


def test_recurring_occurrences():
    monthly = parse_timeline("Hằng tháng", 2026)
    assert len(monthly.occurrences) == 12 and monthly.occurrences[1] == D(2026, 2, 28)
    quarterly = parse_timeline("Hằng quý", 2024)
    assert quarterly.occurrences == (
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Sớm",
        "Tháng 13",
        "Quý V",
        "Ngày 30/2",
        "Tháng 4-3",
        "Quý III-II",
        "Năm 99999",
        "Tháng 0",
    ],
)
def test_unreadable_is_unknown(text):
    assert parse_timeline(text, 2026).kind == "unknown"


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_never_raises_on_any_text(text):
    s = parse_timeline(text, 2026)
    assert s.kind in {"date", "ongoing", "recurring", "open", "unknown"}


@given(
    st.from_regex(r"(?i)(tháng|quý|ngày|trước ngày|năm) ?[0-9ivx/ ,-]{0,12}", fullmatch=True),
    st.integers(min_value=1, max_value=9999),
)
def test_never_raises_on_timeline_like_text(text, year):
    parse_timeline(text, year)
