"""The 126 UBND phường/xã of Hà Nội as agency files, from the official list.

Source: the national statistics office's list of administrative units as packaged on PyPI
by ``vietnam-provinces`` (updated for the units in force from 1 July 2025; the version is
pinned in the ``test`` extra of pyproject.toml — a development dependency, not needed to
run ttdn). Each ward (phường) and commune (xã) of Hà Nội (province code 1) becomes
``agencies/<slug>.yaml``: ``kind: commune``, its administrative unit code (5 digits, as the
list writes it), the full name ("Ủy ban nhân dân phường Hoàn Kiếm") and the short name
("UBND phường Hoàn Kiếm") as officials write them. No abbreviation or English name is
invented.

The files are written by the library of ``ttdn agencies import``: checked first, canonical
layout, existing files updated in place (comments kept), nothing removed. Run from the
repository root::

    .venv/bin/pip install -e '.[test]'
    .venv/bin/python tools/communes.py --dry-run     # what would change
    .venv/bin/python tools/communes.py               # write data/agencies/

``tests/test_communes.py`` checks that the shipped files match the package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ttdn.edit.agencies_import import AgencyImportError, ImportResult, Row, import_rows
from ttdn.text import nfc, slugify

REPO = Path(__file__).resolve().parent.parent
HANOI = 1  # province code of Hà Nội in the official list
FULL = "Ủy ban nhân dân"  # official spelling (Ủ), as in the plan's own "Ủy ban nhân dân"
SHORT = "UBND"


def communes() -> list[dict[str, str]]:
    """Hà Nội's phường and xã from ``vietnam-provinces``, as agency fields, in list order."""
    from vietnam_provinces import Ward

    out = []
    for w in Ward.iter_all():
        if w.province_code != HANOI:
            continue
        division = w.division_type.value  # "phường" or "xã"
        word, _sep, place = nfc(w.name).partition(" ")  # "Phường Hoàn Kiếm"
        if word.lower() != division or not place:
            raise ValueError(f"unexpected name {w.name!r} for a {division}")
        out.append(
            {
                "slug": slugify(w.name),
                "name": f"{FULL} {division} {place}",
                "short_name": f"{SHORT} {division} {place}",
                "kind": "commune",
                "code": f"{w.code.value:05d}",
                # the symbol of a UBND phường/xã's documents: "BC-UBND" (NĐ 30)
                "abbreviation": SHORT,
            }
        )
    return out


def rows() -> list[Row]:
    """The communes as rows of ``ttdn agencies import``."""
    from importlib.metadata import version

    source = f"vietnam-provinces {version('vietnam-provinces')}"
    return [Row(source, i, values) for i, values in enumerate(communes(), start=1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=REPO / "data", help="data folder")
    parser.add_argument("--dry-run", action="store_true", help="only say what would change")
    args = parser.parse_args(argv)
    try:
        res: ImportResult = import_rows(args.data, rows(), dry_run=args.dry_run)
    except AgencyImportError as exc:
        print("\n".join(exc.lines), file=sys.stderr)
        return exc.code
    from ttdn.cli.commands.agencies import report_lines

    print("\n".join(report_lines(res, args.dry_run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
