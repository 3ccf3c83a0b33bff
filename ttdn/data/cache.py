"""The one cache: what loading and checking an unchanged data root gave last time.

**Key.** The *fingerprint* of a data root: a SHA-256 over the code key and, for every data
file, its path (relative to the root) and the SHA-256 of its bytes. Every run reads and
hashes every file (~20 ms for 10 MB): an edit is seen whatever the file's size and
modification time, and adding, removing or renaming a file is seen too. The *code key*
covers ttdn's version and the source of every ``ttdn/**/*.py`` module, the Python version,
and the installed versions of pydantic, pydantic-core and PyYAML (read from the names of
their ``*.dist-info`` folders, without importing them).

**What is kept, as plain data.** One *pack* per data root: a JSON header, then, for every
file that loaded without a problem, its validated model object as pydantic's JSON
(``model_dump_json(exclude_unset=True)``). On the way back an entry is used only if its
file's path, SHA-256 and model are those recorded, and it is validated again by the same
model (``model_validate_json``): an entry can never yield an object the model would refuse.
Beside the pack, *outcomes*: what a question asked of this exact data gave, for this
fingerprint only, per question and ``--as-of`` day — plain JSON handed in by the caller: for
``ttdn validate`` the problems as codes, message ids and parameters and the counts its
summary line shows; for ``status``, ``overdue`` and ``report status`` the answer in the JSON
contract that ``--format json`` prints (the terminal's tables are drawn from that same
JSON). That answers a question on unchanged data before any model is built. Nothing kept
is in a language: the words are put together when an answer is printed.

This module imports neither pydantic nor the checks: the loader hands it model classes,
and the CLI hands it outcomes.

**Where.** ``$TTDN_CACHE_DIR``, else ``$XDG_CACHE_HOME/ttdn``, else ``~/.cache/ttdn``
(``%LOCALAPPDATA%\\ttdn\\cache`` on Windows), one ``.pack`` file per data root named after a
hash of its resolved path; the folder is created private (0700). Not next to the data: the
data folder may be read-only or shared.

**Trust and damage.** A pack holds JSON only, and JSON cannot carry code. A pack is ignored
as a whole (and replaced on the next save) when it is not a regular file owned by the
current user (POSIX), when its magic line, either SHA-256 digest (header, body), its code
key or its data root is wrong, or when it is truncated or not JSON; an entry that fails
re-validation is a miss. A pack is written to a temporary file and renamed over the old
one (atomic on POSIX and Windows). Any error reading or writing is ignored: the cache can
make a run faster, never make it fail or change its result.

``TTDN_NO_CACHE=1`` disables it (nothing is read or written).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from ttdn.data.dataroot import (
    MAX_FILE_BYTES,
    DataReadError,
    DataRootError,
    data_rels,
    read_data_bytes,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

# The first line of every pack: this magic, a space, the SHA-256 of the header line.
FORMAT = b"TTDN-CACHE 3"
NO_CACHE_ENV = "TTDN_NO_CACHE"
DIR_ENV = "TTDN_CACHE_DIR"
# outcomes remembered per data root (one per question and --as-of day asked)
OUTCOME_FORMAT = b"TTDN-OUTCOME 1"
MAX_OUTCOMES = 16

_code_key: str | None = None


def enabled() -> bool:
    """False when ``TTDN_NO_CACHE`` is set (to anything but 0)."""
    return os.environ.get(NO_CACHE_ENV, "").strip() in ("", "0")


def cache_dir() -> Path:
    """Where packs are kept (see the module documentation)."""
    explicit = os.environ.get(DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ttdn" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ttdn"


def _library_versions() -> list[str]:
    """The ``*.dist-info`` folder names of the libraries that decide what a load gives
    (they carry the version), found without importing the libraries."""
    out = []
    libraries = (
        ("pydantic", "pydantic-"),
        ("pydantic_core", "pydantic_core-"),
        ("yaml", "pyyaml-"),
    )
    for module, dist in libraries:
        spec = importlib.util.find_spec(module)
        where = spec.origin if spec is not None else None
        if where is None:
            out.append(f"{module}?")
            continue
        site = Path(where).parent.parent
        out += sorted(
            n for n in os.listdir(site) if n.lower().startswith(dist) and n.endswith("-info")
        )
    return out


def code_key() -> str:
    """A hash of everything besides the data that decides what a load produces."""
    global _code_key
    if _code_key is None:
        import ttdn

        h = hashlib.sha256(FORMAT)
        versions = (ttdn.__version__, sys.version_info[:3], _library_versions())
        h.update(repr(versions).encode())
        package = Path(ttdn.__file__).resolve().parent
        for path in sorted(package.rglob("*.py")):
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
        _code_key = h.hexdigest()
    return _code_key


def pack_path(root: Path) -> Path:
    """The pack of the data root ``root``."""
    name = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{name[:32]}.pack"


def fingerprint(code: str, digests: dict[str, str]) -> str:
    """The key of a data root: the code key and every file's path and SHA-256."""
    h = hashlib.sha256(code.encode())
    for rel in sorted(digests):
        h.update(f"\0{rel}\0{digests[rel]}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def outcome_key(as_of: object | None, query: str = "") -> str:
    """How an outcome is filed: the question asked (``query``, empty for ``validate``) and
    the ``--as-of`` day it was asked for (empty for none)."""
    day = "" if as_of is None else str(as_of)
    return f"{query}\0{day}" if query else day


def known_outcome(
    root: Path, as_of: object | None = None, query: str = ""
) -> dict[str, Any] | None:
    """The outcome recorded for ``root`` as its files are now (read and hashed here), or
    None. Imports no model and builds none."""
    if not enabled():
        return None
    try:
        if not _outcome_path(root, outcome_key(as_of, query)).is_file():
            return None  # nothing remembered for this question: no need to hash the data
        code = code_key()
        digests = {}
        real_top = os.path.realpath(root)
        for rel in data_rels(root):
            # the loader's rules: no link out of the root, no FIFO, at most the size limit
            raw = read_data_bytes(root, rel, MAX_FILE_BYTES, real_top)
            digests[rel] = hashlib.sha256(raw).hexdigest()
    except (OSError, RuntimeError, DataReadError, DataRootError):  # RuntimeError: no home
        return None
    return known_outcome_of(root, fingerprint(code, digests), as_of, query)


def known_outcome_of(
    root: Path, fp: str | None, as_of: object | None = None, query: str = ""
) -> dict[str, Any] | None:
    """The outcome recorded for a data root already loaded with fingerprint ``fp``."""
    if fp is None or not enabled():
        return None
    key = outcome_key(as_of, query)
    try:
        path = _outcome_path(root, key)
        with _open_own(path) as f:
            if f is None:
                return None
            first = f.readline(200)
            line = f.read()
        magic, _, digest = first.rstrip(b"\n").rpartition(b" ")
        if magic != OUTCOME_FORMAT or hashlib.sha256(line).hexdigest().encode() != digest:
            return None
        record = json.loads(line)
        if not isinstance(record, dict):
            return None
        expected = {"code": code_key(), "root": str(root), "fingerprint": fp, "key": key}
        if any(record.get(k) != v for k, v in expected.items()):
            return None
    except (OSError, RuntimeError, ValueError, TypeError):
        return None
    _touch(path)
    found = record.get("outcome")
    return found if isinstance(found, dict) else None


def remember_outcome(
    root: Path, fp: str | None, as_of: object | None, outcome: dict, query: str = ""
) -> None:
    """Record ``outcome`` (plain JSON values, nothing in a language) as the answer to
    ``query`` on ``as_of`` for the data root loaded with fingerprint ``fp``.

    Each outcome is a file of its own beside the pack (a status of 6,000 tasks is a few
    megabytes: it is read only when that question is asked again); the oldest beyond
    :data:`MAX_OUTCOMES` per data root are removed."""
    if fp is None or not enabled():
        return
    key = outcome_key(as_of, query)
    try:
        path = _outcome_path(root, key)
        record = {"code": code_key(), "root": str(root), "fingerprint": fp, "key": key}
        line = json.dumps({**record, "outcome": outcome}, ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        )
        first = OUTCOME_FORMAT + b" " + hashlib.sha256(line).hexdigest().encode() + b"\n"
        _atomic_write(path, [first, line])
        _prune_outcomes(pack_path(root))
    except (OSError, RuntimeError, TypeError, ValueError):
        pass


def _outcome_path(root: Path, key: str) -> Path:
    """The file of the outcome filed under ``key`` for the data root ``root``."""
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return pack_path(root).with_name(f"{pack_path(root).stem}-{name}.outcome")


def _prune_outcomes(pack: Path) -> None:
    """Keep the :data:`MAX_OUTCOMES` most recently written outcomes of ``pack``'s root."""
    found = []
    for entry in os.scandir(pack.parent):
        if entry.name.startswith(pack.stem + "-") and entry.name.endswith(".outcome"):
            found.append((entry.stat().st_mtime_ns, entry.path))
    for _mtime, path in sorted(found, reverse=True)[MAX_OUTCOMES:]:
        os.unlink(path)


@contextlib.contextmanager
def _open_own(path: Path) -> Iterator[BinaryIO | None]:
    """``path`` open for reading if it is a regular file of the current user (POSIX), else
    None: a file planted by someone else is not trusted, and a FIFO put in its place
    neither blocks the opening (non-blocking open) nor is read."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        yield f if stat.S_ISREG(st.st_mode) and mine else None


def _read(
    path: Path, root: Path, code: str
) -> tuple[dict | None, bytes]:
    """The header and body of the pack at ``path``; (None, b"") when there is none we can
    trust (see the module documentation)."""
    try:
        with _open_own(path) as f:
            if f is None:
                return None, b""
            first = f.readline(200)
            line = f.readline()
            body = f.read()
    except OSError:
        return None, b""
    magic, _, digest = first.rstrip(b"\n").rpartition(b" ")
    if magic != FORMAT or hashlib.sha256(line).hexdigest().encode() != digest:
        return None, b""
    try:
        header = json.loads(line)
        if not isinstance(header, dict):
            return None, b""
        if header.get("code") != code or header.get("root") != str(root):
            return None, b""
        if hashlib.sha256(body).hexdigest() != header.get("body"):
            return None, b""
    except (ValueError, TypeError):
        return None, b""
    _touch(path)
    return header, body


class DataCache:
    """The pack of one data root, read once at the start of a load and saved at the end."""

    def __init__(self, root: Path, path: Path, code: str) -> None:
        self.root = root
        self.path = path
        self.code = code
        self.header: dict | None = None
        # rel → (sha256 hex, model name, blob): entries of the pack on disk (blobs are views
        # into the pack's bytes: a 100 MB pack is held once)
        self.old: dict[str, tuple[str, str, bytes | memoryview]] = {}
        # rel → (sha256 hex, model name, blob): entries of the pack to write
        self.new: dict[str, tuple[str, str, bytes | memoryview]] = {}
        self.digests: dict[str, str] = {}
        self.hits = 0

    @classmethod
    def open(cls, root: Path) -> DataCache | None:
        """The cache of ``root``; None when disabled or when the code key cannot be made."""
        if not enabled():
            return None
        try:
            cache = cls(Path(root), pack_path(root), code_key())
        except (OSError, RuntimeError):  # RuntimeError: no home folder to put it in
            return None
        cache._load_entries()
        return cache

    def _load_entries(self) -> None:
        header, body = _read(self.path, self.root, self.code)
        if header is None:
            return
        view = memoryview(body)
        out: dict[str, tuple[str, str, bytes | memoryview]] = {}
        try:
            for rel, (sha, kind, offset, length) in header["files"].items():
                if not (isinstance(offset, int) and isinstance(length, int)):
                    return
                if offset < 0 or length < 0 or offset + length > len(body):
                    return
                out[rel] = (str(sha), str(kind), view[offset : offset + length])
        except (ValueError, KeyError, TypeError, AttributeError):
            return
        self.header, self.old = header, out

    def lookup(self, rel: str, raw: bytes, model: type[BaseModel] | None) -> BaseModel | None:
        """The cached model object for ``rel`` with content ``raw``, or None (a miss).

        ``model`` None (a file ttdn does not know): only note the file's digest."""
        sha = hashlib.sha256(raw).hexdigest()
        self.digests[rel] = sha
        if model is None:
            return None
        entry = self.old.get(rel)
        if entry is None or entry[0] != sha or entry[1] != model.__name__:
            return None
        try:
            obj = model.model_validate_json(bytes(entry[2]))
        except ValueError:  # pydantic's ValidationError is a ValueError
            return None
        self.new[rel] = entry
        self.hits += 1
        return obj

    def fingerprint(self, rels: list[str]) -> str | None:
        """The fingerprint of the files ``rels`` (all given to :meth:`lookup`); None when a
        file could not be read."""
        if any(rel not in self.digests for rel in rels):
            return None
        return fingerprint(self.code, {rel: self.digests[rel] for rel in rels})

    def add(self, rel: str, obj: BaseModel) -> None:
        """Remember ``obj``, validated from the bytes last given to :meth:`lookup` for ``rel``."""
        sha = self.digests.get(rel)
        if sha is not None:
            blob = obj.model_dump_json(exclude_unset=True).encode("utf-8")
            self.new[rel] = (sha, type(obj).__name__, blob)

    def save(self, fp: str | None) -> None:
        """Write the pack if it changed; errors are ignored (the cache is only a cache)."""
        old = self.header or {}
        unchanged = self.new.keys() == self.old.keys() and self.hits == len(self.new)
        if unchanged and old.get("fingerprint") == fp:
            return
        files: dict[str, list] = {}
        offset = 0
        for rel, (sha, kind, blob) in self.new.items():
            files[rel] = [sha, kind, offset, len(blob)]
            offset += len(blob)
        blobs = [blob for _, _, blob in self.new.values()]
        header = {"code": self.code, "root": str(self.root), "fingerprint": fp, "files": files}
        try:
            _write(self.path, header, blobs)
        except (OSError, ValueError):
            pass


def _write(path: Path, header: dict, blobs: list) -> None:
    """Write a pack: the magic line, the header (with the body's digest), the body."""
    h = hashlib.sha256()
    for blob in blobs:
        h.update(blob)
    header = {**header, "body": h.hexdigest()}
    line = json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
    first = FORMAT + b" " + hashlib.sha256(line).hexdigest().encode() + b"\n"
    _atomic_write(path, [first, line, *blobs])


def _atomic_write(path: Path, parts: list) -> None:
    """Write ``parts`` to ``path`` through a temporary file and a rename (no fsync: a pack
    damaged by a crash is detected and ignored)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pack", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for part in parts:
                f.write(part)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sweep(path.parent)


UNUSED_DAYS = 30


def _touch(path: Path) -> None:
    """Mark a pack as used (at most once a day), so that :func:`_sweep` keeps it."""
    try:
        if os.stat(path).st_mtime < time.time() - 86400:
            os.utime(path)
    except OSError:
        pass


def _sweep(folder: Path) -> None:
    """Remove temporary files left by killed processes (older than an hour), packs of data
    roots not used for :data:`UNUSED_DAYS` days, and files of older cache versions."""
    now = time.time()
    try:
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(".tmp-"):
                limit = now - 3600
            elif name.endswith((".pack", ".outcome")):
                limit = now - UNUSED_DAYS * 86400
            elif name.endswith((".problems", ".memo")):  # earlier formats of this cache
                limit = now
            else:
                continue
            if entry.stat().st_mtime < limit:
                os.unlink(entry.path)
    except OSError:
        pass


def clear(root: Path) -> None:
    """Remove the cache of ``root`` (if any): its pack and its outcomes."""
    pack = pack_path(root)
    try:
        for entry in os.scandir(pack.parent):
            if entry.name == pack.name or (
                entry.name.startswith(pack.stem + "-") and entry.name.endswith(".outcome")
            ):
                os.unlink(entry.path)
    except OSError:
        pass
