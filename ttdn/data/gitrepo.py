"""Reading data files from git: revisions, trees, history.

Every call runs the real ``git`` executable with an argument list (never a shell). Expected
failures (no git, not a repository, unknown revision) raise :class:`GitError` with a
Vietnamese message; the CLI prints it and exits 2. (``ttdn git-setup`` writes the repository's
settings: :mod:`ttdn.edit.gitsetup`.)

Blobs are read in one ``git cat-file --batch`` process per tree, and each blob is parsed
once (:class:`Reader` caches by object id), so walking a long history stays cheap.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ttdn.i18n import _
from ttdn.data.yamlsource import Source, parse

WORKTREE = None  # the "revision" of the working tree


class GitError(Exception):
    """git cannot do what was asked (a usage problem: exit code 2)."""


def run_git(repo: Path, args: list[str], *, input: bytes | None = None) -> bytes:
    """``git args…`` in ``repo``; its stdout. Raises GitError with git's own message."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=repo,
            input=input,
            capture_output=True,
            check=False,
            env={
                **os.environ,
                "LC_ALL": "C",
                "GIT_TERMINAL_PROMPT": "0",
                "GIT_OPTIONAL_LOCKS": "0",
            },
        )
    except FileNotFoundError:
        raise GitError(_("không tìm thấy chương trình git; hãy cài git")) from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = msg[-1] if msg else _("mã {code}", code=proc.returncode)
        raise GitError(_("git báo lỗi: {detail}", detail=detail))
    return proc.stdout


def toplevel(path: Path) -> Path:
    """The root of the git working tree containing ``path``."""
    path = Path(path)
    try:
        out = run_git(path, ["rev-parse", "--show-toplevel"])
    except GitError as exc:
        if "not a git repository" in str(exc):
            raise GitError(
                _(
                    "thư mục “{path}” không nằm trong một kho git "
                    "(git init hoặc git clone trước đã)",
                    path=path,
                )
            ) from None
        raise
    return Path(out.decode("utf-8").strip())


def prefix_of(repo: Path, data_root: str | os.PathLike) -> str:
    """The data root as a path inside the repository ("data"; "" for the repository root)."""
    p = Path(data_root)
    if p.is_absolute():
        p = p.resolve().relative_to(Path(repo).resolve())
    rel = p.as_posix()
    return "" if rel in (".", "") else rel.strip("/")


def resolve(repo: Path, rev: str) -> str:
    """The full commit id of ``rev``; a GitError (a message) when there is none."""
    if not rev or rev.startswith("-"):
        raise GitError(_("phiên bản “{rev}” không hợp lệ", rev=rev))
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        if rev == "HEAD":
            raise GitError(
                _("kho git chưa có commit nào; hãy commit dữ liệu trước (git add, git commit)")
            )
        raise GitError(
            _(
                "không có phiên bản “{rev}” trong kho git (dùng mã commit, tên nhánh, "
                "tên thẻ, HEAD hoặc HEAD~1…)",
                rev=rev,
            )
        )
    return proc.stdout.decode().strip()


def short(repo: Path, sha: str) -> str:
    return run_git(repo, ["rev-parse", "--short", sha]).decode().strip()


def _is_data_path(rel: str) -> bool:
    parts = rel.split("/")
    return rel.endswith((".yaml", ".yml")) and not any(p.startswith(".") for p in parts)


def _disk_order(rel: str) -> tuple:
    """The order :func:`ttdn.data.loader.iter_data_files` meets ``rel`` (a folder's files before
    its sub-folders), so a dataset read from git is built as one read from disk is (the same
    rule as ``ttdn.data.gitdata``)."""
    *dirs, name = rel.split("/")
    return (*((1, d) for d in dirs), (0, name))


class Reader:
    """Reads the data files of revisions of one repository, parsing each blob once."""

    def __init__(self, repo: Path, data_root: str | os.PathLike = "data") -> None:
        self.repo = Path(repo)
        self.prefix = prefix_of(self.repo, data_root)
        self._parsed: dict[tuple[str, str], Source] = {}

    def tree(self, rev: str) -> dict[str, str]:
        """rel (relative to the data root) → blob id, for every data file at ``rev``."""
        args = ["ls-tree", "-r", "-z", "--full-tree", rev]
        if self.prefix:
            args += ["--", self.prefix]
        out: dict[str, str] = {}
        cut = len(self.prefix) + 1 if self.prefix else 0
        for item in run_git(self.repo, args).split(b"\0"):
            if not item:
                continue
            meta, _sep, path_b = item.partition(b"\t")
            mode, kind, oid = meta.decode().split(" ")
            path = path_b.decode("utf-8", "surrogateescape")
            if kind != "blob" or mode == "120000":
                continue
            rel = path[cut:]
            if _is_data_path(rel):
                out[rel] = oid
        return out

    def _blobs(self, oids: list[str]) -> dict[str, bytes]:
        if not oids:
            return {}
        data = run_git(
            self.repo, ["cat-file", "--batch"], input="".join(o + "\n" for o in oids).encode()
        )
        out: dict[str, bytes] = {}
        pos = 0
        while pos < len(data):
            nl = data.index(b"\n", pos)
            header = data[pos:nl].decode().split(" ")
            pos = nl + 1
            if len(header) < 3 or header[1] == "missing":
                continue
            size = int(header[2])
            out[header[0]] = data[pos : pos + size]
            pos += size + 1
        return out

    def sources(self, rev: str) -> dict[str, Source]:
        """The parsed data files at ``rev`` (fresh Source objects; parsing is cached)."""
        files = self.tree(rev)
        missing = sorted({oid for rel, oid in files.items() if (oid, rel) not in self._parsed})
        blobs = self._blobs(missing)
        out: dict[str, Source] = {}
        for rel, oid in sorted(files.items(), key=lambda item: _disk_order(item[0])):
            key = (oid, rel)
            if key not in self._parsed:
                self._parsed[key] = parse(rel, blobs.get(oid, b""))
            cached = self._parsed[key]
            out[rel] = dataclasses.replace(cached, problems=list(cached.problems))
        return out

    def dataset(self, rev: str | None):
        """The Dataset at commit ``rev``; None: empty (before the first commit)."""
        from ttdn.data.loader import load

        root = self.repo / self.prefix if self.prefix else self.repo
        return load(root, files={} if rev is None else self.sources(rev))


def read_tree(repo_dir: Path, rev: str, data_root: str | os.PathLike = "data") -> dict[str, Source]:
    """rel → Source for every data file under ``data_root`` at ``rev`` (for ``load(files=…)``)."""
    return Reader(Path(repo_dir), data_root).sources(rev)


@dataclass
class Commit:
    sha: str
    short: str
    parent: str | None
    author: str
    email: str
    date: str  # ISO 8601, author date
    subject: str


def history(repo: Path, prefix: str, rev: str = "HEAD") -> list[Commit]:
    """Commits reachable from ``rev`` that touch ``prefix``, newest first (merges skipped)."""
    fmt = "%H%x1f%h%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e"
    args = ["log", "--no-merges", f"--format={fmt}", rev, "--"]
    args.append(prefix or ".")
    out = run_git(repo, args).decode("utf-8", "replace")
    commits = []
    for rec in out.split("\x1e"):
        rec = rec.strip("\n")
        if not rec:
            continue
        sha, sh, parents, author, email, date, subject = rec.split("\x1f")
        commits.append(
            Commit(sha, sh, parents.split()[0] if parents else None, author, email, date, subject)
        )
    return commits
