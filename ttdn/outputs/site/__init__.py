"""The web dashboard (``ttdn site``): a static website of the plan's status, charts, a page
per agency and per task, and the changes through git. See :mod:`ttdn.outputs.site.build`."""
