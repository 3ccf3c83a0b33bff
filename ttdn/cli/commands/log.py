"""``ttdn log``: the history of one task through the commits, newest first."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    Fmt,
    app,
    fail,
    git_context,
)
from ttdn.i18n import _


@app.command("log")
def log_command(
    task_id: Annotated[
        str, typer.Argument(help="Mã nhiệm vụ (ví dụ vhtt-01) hoặc số thứ tự hiện nay (I.1).")
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Chỉ trong kế hoạch này.", show_default=False)
    ] = None,
    out_format: Annotated[Fmt, typer.Option("--format", help="text hoặc json.")] = Fmt.text,
    data: DataOpt = None,
) -> None:
    """Lịch sử một nhiệm vụ qua các commit, mới nhất trước (theo mã ổn định của nhiệm vụ);
    thay đổi chưa commit, nếu có, đứng đầu."""
    from ttdn.data.gitrepo import GitError, resolve
    from ttdn.data.loader import load
    from ttdn.outputs import diff as semdiff
    from ttdn.text import suggest

    root, repo, prefix = git_context(data)
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
    try:
        resolve(repo, "HEAD")
        items = semdiff.task_history(repo, prefix, key, plan=plan, worktree=current)
    except GitError as exc:
        raise fail(str(exc)) from None
    if not items and not any(key in p.tasks for p in plans):
        ids = {i for p in plans for i in p.tasks}
        close = suggest(key, ids)
        hint = _(" Gần giống: {names}.", names=", ".join(close)) if close else ""
        raise fail(
            _(
                "không có nhiệm vụ “{task}” trong dữ liệu hiện tại hay lịch sử git.{hint}",
                task=task_id,
                hint=hint,
            )
        )
    if out_format is Fmt.json:
        print(semdiff.render_history_json(key, items))
        return
    refs = [p.tasks[key].task.ref for p in plans if key in p.tasks]
    title = f"{refs[0]} [{key}]" if len(refs) == 1 else f"[{key}]"
    show_plan = len({c.plan for it in items for c in it.changes}) > 1
    sys.stdout.write(semdiff.render_history_text(key, title, items, show_plan))
