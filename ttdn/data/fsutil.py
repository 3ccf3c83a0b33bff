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
# Data files written by this run (atomic_write_bytes with a data root): a run that changed
# data is never reported as a failure because its confirmation could not be printed.
DATA_WRITES: list[Path] = []
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
    A lock file that cannot be created is a :class:`WriteError`."""
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
    except WriteError:
        raise
    except OSError as exc:  # a read-only data root, a full disk…
        raise WriteError.of(path, exc) from None
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


class WriteError(OSError):
    """A file could not be written: ``path``, and either the operating system's ``reason``
    (disk full, read-only, not a folder…) or ``link``, a symbolic link met on the way
    (writing under the data root follows none). Nothing was half-written. An
    :class:`OSError` (``errno`` of the cause), so that callers catching those still do."""

    def __init__(
        self,
        path: Path,
        reason: str = "",
        link: Path | None = None,
        cause: OSError | None = None,
    ) -> None:
        super().__init__(cause.errno if cause is not None else 0, reason or str(link), str(path))
        self.path = Path(path)
        self.reason = reason
        self.link = link
        self.cause = cause

    @classmethod
    def of(cls, path: Path, exc: OSError) -> WriteError:
        """The failure ``exc`` writing ``path``, in the operating system's words."""
        import errno

        reason = exc.strerror or str(exc)
        if exc.errno == errno.EFBIG:  # RLIMIT_FSIZE or a file system's size limit: as full
            reason = os.strerror(errno.ENOSPC)
        return cls(Path(exc.filename) if exc.filename else path, reason, cause=exc)


def check_no_links(root: Path, path: Path) -> None:
    """Refuse to write ``path`` under the data root ``root`` through a symbolic link.

    Every existing component from ``root`` down to ``path`` is looked at with ``lstat``: a
    link (even one pointing inside the root) raises :class:`WriteError`, so a committed link
    can never make a write land outside the root; an existing ``path`` that is not a regular
    file (a folder named ``*.yaml``, a FIFO) raises too. Components not there yet are fine
    (they will be created as real folders)."""
    import stat

    root, path = Path(root), Path(path)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise WriteError(path, link=path) from None
    here = root
    for i, part in enumerate(parts):
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise WriteError.of(here, exc) from None
        if stat.S_ISLNK(st.st_mode):
            raise WriteError(path, link=here)
        last = i == len(parts) - 1
        if last and not stat.S_ISREG(st.st_mode):
            raise WriteError(path, os.strerror(21) if stat.S_ISDIR(st.st_mode) else "")
        if not last and not stat.S_ISDIR(st.st_mode):
            raise WriteError(path, os.strerror(20))


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


def atomic_write_bytes(
    path: Path, data: bytes, *, sweep: bool = False, root: Path | None = None
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    On any error the temporary file is removed, ``path`` keeps its previous content and a
    :class:`WriteError` names the path and the reason. ``sweep``: first remove temporaries
    that killed writers left next to ``path`` (only under :func:`data_lock`). ``root``: the
    data root ``path`` is under; missing folders are created, and no link is followed
    (:func:`check_no_links`).
    """
    path = Path(path)
    try:
        if root is not None:
            check_no_links(root, path)
            path.parent.mkdir(parents=True, exist_ok=True)
            check_no_links(root, path)  # a link made while creating the folders
        elif path.is_dir():
            raise WriteError(path, os.strerror(21))
        _atomic_write(path, data, sweep)
        if root is not None:
            DATA_WRITES.append(path)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError.of(path, exc) from None


def _atomic_write(path: Path, data: bytes, sweep: bool) -> None:
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


def atomic_write_text(
    path: Path, text: str, *, sweep: bool = False, root: Path | None = None
) -> None:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"), sweep=sweep, root=root)
