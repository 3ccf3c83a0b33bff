"""The ``ttdn`` command line: parses options, calls the library, prints.

One module per group of commands (tracking, review, exchange, documents), all registered on
the one Typer ``app`` of :mod:`ttdn.cli.common`. Heavy modules (docx, docxtpl, jinja2,
openpyxl, rich) are imported inside the commands that need them so that ``ttdn --help``
starts fast.
"""

from __future__ import annotations

# Importing the command modules registers their commands; ``ttdn --help`` lists them in this
# order: daily work first.
# isort: off
from ttdn.cli import tracking  # noqa: F401
from ttdn.cli import documents  # noqa: F401
from ttdn.cli import review  # noqa: F401
from ttdn.cli import exchange  # noqa: F401
from ttdn.cli import plan_import  # noqa: F401

# isort: on
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
