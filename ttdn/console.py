"""The ``ttdn`` program: the console script and ``python -m ttdn`` start here.

A ttdn run is a short process that builds many small objects (parsed data, task statuses,
document parts) and exits; reference counting frees them, and the cyclic garbage collector
only walks them again and again. It is switched off for the whole process, imports
included (measured: ~5% off the consolidated report, lower peak memory).

When the command is over, the process ends with :func:`os._exit` once the standard streams
are flushed. A normal interpreter exit frees every object one by one and runs a last
collection over all of them and over every module (pydantic, lxml, docx…): about 40 ms
after a consolidated report at city scale, for memory the system takes back at once
anyway. Nothing of ttdn needs that teardown: files are written and closed (atomically)
before a command returns, and ttdn registers no exit handlers. Objects handed to
:func:`keep_until_exit` (the loaded dataset) are not even freed.

Code that calls :func:`ttdn.cli.main` in-process (the tests) keeps the collector and the
normal exit as they are.
"""

from __future__ import annotations

import gc
import os
import sys

_kept: list[object] = []
_fast_exit = False


def keep_until_exit(obj: object) -> None:
    """Leave ``obj`` for the end of the process to reclaim (only under :func:`run`)."""
    if _fast_exit:
        _kept.append(obj)


def run() -> None:
    """Entry point of the ``ttdn`` console script."""
    global _fast_exit
    gc.disable()
    _fast_exit = True
    try:
        from ttdn.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = _exit_status(exc.code)
    except KeyboardInterrupt:  # Ctrl-C while Python was still importing ttdn
        from ttdn.i18n import env_lang, in_lang

        args = sys.argv[1:]
        asked = "--lang=en" in args or any(
            a == "--lang" and b == "en" for a, b in zip(args, args[1:], strict=False)
        )
        lang = "en" if asked else env_lang()[0]
        print(in_lang(lang, "ttdn: đã dừng."), file=sys.stderr)
        code = 130
    _exit(code)


def _exit_status(code: object) -> int:
    """The status :class:`SystemExit` would give (a message is printed, like Python does)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _exit(code: int) -> None:
    """Flush the standard streams and end the process now (see the module documentation)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``ttdn … | head``), a closed stream
            pass
    os._exit(code)
