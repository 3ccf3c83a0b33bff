"""Appending a progress entry to an agency's progress file.

Only lines are added: every other line of the file (comments included) stays as it was,
so ``git diff`` shows just the new entry. The result is validated before anything is
written, and the write is atomic.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ttdn.checks.validate import unknown_indicator, validate
from ttdn.data.dataroot import MAX_FILE_BYTES, DataReadError, read_data_bytes
from ttdn.data.fsutil import LockBusy, atomic_write_text, check_no_links, data_lock
from ttdn.data.loader import load, read_problem
from ttdn.data.yamlsource import Loader, Source, parse
from ttdn.domain.clock import today
from ttdn.domain.dataset import Dataset, PlanData, TaskRef
from ttdn.domain.model import INDICATORS, STATUS_LABELS, ProgressEntry
from ttdn.i18n import _, error_line, every_lang
from ttdn.outputs.jsonschema import modeline
from ttdn.outputs.problems import choices_text, did_you_mean, problem_line, words
from ttdn.text import clean_text, control_character, fold, suggest

_SAFE_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RecordError(Exception):
    """The entry cannot be recorded; ``lines`` say why, ``code`` is the exit code."""

    def __init__(self, lines: list[str], code: int = 2) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


def find_task(pd: PlanData, key: str) -> TaskRef:
    """A task by stable id or by printed reference ("III.1")."""
    if key in pd.tasks:
        return pd.tasks[key]
    for tr in pd.tasks.values():
        if tr.task.ref.lower() == key.strip().lower():
            return tr
    close = suggest(key, list(pd.tasks)) or suggest(key, [t.task.ref for t in pd.tasks.values()])
    hint = _(" Gần giống: {names}.", names=", ".join(close)) if close else ""
    raise RecordError(
        [
            error_line(
                _(
                    "kế hoạch “{plan}” không có nhiệm vụ “{task}”.{hint}",
                    plan=pd.id,
                    task=key,
                    hint=hint,
                )
            )
        ]
    )


def locate_task(ds: Dataset, pd: PlanData, key: str, *, chosen: bool) -> TaskRef:
    """The task ``key`` (id or printed number) of ``pd``; when the plan was not ``chosen``
    (no ``--plan``) and ``pd`` does not have it, the one plan of the same year whose task has
    that id (an agency's own plan: ``dl-02-1``). Ambiguous or not found: :class:`RecordError`."""
    try:
        return find_task(pd, key)
    except RecordError:
        if chosen:
            raise
        found = [p.tasks[key] for p in ds.plans.values() if p.year == pd.year and key in p.tasks]
        if len(found) == 1:
            return found[0]
        if not found:
            raise
        raise RecordError(
            [
                error_line(
                    _(
                        "nhiệm vụ “{task}” có trong nhiều kế hoạch năm {year}: {plans}; "
                        "chọn một bằng --plan",
                        task=key,
                        year=pd.year,
                        plans=", ".join(sorted(tr.plan_id for tr in found)),
                    )
                )
            ]
        ) from None


def implementing_tasks(ds: Dataset, task: TaskRef) -> list[TaskRef]:
    """Tasks of the plans under ``task``'s plan that implement it: when there are any, the
    task's status is rolled up from them and its lead's entries on it do not count."""
    return [
        tr
        for p in ds.plans.values()
        if p.plan.parent == task.plan_id and p.id != task.plan_id
        for tr in p.tasks.values()
        if tr.task.implements == task.task.id
    ]


def parse_status(value: object) -> str | None:
    """A status code from what a user wrote: the code (``done``) or its label in Vietnamese
    (with or without diacritics: "hoàn thành", "hoan thanh") or English ("Done"), whatever
    the case; None when it is none of them. Shared by ``progress set`` and the workbook
    import."""
    text = unicodedata.normalize("NFC", str(value)).strip().lower()
    for code, label in STATUS_LABELS.items():
        if text == code or text in (x.lower() for x in every_lang(label)):
            return code
    folded = fold(text)
    for code, label in STATUS_LABELS.items():
        if folded == fold(code) or folded in (fold(x) for x in every_lang(label)):
            return code
    return None


def clean_option(value: str, name: str) -> str:
    """Text typed by a user (``name``: the option or the cell it came from) as ttdn stores it:
    NFC, ``\n`` line ends; a control character other than newline and tab is refused."""
    text = clean_text(value)
    bad = control_character(text)
    if bad is not None:
        raise RecordError(
            [
                error_line(
                    _(
                        "{name} có ký tự điều khiển {char} (không in được); hãy xoá ký tự đó "
                        "— không ghi gì",
                        name=name,
                        char=bad,
                    )
                )
            ]
        )
    return text


# How build_entry names the fields it refuses: the options of ``progress set``.
OPTION_NAMES = {"result": "--result", "note": "--note", "evidence": "--evidence"}


def parse_indicators(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            raise RecordError(
                [
                    error_line(
                        _(
                            "--indicator “{item}” phải có dạng KHOÁ=SỐ, ví dụ news_articles=12",
                            item=item,
                        )
                    )
                ]
            )
        if key not in INDICATORS:
            raise RecordError([error_line(words(unknown_indicator(key)))])
        try:
            n = int(value.strip())
        except ValueError:
            n = -1
        if n < 0:
            raise RecordError(
                [
                    error_line(
                        _(
                            "chỉ tiêu “{key}” phải là số nguyên không âm, không phải “{value}”",
                            key=key,
                            value=value,
                        )
                    )
                ]
            )
        out[key] = n
    return out


def entry_yaml(entry: dict, indent: int) -> str:
    """One ``- task: …`` item, its dash at column ``indent``, in ``ttdn fmt``'s canonical form
    (field order of the model, long texts folded at 88 columns), so that ``progress set``
    followed by ``ttdn fmt --check`` passes."""
    from ttdn.edit.fmt import sequence_item

    return sequence_item(entry, indent, ProgressEntry)


def insert_entry(text: str, entry: dict, agency: str) -> str:
    """``text`` (a progress file, possibly empty) with ``entry`` added at the end of ``entries``."""
    return insert_entries(text, [entry], agency)


def insert_entries(text: str, entries: list[dict], agency: str) -> str:
    """``text`` (a progress file, possibly empty) with ``entries`` added, in order, at the end
    of its ``entries``. The file is parsed once however many entries are added (an import
    of thousands of rows stays linear)."""

    def block(indent: int) -> str:  # every entry, one after the other
        return "".join(entry_yaml(e, indent) for e in entries)

    if not text.strip():
        return (
            modeline("progress") + "\n"
            f"# Tiến độ của {agency}: mỗi lần cập nhật là một mục trong entries.\n"
            f"agency: {agency}\nentries:\n" + block(2)
        )
    if not text.endswith("\n"):
        text += "\n"
    root = yaml.compose(text, Loader=Loader)
    entries_node = None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "entries":
                entries_node = (k, v)
    if entries_node is None:
        new_lines = ["entries:"] + block(2).rstrip("\n").split("\n")
        lines = text.split("\n")
        after = (
            [k for k, _ in root.value if k.value == "reports"]
            if isinstance(root, yaml.MappingNode)
            else []
        )
        if after and after[0].start_mark.column == 0:
            # Canonical key order puts entries before reports: insert above "reports:" and the
            # comment lines directly above it.
            at = after[0].start_mark.line
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            return "\n".join(lines[:at] + new_lines + lines[at:])
        return text + "\n".join(new_lines) + "\n"
    key, seq = entries_node
    lines = text.split("\n")
    if isinstance(seq, yaml.SequenceNode) and seq.value and not seq.flow_style:
        indent = seq.start_mark.column
        last = seq.value[-1]
        # Insert after the last item's own lines (trailing comments/blank lines stay after it).
        end_line = last.end_mark.line if last.end_mark.column == 0 else last.end_mark.line + 1
        while end_line > 0 and lines[end_line - 1].strip() == "":
            end_line -= 1
        new = block(indent).rstrip("\n").split("\n")
        return "\n".join(lines[:end_line] + new + lines[end_line:])
    # "entries:" with no items, "entries: []", or null: rewrite just that key's lines.
    start = key.start_mark.line
    stop = seq.end_mark.line + (0 if seq.end_mark.column == 0 else 1)
    stop = max(stop, start + 1)
    new = ["entries:"] + block(2).rstrip("\n").split("\n")
    return "\n".join(lines[:start] + new + lines[stop:])


def build_entry(
    pd: PlanData,
    task_key: str,
    status: str,
    date: dt.date,
    *,
    note: str | None = None,
    result: str | None = None,
    indicators: list[str] | dict[str, int] = (),
    evidence: list[str] = (),
    agency: str | None = None,
    field_names: dict[str, str] | None = None,
) -> tuple[str, dict]:
    """One checked entry, not yet written: (progress file relative to the data root, entry).

    ``status``: a code or a label (:func:`parse_status`). ``indicators``: ``KEY=N`` strings
    (as typed on the command line) or a ready mapping. Texts are stored NFC; one with a
    control character is refused, named by ``field_names`` (default: the options of
    ``progress set``, :data:`OPTION_NAMES`).
    """
    tr = find_task(pd, task_key)
    code = parse_status(status)
    if code is None:
        raise RecordError(
            [
                error_line(
                    _(
                        "trạng thái “{status}” không có.{hint} Chọn một trong: {choices}",
                        status=status,
                        hint=did_you_mean(status, STATUS_LABELS.keys()),
                        choices=choices_text(STATUS_LABELS),
                    )
                )
            ]
        )
    status = code
    names = {**OPTION_NAMES, **(field_names or {})}
    result = clean_option(result, names["result"]) if result else result
    note = clean_option(note, names["note"]) if note else note
    evidence = [clean_option(x, names["evidence"]) for x in evidence]
    slug = agency or tr.task.lead
    if not _SAFE_SLUG.match(slug):
        raise RecordError([error_line(_("mã cơ quan “{slug}” không hợp lệ", slug=slug))])
    entry: dict = {"task": tr.task.id, "date": date, "status": status}
    if result:
        entry["result"] = result
    if note:
        entry["note"] = note
    if isinstance(indicators, dict):
        inds = parse_indicators([f"{k}={v}" for k, v in indicators.items()])
    else:
        inds = parse_indicators(list(indicators))
    if inds:
        entry["indicators"] = inds
    if evidence:
        entry["evidence"] = list(evidence)
    ProgressEntry.model_validate(entry)
    return f"plans/{pd.id}/progress/{slug}.yaml", entry


@dataclass
class Appended:
    """What :func:`append_entries` did: the files it wrote and the entries it left out
    because the same entry was already the task's latest in that file."""

    files: list[str] = field(default_factory=list)
    written: list[tuple[str, dict]] = field(default_factory=list)
    skipped: int = 0


# The fields that make two entries "the same": recording them again must not count twice.
SAME_ENTRY_FIELDS = ("task", "date", "status", "result", "indicators", "evidence")


def _same(a: dict, b: dict) -> bool:
    return all((a.get(k) or None) == (b.get(k) or None) for k in SAME_ENTRY_FIELDS)


def _latest_entries(text: str) -> dict[str, dict]:
    """Each task's latest entry in a progress file's text (by date, then file order)."""
    try:
        data = yaml.load(text, Loader=Loader) if text.strip() else None
    except yaml.YAMLError:
        return {}
    latest: dict[str, dict] = {}
    entries = data.get("entries") if isinstance(data, dict) else None
    for e in entries if isinstance(entries, list) else []:
        if not isinstance(e, dict) or not isinstance(e.get("task"), str):
            continue
        old = latest.get(e["task"])
        if old is None or str(e.get("date")) >= str(old.get("date")):
            latest[e["task"]] = e
    return latest


def append_entries(ds: Dataset, items: list[tuple[str, dict]]) -> Appended:
    """Append several entries built by :func:`build_entry`, in order.

    The whole read-modify-write holds the data root's lock (:func:`data_lock`), and the
    files are read afresh under it, so concurrent writers never lose each other's entries.
    An entry identical to the task's latest entry in its file (same date, status, result,
    indicators, evidence) is not written again: recording the same figures twice must not
    count twice. Every changed file is validated (before and after) and nothing at all is
    written when any of them has an error; then each file is written atomically.
    """
    for rel in {rel for rel, _entry in items}:  # before the lock file is even created
        check_no_links(ds.root, ds.root / rel)
    try:
        with data_lock(ds.root):
            return _append_locked(ds, items)
    except LockBusy as exc:
        raise RecordError(
            [error_line(words(exc.message))],
            code=1,
        ) from None


def _append_locked(ds: Dataset, items: list[tuple[str, dict]]) -> Appended:
    ds, texts = read_locked(ds, [rel for rel, _entry in items])
    new, done = entries_into(texts, items)
    done.files = write_checked(ds, texts, new, _("không ghi gì vì mục mới không hợp lệ"))
    if not done.files:
        done.written = []
    return done


def read_locked(ds: Dataset, rels: list[str]) -> tuple[Dataset, dict[str, str]]:
    """The files ``rels`` (relative to the data root) as they are now, and the dataset
    reloaded with them; to be called holding :func:`data_lock` (the dataset was loaded before
    it was taken). A file that does not exist yet is ``""``. RecordError when any of them has
    an error already: nothing is to be written over it."""
    texts: dict[str, str] = {}
    current = dict(ds.sources)
    for rel in rels:
        if rel not in texts:
            path: Path = ds.root / rel
            check_no_links(ds.root, path)  # a link, a folder named *.yaml: WriteError
            if not path.exists():
                texts[rel] = ""
                continue
            # Read like the loader: at most the size limit, a regular file only.
            try:
                raw = read_data_bytes(ds.root, rel, MAX_FILE_BYTES)
            except DataReadError as exc:
                raw = b""  # nothing is written: the problem below stops it
                current[rel] = Source(rel)
                current[rel].problems.append(read_problem(rel, exc))
            else:
                current[rel] = parse(rel, raw)
            texts[rel] = raw.decode("utf-8", "replace")
    ds = load(ds.root, current)
    before = [p for p in validate(ds) if p.file in texts and p.severity == "error"]
    if before:
        bad = sorted({p.file for p in before})
        raise RecordError(
            [problem_line(p) for p in before]
            + [
                error_line(_("tệp {path} đang có lỗi; sửa trước khi ghi thêm", path=rel))
                for rel in bad
            ],
            code=1,
        )
    return ds, texts


def entries_into(
    texts: dict[str, str], items: list[tuple[str, dict]]
) -> tuple[dict[str, str], Appended]:
    """The files' ``texts`` with the entries ``items`` added (nothing written), and what
    was added; an entry identical to the task's latest in its file is left out (counted in
    ``skipped``)."""
    new = dict(texts)
    latest = {rel: _latest_entries(text) for rel, text in texts.items()}
    done = Appended()
    adding: dict[str, list[dict]] = {}
    for rel, entry in items:
        last = latest[rel].get(entry["task"])
        if last is not None and _same(last, entry):
            done.skipped += 1
            continue
        adding.setdefault(rel, []).append(entry)
        latest[rel][entry["task"]] = entry
        done.written.append((rel, entry))
    for rel, entries in adding.items():
        new[rel] = insert_entries(new[rel], entries, rel.rsplit("/", 1)[-1].removesuffix(".yaml"))
    return new, done


def write_checked(
    ds: Dataset, texts: dict[str, str], new: dict[str, str], refused: str, dry_run: bool = False
) -> list[str]:
    """Write the files of ``new`` that differ from ``texts`` (as :func:`read_locked` read
    them, under the same lock): all of them are validated together first and nothing at all
    is written when any has an error (then RecordError, ending with ``refused``); then each
    file is written atomically. Returns the files written.

    They are checked as ``ttdn validate`` checks them today (in Hà Nội): an entry or a report
    dated after today is refused here, not written to fail the next ``validate`` (and the
    pre-commit hook) until that day comes. ``dry_run``: the same checks, nothing written."""
    new = {rel: text for rel, text in new.items() if text != texts.get(rel)}
    if not new:
        return []
    sources = dict(ds.sources)
    for rel, text in new.items():
        sources[rel] = parse(rel, text.encode("utf-8"))
    checked = validate(load(ds.root, sources), today())
    after = [p for p in checked if p.file in new and p.severity == "error"]
    if after:
        raise RecordError([problem_line(p) for p in after] + [error_line(refused)], code=1)
    if dry_run:
        return list(new)
    for rel, text in new.items():
        atomic_write_text(ds.root / rel, text, sweep=True, root=ds.root)
    return list(new)


def append_entry(
    ds: Dataset,
    pd: PlanData,
    task_key: str,
    status: str,
    date: dt.date,
    *,
    note: str | None = None,
    result: str | None = None,
    indicators: list[str] = (),
    evidence: list[str] = (),
    agency: str | None = None,
) -> tuple[str, dict, bool]:
    """Record one entry; returns (file path relative to the data root, the entry, whether it
    was written — False when the same entry was already the task's latest)."""
    rel, entry = build_entry(
        pd,
        task_key,
        status,
        date,
        note=note,
        result=result,
        indicators=indicators,
        evidence=evidence,
        agency=agency,
    )
    done = append_entries(ds, [(rel, entry)])
    return rel, entry, bool(done.files)
