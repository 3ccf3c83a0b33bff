"""The ``ttdn`` program: the console script and ``python -m ttdn`` start here.

A ttdn run is a short process that builds many small objects (parsed data, task statuses,
document parts) and exits; reference counting frees them, and the cyclic garbage collector
only walks them again and again. It is switched off for the whole process, imports
included (measured: ~5% off the consolidated report, lower peak memory). Code that calls
:func:`ttdn.cli.main` in-process (the tests) keeps the collector as it is.
"""

import gc


def run() -> None:
    """Entry point of the ``ttdn`` console script."""
    gc.disable()
    from ttdn.cli import main

    main()
