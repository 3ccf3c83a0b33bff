"""One module per ``ttdn`` command (or group of sub-commands): options, one library call, a
renderer.

Importing this package registers every command on :data:`ttdn.cli.common.app`. ``ttdn
--help`` lists the commands in the order they are registered (daily work first), then the
groups likewise; the order of the imports below is that order. Each module imports its
heavy dependencies inside the command, so that ``ttdn --help`` starts fast.
"""

from __future__ import annotations

# isort: off
from ttdn.cli.commands import validate  # noqa: F401
from ttdn.cli.commands import status  # noqa: F401
from ttdn.cli.commands import overdue  # noqa: F401
from ttdn.cli.commands import progress  # noqa: F401  (group: progress set)
from ttdn.cli.commands import plan  # noqa: F401  (group: plan new)
from ttdn.cli.commands import plan_import  # noqa: F401  (plan import)
from ttdn.cli.commands import demo  # noqa: F401
from ttdn.cli.commands import init  # noqa: F401
from ttdn.cli.commands import report  # noqa: F401  (group: report, report reminder)
from ttdn.cli.commands import report_status  # noqa: F401  (report status)
from ttdn.cli.commands import template  # noqa: F401  (group: template check)
from ttdn.cli.commands import fmt  # noqa: F401
from ttdn.cli.commands import diff  # noqa: F401
from ttdn.cli.commands import log  # noqa: F401
from ttdn.cli.commands import git_setup  # noqa: F401
from ttdn.cli.commands import textconv  # noqa: F401
from ttdn.cli.commands import export  # noqa: F401  (group: export xlsx, export ics)
from ttdn.cli.commands import import_  # noqa: F401  (group: import xlsx)
from ttdn.cli.commands import schema  # noqa: F401
from ttdn.cli.commands import site  # noqa: F401
from ttdn.cli.commands import agencies  # noqa: F401  (group: agencies import)

# isort: on
