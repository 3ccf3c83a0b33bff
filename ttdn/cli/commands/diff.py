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


def _rev_pair(rev_a: str | None, rev_b: str | None) -> tuple[str, str | None, bool]:
    """(base, other or None for the working tree, base is a merge base of the two)."""
    if rev_a and "..." in rev_a:
        if rev_b:
            raise fail(_("dùng “A...B” hoặc hai phiên bản “A B”, không dùng cả hai"))
        a, _sep, b = rev_a.partition("...")
        return a or "HEAD", b or "HEAD", True
    if rev_a and ".." in rev_a:
        if rev_b:
            raise fail(_("dùng “A..B” hoặc hai phiên bản “A B”, không dùng cả hai"))
        a, _sep, b = rev_a.partition("..")
        return a or "HEAD", b or "HEAD", False
    return rev_a or "HEAD", rev_b, False


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
    from ttdn.data.gitrepo import GitError, Reader, resolve, run_git, short
    from ttdn.data.loader import load
    from ttdn.outputs import diff as semdiff

    root, repo, prefix = git_context(data)
    a, b, merge_base = _rev_pair(rev_a, rev_b)
    try:
        sha_a = resolve(repo, a)
        sha_b = resolve(repo, b) if b is not None else None
        if merge_base and sha_b is not None:
            sha_a = run_git(repo, ["merge-base", sha_a, sha_b]).decode().strip()
        reader = Reader(repo, prefix)
        old = reader.dataset(sha_a)
        new = reader.dataset(sha_b) if sha_b is not None else load(root)
        before = semdiff.Side(a, sha_a, short(repo, sha_a))
        after = (
            semdiff.Side(b, sha_b, short(repo, sha_b))
            if sha_b is not None
            else semdiff.Side(_("thư mục làm việc"))
        )
    except GitError as exc:
        raise fail(str(exc)) from None
    if plan is not None and plan not in old.plans and plan not in new.plans:
        from ttdn.text import did_you_mean

        raise fail(
            _(
                "không có kế hoạch “{plan}”.{hint}",
                plan=plan,
                hint=did_you_mean(plan, set(old.plans) | set(new.plans)),
            )
        )
    rep = semdiff.build_report(old, new, before, after, plan=plan)
    for w in rep.warnings:
        print(_("ttdn: cảnh báo: {message}", message=w), file=sys.stderr)
    if out_format is DiffFmt.markdown:
        sys.stdout.write(semdiff.render_markdown(rep))
    elif out_format is DiffFmt.json:
        print(semdiff.render_json(rep))
    else:
        sys.stdout.write(semdiff.render_text(rep))
