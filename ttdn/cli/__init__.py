"""The ``ttdn`` command line: parses options, calls the library, prints.

The one Typer ``app``, its shared options and helpers are in :mod:`ttdn.cli.common`; the
entry point and error handler in :mod:`ttdn.cli.entry`; one module per command in
:mod:`ttdn.cli.commands`. Heavy modules (docx, docxtpl, jinja2,
openpyxl, rich) are imported inside the commands that need them so that ``ttdn --help``
starts fast.
"""

from __future__ import annotations

# Importing the commands registers them on the app (in the order ``ttdn --help`` lists them).
from ttdn.cli import commands  # noqa: F401
from ttdn.cli.common import (  # noqa: F401  (public names)
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    app,
    complete_agency,
    complete_plan,
    complete_task,
)
from ttdn.cli.entry import main  # noqa: E402

__all__ = [
    "app",
    "main",
    "complete_agency",
    "complete_plan",
    "complete_task",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
]
