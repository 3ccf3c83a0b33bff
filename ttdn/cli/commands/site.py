"""``ttdn site``: the web dashboard, a static folder of HTML pages for leaders and staff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    AsOfOpt,
    DataOpt,
    Lang,
    PlanOpt,
    app,
    clean_plan,
    fail,
    open_data,
    parse_as_of,
)
from ttdn.i18n import _, get_lang, set_lang


@app.command()
def site(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Thư mục ghi trang web (tạo mới nếu chưa có).")
    ] = Path("site"),
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Trang “Thay đổi” tính từ phiên bản git này (mặc định: thẻ gần nhất, "
            "hoặc 30 ngày).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Ngôn ngữ của trang web: vi (mặc định) hoặc en.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Trang web tĩnh theo dõi kế hoạch (mở bằng trình duyệt, không cần máy chủ): tổng quan,
    biểu đồ, từng cơ quan, từng nhiệm vụ, thay đổi qua git."""
    from ttdn.data.gitrepo import GitError
    from ttdn.outputs.site.build import SiteError, build_site
    from ttdn.outputs.site.gitinfo import find_repo, git_info

    day = parse_as_of(as_of)
    ds = open_data(data)
    pd = clean_plan(ds, plan, day)
    previous = get_lang()
    if lang is not None:
        set_lang(lang.value)
    try:
        from ttdn.outputs.documents.contexts import plan_tree

        repo = find_repo(ds.root)
        info = None
        if repo is not None:
            tasks = [(p.id, t) for p in plan_tree(ds, pd) for t in p.tasks]
            try:
                info = git_info(repo, ds, tasks, day, since)
            except GitError as exc:
                raise fail(str(exc)) from None
        elif since is not None:
            raise fail(_("--since cần dữ liệu nằm trong một kho git"))
        try:
            res = build_site(ds, pd, day, out, info)
        except SiteError as exc:
            raise fail(str(exc)) from None
    finally:
        set_lang(previous)
    print(
        _(
            "Đã ghi {n} trang vào {folder}; mở {index} bằng trình duyệt.",
            n=res.pages,
            folder=out,
            index=out / "index.html",
        )
    )
