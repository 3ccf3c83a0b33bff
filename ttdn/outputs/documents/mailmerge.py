"""The mail-merge list written with ``ttdn report reminder --all``: one row per letter."""

from __future__ import annotations

import csv
import io

from ttdn.i18n import _

COLUMNS = ("agency", "name", "email", "file", "outstanding")


def reminder_list(rows: list[dict[str, str]]) -> bytes:
    """A CSV (UTF-8 with a byte-order mark, so that Excel and Word read the Vietnamese
    right) of ``rows``: agency id, name, e-mail when registered, the letter's file name and
    what is outstanding, under Vietnamese column names."""
    heads = {
        "agency": _("Mã cơ quan"),
        "name": _("Tên cơ quan"),
        "email": _("Thư điện tử"),
        "file": _("Tệp công văn"),
        "outstanding": _("Việc quá hạn"),
    }
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([heads[c] for c in COLUMNS])
    for row in rows:
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
