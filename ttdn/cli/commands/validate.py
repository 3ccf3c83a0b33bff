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
    open_data,
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
    from ttdn.checks.validate import has_errors
    from ttdn.data.cache import validate as run  # remembered for unchanged data
    from ttdn.outputs.problems import problem_line, problems_json

    ds = open_data(data)
    problems = run(ds, as_of=parse_as_of(as_of) if as_of else None)
    if fmt is Fmt.json:
        print(problems_json(problems))
    else:
        for p in problems:
            print(problem_line(p))
        n_err = sum(p.severity == "error" for p in problems)
        n_warn = len(problems) - n_err
        files = len(ds.sources)
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
                    agencies=len(ds.agencies),
                    tasks=sum(len(p.tasks) for p in ds.plans.values()),
                ),
                file=sys.stderr,
            )
    raise typer.Exit(EXIT_PROBLEMS if has_errors(problems, strict) else EXIT_OK)
