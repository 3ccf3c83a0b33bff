"""What changed between two versions of the data, in words: ``ttdn diff`` and ``ttdn log``.

:func:`compare` turns two :class:`~ttdn.domain.dataset.Dataset` objects into a list of
:class:`Change` records, per plan: tasks added, removed, moved between sections, renumbered,
and per field (timeline and due date, lead and coordinators by agency name, texts with the
changed words marked); progress entries and report submissions recorded; then agencies and
groups added, renamed, removed. Tasks are matched by their stable ``id``, so a task moved to
another file or renumbered is one task that changed, not one removed and one added.

A change is a list of segments (plain text, identifiers, deleted and inserted words), so one
record renders as plain text (``[-cũ-]{+mới+}``, as ``git diff --word-diff``), Markdown
(``~~cũ~~ **mới**``, for a merge request) or JSON.

The package, by concern:

- :mod:`~ttdn.outputs.diff.changes`: a :class:`Change` and its segments, word diffs;
- :mod:`~ttdn.outputs.diff.compare`: :func:`compare`, per plan (:mod:`.plan_fields`,
  :mod:`.tasks`, :mod:`.records`), then :mod:`.agencies`; field names in :mod:`.labels`;
- :mod:`~ttdn.outputs.diff.render`: the report of ``ttdn diff`` as text, Markdown or JSON;
  :mod:`~ttdn.outputs.diff.revisions` builds it from git revisions;
- :mod:`~ttdn.outputs.diff.history`: ``ttdn log``, a task followed through the commits
  (by its stable id, across renumbering);
- :mod:`~ttdn.outputs.diff.textconv`: ``ttdn textconv``, the normalised text ``git diff``
  shows for a data file once ``ttdn git-setup`` has run.

Git itself is read by :mod:`ttdn.data.gitrepo`.
"""
