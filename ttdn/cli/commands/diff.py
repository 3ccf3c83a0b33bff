"""``ttdn diff``: what changed in the data between two git revisions, in words."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ttdn.cli.common import (
    DataOpt,
    app,
    fail,
    git_context,
)
from ttdn.i18n import _


class DiffFmt(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("diff")
def diff_command(
    rev_a: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_A",
            help="Phiên bản gốc (mặc định HEAD); nhận cả dạng A..B và A...B.",
            show_default=False,
        ),
    ] = None,
    rev_b: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_B",
            help="Phiên bản để so sánh (mặc định: thư mục làm việc).",
            show_default=False,
        ),
    ] = None,
    out_format: Annotated[
        DiffFmt, typer.Option("--format", help="text, markdown (dán vào merge request) hoặc json.")
    ] = DiffFmt.text,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Chỉ một kế hoạch.", show_default=False)
    ] = None,
    data: DataOpt = None,
) -> None:
    """Thay đổi dữ liệu giữa hai phiên bản git, bằng lời: nhiệm vụ, tiến độ, cơ quan."""
    from ttdn.data.gitrepo import GitError
    from ttdn.outputs.diff.render import render_json, render_markdown, render_text
    from ttdn.outputs.diff.revisions import DiffError, diff_revisions

    root, repo, prefix = git_context(data)
    try:
        rep = diff_revisions(root, repo, prefix, rev_a, rev_b, plan)
    except (DiffError, GitError) as exc:
        raise fail(str(exc)) from None
    for w in rep.warnings:
        print(_("ttdn: cảnh báo: {message}", message=w), file=sys.stderr)
    if out_format is DiffFmt.markdown:
        sys.stdout.write(render_markdown(rep))
    elif out_format is DiffFmt.json:
        print(render_json(rep))
    else:
        sys.stdout.write(render_text(rep))
