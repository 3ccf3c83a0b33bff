"""``ttdn import xlsx``: progress filled in a workbook exported by ``ttdn export xlsx``,
recorded in the agencies' progress files.

:func:`import_workbook` reads the filled-in rows back and turns each into a progress entry
built exactly as ``ttdn progress set`` builds it (:func:`ttdn.edit.record.build_entry`); every
row is checked first and nothing is written when any row is wrong, each error naming its
sheet and row. The workbook says which plan and agency it was exported for (custom document
properties), so importing needs no options. The columns are found by their headers, in
either language (:mod:`ttdn.outputs.xlsx.columns`). The rows of the sheet "Báo cáo" are
recorded as ``progress report`` and ``progress narrative`` record them
(:func:`ttdn.edit.period_report.report_into`), in the same write as the task rows.

openpyxl is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.i18n import _, error_line, every_lang, translate
from ttdn.outputs.xlsx.columns import (
    DATE_HEADER,
    FILE_HEADER,
    ID_HEADER,
    INDICATOR_HEADERS,
    NARRATIVE_HEADERS,
    NEW_STATUS_HEADER,
    NOTE_HEADER,
    NUMBER_HEADER,
    PERIOD_ID_HEADER,
    PROP_AGENCY,
    PROP_PLAN,
    RESULT_HEADER,
    SUBMITTED_HEADER,
    XlsxError,
    indicator_columns_read,
    indicator_header,
)
from ttdn.text import parse_day


@dataclass
class FilledRow:
    """One row of a sheet with something written in its fill-in columns."""

    sheet: str
    row: int
    task_id: str | None
    status: object = None
    date: object = None
    result: object = None
    note: object = None
    indicators: dict[str, object] = field(default_factory=dict)
    formulas: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula) uncomputed

    @property
    def where(self) -> str:
        return _("Trang tính {sheet}, dòng {row}", sheet=self.sheet, row=self.row)


@dataclass
class ReportRow:
    """One row of the sheet "Báo cáo" with something written in its fill-in columns:
    ``values`` by key (submitted, number, file and the narrative parts)."""

    sheet: str
    row: int
    period: str | None
    values: dict[str, object]
    formulas: list[tuple[str, str]] = field(default_factory=list)

    @property
    def where(self) -> str:
        return _("Trang tính {sheet}, dòng {row}", sheet=self.sheet, row=self.row)


@dataclass
class Workbook:
    """What was read from a workbook: where it came from and the filled-in rows (tasks,
    then the periodic reports of the sheet "Báo cáo")."""

    plan: str | None
    agency: str | None
    rows: list[FilledRow]
    reports: list[ReportRow] = field(default_factory=list)


def _norm_header(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split()).lower()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def zip_too_large(path: Path, exc) -> str:
    """The message for a :class:`ttdn.data.zipcap.ZipTooLarge` in the file ``path``."""
    return _(
        "“{path}” bị từ chối: phần “{member}” giải nén ra {size} MB (quá giới hạn); "
        "tệp có thể là “bom zip” — hãy lưu lại tệp bằng Excel hoặc Word",
        path=path,
        member=exc.member,
        size=exc.size // (1024 * 1024),
    )


def read_workbook(path: Path) -> Workbook:
    """The filled-in rows of every sheet that has the fill-in columns."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ttdn.data.zipcap import ZipTooLarge, check_zip

    try:
        check_zip(path)
    except ZipTooLarge as exc:
        raise XlsxError([error_line(zip_too_large(path, exc))], code=1) from None
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        raise XlsxError(
            [
                error_line(
                    _(
                        "không đọc được “{path}” như một bảng tính Excel (.xlsx): {error}",
                        path=path,
                        error=exc,
                    )
                )
            ],
            code=2,
        ) from None
    # formulas: a cell holding one is read as its cached value (above); one never computed
    # (saved by a program that does not calculate) has none and must not pass as blank
    formula_book = load_workbook(path, read_only=True, data_only=False)
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    rows: list[FilledRow] = []
    reports: list[ReportRow] = []
    found = False
    # the workbook may have been exported in either language
    ind_by_header = {
        _norm_header(text): k for k in INDICATOR_HEADERS for text in indicator_columns_read(k)
    }
    by_header = {
        _norm_header(text): key
        for header, key in (
            (NEW_STATUS_HEADER, "status"),
            (DATE_HEADER, "date"),
            (RESULT_HEADER, "result"),
            (NOTE_HEADER, "note"),
        )
        for text in every_lang(header)
    }
    id_headers = {_norm_header(text) for text in every_lang(ID_HEADER)}
    for ws, fws in zip(wb.worksheets, formula_book.worksheets, strict=False):
        header_row, cols = None, {}
        for r, values in enumerate(ws.iter_rows(min_row=1, max_row=12, values_only=True), 1):
            names = [_norm_header(v) for v in values]
            found_id = [i for i, n in enumerate(names) if n in id_headers]
            if found_id:
                header_row = r
                id_col = found_id[0]
                cols = {"id": id_col}
                for i, n in enumerate(names):
                    if i <= id_col:
                        continue
                    key = by_header.get(n) or (
                        f"ind:{ind_by_header[n]}" if n in ind_by_header else None
                    )
                    if key and key not in cols:
                        cols[key] = i
                break
        if header_row is None:
            report_rows = _report_rows(ws, fws)
            if report_rows is not None:
                found = True
                reports += report_rows
            continue
        found = True
        for r, filled, tid, formulas in _filled_rows(ws, fws, header_row, cols, "id"):
            rows.append(
                FilledRow(
                    sheet=ws.title,
                    row=r,
                    task_id=tid,
                    status=filled.get("status"),
                    date=filled.get("date"),
                    result=filled.get("result"),
                    note=filled.get("note"),
                    indicators={
                        k[4:]: v
                        for k, v in filled.items()
                        if k.startswith("ind:") and not _blank(v)
                    },
                    formulas=formulas,
                )
            )
    formula_book.close()  # read-only mode keeps the file open until then
    if not found:
        raise XlsxError(
            [
                error_line(
                    _(
                        "“{path}” không có trang tính nào có cột “{id_header}” và "
                        "“{status_header}”; hãy dùng tệp xuất bằng “ttdn export xlsx”",
                        path=path,
                        id_header=translate(ID_HEADER),
                        status_header=translate(NEW_STATUS_HEADER),
                    )
                )
            ],
            code=2,
        )
    return Workbook(props.get(PROP_PLAN), props.get(PROP_AGENCY), rows, reports)


def _filled_rows(ws, fws, header_row: int, cols: dict[str, int], id_key: str):
    """(row number, the fill-in values by key, the row's id or None, uncomputed formulas)
    of each row below ``header_row`` with something in its fill-in columns (``cols`` but
    ``id_key``); ``fws``: the same sheet read with its formulas."""
    from openpyxl.utils import get_column_letter

    formula_rows = fws.iter_rows(min_row=header_row + 1, values_only=True)
    for r, values in enumerate(
        ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1
    ):
        values = list(values)
        raw = list(next(formula_rows, ()))

        def get(key: str, values=values):
            i = cols.get(key)
            return values[i] if i is not None and i < len(values) else None

        filled = {k: get(k) for k in cols if k != id_key}
        formulas = [
            (f"{get_column_letter(i + 1)}{r}", raw[i])
            for k, i in cols.items()
            if k != id_key
            and i < len(raw)
            and isinstance(raw[i], str)
            and raw[i].startswith("=")
            and _blank(get(k))
        ]
        if all(_blank(v) for v in filled.values()) and not formulas:
            continue
        rid = get(id_key)
        yield r, filled, None if _blank(rid) else str(rid).strip(), formulas


def _report_rows(ws, fws) -> list[ReportRow] | None:
    """The filled-in rows of a sheet "Báo cáo" (found by its hidden column "Mã kỳ báo cáo",
    in either language); None when ``ws`` is not one."""
    keys = {"submitted": SUBMITTED_HEADER, "number": NUMBER_HEADER, "file": FILE_HEADER}
    keys.update(NARRATIVE_HEADERS)
    by_header = {_norm_header(text): key for key, h in keys.items() for text in every_lang(h)}
    id_headers = {_norm_header(text) for text in every_lang(PERIOD_ID_HEADER)}
    for r, values in enumerate(ws.iter_rows(min_row=1, max_row=12, values_only=True), 1):
        names = [_norm_header(v) for v in values]
        if not any(n in id_headers for n in names):
            continue
        cols = {"period": next(i for i, n in enumerate(names) if n in id_headers)}
        for i, n in enumerate(names):
            if n in by_header and by_header[n] not in cols:
                cols[by_header[n]] = i
        return [
            ReportRow(ws.title, row, period, filled, formulas)
            for row, filled, period, formulas in _filled_rows(ws, fws, r, cols, "period")
        ]
    return None


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: an Excel date, dd/mm/yyyy or yyyy-mm-dd text, or a serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        return None
    return parse_day(str(value))


_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def parse_count(value: object) -> int | None:
    """A non-negative whole number (12, 12.0, "1.200", "1 200"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 and value.is_integer() else None
    text = str(value).strip().replace("\u00a0", " ")
    if text.isdigit():
        return int(text)
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):  # a datetime too
        value = format_date(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip() or None


def _formula_problems(formulas: list[tuple[str, str]]) -> list[str]:
    return [
        _(
            "ô {cell} có công thức “{formula}” chưa được tính (tệp không lưu kết quả); "
            "hãy mở tệp bằng Excel rồi lưu lại, hoặc ghi giá trị thay công thức",
            cell=cell,
            formula=formula,
        )
        for cell, formula in formulas
    ]


def entries_from_rows(
    pd: PlanData,
    rows: list[FilledRow],
    agency: str | None,
    today: dt.date,
    parent: PlanData | None = None,
) -> tuple[list[tuple[str, dict]], list[str]]:
    """(entries to append, one error per bad row); entries built like progress set.

    ``parent``: the plan above an agency's own plan ``pd``, whose tasks the agency
    coordinates are in the same workbook: a row of such a task is recorded there."""
    from ttdn.edit.record import RecordError, build_entry, parse_status

    items: list[tuple[str, dict]] = []
    errors: list[str] = []
    choices = ", ".join(translate(v) for v in STATUS_LABELS.values())
    cells = {
        "result": _("cột “{header}”", header=translate(RESULT_HEADER)),
        "note": _("cột “{header}”", header=translate(NOTE_HEADER)),
    }
    for fr in rows:
        problems = _formula_problems(fr.formulas)
        if fr.task_id is None:
            problems.append(
                _(
                    "thiếu mã nhiệm vụ (cột ẩn “{header}”); đừng thêm dòng mới, hãy điền "
                    "vào dòng của nhiệm vụ",
                    header=translate(ID_HEADER),
                )
            )
        status = None
        if _blank(fr.status):
            problems.append(
                _(
                    "chưa chọn “{header}”; chọn: {choices}",
                    header=translate(NEW_STATUS_HEADER),
                    choices=choices,
                )
            )
        else:
            status = parse_status(fr.status)
            if status is None:
                problems.append(
                    _(
                        "trạng thái “{value}” không hợp lệ; chọn: {choices}",
                        value=_text(fr.status),
                        choices=choices,
                    )
                )
        date = today
        if not _blank(fr.date):
            date = parse_date(fr.date)
            if date is None:
                problems.append(
                    _(
                        "ngày “{value}” không hợp lệ; ghi theo dạng ngày/tháng/năm, "
                        "ví dụ 15/05/2026",
                        value=_text(fr.date),
                    )
                )
        indicators: dict[str, int] = {}
        for key, raw in fr.indicators.items():
            n = parse_count(raw)
            if n is None:
                problems.append(
                    _(
                        "chỉ tiêu “{name}” phải là số nguyên không âm, không phải “{value}”",
                        name=indicator_header(key),
                        value=_text(raw),
                    )
                )
            else:
                indicators[key] = n
        if not problems:
            try:
                row_plan = pd
                if parent is not None and fr.task_id not in pd.tasks:
                    row_plan = parent if fr.task_id in parent.tasks else pd
                items.append(
                    build_entry(
                        row_plan,
                        fr.task_id,  # type: ignore[arg-type]
                        status,  # type: ignore[arg-type]
                        date,  # type: ignore[arg-type]
                        note=_text(fr.note),
                        result=_text(fr.result),
                        indicators=indicators,
                        agency=agency,
                        field_names=cells,
                    )
                )
            except RecordError as exc:
                prefix = error_line("")
                problems += [line.removeprefix(prefix) for line in exc.lines]
            except ValueError as exc:  # pydantic: e.g. a date out of range
                problems.append(_("giá trị không hợp lệ ({kind})", kind=exc.__class__.__name__))
        errors += [f"{fr.where}: {p}" for p in problems]
    return items, errors


@dataclass
class ReportChange:
    """A row of the sheet "Báo cáo" to record: ``fields`` set on ``agency``'s report for
    ``period`` in the progress file ``file`` of the plan ``plan`` (where that report is
    recorded, :func:`ttdn.domain.status.recorded_report`), as ``progress report`` and
    ``progress narrative`` set them."""

    where: str
    plan: str
    agency: str
    period: str
    fields: dict
    file: str


def report_change_words(ds: Dataset, change: ReportChange) -> str:
    """What a report row records, in words: "báo cáo 6 tháng (gửi ngày 15/06/2026, số
    125/BC-SDL; Ưu điểm, Hạn chế)"."""
    from ttdn.outputs.words import report_name

    pd = ds.plans[change.plan]
    periods = {p.id: p for p in pd.plan.reporting.periods} if pd.plan.reporting else {}
    period = periods.get(change.period)
    name = report_name(change.period, period.name if period else None)
    f = change.fields
    sent = []
    if "submitted" in f:
        sent.append(_("gửi ngày {date}", date=format_date(f["submitted"])))
    if "number" in f:
        sent.append(_("số {number}", number=f["number"]))
    if "file" in f:
        sent.append(_("tệp {file}", file=f["file"]))
    parts = [translate(h) for k, h in NARRATIVE_HEADERS.items() if k in f]
    what = "; ".join(x for x in (", ".join(sent), ", ".join(parts)) if x)
    return f"{name[:1].lower()}{name[1:]} ({what})"


def reports_from_rows(
    ds: Dataset, pd: PlanData, rows: list[ReportRow], agency: str | None
) -> tuple[list[ReportChange], int, list[str], list[str]]:
    """(reports to record, rows already recorded exactly so, one error per bad row, warnings)
    from the filled-in rows of the sheet "Báo cáo". A blank cell leaves the recorded value
    as it is (as an option not given does)."""
    from ttdn.domain.status import recorded_report
    from ttdn.edit.period_report import number_warning, report_file
    from ttdn.edit.record import RecordError, clean_option

    changes: list[ReportChange] = []
    errors: list[str] = []
    notes: list[str] = []
    skipped = 0
    periods = {p.id: p for p in pd.plan.reporting.periods} if pd.plan.reporting else {}
    headers = {"number": NUMBER_HEADER, "file": FILE_HEADER, **NARRATIVE_HEADERS}
    for rr in rows:
        problems = _formula_problems(rr.formulas)
        if rr.period is None:
            problems.append(
                _(
                    "thiếu mã kỳ báo cáo (cột ẩn “{header}”); đừng thêm dòng mới, hãy điền "
                    "vào dòng của kỳ báo cáo",
                    header=translate(PERIOD_ID_HEADER),
                )
            )
        elif rr.period not in periods:
            problems.append(
                _(
                    "kế hoạch “{plan}” không có kỳ báo cáo “{period}”; chọn: {choices}",
                    plan=pd.id,
                    period=rr.period,
                    choices=", ".join(periods) or "—",
                )
            )
        if agency is None:
            problems.append(_("tệp không cho biết cơ quan gửi báo cáo; hãy dùng --agency"))
        fields: dict[str, object] = {}
        raw_date = rr.values.get("submitted")
        if not _blank(raw_date):
            day = parse_date(raw_date)
            if day is None:
                problems.append(
                    _(
                        "ngày gửi “{value}” không hợp lệ; ghi theo dạng ngày/tháng/năm, "
                        "ví dụ 15/06/2026",
                        value=_text(raw_date),
                    )
                )
            elif day.year < pd.year:
                problems.append(
                    _(
                        "ngày gửi {date} nằm ngoài năm kế hoạch {year}",
                        date=format_date(day),
                        year=pd.year,
                    )
                )
            else:
                fields["submitted"] = day
        for key, header in headers.items():
            value = _text(rr.values.get(key))
            if value is None:
                continue
            try:
                fields[key] = clean_option(value, _("cột “{header}”", header=translate(header)))
            except RecordError as exc:
                prefix = error_line("")
                problems += [line.removeprefix(prefix) for line in exc.lines]
        if problems or agency is None or rr.period is None:
            errors += [f"{rr.where}: {p}" for p in problems]
            continue
        home, recorded = recorded_report(ds, pd, agency, rr.period)
        before = recorded.model_dump(exclude_none=True) if recorded is not None else {}
        if (
            "submitted" not in before
            and "submitted" not in fields
            and ("number" in fields or "file" in fields)
        ):
            errors.append(
                _(
                    "{where}: thiếu “{date}”: ghi ngày gửi cùng số, ký hiệu hoặc tệp của báo cáo",
                    where=rr.where,
                    date=translate(SUBMITTED_HEADER),
                )
            )
            continue
        fields = {k: v for k, v in fields.items() if before.get(k) != v}  # what changes
        if not fields:  # already recorded exactly so
            skipped += 1
            continue
        number = fields.get("number")
        if isinstance(number, str) and number != before.get("number"):
            warning = number_warning(ds, agency, number)
            if warning:
                notes.append(_("Lưu ý: {where}: {warning}", where=rr.where, warning=warning))
        changes.append(
            ReportChange(rr.where, home.id, agency, rr.period, fields, report_file(home, agency))
        )
    return changes, skipped, errors, notes


@dataclass
class ImportResult:
    plan: str
    agency: str | None
    entries: list[tuple[str, dict]]
    files: list[str]
    notes: list[str] = field(default_factory=list)
    skipped: int = 0  # rows already recorded exactly so (the task's latest entry): not again
    reports: list[ReportChange] = field(default_factory=list)  # recorded (or to be)
    reports_skipped: int = 0  # rows of "Báo cáo" already recorded exactly so


def import_workbook(
    ds: Dataset,
    path: Path,
    *,
    plan_id: str | None = None,
    agency: str | None = None,
    today: dt.date,
    dry_run: bool = False,
) -> ImportResult:
    """Record every filled-in row of ``path``; nothing is written when any row is wrong.

    ``plan_id`` and ``agency`` default to what the workbook was exported for; given and
    different from it, they are refused (the rows belong to that plan and agency).
    """
    book = read_workbook(Path(path))
    if plan_id and book.plan and plan_id != book.plan:
        raise XlsxError(
            [
                error_line(
                    _(
                        "tệp được xuất cho kế hoạch “{exported}”, không phải “{given}”",
                        exported=book.plan,
                        given=plan_id,
                    )
                )
            ],
            code=2,
        )
    if agency and book.agency and agency != book.agency:
        raise XlsxError(
            [
                error_line(
                    _(
                        "tệp được xuất cho cơ quan “{exported}”, không phải “{given}”",
                        exported=book.agency,
                        given=agency,
                    )
                )
            ],
            code=2,
        )
    chosen = plan_id or book.plan
    slug = agency or book.agency
    if chosen is None:
        from ttdn.domain.plans import PlanNotFound, select_plan
        from ttdn.outputs.problems import words

        try:
            pd = select_plan(ds, None, today)
        except PlanNotFound as exc:
            raise XlsxError([error_line(words(exc.message))], code=2) from None
    elif chosen in ds.plans:
        pd = ds.plans[chosen]
    else:
        raise XlsxError(
            [error_line(_("thư mục dữ liệu không có kế hoạch “{plan}” của tệp này", plan=chosen))],
            code=2,
        )
    if slug is not None and slug not in ds.agencies:
        raise XlsxError(
            [error_line(_("thư mục dữ liệu không có cơ quan “{slug}” của tệp này", slug=slug))],
            code=2,
        )
    parent = ds.plans.get(pd.plan.parent or "") if pd.plan.kind == "agency" else None
    items, errors = entries_from_rows(pd, book.rows, slug, today, parent)
    changes, reports_skipped, report_errors, report_notes = reports_from_rows(
        ds, pd, book.reports, slug
    )
    errors += report_errors
    if errors:
        n = len({e.split(":", 1)[0] for e in errors})
        raise XlsxError(
            errors + [_("ttdn: không ghi gì: {n} dòng có lỗi; hãy sửa rồi nhập lại.", n=n)], code=1
        )
    notes = _rollup_notes(ds, pd, items) + report_notes
    files: list[str] = []
    skipped = 0
    if items or changes:  # a dry run goes through the same checks, writing nothing
        written = _write(ds, items, changes, dry_run)
        files, skipped, items = written.files, written.skipped, written.written
        reports_skipped += len(changes) - len(written.reports)
        changes = written.reports
    return ImportResult(pd.id, slug, items, files, notes, skipped, changes, reports_skipped)


@dataclass
class _Written:
    files: list[str]
    written: list[tuple[str, dict]]
    skipped: int
    reports: list[ReportChange]


def _write(
    ds: Dataset, items: list[tuple[str, dict]], changes: list[ReportChange], dry_run: bool = False
) -> _Written:
    """Record the task entries ``items`` and the reports ``changes`` under one hold of the
    data root's lock, with the same functions as ``progress set``, ``progress report`` and
    ``progress narrative``: the files are read afresh under it, every changed file is
    validated, nothing is written when any has an error, then each is written atomically
    (``dry_run``: checked the same way, nothing written)."""
    from ttdn.data.fsutil import LockBusy, check_no_links, data_lock
    from ttdn.edit.period_report import report_into
    from ttdn.edit.record import RecordError, entries_into, read_locked, write_checked
    from ttdn.outputs.problems import words

    rels = list(dict.fromkeys([rel for rel, _entry in items] + [c.file for c in changes]))
    for rel in rels:  # before the lock file is even created
        check_no_links(ds.root, ds.root / rel)
    try:
        with data_lock(ds.root):
            fresh, texts = read_locked(ds, rels)
            new, done = entries_into(texts, items)
            recorded = []
            for c in changes:
                text, _item, changed = report_into(
                    fresh, fresh.plans[c.plan], c.agency, c.period, c.fields, new[c.file]
                )
                if changed:
                    new[c.file] = text
                    recorded.append(c)
            files = write_checked(
                fresh, texts, new, _("không ghi gì vì mục mới không hợp lệ"), dry_run
            )
    except LockBusy as exc:
        raise XlsxError([error_line(words(exc.message))], code=1) from None
    except RecordError as exc:
        raise XlsxError(exc.lines, code=exc.code) from None
    if not files:
        done.written, recorded = [], []
    return _Written(files, done.written, done.skipped, recorded)


def _rollup_notes(ds: Dataset, pd: PlanData, items: list[tuple[str, dict]]) -> list[str]:
    """Warnings for entries on tasks whose status comes from other plans (roll-up)."""
    implemented: dict[str, set[str]] = {}
    for other in ds.plans.values():
        if other.plan.parent == pd.id and other.id != pd.id:
            for tr in other.tasks.values():
                if tr.task.implements:
                    implemented.setdefault(tr.task.implements, set()).add(other.id)
    notes = []
    for tid in dict.fromkeys(entry["task"] for _rel, entry in items):
        if tid in implemented:
            plans = ", ".join(sorted(implemented[tid]))
            notes.append(
                _(
                    "Lưu ý: trạng thái nhiệm vụ {ref} được tổng hợp từ kế hoạch {plans}; lần "
                    "cập nhật này chỉ được liệt kê như đóng góp (ghi vào kế hoạch đó bằng "
                    "--plan để thay đổi trạng thái).",
                    ref=pd.tasks[tid].task.ref,
                    plans=plans,
                )
            )
    return notes
