"""Commands for reviewing changes through git: fmt, diff, log, git-setup, textconv."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    DataOpt,
    Fmt,
    app,
    fail,
)
from ttdn.i18n import _

# --------------------------------------------------------------------------- git: fmt, diff, log


class DiffFmt(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _git_context(data: Path | None):
    """(data root, repository root, data root inside the repository); usage errors exit 2."""
    from ttdn.data.gitrepo import GitError, prefix_of, toplevel
    from ttdn.data.loader import DataRootError, find_data_root

    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    try:
        repo = toplevel(root)
    except GitError as exc:
        raise fail(str(exc)) from None
    return root, repo, prefix_of(repo, root)


@app.command("fmt")
def fmt_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Tệp hoặc thư mục (mặc định: thư mục dữ liệu).", show_default=False),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Không sửa gì: liệt kê các tệp cần định dạng lại, mã 1 nếu có."
        ),
    ] = False,
    rewrap: Annotated[
        bool,
        typer.Option(
            "--rewrap",
            help="Ngắt dòng lại toàn bộ các đoạn văn dài (mặc định: giữ chỗ ngắt dòng đang có).",
        ),
    ] = False,
    data: DataOpt = None,
) -> None:
    """Viết lại tệp dữ liệu theo một cách trình bày chuẩn (giữ nguyên dữ liệu và chú thích)."""
    from ttdn.data.loader import DataRootError, find_data_root
    from ttdn.edit.fmt import expand, format_file
    from ttdn.outputs.problems import problem_line

    if not paths:
        try:
            paths = [find_data_root(data)]
        except DataRootError as exc:
            raise fail(str(exc)) from None
    try:
        files = expand(paths)
    except FileNotFoundError as exc:
        raise fail(_("không có tệp hay thư mục “{path}”", path=exc)) from None
    changed, broken = [], []
    for path in files:
        res = format_file(path, check=check, rewrap=rewrap)
        shown = os.path.relpath(path)
        if res.problems:
            broken.append(path)
            for p in res.problems:
                print(f"{shown}{problem_line(p)[len(p.file) :]}", file=sys.stderr)
        elif res.changed:
            changed.append(path)
            print(shown)
    n = len(files)
    if broken:
        print(
            _(
                "ttdn: không định dạng được {n} tệp có lỗi (xem ở trên); các tệp đó giữ nguyên.",
                n=len(broken),
            ),
            file=sys.stderr,
        )
    if check:
        if changed:
            print(
                _(
                    "{changed}/{n} tệp chưa đúng cách trình bày chuẩn; chạy “ttdn fmt” để sửa.",
                    changed=len(changed),
                    n=n,
                ),
                file=sys.stderr,
            )
        elif not broken:
            if n == 1:
                print(_("Tệp đã đúng cách trình bày chuẩn."), file=sys.stderr)
            else:
                print(_("Cả {n} tệp đã đúng cách trình bày chuẩn.", n=n), file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS if changed or broken else EXIT_OK)
    print(_("Đã định dạng lại {changed}/{n} tệp.", changed=len(changed), n=n), file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS if broken else EXIT_OK)


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

    root, repo, prefix = _git_context(data)
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
        from ttdn.outputs.problems import did_you_mean

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

    root, repo, prefix = _git_context(data)
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


@app.command("git-setup")
def git_setup(data: DataOpt = None) -> None:
    """Cấu hình kho git để git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc."""
    import shlex
    import shutil

    from ttdn.data.gitrepo import GitError, setup

    root, repo, prefix = _git_context(data)
    if shutil.which("ttdn"):
        command = "ttdn textconv"
    elif Path(sys.argv[0]).name == "ttdn":
        command = f"{shlex.quote(str(Path(sys.argv[0]).resolve()))} textconv"
    else:
        command = f"{shlex.quote(sys.executable)} -m ttdn textconv"
    try:
        res = setup(repo, prefix, command)
    except (GitError, OSError) as exc:
        raise fail(str(exc)) from None
    print(_("Kho git {repo}:", repo=repo))
    added = _("đã thêm") if res.attributes_added else _("đã có sẵn")
    print(f"  .gitattributes: {res.attributes_line} ({added})")
    changed = _("đã đặt") if res.textconv_changed else _("đã có sẵn")
    print(f'  git config diff.ttdn.textconv "{res.textconv}" ({changed})')
    print(
        _(
            "Từ nay git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc; hãy commit tệp "
            ".gitattributes để cả nhóm cùng dùng (mỗi người chạy “ttdn git-setup” một lần)."
        )
    )


@app.command("textconv", hidden=True)
def textconv(file: Annotated[Path, typer.Argument(help="Tệp dữ liệu (git truyền vào).")]) -> None:
    """Văn bản dễ đọc của một tệp dữ liệu, cho git diff (diff.ttdn.textconv)."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(
            _("không đọc được tệp “{path}” ({reason})", path=file, reason=exc.strerror)
        ) from None
    try:
        from ttdn.data.loader import DataRootError, find_data_root
        from ttdn.outputs.diff import agency_names, readable

        try:
            names = agency_names(find_data_root(None))
        except DataRootError:
            names = {}
        out = readable(raw, names).encode("utf-8")
    except Exception:  # never break git diff: show the file as it is
        out = raw
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(out)
        buffer.flush()
    else:  # stdout replaced by a text stream (tests)
        sys.stdout.write(out.decode("utf-8", "replace"))
