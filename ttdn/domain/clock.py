"""Today in Hà Nội: the default of every ``--as-of`` and ``--date``. Its own small module so
that a command answered from the cache (``validate`` on unchanged data) imports no model."""

from __future__ import annotations

import datetime as dt

VN_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving in Viet Nam


def today() -> dt.date:
    """Today's date in Hà Nội."""
    return dt.datetime.now(VN_TZ).date()
