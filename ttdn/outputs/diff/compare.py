"""Two datasets compared, per plan then agencies and groups: a list of :class:`Change`."""

from __future__ import annotations

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.i18n import _
from ttdn.outputs.diff.agencies import _agency_changes, _group_changes
from ttdn.outputs.diff.changes import Change
from ttdn.outputs.diff.plan_fields import _plan_field_changes
from ttdn.outputs.diff.records import _progress_changes, _report_changes
from ttdn.outputs.diff.tasks import _task_changes


def compare(
    old: Dataset, new: Dataset, plan: str | None = None, task: str | None = None
) -> list[Change]:
    """Every change from ``old`` to ``new`` (only plan ``plan`` / task ``task`` if given)."""
    out: list[Change] = []
    ids = sorted(set(old.plans) | set(new.plans))
    for pid in ids:
        if plan is None or pid == plan:
            out += _plan_changes(old, new, pid, task)
    if task is None:
        out += _agency_changes(old, new)
        out += _group_changes(old, new)
    return out


def _plan_changes(old: Dataset, new: Dataset, pid: str, only: str | None) -> list[Change]:
    o, n = old.plans.get(pid), new.plans.get(pid)
    if o is None and n is None:
        return []
    if o is None or n is None:
        pd = n or o
        assert pd is not None
        if only is not None:
            # The task (and its progress) appears or disappears with its whole plan: compare
            # with an empty plan.
            empty = PlanData(pd.id, pd.plan, pd.file)
            a, b = (empty, pd) if o is None else (pd, empty)
            return _task_changes(old, new, a, b, only) + _progress_changes(old, new, a, b, only)
        kind = "plan-added" if o is None else "plan-removed"
        text = (
            _("thêm kế hoạch ({n} nhiệm vụ)", n=len(pd.tasks))
            if o is None
            else _("xoá kế hoạch ({n} nhiệm vụ)", n=len(pd.tasks))
        )
        return [Change("plan", kind, [("t", text)], plan=pid)]
    out: list[Change] = []
    if only is None:
        out += _plan_field_changes(old, new, o, n)
    out += _task_changes(old, new, o, n, only)
    out += _progress_changes(old, new, o, n, only)
    if only is None:
        out += _report_changes(old, new, o, n)
    return out
