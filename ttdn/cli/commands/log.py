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
    from ttdn.data.gitrepo import GitError
    from ttdn.outputs.diff.history import (
        DiffError,
        render_history_json,
        render_history_text,
        task_log,
    )

    root, repo, prefix = git_context(data)
    try:
        log = task_log(root, repo, prefix, task_id, plan)
    except (DiffError, GitError) as exc:
        raise fail(str(exc)) from None
    if out_format is Fmt.json:
        print(render_history_json(log.task_id, log.items))
        return
    sys.stdout.write(render_history_text(log.task_id, log.title, log.items, log.show_plan))
