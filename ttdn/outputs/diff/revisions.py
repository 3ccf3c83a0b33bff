"""``ttdn diff``: the report of what changed between two git revisions (or a revision and the
working tree) of the data."""

from __future__ import annotations

from pathlib import Path

from ttdn.i18n import _
from ttdn.outputs.diff.changes import DiffError
from ttdn.outputs.diff.render import DiffReport, Side, build_report


def rev_pair(rev_a: str | None, rev_b: str | None) -> tuple[str, str | None, bool]:
    """(base, other or None for the working tree, base is a merge base of the two)."""
    if rev_a and "..." in rev_a:
        if rev_b:
            raise DiffError(_("dùng “A...B” hoặc hai phiên bản “A B”, không dùng cả hai"))
        a, _sep, b = rev_a.partition("...")
        return a or "HEAD", b or "HEAD", True
    if rev_a and ".." in rev_a:
        if rev_b:
            raise DiffError(_("dùng “A..B” hoặc hai phiên bản “A B”, không dùng cả hai"))
        a, _sep, b = rev_a.partition("..")
        return a or "HEAD", b or "HEAD", False
    return rev_a or "HEAD", rev_b, False


def diff_revisions(
    root: Path,
    repo: Path,
    prefix: str,
    rev_a: str | None,
    rev_b: str | None,
    plan: str | None = None,
) -> DiffReport:
    """The changes from ``rev_a`` to ``rev_b`` (``A..B`` and ``A...B`` accepted in ``rev_a``;
    no ``rev_b``: to the working tree under ``root``), of one plan or all.

    Raises :class:`DiffError`, or :class:`~ttdn.data.gitrepo.GitError` when git cannot read a
    revision."""
    from ttdn.data.gitrepo import Reader, resolve, run_git, short
    from ttdn.data.loader import load

    a, b, merge_base = rev_pair(rev_a, rev_b)
    sha_a = resolve(repo, a)
    sha_b = resolve(repo, b) if b is not None else None
    if merge_base and sha_b is not None:
        sha_a = run_git(repo, ["merge-base", sha_a, sha_b]).decode().strip()
    reader = Reader(repo, prefix)
    old = reader.dataset(sha_a)
    new = reader.dataset(sha_b) if sha_b is not None else load(root)
    before = Side(a, sha_a, short(repo, sha_a))
    after = Side(b, sha_b, short(repo, sha_b)) if sha_b is not None else Side(_("thư mục làm việc"))
    if plan is not None and plan not in old.plans and plan not in new.plans:
        from ttdn.outputs.problems import did_you_mean

        raise DiffError(
            _(
                "không có kế hoạch “{plan}”.{hint}",
                plan=plan,
                hint=did_you_mean(plan, set(old.plans) | set(new.plans)),
            )
        )
    return build_report(old, new, before, after, plan=plan)
