"""The loaded data: agencies, groups, plans with their tasks and progress, and where each
value came from. A plain in-memory aggregate; :mod:`ttdn.data.loader` fills it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ttdn.domain.messages import Message
from ttdn.domain.model import Agency, Group, Plan, ProgressFile, Task, TaskSection
from ttdn.domain.problems import Problem
from ttdn.text import fold, suggest


class Source(Protocol):
    """What the dataset needs of a parsed file (:class:`ttdn.data.yamlsource.Source`):
    where a value is, and a problem located there."""

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]: ...

    def problem(
        self, code: str, path: tuple, message: Message, *, key: bool = False, severity: str = ...
    ) -> Problem: ...


@dataclass
class TaskRef:
    """A task with where it lives: its plan, file and index in that file."""

    task: Task
    plan_id: str
    section: TaskSection
    file: str
    index: int


@dataclass
class PlanData:
    id: str
    plan: Plan
    file: str
    sections: list[tuple[str, TaskSection]] = field(default_factory=list)
    tasks: dict[str, TaskRef] = field(default_factory=dict)
    # ids of tasks present in files but invalid: references to them are not reported again
    broken_task_ids: set[str] = field(default_factory=set)
    progress: dict[str, ProgressFile] = field(default_factory=dict)
    progress_files: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.plan.year

    def task_list(self) -> list[TaskRef]:
        return list(self.tasks.values())


@dataclass
class Dataset:
    """Everything under one data root, with the sources it was read from."""

    root: Path
    agencies: dict[str, Agency] = field(default_factory=dict)
    agency_files: dict[str, str] = field(default_factory=dict)
    # agency files that exist but are invalid: references to them are not reported again
    broken_agencies: set[str] = field(default_factory=set)
    groups: dict[str, Group] = field(default_factory=dict)
    group_index: dict[str, int] = field(default_factory=dict)  # where each is in groups.yaml
    plans: dict[str, PlanData] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # hash of the code and of every file's path and bytes, when read from disk with the cache
    # on (:mod:`ttdn.data.cache`); None otherwise. Keys results computed from the whole dataset.
    fingerprint: str | None = None

    def source(self, file: str) -> Source:
        return self.sources[file]

    def agency_name(self, slug: str) -> str:
        """The agency's full name; ``slug`` itself when there is no such agency."""
        a = self.agencies.get(slug)
        return a.name if a else slug

    def agency_short(self, slug: str) -> str:
        """The agency's short name; ``slug`` itself when there is no such agency."""
        a = self.agencies.get(slug)
        return a.short_name if a else slug

    def group_name(self, gid: str) -> str:
        """The group's name as printed; ``gid`` itself when there is no such group."""
        g = self.groups.get(gid)
        return g.name if g else gid

    def group_members(self, gid: str) -> list[str]:
        """The slugs of the agencies in group ``gid`` (by kind, then named), in slug order;
        empty for a generic group or an unknown one."""
        g = self.groups.get(gid)
        if g is None or g.members is None:
            return []
        kinds = set(g.members.kinds)
        out = {s for s, a in self.agencies.items() if a.kind in kinds}
        out.update(s for s in g.members.agencies if s in self.agencies)
        return sorted(out)

    def groups_of(self, slug: str) -> list[str]:
        """The ids of the groups ``slug`` is a member of, in ``groups.yaml`` order."""
        a = self.agencies.get(slug)
        out = []
        for gid, g in self.groups.items():
            m = g.members
            if m is not None and ((a is not None and a.kind in m.kinds) or slug in m.agencies):
                out.append(gid)
        return out

    def find_agency(self, query: str) -> tuple[str | None, list[str]]:
        """The agency slug for ``query`` (slug, name, short name or alias, with or without
        diacritics); else ``(None, closest matches)``."""
        if query in self.agencies:
            return query, []
        q = fold(query)
        names: dict[str, str] = {}
        for slug, a in self.agencies.items():
            for n in (slug, a.name, a.short_name, *a.aliases):
                names.setdefault(fold(n), slug)
        if q in names:
            return names[q], []
        close = suggest(q, list(names))
        seen: list[str] = []
        for c in close:
            if names[c] not in seen:
                seen.append(names[c])
        return None, seen

    def coordinator_names(self, task: Task) -> list[str]:
        """The coordinators of ``task`` named by the data: agencies, then groups."""
        return [self.agency_name(s) for s in task.coordinators] + [
            self.group_name(g) for g in task.coordinator_groups
        ]

    def problem(
        self,
        code: str,
        file: str,
        path: tuple,
        message: Message,
        *,
        key: bool = False,
        severity: str = "error",
    ) -> Problem:
        """A problem located at ``path`` inside ``file``."""
        src = self.sources.get(file)
        if src is None:
            return Problem(code, file, 0, 0, message, severity)  # type: ignore[arg-type]
        return src.problem(code, path, message, key=key, severity=severity)

    @property
    def is_sample(self) -> bool:
        """True when any loaded record is labelled as sample data."""
        return any(a.sample for a in self.agencies.values()) or any(
            p.plan.sample or any(pf.sample for pf in p.progress.values())
            for p in self.plans.values()
        )
