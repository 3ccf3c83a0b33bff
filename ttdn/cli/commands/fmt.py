"""``ttdn fmt``: rewrite data files in the canonical layout (data and comments kept)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    DataOpt,
    app,
    fail,
)
from ttdn.i18n import _


@app.command("fmt")
def fmt_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Tệp hoặc thư mục (mặc định: thư mục dữ liệu).", show_default=False),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Không sửa gì: liệt kê các tệp cần định dạng lại, mã 1 nếu có."
        ),
    ] = False,
    rewrap: Annotated[
        bool,
        typer.Option(
            "--rewrap",
            help="Ngắt dòng lại toàn bộ các đoạn văn dài (mặc định: giữ chỗ ngắt dòng đang có).",
        ),
    ] = False,
    data: DataOpt = None,
) -> None:
    """Viết lại tệp dữ liệu theo một cách trình bày chuẩn (giữ nguyên dữ liệu và chú thích)."""
    from ttdn.data.loader import DataRootError, find_data_root
    from ttdn.edit.fmt import expand, format_file
    from ttdn.outputs.problems import problem_line

    if not paths:
        try:
            paths = [find_data_root(data)]
        except DataRootError as exc:
            raise fail(str(exc)) from None
    try:
        files = expand(paths)
    except FileNotFoundError as exc:
        raise fail(_("không có tệp hay thư mục “{path}”", path=exc)) from None
    from ttdn.data.fsutil import LockBusy
    from ttdn.outputs.problems import words

    changed, broken = [], []
    for path in files:
        try:
            res = format_file(path, check=check, rewrap=rewrap)
        except LockBusy as exc:
            raise fail(words(exc.message), EXIT_PROBLEMS) from None
        shown = os.path.relpath(path)
        if res.problems:
            broken.append(path)
            for p in res.problems:
                print(f"{shown}{problem_line(p)[len(p.file) :]}", file=sys.stderr)
        elif res.changed:
            changed.append(path)
            print(shown)
    n = len(files)
    if broken:
        print(
            _(
                "ttdn: không định dạng được {n} tệp có lỗi (xem ở trên); các tệp đó giữ nguyên.",
                n=len(broken),
            ),
            file=sys.stderr,
        )
    if check:
        if changed:
            print(
                _(
                    "{changed}/{n} tệp chưa đúng cách trình bày chuẩn; chạy “ttdn fmt” để sửa.",
                    changed=len(changed),
                    n=n,
                ),
                file=sys.stderr,
            )
        elif not broken:
            if n == 1:
                print(_("Tệp đã đúng cách trình bày chuẩn."), file=sys.stderr)
            else:
                print(_("Cả {n} tệp đã đúng cách trình bày chuẩn.", n=n), file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS if changed or broken else EXIT_OK)
    print(_("Đã định dạng lại {changed}/{n} tệp.", changed=len(changed), n=n), file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS if broken else EXIT_OK)
