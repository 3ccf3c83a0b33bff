"""``ttdn demo``: a playground folder, the real plan with SAMPLE progress, in a git repository."""

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


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Thư mục mới để tạo sân chơi.")],
    data: DataOpt = None,
) -> None:
    """Tạo một thư mục thử nghiệm: kế hoạch thật + tiến độ MẪU, trong một kho git."""
    from ttdn.data.loader import DataRootError, find_data_root, shipped_data_root
    from ttdn.edit.demo import DemoError, make_demo

    try:
        source = find_data_root(data)
    except DataRootError as exc:
        source = shipped_data_root() if data is None else None
        if source is None:
            raise fail(str(exc)) from None
    try:
        make_demo(source, directory)
    except DemoError as exc:
        raise fail(str(exc)) from None
    print(_("Đã tạo sân chơi tại {folder} (tiến độ trong đó là DỮ LIỆU MẪU).", folder=directory))
    print(_("Thử: cd {folder} && ttdn status --agency so-du-lich", folder=directory))
