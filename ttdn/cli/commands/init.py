"""``ttdn init``: a new data repository for production (real plan, agencies, groups; no
progress), in git, with hooks and CI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import DataOpt, app, fail, source_root
from ttdn.i18n import _


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Thư mục mới của kho dữ liệu.")],
    package: Annotated[
        str | None,
        typer.Option(
            "--package",
            help="Nơi GitLab CI cài ttdn (yêu cầu pip, ví dụ "
            "“ttdn @ git+https://…/ttdn.git@v0.1.0”); mặc định: ttdn đúng phiên bản này.",
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Tạo kho dữ liệu thật: kế hoạch, cơ quan, nhóm (không có tiến độ), git, pre-commit, CI."""
    from ttdn.edit.init import DEFAULT_PACKAGE, InitError, make_repository

    source = source_root(data)
    try:
        make_repository(source, directory, package or DEFAULT_PACKAGE)
    except InitError as exc:
        raise fail(str(exc)) from None
    print(_("Đã tạo kho dữ liệu tại {folder} (một commit đầu tiên).", folder=directory))
    print(_("Tiếp theo: cd {folder} && pre-commit install && ttdn status", folder=directory))
