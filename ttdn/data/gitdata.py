"""Reading the data files as they were in a git revision (``--at REV``).

:func:`read_tree` asks the real ``git`` executable (arguments as a list, never a shell) for
the files under the data root in one commit and parses each one, so that
``loader.load(root, files=read_tree(...))`` gives the dataset as it was then, whatever the
working tree holds now. Only regular files are read (symbolic links and submodules are
skipped), and only through ``git show REV:path`` — nothing outside the repository's object
store is opened.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ttdn.i18n import _
from ttdn.data.yamlsource import Source, parse

GIT_TIMEOUT = 60  # seconds for one git call


class GitDataError(Exception):
    """The revision cannot be read (not a repository, unknown revision…): exit code 2."""


def _git(repo: Path, *args: str, binary: bool = False) -> bytes:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    try:
        proc = subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise GitDataError(_("không tìm thấy chương trình git; hãy cài git để dùng --at")) from None
    except subprocess.TimeoutExpired:
        raise GitDataError(_("git không trả lời sau {n} giây", n=GIT_TIMEOUT)) from None
    if proc.returncode != 0:
        raise _Failed(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


class _Failed(Exception):
    pass


def repo_top(path: Path) -> Path:
    """The top folder of the git work tree holding ``path``."""
    try:
        out = _git(path, "rev-parse", "--show-toplevel")
    except _Failed:
        raise GitDataError(
            _(
                "“{path}” không nằm trong một kho git; --at chỉ dùng được khi "
                "dữ liệu được quản lý bằng git",
                path=path,
            )
        ) from None
    return Path(out.decode("utf-8").strip())


def resolve(repo: Path, rev: str) -> str:
    """The full commit id of ``rev`` (a branch, tag, HEAD~2, a commit id…)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise GitDataError(_("phiên bản “{rev}” không hợp lệ", rev=rev))
    try:
        out = _git(
            repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except _Failed:
        raise GitDataError(
            _(
                "không có phiên bản “{rev}” trong kho git “{repo}” (xem “git log --oneline”)",
                rev=rev,
                repo=repo,
            )
        ) from None
    return out.decode("ascii").strip()


def read_tree(repo_dir: Path, rev: str, data_root: Path) -> dict[str, Source]:
    """Every YAML data file under ``data_root`` in revision ``rev``, parsed, keyed by its path
    relative to the data root (the keys ``loader.load(root, files=...)`` expects).

    Hidden files and folders are skipped, like :func:`ttdn.data.loader.iter_data_files` does.
    """
    repo_dir = Path(repo_dir)
    top = repo_top(repo_dir)
    commit = resolve(top, rev)
    root = Path(data_root).resolve()
    try:
        rel_root = root.relative_to(top.resolve()).as_posix()
    except ValueError:
        raise GitDataError(
            _(
                "thư mục dữ liệu “{path}” không nằm trong kho git “{repo}”",
                path=data_root,
                repo=top,
            )
        ) from None
    prefix = "" if rel_root == "." else rel_root + "/"
    try:
        listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    except _Failed as exc:
        raise GitDataError(
            _("git không liệt kê được tệp của phiên bản “{rev}”: {error}", rev=rev, error=exc)
        ) from None
    files: dict[str, Source] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _sep, raw_path = record.partition(b"\t")
        mode, kind, _obj = meta.decode("ascii").split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # symbolic links, submodules
        path = raw_path.decode("utf-8", "surrogateescape")
        if not path.startswith(prefix):
            continue
        rel = path[len(prefix) :]
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts) or not rel.endswith((".yaml", ".yml")):
            continue
        try:
            raw = _git(top, "show", f"{commit}:{path}")
        except _Failed as exc:
            raise GitDataError(
                _(
                    "git không đọc được “{path}” ở phiên bản “{rev}”: {error}",
                    path=path,
                    rev=rev,
                    error=exc,
                )
            ) from None
        files[rel] = parse(rel, raw)
    if not files:
        raise GitDataError(
            _(
                "phiên bản “{rev}” không có tệp dữ liệu nào trong “{folder}/”",
                rev=rev,
                folder=rel_root,
            )
        )
    return {rel: files[rel] for rel in sorted(files, key=_walk_order)}


def _walk_order(rel: str) -> tuple:
    """The order in which :func:`ttdn.data.loader.iter_data_files` meets ``rel`` (a folder's
    files before its sub-folders, each sorted by name), so that a dataset read from git is
    built in the same order as one read from disk."""
    *dirs, name = rel.split("/")
    return (*((1, d) for d in dirs), (0, name))
