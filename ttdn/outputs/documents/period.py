"""Reporting periods: ``2026-H1`` (six months) and ``2026`` (the year)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ttdn.i18n import _


class ReportError(Exception):
    """A report cannot be made as asked (a usage problem, exit code 2)."""


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
