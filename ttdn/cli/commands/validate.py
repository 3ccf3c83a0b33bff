"""``ttdn validate``: check every data file; one problem a line, file:line:col."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    AsOfOpt,
    DataOpt,
    Fmt,
    app,
    checked,
    clean_counts,
    data_root,
    open_data,
    outcome_problems,
    parse_as_of,
)
from ttdn.i18n import _


@app.command()
def validate(
    data: DataOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="text hoặc json.")] = Fmt.text,
    as_of: AsOfOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là lỗi.")] = False,
) -> None:
    """Kiểm tra mọi tệp dữ liệu; mỗi lỗi một dòng tệp:dòng:cột."""
    from ttdn.data import cache
    from ttdn.outputs.problems import problem_line, problems_json

    root = data_root(data)
    # a progress entry dated after the day looked at (default: today) is an error
    day = parse_as_of(as_of)
    # unchanged data: answered from the files' hashes, no model built
    counts = cache.known_outcome(root, day)
    problems = outcome_problems(counts)
    if counts is None or problems is None:
        ds = open_data(root)
        problems = checked(ds, day)
        counts = clean_counts(ds)
    if fmt is Fmt.json:
        print(problems_json(problems))
    else:
        for p in problems:
            print(problem_line(p))
        n_err = sum(p.severity == "error" for p in problems)
        n_warn = len(problems) - n_err
        files = counts["files"]
        if problems:
            print(
                _(
                    "{errors} lỗi, {warnings} cảnh báo trong {files} tệp.",
                    errors=n_err,
                    warnings=n_warn,
                    files=files,
                ),
                file=sys.stderr,
            )
        else:
            print(
                _(
                    "Dữ liệu hợp lệ: {files} tệp, {agencies} cơ quan, {tasks} nhiệm vụ.",
                    files=files,
                    agencies=counts["agencies"],
                    tasks=counts["tasks"],
                ),
                file=sys.stderr,
            )
    if problems:
        from ttdn.checks.validate import has_errors

        raise typer.Exit(EXIT_PROBLEMS if has_errors(problems, strict) else EXIT_OK)
    raise typer.Exit(EXIT_OK)
