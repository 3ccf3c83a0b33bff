"""Agencies and groups added, renamed, changed, removed."""

from __future__ import annotations

from ttdn.domain.dataset import Dataset
from ttdn.domain.model import (
    AGENCY_KIND_LABELS,
)
from ttdn.i18n import _, translate
from ttdn.outputs.diff.changes import Change, _set_parts, _value, agency_name, render
from ttdn.outputs.diff.labels import AGENCY_LABELS, GROUP_LABELS


def _agency_changes(old: Dataset, new: Dataset) -> list[Change]:
    out: list[Change] = []
    added = [s for s in new.agencies if s not in old.agencies]
    removed = [s for s in old.agencies if s not in new.agencies]
    for s in list(added):
        same = next((r for r in removed if old.agencies[r].name == new.agencies[s].name), None)
        if same is not None:
            added.remove(s)
            removed.remove(same)
            out.append(
                Change(
                    "agencies",
                    "agency-slug",
                    [
                        ("t", _("đổi mã cơ quan {name}: ", name=new.agencies[s].name)),
                        ("id", same),
                        ("t", " → "),
                        ("id", s),
                    ],
                    agency=s,
                    old=same,
                    new=s,
                )
            )
    for s in sorted(added):
        a = new.agencies[s]
        out.append(
            Change(
                "agencies",
                "agency-added",
                [("t", _("thêm cơ quan {name} ", name=a.name)), ("id", s)],
                agency=s,
                new=a,
            )
        )
    for s in sorted(removed):
        a = old.agencies[s]
        out.append(
            Change(
                "agencies",
                "agency-removed",
                [("t", _("xoá cơ quan {name} ", name=a.name)), ("id", s)],
                agency=s,
                old=a,
            )
        )
    for s in sorted(set(old.agencies) & set(new.agencies)):
        a, b = old.agencies[s], new.agencies[s]
        if a == b:
            continue
        for fld in type(b).model_fields:
            x, y = getattr(a, fld), getattr(b, fld)
            if x == y:
                continue
            if fld == "name":
                out.append(
                    Change(
                        "agencies",
                        "agency-renamed",
                        [("t", _("đổi tên cơ quan ")), ("id", s), ("t", f": “{x}” → “{y}”")],
                        agency=s,
                        field=fld,
                        old=x,
                        new=y,
                    )
                )
                continue
            label = translate(AGENCY_LABELS.get(fld, fld))
            if fld == "kind":
                text = (
                    f"{label}: {translate(AGENCY_KIND_LABELS.get(x, x))} → "
                    f"{translate(AGENCY_KIND_LABELS.get(y, y))}"
                )
            elif fld == "parent":
                text = f"{label}: {agency_name(old, x)} → {agency_name(new, y)}"
            elif fld == "aliases":
                text = render(_set_parts(label, x, y, str, str), "text")
            else:
                text = f"{label}: {_value(x)} → {_value(y)}"
            out.append(
                Change(
                    "agencies",
                    f"agency-{fld.replace('_', '-')}",
                    [("t", _("cơ quan {name} ", name=b.name)), ("id", s), ("t", f": {text}")],
                    agency=s,
                    field=fld,
                    old=x,
                    new=y,
                )
            )
    return out


def _group_changes(old: Dataset, new: Dataset) -> list[Change]:
    out: list[Change] = []
    for g in sorted(set(new.groups) - set(old.groups)):
        out.append(
            Change(
                "groups",
                "group-added",
                [("t", _("thêm nhóm cơ quan {name} ", name=new.groups[g].name)), ("id", g)],
                new=new.groups[g],
            )
        )
    for g in sorted(set(old.groups) - set(new.groups)):
        out.append(
            Change(
                "groups",
                "group-removed",
                [("t", _("xoá nhóm cơ quan {name} ", name=old.groups[g].name)), ("id", g)],
                old=old.groups[g],
            )
        )
    for g in sorted(set(old.groups) & set(new.groups)):
        a, b = old.groups[g], new.groups[g]
        if a == b:
            continue
        for fld in type(b).model_fields:
            x, y = getattr(a, fld), getattr(b, fld)
            if x == y or fld == "id":
                continue
            if fld == "name":
                parts = [("t", _("đổi tên nhóm cơ quan ")), ("id", g), ("t", f": “{x}” → “{y}”")]
            else:
                label = translate(GROUP_LABELS.get(fld, fld))
                parts = [
                    ("t", _("nhóm cơ quan {name} ", name=b.name)),
                    ("id", g),
                    ("t", f": {label}: {_value(x)} → {_value(y)}"),
                ]
            out.append(
                Change("groups", f"group-{fld.replace('_', '-')}", parts, field=fld, old=x, new=y)
            )
    return out
