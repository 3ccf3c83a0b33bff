"""``ttdn log``: the commits that changed one task, and their rendering."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ttdn.domain.dataset import Dataset
from ttdn.i18n import _
from ttdn.outputs.diff.changes import Change, DiffError
from ttdn.outputs.diff.compare import compare


@dataclass
class HistoryItem:
    commit: object  # ttdn.data.gitrepo.Commit; None: the working tree (not committed yet)
    changes: list[Change]


def task_history(
    repo: Path,
    prefix: str,
    task_id: str,
    plan: str | None = None,
    rev: str = "HEAD",
    worktree: Dataset | None = None,
) -> list[HistoryItem]:
    """Commits that changed task ``task_id`` (found by its stable id), newest first.

    With ``worktree`` (the data as it is on disk), its changes against ``rev`` come first,
    as an item whose ``commit`` is None."""
    from functools import lru_cache

    from ttdn.data.gitrepo import Reader, history, resolve

    reader = Reader(repo, prefix)

    @lru_cache(maxsize=8)
    def dataset(sha: str | None) -> Dataset:
        return reader.dataset(sha)

    out: list[HistoryItem] = []
    if worktree is not None:
        changes = compare(dataset(resolve(repo, rev)), worktree, plan=plan, task=task_id)
        if changes:
            out.append(HistoryItem(None, changes))
    for c in history(repo, prefix, rev):
        changes = compare(dataset(c.parent), dataset(c.sha), plan=plan, task=task_id)
        if changes:
            out.append(HistoryItem(c, changes))
    return out


@dataclass
class TaskLog:
    """The history of one task for ``ttdn log``: its stable id, the title to show, the
    changes newest first, and whether they span more than one plan."""

    task_id: str
    title: str
    items: list[HistoryItem]
    show_plan: bool


def task_log(root: Path, repo: Path, prefix: str, task_id: str, plan: str | None) -> TaskLog:
    """The history of ``task_id`` (a stable id, or the number the task has now, as "I.1") in
    the repository ``repo`` whose data root ``root`` is ``prefix``, the working tree's
    uncommitted changes first.

    Raises :class:`DiffError` for a task found neither now nor in history, or
    :class:`~ttdn.data.gitrepo.GitError`."""
    from ttdn.data.gitrepo import resolve
    from ttdn.data.loader import load
    from ttdn.text import suggest

    current = load(root)
    plans = [p for pid, p in current.plans.items() if plan is None or pid == plan]
    key = task_id.strip()
    if not any(key in p.tasks for p in plans):
        by_ref = [
            (p.id, tr.task.id)
            for p in plans
            for tr in p.tasks.values()
            if tr.task.ref.lower() == key.lower()
        ]
        if len(by_ref) == 1:
            plan, key = by_ref[0]
    resolve(repo, "HEAD")
    items = task_history(repo, prefix, key, plan=plan, worktree=current)
    if not items and not any(key in p.tasks for p in plans):
        ids = {i for p in plans for i in p.tasks}
        close = suggest(key, ids)
        hint = _(" Gần giống: {names}.", names=", ".join(close)) if close else ""
        raise DiffError(
            _(
                "không có nhiệm vụ “{task}” trong dữ liệu hiện tại hay lịch sử git.{hint}",
                task=task_id,
                hint=hint,
            )
        )
    refs = [p.tasks[key].task.ref for p in plans if key in p.tasks]
    title = f"{refs[0]} [{key}]" if len(refs) == 1 else f"[{key}]"
    show_plan = len({c.plan for it in items for c in it.changes}) > 1
    return TaskLog(key, title, items, show_plan)


def _vn_date(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def render_history_text(task_id: str, title: str, items: list[HistoryItem], show_plan: bool) -> str:
    lines = [_("Lịch sử nhiệm vụ {title} (mới nhất trước):", title=title)]
    if not items:
        lines.append(_("Không thấy commit nào thay đổi nhiệm vụ {task}.", task=task_id))
    for it in items:
        c = it.commit
        lines.append("")
        if c is None:
            lines.append(_("Chưa commit (thư mục làm việc)"))
        else:
            lines.append(f"{_vn_date(c.date)}  {c.short}  {c.author}  {c.subject}")  # type: ignore[attr-defined]
        for ch in it.changes:
            where = f"[{ch.plan}] " if show_plan else ""
            lines.append(f"    {where}{ch.text()}")
    return "\n".join(lines) + "\n"


def render_history_json(task_id: str, items: list[HistoryItem]) -> str:
    return json.dumps(
        {
            "task": task_id,
            "uncommitted": [c.as_json() for it in items if it.commit is None for c in it.changes],
            "commits": [
                {
                    "commit": it.commit.sha,  # type: ignore[attr-defined]
                    "short": it.commit.short,  # type: ignore[attr-defined]
                    "author": it.commit.author,  # type: ignore[attr-defined]
                    "email": it.commit.email,  # type: ignore[attr-defined]
                    "date": it.commit.date,  # type: ignore[attr-defined]
                    "subject": it.commit.subject,  # type: ignore[attr-defined]
                    "changes": [c.as_json() for c in it.changes],
                }
                for it in items
                if it.commit is not None
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
