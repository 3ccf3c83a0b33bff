"""The report of ``ttdn diff``: the two sides, the changes grouped, as text, Markdown or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ttdn.domain.dataset import Dataset
from ttdn.i18n import _, translate
from ttdn.outputs.diff.changes import Change, md_escape
from ttdn.outputs.diff.compare import compare
from ttdn.outputs.diff.labels import SECTION_LABELS, SECTION_ORDER, WARNINGS


@dataclass
class Side:
    """One side of a comparison: a commit, or the working tree (``commit`` None)."""

    label: str  # what the user typed ("HEAD", "main") or "thư mục làm việc"
    commit: str | None = None
    short: str | None = None

    def describe(self) -> str:
        if self.commit is None:
            return self.label
        if self.short and self.label not in (self.commit, self.short):
            return f"{self.label} ({self.short})"
        return self.short or self.label

    def as_json(self) -> dict:
        return {
            "rev": self.label if self.commit else None,
            "commit": self.commit,
            "worktree": self.commit is None,
        }


@dataclass
class DiffReport:
    before: Side
    after: Side
    changes: list[Change]
    warnings: list[str] = field(default_factory=list)
    layout_only: bool = False  # files differ, data does not
    plan_titles: dict[str, str] = field(default_factory=dict)


def build_report(
    old: Dataset, new: Dataset, before: Side, after: Side, plan: str | None = None
) -> DiffReport:
    changes = compare(old, new, plan=plan)
    rep = DiffReport(before, after, changes)
    for side, ds in ((before, old), (after, new)):
        errors = [p for p in ds.problems if p.severity == "error"]
        if errors:
            files = sorted({p.file for p in errors})
            rep.warnings.append(
                _(
                    "dữ liệu ở {side} có {n} lỗi (tệp {files}); phần không đọc được bị bỏ qua "
                    "khi so sánh; chạy “ttdn validate” để xem",
                    side=side.describe(),
                    n=len(errors),
                    files=", ".join(files[:5]) + ("…" if len(files) > 5 else ""),
                )
            )
    if not changes:
        a = {rel: s.lines for rel, s in old.sources.items()}
        b = {rel: s.lines for rel, s in new.sources.items()}
        rep.layout_only = a != b
    for ds in (old, new):
        for pid, pd in ds.plans.items():
            rep.plan_titles[pid] = pd.plan.title
    return rep


def _grouped(changes: list[Change]):
    """(plan id or None, section, changes) in display order."""
    plans: dict[str, dict[str, list[Change]]] = {}
    other: dict[str, list[Change]] = {}
    for c in changes:
        if c.plan is not None:
            plans.setdefault(c.plan, {}).setdefault(c.section, []).append(c)
        else:
            other.setdefault(c.section, []).append(c)
    return plans, other


def flagged(rep: DiffReport) -> list[Change]:
    """The changes a review must not miss (a deadline moved later, a task removed, a lead
    changed), in the order of the report: listed first, as warnings."""
    return [c for c in rep.changes if c.warning]


def _flag_line(c: Change, text: str) -> str:
    return _(
        "{flag} — kế hoạch {plan}: {change}",
        flag=translate(WARNINGS[c.warning]),
        plan=c.plan,
        change=text,
    )


def render_text(rep: DiffReport) -> str:
    lines = [
        _(
            "Thay đổi từ {before} đến {after}:",
            before=rep.before.describe(),
            after=rep.after.describe(),
        )
    ]
    if flags := flagged(rep):
        lines += ["", _("Cần chú ý ({n}):", n=len(flags))]
        lines += [f"  ! {_flag_line(c, c.text())}" for c in flags]
    if not rep.changes:
        lines.append(_no_change(rep))
    plans, other = _grouped(rep.changes)
    for pid, sections in plans.items():
        lines.append("")
        title = rep.plan_titles.get(pid, "")
        lines.append(
            _("Kế hoạch {plan}: {title}", plan=pid, title=title)
            if title
            else _("Kế hoạch {plan}", plan=pid)
        )
        for sec in SECTION_ORDER:
            if sec in sections:
                lines.append(f"  {translate(SECTION_LABELS[sec])}:")
                lines += [f"    {c.text()}" for c in sections[sec]]
    for sec, title in (("agencies", _("Cơ quan")), ("groups", _("Nhóm cơ quan"))):
        if sec in other:
            lines.append("")
            lines.append(f"{title}:")
            lines += [f"  {c.text()}" for c in other[sec]]
    return "\n".join(lines) + "\n"


def _no_change(rep: DiffReport) -> str:
    if rep.layout_only:
        return _(
            "Không có thay đổi nào về dữ liệu. Các tệp chỉ khác nhau về cách trình bày hoặc vị trí."
        )
    return _("Không có thay đổi nào về dữ liệu.")


def render_markdown(rep: DiffReport) -> str:
    lines = [
        _("### Thay đổi dữ liệu kế hoạch thông tin đối ngoại"),
        "",
        _(
            "Từ {before} đến {after}.",
            before=md_escape(rep.before.describe()),
            after=md_escape(rep.after.describe()),
        ),
    ]
    for w in rep.warnings:
        lines += ["", _("> **Lưu ý:** {message}", message=md_escape(w))]
    if flags := flagged(rep):
        lines += ["", _("**Cần chú ý ({n}):**", n=len(flags)), ""]
        lines += [f"- ⚠ {_flag_line(c, c.markdown())}" for c in flags]
    if not rep.changes:
        lines += ["", _no_change(rep)]
    plans, other = _grouped(rep.changes)
    for pid, sections in plans.items():
        title = rep.plan_titles.get(pid)
        lines += [
            "",
            _("#### Kế hoạch `{plan}`", plan=pid) + (f": {md_escape(title)}" if title else ""),
        ]
        for sec in SECTION_ORDER:
            if sec in sections:
                lines += ["", f"**{translate(SECTION_LABELS[sec])}**", ""]
                lines += [f"- {c.markdown()}" for c in sections[sec]]
    for sec, title in (("agencies", _("Cơ quan")), ("groups", _("Nhóm cơ quan"))):
        if sec in other:
            lines += ["", f"#### {title}", ""]
            lines += [f"- {c.markdown()}" for c in other[sec]]
    return "\n".join(lines) + "\n"


def render_json(rep: DiffReport) -> str:
    return json.dumps(
        {
            "from": rep.before.as_json(),
            "to": rep.after.as_json(),
            # review flags first, then problems reading either side
            "warnings": [
                {
                    "code": c.warning,
                    "label": translate(WARNINGS[c.warning]),
                    "plan": c.plan,
                    "task": c.task,
                    "ref": c.ref,
                    "text": c.text(),
                }
                for c in flagged(rep)
            ]
            + [{"code": "data-errors", "text": w} for w in rep.warnings],
            "layout_only": rep.layout_only,
            "changes": [c.as_json() for c in rep.changes],
        },
        ensure_ascii=False,
        indent=2,
    )
