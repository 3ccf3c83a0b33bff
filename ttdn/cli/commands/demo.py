"""``ttdn demo``: a playground folder, the real plan with SAMPLE progress, in a git repository."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    app,
    fail,
    source_root,
)
from ttdn.i18n import _


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Thư mục mới để tạo sân chơi.")],
    data: DataOpt = None,
) -> None:
    """Tạo một thư mục thử nghiệm: kế hoạch thật + tiến độ MẪU, trong một kho git."""
    from ttdn.edit.demo import DemoError, make_demo

    source = source_root(data)
    try:
        make_demo(source, directory)
    except DemoError as exc:
        raise fail(str(exc)) from None
    print(_("Đã tạo sân chơi tại {folder} (tiến độ trong đó là DỮ LIỆU MẪU).", folder=directory))
    print(
        _(
            "Thử: cd {folder} && {ttdn} status --agency so-du-lich",
            folder=_shell_arg(directory.absolute()),
            ttdn=_ttdn_command(),
        )
    )


def _shell_arg(path: Path) -> str:
    text = path.as_posix() if os.name == "nt" else str(path)
    return f'"{text}"' if any(c in text for c in " '&;()$`") else text


def _ttdn_command() -> str:
    """How to run this ttdn in the user's shell, from any folder: ``ttdn`` when that is the
    one on the PATH (the environment is active), else the ttdn program of this interpreter's
    environment, by its absolute path, else ``<python> -m ttdn``."""
    here = Path(sys.executable).absolute().parent
    on_path = shutil.which("ttdn")
    if on_path and Path(on_path).absolute().parent == here:
        return "ttdn"
    for name in ("ttdn", "ttdn.exe"):
        if (here / name).is_file():
            return _shell_arg(here / name)
    return f"{_shell_arg(Path(sys.executable).absolute())} -m ttdn"
