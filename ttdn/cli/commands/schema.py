"""``ttdn schema``: a JSON Schema for each kind of data file (for editors)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    app,
    fail,
)
from ttdn.i18n import _


@app.command("schema")
def schema_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Thư mục ghi (mặc định: schemas/ cạnh thư mục dữ liệu, ở gốc kho).",
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Ghi JSON Schema cho từng loại tệp dữ liệu (để VS Code gợi ý và kiểm tra khi soạn)."""
    from ttdn.outputs.jsonschema import SCHEMA_DIR, write_schemas

    if out is None:
        from ttdn.data.loader import DataRootError, find_data_root

        try:
            out = find_data_root(data).parent / SCHEMA_DIR
        except DataRootError as exc:
            raise fail(_("{error}; hoặc chỉ thư mục ghi bằng --out", error=exc)) from None
    for path in write_schemas(out):
        print(_("Đã ghi {path}", path=path))
