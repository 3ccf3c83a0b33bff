"""What the site knows from git when the data is a git repository: each task's history of
changes (what ``ttdn log`` shows) and the changes since a revision (what ``ttdn diff`` shows).

Both reuse :mod:`ttdn.outputs.diff`: the changes are :func:`~ttdn.outputs.diff.compare.compare`'s
for one task, commit by commit, as :func:`~ttdn.outputs.diff.history.task_history` computes
them; the datasets of the revisions are read once for all tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ttdn.domain.dataset import Dataset
from ttdn.i18n import _

if TYPE_CHECKING:  # the diff machinery is imported when the data is in git (git_info)
    from ttdn.outputs.diff.history import HistoryItem
    from ttdn.outputs.diff.render import DiffReport

SINCE_DAYS = 30  # "what changed" looks this far back when no tag and no --since is given


@dataclass
class Repo:
    """The git repository holding the data root: its top folder and the root inside it."""

    top: Path
    prefix: str


def find_repo(root: Path) -> Repo | None:
    """The repository holding the data root ``root``; None when it is not in one (or git is
    not installed)."""
    from ttdn.data.gitrepo import GitError, prefix_of, toplevel

    try:
        top = toplevel(root)
        return Repo(top, prefix_of(top, root))
    except GitError:
        return None


@dataclass
class GitInfo:
    """Task histories by (plan id, task id), newest first, and the changes since a revision."""

    histories: dict[tuple[str, str], list[HistoryItem]] = field(default_factory=dict)
    changes: DiffReport | None = None
    since_note: str = ""


def default_since(repo: Repo, as_of: dt.date) -> tuple[str | None, str]:
    """(revision, how it was chosen): the last tag, else the newest commit at least
    :data:`SINCE_DAYS` days before ``as_of``; None: before the first commit."""
    from ttdn.data.gitrepo import GitError, run_git

    try:
        tag = run_git(repo.top, ["describe", "--tags", "--abbrev=0", "HEAD"]).decode().strip()
    except GitError:
        tag = ""
    if tag:
        return tag, _("từ thẻ phiên bản gần nhất {tag}", tag=tag)
    cutoff = as_of - dt.timedelta(days=SINCE_DAYS)
    try:
        sha = (
            run_git(repo.top, ["rev-list", "-1", f"--before={cutoff.isoformat()}T23:59:59", "HEAD"])
            .decode()
            .strip()
        )
    except GitError:
        sha = ""
    note = _("{n} ngày qua, từ ngày {date}", n=SINCE_DAYS, date=cutoff.strftime("%d/%m/%Y"))
    return sha or None, note


def git_info(
    repo: Repo,
    current: Dataset,
    tasks: list[tuple[str, str]],
    as_of: dt.date,
    since: str | None = None,
) -> GitInfo:
    """The histories of ``tasks`` ((plan id, task id)) and the changes since ``since``
    (default: :func:`default_since`) to the data on disk.

    Raises :class:`~ttdn.data.gitrepo.GitError` when ``since`` is not a revision."""
    from ttdn.data.gitrepo import GitError, Reader, history, resolve, short
    from ttdn.outputs.diff.compare import compare
    from ttdn.outputs.diff.history import HistoryItem
    from ttdn.outputs.diff.render import Side, build_report

    reader = Reader(repo.top, repo.prefix)

    @lru_cache(maxsize=16)
    def dataset(sha: str | None) -> Dataset:
        return reader.dataset(sha)

    info = GitInfo()
    try:
        head = resolve(repo.top, "HEAD")
    except GitError:  # a repository with no commit yet: no history
        head = None
    commits = history(repo.top, repo.prefix, "HEAD") if head else []
    wanted = set(tasks)
    # (old, new) datasets of every step, newest first: the working tree against HEAD, then
    # each commit against its parent — the steps ``ttdn log`` walks for one task.
    steps: list[tuple[object, Dataset, Dataset]] = []
    if head:
        steps.append((None, dataset(head), current))
    steps += [(c, dataset(c.parent), dataset(c.sha)) for c in commits]
    for commit, old, new in steps:
        # Only tasks that may have changed are compared one by one: those named by a change,
        # and every task of a plan that appears or disappears.
        touched: set[tuple[str, str]] = set()
        for ch in compare(old, new):
            if ch.plan is not None and ch.task is not None:
                touched.add((ch.plan, ch.task))
            elif ch.kind in ("plan-added", "plan-removed") and ch.plan is not None:
                pd = new.plans.get(ch.plan) or old.plans.get(ch.plan)
                touched |= {(ch.plan, t) for t in pd.tasks} if pd else set()
        for pid, tid in sorted(touched & wanted):
            changes = compare(old, new, plan=pid, task=tid)
            if changes:
                info.histories.setdefault((pid, tid), []).append(HistoryItem(commit, changes))
    if since is None and head:
        rev, info.since_note = default_since(repo, as_of)
        sha = resolve(repo.top, rev) if rev else None
        base = dataset(sha)
        before = (
            Side(rev, sha, short(repo.top, sha))
            if rev and sha
            else Side(_("trước commit đầu tiên"))
        )
    elif since is not None:
        sha = resolve(repo.top, since)
        base = dataset(sha)
        before = Side(since, sha, short(repo.top, sha))
        info.since_note = _("từ phiên bản {rev}", rev=since)
    else:
        return info
    info.changes = build_report(base, current, before, Side(_("thư mục làm việc")))
    return info
