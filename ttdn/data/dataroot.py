"""Where the data root is, found without loading anything (shell completion uses it too)."""

from __future__ import annotations

import os
from pathlib import Path

from ttdn.i18n import _

DATA_ENV = "TTDN_DATA"


class DataRootError(Exception):
    """The data root cannot be found or read (a usage problem, exit code 2)."""


def find_data_root(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path:
    """The data root: ``explicit``, else ``$TTDN_DATA``, else ``./data`` found walking up.

    Walking up from the current directory works like git looking for ``.git``: any
    directory below a checkout finds the checkout's ``data/``.
    """
    chosen = explicit or os.environ.get(DATA_ENV)
    if chosen:
        root = Path(chosen).expanduser()
        if not root.is_dir():
            raise DataRootError(_("không tìm thấy thư mục dữ liệu “{path}”", path=chosen))
        return root.resolve()
    found = search_up((start or Path.cwd()).resolve())
    if found is not None:
        return found
    raise DataRootError(
        _(
            "không tìm thấy thư mục dữ liệu “data/” ở thư mục hiện tại hay các thư mục cha; "
            "dùng --data THƯ_MỤC hoặc biến môi trường TTDN_DATA"
        )
    )


def search_up(start: Path) -> Path | None:
    """The nearest data root at or above ``start``: a ``data/`` folder holding ``plans/`` or
    ``agencies/``, or ``start``'s own ancestor named ``data`` that holds them. Like git
    looking for ``.git``: any folder inside a checkout finds the checkout's data."""
    for d in (start, *start.parents):
        cand = d / "data"
        if cand.is_dir() and _holds_data(cand):
            return cand
        if d.name == "data" and _holds_data(d):
            return d
    return None


def _holds_data(d: Path) -> bool:
    return (d / "plans").is_dir() or (d / "agencies").is_dir()


def data_rels(root: Path) -> list[str]:
    """The paths relative to ``root`` (with ``/``) of :func:`iter_data_files`, in its order.

    Strings all the way: at city scale, pathlib objects for a thousand files cost more than
    reading them."""
    top = os.fspath(root)
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                out.append(prefix + name)
    return out
