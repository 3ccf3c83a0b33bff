"""``ttdn textconv``: a data file as readable text, for ``git diff`` (hidden)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    app,
    read_input,
)


@app.command("textconv", hidden=True)
def textconv(file: Annotated[Path, typer.Argument(help="Tệp dữ liệu (git truyền vào).")]) -> None:
    """Văn bản dễ đọc của một tệp dữ liệu, cho git diff (diff.ttdn.textconv)."""
    raw = read_input(file)
    try:
        from ttdn.data.loader import DataRootError, find_data_root
        from ttdn.outputs.diff.textconv import agency_names, readable

        try:
            names = agency_names(find_data_root(None))
        except DataRootError:
            names = {}
        out = readable(raw, names).encode("utf-8")
    except Exception:  # never break git diff: show the file as it is
        out = raw
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(out)
        buffer.flush()
    else:  # stdout replaced by a text stream (tests)
        sys.stdout.write(out.decode("utf-8", "replace"))
