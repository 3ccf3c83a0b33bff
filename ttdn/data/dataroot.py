"""Where the data root is, found without loading anything (shell completion uses it too)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ttdn.i18n import _

DATA_ENV = "TTDN_DATA"
MAX_FILE_BYTES = 20 * 1024 * 1024  # a data file larger than this is a problem, not read


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
        if _is_dir(cand) and _holds_data(cand):
            return cand
        if d.name == "data" and _holds_data(d):
            return d
    return None


def _is_dir(path: Path) -> bool:
    """``path.is_dir()``, False too when a folder on the way may not be looked into."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _holds_data(d: Path) -> bool:
    return _is_dir(d / "plans") or _is_dir(d / "agencies")


def data_rels(root: Path) -> list[str]:
    """The paths relative to ``root`` (with ``/``) of :func:`iter_data_files`, in its order.

    Strings all the way: at city scale, pathlib objects for a thousand files cost more than
    reading them. Walked with :func:`os.scandir`, following no link to a folder. Besides the
    YAML files, the list holds every entry that must become a problem rather than a silent
    skip, so that :func:`read_data_bytes` reports it: anything named ``*.yaml`` that is not
    a regular file (a folder, a FIFO, a link), a folder that cannot be listed, and a link to
    a folder outside the root. A root that cannot be listed is a :class:`DataRootError`.
    """
    top = os.fspath(root)
    out: list[str] = []
    real_top = os.path.realpath(top)

    def walk(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if not prefix:
                raise DataRootError(
                    _(
                        "không đọc được thư mục dữ liệu “{path}” ({reason})",
                        path=top,
                        reason=exc.strerror,
                    )
                ) from None
            out.append(prefix.rstrip("/"))  # read_data_bytes reports it as unreadable
            return
        folders = []
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.name.endswith((".yaml", ".yml")):
                out.append(prefix + e.name)
                continue
            try:
                if e.is_symlink():
                    if e.is_dir() and not _inside(os.path.realpath(e.path), real_top):
                        out.append(prefix + e.name)  # reported as link-outside
                    continue
                if e.is_dir(follow_symlinks=False):
                    folders.append(e)
            except OSError:
                continue
        for e in folders:
            walk(e.path, prefix + e.name + "/")

    walk(top, "")
    return out


def _inside(real: str, real_top: str) -> bool:
    try:
        return os.path.commonpath([real, real_top]) == real_top
    except ValueError:  # another drive (Windows)
        return False


class DataReadError(Exception):
    """A data file that must not or cannot be read: ``code`` is the problem code
    (``link-outside``, ``not-regular``, ``unreadable``), ``kind`` what was found (a
    ``folder``, ``special`` file, ``unlistable`` folder, ``error``) and ``reason`` the
    operating system's words for an error."""

    def __init__(self, code: str, kind: str, reason: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.kind = kind
        self.reason = reason


def read_data_bytes(root: Path, rel: str, limit: int, real_top: str | None = None) -> bytes:
    """The bytes of data file ``rel`` under ``root``, at most ``limit + 1`` of them (the
    caller reports a file longer than ``limit``).

    The data root is a boundary: a path whose links resolve outside it is not read, nor is
    anything but a regular file (a FIFO would block forever, a device never end), checked
    with :func:`os.stat` before opening and again on the open file. ``real_top`` is
    ``os.path.realpath(root)`` when the caller reads many files (computed here otherwise).
    Raises :class:`DataReadError`.
    """
    top = os.fspath(root)
    path = os.path.join(top, rel)
    if real_top is None:
        real_top = os.path.realpath(top)
    if not _inside(os.path.realpath(path), real_top):
        raise DataReadError("link-outside", "link")
    try:
        st = os.stat(path)
    except OSError as exc:
        raise DataReadError("unreadable", "error", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        if rel.endswith((".yaml", ".yml")):
            raise DataReadError("not-regular", "folder")
        try:
            os.scandir(path).close()
        except OSError as exc:
            raise DataReadError("unreadable", "unlistable", exc.strerror or str(exc)) from None
        raise DataReadError("not-regular", "folder")
    if not stat.S_ISREG(st.st_mode):
        raise DataReadError("not-regular", "special")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise DataReadError("unreadable", "error", exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
            raise DataReadError("not-regular", "special")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise DataReadError("unreadable", "error", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
