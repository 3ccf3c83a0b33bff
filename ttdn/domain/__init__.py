"""The domain: plans, tasks, timelines and status rules. Pure: no I/O, no language."""
