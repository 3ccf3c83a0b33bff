"""A cache of validated data files, so that loading an unchanged data root is fast.

**What is kept.** For every data file that loaded without any problem, the validated model
object, as pydantic's JSON (``model_dump_json(exclude_unset=True)``). On the way back it is
validated again by the same model (``model_validate_json``, in Rust): an entry can never
yield an object the model would refuse, and the objects equal those of a fresh load (same
values, same set fields). Files with problems are never cached: they are parsed every time,
so every message keeps its exact line and column.

**Key.** An entry is used only if the file's path (relative to the data root) and the
SHA-256 of its bytes are those recorded. Every load reads and hashes every file (~20 ms for
10 MB): an edit is seen whatever the file's size and modification time, and renaming,
adding or removing files is seen too. The pack also records a *code key*: a hash of the
cache format, the Python, pydantic, pydantic-core and PyYAML versions, and the source of
every ``ttdn/*.py`` module. Any change of code or library discards the whole pack.

**Where.** One pack file per data root, named after a hash of the root's resolved path, in
``$TTDN_CACHE_DIR``, else ``$XDG_CACHE_HOME/ttdn``, else ``~/.cache/ttdn``
(``%LOCALAPPDATA%\\ttdn\\cache`` on Windows). Not next to the data: the data folder may be a
read-only or shared network folder, a playground made by ``ttdn demo`` has no ``.gitignore``,
and a cache shared between users could be planted. The folder is created private (0700).
``.ttdn-cache/`` is in ``.gitignore`` all the same.

**Concurrency and damage.** The pack is written to a temporary file in the same folder and
renamed over the old one (atomic on POSIX and Windows): a reader sees the old or the new
pack, never a mix; of two writers the last rename wins and both packs are complete. No
locks. A pack whose magic line, code key, header or SHA-256 digest (over header and body) is
wrong, or that is truncated, is ignored as a whole and replaced on the next save; an entry
that fails re-validation is a miss. Any error reading or writing the cache is ignored: the
cache can make a load faster, never make it fail or change its result.

**Derived values.** Beside the packs, :func:`memo` keeps small results computed from an
input by code alone (a Word template prepared and compiled for Jinja), one ``.memo`` file
per input, under the same rules: keyed by hashes, checked by a digest, written atomically.

``TTDN_NO_CACHE=1`` disables it (nothing is read or written).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ttdn.domain.problems import Problem, problem_from_data

# The first line of every cache file; version 2: SHA-256 digests (hardware-accelerated on
# current CPUs: half the time of BLAKE2b on a 10 MB pack).
FORMAT = b"TTDN-CACHE 2"
NO_CACHE_ENV = "TTDN_NO_CACHE"
DIR_ENV = "TTDN_CACHE_DIR"

_code_key: str | None = None


def enabled() -> bool:
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


def code_key() -> str:
    """A hash of everything besides the data that decides what a load produces."""
    global _code_key
    if _code_key is None:
        import pydantic
        import pydantic_core
        import yaml

        import ttdn

        h = hashlib.sha256(FORMAT)
        versions = (
            ttdn.__version__,
            sys.version_info[:2],
            pydantic.VERSION,
            pydantic_core.__version__,
            yaml.__version__,
            getattr(yaml, "__with_libyaml__", False),
        )
        h.update(repr(versions).encode())
        for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
            h.update(path.name.encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
        _code_key = h.hexdigest()
    return _code_key


def pack_path(root: Path) -> Path:
    name = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{name[:32]}.pack"


class DataCache:
    """The pack of one data root, read once at the start of a load and saved at the end."""

    def __init__(self, root: Path, path: Path, code: str) -> None:
        self.root = root
        self.path = path
        self.code = code
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
        cache.old = cache._read()
        return cache

    def _read(self) -> dict[str, tuple[str, str, bytes | memoryview]]:
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except OSError:
            return {}
        try:
            first = data.index(b"\n")
            magic, _, digest = data[:first].rpartition(b" ")
            if magic != FORMAT:
                return {}
            rest = memoryview(data)[first + 1 :]
            if hashlib.sha256(rest).hexdigest().encode() != digest:
                return {}
            second = data.index(b"\n", first + 1)
            header = json.loads(data[first + 1 : second])
            if header.get("code") != self.code:
                return {}
            base = second + 1
            view = memoryview(data)
            out: dict[str, tuple[str, str, bytes | memoryview]] = {}
            for rel, (sha, kind, offset, length) in header["files"].items():
                start = base + offset
                if start + length > len(data):
                    return {}
                out[rel] = (sha, kind, view[start : start + length])
        except (ValueError, KeyError, TypeError):
            return {}
        _touch(self.path)
        return out

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
        except ValidationError:
            return None
        self.new[rel] = entry
        self.hits += 1
        return obj

    def fingerprint(self, rels: list[str]) -> str | None:
        """A hash of the code and of every file of ``rels`` (path and bytes); None when a
        file could not be read."""
        h = hashlib.sha256(self.code.encode())
        for rel in sorted(rels):
            sha = self.digests.get(rel)
            if sha is None:
                return None
            h.update(f"\0{rel}\0{sha}".encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def add(self, rel: str, obj: BaseModel) -> None:
        """Remember ``obj``, validated from the bytes last given to :meth:`lookup` for ``rel``."""
        sha = self.digests.get(rel)
        if sha is not None:
            blob = obj.model_dump_json(exclude_unset=True).encode("utf-8")
            self.new[rel] = (sha, type(obj).__name__, blob)

    def save(self) -> None:
        """Write the pack if it changed; errors are ignored (the cache is only a cache)."""
        if self.new.keys() == self.old.keys() and self.hits == len(self.new):
            return
        files: dict[str, list] = {}
        offset = 0
        for rel, (sha, kind, blob) in self.new.items():
            files[rel] = [sha, kind, offset, len(blob)]
            offset += len(blob)
        header = json.dumps({"code": self.code, "root": str(self.root), "files": files}).encode()
        body = [header, b"\n", *(blob for _, _, blob in self.new.values())]
        h = hashlib.sha256()
        for part in body:
            h.update(part)
        try:
            _atomic_write(self.path, [FORMAT + b" " + h.hexdigest().encode() + b"\n", *body])
        except OSError:
            pass


# ------------------------------------------------------------------ whole-dataset results

MAX_RESULTS = 8


def validate(ds, as_of: dt.date | None = None) -> list[Problem]:
    """:func:`ttdn.checks.validate.validate`, remembered for the dataset's fingerprint and ``as_of``.

    The problems of a dataset depend only on the code and the files (its fingerprint) and on
    ``as_of`` (their messages are ids and parameters, put into words at the edge); the last
    few results of the current fingerprint are kept next to the pack. Without a
    fingerprint (cache off, a file unreadable, data not read from disk) it just validates."""
    from ttdn.checks.validate import validate as run

    fp = getattr(ds, "fingerprint", None)
    if fp is None or not enabled():
        return run(ds, as_of)
    path = pack_path(ds.root).with_suffix(".problems")
    key = as_of.isoformat() if as_of else "-"
    stored = _read_results(path, fp)
    if key in stored:
        return [problem_from_data(p) for p in stored[key]]
    problems = run(ds, as_of)
    stored.pop(key, None)
    kept = dict(list(stored.items())[-(MAX_RESULTS - 1) :])
    kept[key] = [p.to_data() for p in problems]
    body = json.dumps({"fingerprint": fp, "results": kept}).encode()
    digest = hashlib.sha256(body).hexdigest().encode()
    try:
        _atomic_write(path, [FORMAT + b" " + digest + b"\n", body])
    except OSError:
        pass
    return problems


def _read_results(path: Path, fp: str) -> dict[str, list]:
    try:
        with open(path, "rb") as f:
            data = f.read()
        first = data.index(b"\n")
        magic, _, digest = data[:first].rpartition(b" ")
        body = data[first + 1 :]
        if magic != FORMAT or hashlib.sha256(body).hexdigest().encode() != digest:
            return {}
        doc = json.loads(body)
        if doc.get("fingerprint") != fp:
            return {}
        results = doc["results"]
        for rows in results.values():
            for row in rows:
                if len(row) != 6:
                    return {}
        return results
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


# ------------------------------------------------------------------ derived values


def memo(kind: str, source: str | bytes, compute: Callable[[], bytes], *versions: str) -> bytes:
    """``compute()``, a pure function of ``source``, remembered on disk between runs.

    For work that depends only on an input and on the code: preparing and compiling a Word
    template (docxtpl and Jinja take ~50 ms for each report; the result is the same every
    time the template is). The key is the SHA-256 of the code key, the exact Python,
    ``kind``, ``versions`` (of the libraries that compute) and ``source``; one small file
    per key, written atomically, checked by its digest, swept like the packs when unused.
    Errors reading or writing are ignored, and ``TTDN_NO_CACHE=1`` computes every time."""
    if not enabled():
        return compute()
    raw = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    try:
        h = hashlib.sha256(code_key().encode())
    except (OSError, RuntimeError):
        return compute()
    h.update(repr((sys.version, kind, versions)).encode())
    h.update(raw)
    try:
        path = cache_dir() / f"{h.hexdigest()[:40]}.memo"
    except RuntimeError:  # no home folder
        return compute()
    try:
        with open(path, "rb") as f:
            data = f.read()
        first = data.index(b"\n")
        body = data[first + 1 :]
        if data[:first] == FORMAT + b" " + hashlib.sha256(body).hexdigest().encode():
            _touch(path)
            return body
    except (OSError, ValueError):
        pass
    body = compute()
    try:
        _atomic_write(
            path, [FORMAT + b" " + hashlib.sha256(body).hexdigest().encode() + b"\n", body]
        )
    except OSError:
        pass
    return body


def _atomic_write(path: Path, parts: list[bytes]) -> None:
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
    """Remove temporary files left by killed processes (older than an hour) and the cache of
    data roots not used for :data:`UNUSED_DAYS` days (deleted folders, old test runs)."""
    now = time.time()
    try:
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(".tmp-"):
                limit = now - 3600
            elif name.endswith((".pack", ".problems", ".memo")):
                limit = now - UNUSED_DAYS * 86400
            else:
                continue
            if entry.stat().st_mtime < limit:
                os.unlink(entry.path)
    except OSError:
        pass


def clear(root: Path) -> None:
    """Remove the cache of ``root`` (if any)."""
    for path in (pack_path(root), pack_path(root).with_suffix(".problems")):
        try:
            os.unlink(path)
        except OSError:
            pass
