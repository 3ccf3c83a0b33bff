"""Safe writes of data files: atomic (a file is either its old content or its new content,
never half) and one writer at a time per data root.

Every command that changes data files reads, modifies and writes them inside
:func:`data_lock`: an atomic rename alone does not stop two writers from each reading the
old file and the later rename dropping the other's entry (20 concurrent ``progress set``
used to keep 2–4 of 20 entries). The lock is a file ``.ttdn.lock`` in the data root, taken
with the ``filelock`` package (``fcntl`` on POSIX, ``msvcrt`` on Windows), so it is released
by the operating system when a writer is killed. Loading never reads it (only ``*.yaml``).

A temporary file lives next to its target (a rename is atomic only within one file system),
named ``.<name>.<random>.tmp``. A writer killed before its rename leaves one behind; the next
writer of the same file, holding the lock, removes it (:func:`atomic_write_bytes` with
``sweep=True``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ttdn.domain.messages import Message, msg

LOCK_NAME = ".ttdn.lock"
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up


class LockBusy(Exception):
    """Another writer held the data root's lock for longer than the timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(str(path))
        self.path = path
        self.seconds = seconds

    @property
    def message(self) -> Message:
        """What to tell the user (nothing was written)."""
        return msg(
            "một lệnh ttdn khác đang ghi vào thư mục dữ liệu (khoá {path}); "
            "đã chờ {seconds} giây, không ghi gì — hãy thử lại sau",
            path=str(self.path),
            seconds=f"{self.seconds:g}",
        )


@contextlib.contextmanager
def data_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the data root's write lock (waiting at most ``timeout`` seconds, default
    :data:`LOCK_TIMEOUT` or ``$TTDN_LOCK_TIMEOUT``); :class:`LockBusy` when it stays taken.
    An :class:`OSError` (a read-only folder…) is left to the caller to report."""
    from filelock import FileLock, Timeout

    if timeout is None:
        try:
            timeout = float(os.environ.get("TTDN_LOCK_TIMEOUT", LOCK_TIMEOUT))
        except ValueError:
            timeout = LOCK_TIMEOUT
    path = Path(root) / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockBusy(path, timeout) from None
    try:
        yield
    finally:
        lock.release()


def data_root_of(path: Path) -> Path | None:
    """The data root (a folder with ``plans/`` or ``agencies/``) that holds ``path``, if any."""
    for anc in Path(path).resolve().parents:
        if (anc / "plans").is_dir() or (anc / "agencies").is_dir():
            return anc
    return None


def sweep_temporaries(path: Path) -> None:
    """Remove temporary files left next to ``path`` by writers that were killed (call only
    while holding the data root's lock: no other writer can be using one)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def atomic_write_bytes(path: Path, data: bytes, *, sweep: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    On any error the temporary file is removed and ``path`` keeps its previous content.
    ``sweep``: first remove temporaries that killed writers left next to ``path`` (only
    under :func:`data_lock`).
    """
    path = Path(path)
    if sweep:
        sweep_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str, *, sweep: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), sweep=sweep)
