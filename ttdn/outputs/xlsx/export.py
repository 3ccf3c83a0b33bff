"""``ttdn export xlsx``: the appendix with each task's status, and columns for an agency to
fill in.

:func:`export_workbook` writes the appendix as the plan prints it (TT, Nội dung, quy mô công
việc, Tiến độ thời gian, Cơ quan phụ trách, Cơ quan phối hợp) plus the computed due date,
status, last update and result; to the right, the fill-in part: a hidden task id, the new
status (a drop-down list of the Vietnamese labels), the date, result, note and one column per
indicator. One sheet per appendix section, or, for one agency, its tasks (led and
coordinated) on one sheet plus a sheet "Báo cáo" with its reporting obligations and
columns to fill in for each report: date sent, number, file, narrative (pre-filled). The
workbook remembers the plan and agency it was exported for (custom document properties), so
importing it back (:mod:`ttdn.edit.xlsx_import`) needs no options. The layout both share is
in :mod:`ttdn.outputs.xlsx.columns`.

openpyxl is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import math
import re
import sys
import tempfile
from collections.abc import Iterator

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import INDICATORS, STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.domain.status import (
    REPORT_STATE_LABELS,
    TaskStatus,
    coordinated_by,
    led_by,
    plan_status,
    recorded_report,
    report_status,
)
from ttdn.i18n import _, error_line, translate
from ttdn.outputs.words import coordinators_text, lead_text, report_name, task_status
from ttdn.outputs.xlsx.columns import (
    AGENCY_SHEET,
    DATE_FORMAT,
    FILE_HEADER,
    FIRST_ROW,
    FLAG_TEXT,
    FORM_CELL_FILL,
    FORM_COLUMNS,
    FORM_HEAD_FILL,
    GROUP_ROW,
    HEADER_ROW,
    NARRATIVE_HEADERS,
    NEW_STATUS_HEADER,
    NUMBER_HEADER,
    OVERDUE_FILL,
    PLAN_COLUMNS,
    PLAN_HEAD_FILL,
    PROP_AGENCY,
    PROP_AS_OF,
    PROP_PLAN,
    REPORT_FORM_COLUMNS,
    REPORT_PLAN_COLUMNS,
    REPORT_SHEET,
    ROLE_COLUMN,
    SAMPLE_MARK,
    SUBMITTED_HEADER,
    XlsxError,
    indicator_column,
)


def status_text(ts: TaskStatus) -> str:
    """The status in words, with how late the task is ("quá hạn 12 ngày")."""
    label = task_status(ts, rollup_mark=True)
    if ts.flag == "overdue":
        late = (
            _("quá hạn {n} kỳ", n=len(ts.missed))
            if ts.missed
            else _("quá hạn {n} ngày", n=ts.days_overdue)
        )
        label += f" — {late}"
    return label


def _row_values(ds: Dataset, ts: TaskStatus, role: str | None) -> dict[str, object]:
    t = ts.task
    due: object = ts.due
    if ts.due is None:
        due = translate(FLAG_TEXT[ts.flag]) if ts.flag in FLAG_TEXT else ""
    values: dict[str, object] = {
        "ref": t.ref,
        "content": t.content,
        "timeline": t.timeline,
        "lead": lead_text(ds, ts.task),
        "coordinators": coordinators_text(ds, ts.task),
        "role": role,
        "due": due,
        "status": status_text(ts),
        "last_update": ts.last_update,
        "result": ts.result or "",
        "id": t.id,
    }
    return values


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'")[:31] or _("Trang")
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _line_count(text: str, width: float) -> int:
    chars = max(int(width * 1.15), 1)  # characters per line at the default font
    return sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))


class _Writer:
    """Builds the workbook; one instance per export."""

    def __init__(self, ds: Dataset, pd: PlanData, as_of: dt.date) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ds, self.pd, self.as_of = ds, pd, as_of
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.taken: set[str] = set()
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.bold = Font(bold=True)
        self.fill = {
            name: PatternFill("solid", start_color=color, end_color=color)
            for name, color in (
                ("overdue", OVERDUE_FILL),
                ("plan", PLAN_HEAD_FILL),
                ("form", FORM_HEAD_FILL),
                ("cell", FORM_CELL_FILL),
            )
        }
        self.Font = Font

    @property
    def sample(self) -> bool:
        return self.ds.is_sample

    def _titles(self, ws, subtitle: str, how: str, last_col: int, width: float) -> None:
        """Title, subtitle and instructions, each merged across the printed columns."""
        from openpyxl.utils import get_column_letter

        title = self.pd.plan.title
        if self.sample:
            title = f"{translate(SAMPLE_MARK)} — {title}"
        rows = [
            (title, self.Font(bold=True, size=13, color="C00000" if self.sample else None)),
            (
                _(
                    "{subtitle} · Tình hình tính đến ngày {date}",
                    subtitle=subtitle,
                    date=format_date(self.as_of),
                )
                + (
                    _(" · {mark}: số liệu tiến độ không có thật", mark=translate(SAMPLE_MARK))
                    if self.sample
                    else ""
                ),
                self.Font(bold=True),
            ),
            (how, self.Font(italic=True, color="404040")),
        ]
        end = get_column_letter(last_col)
        for r, (text, font) in enumerate(rows, 1):
            cell = ws.cell(row=r, column=1, value=text)
            cell.font = font
            cell.alignment = self.wrap
            ws.merge_cells(f"A{r}:{end}{r}")
            # bold and larger text is wider: count on fewer characters per line
            lines = _line_count(text, width * (0.7 if r == 1 else 0.85))
            ws.row_dimensions[r].height = (18 if r == 1 else 15) * lines + 3

    def task_sheet(self, name: str, subtitle: str, rows: list[tuple[TaskStatus, str | None]]):
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        ws = self.wb.create_sheet(_sheet_title(name, self.taken))
        agency_mode = any(role for _ts, role in rows) or name == translate(AGENCY_SHEET)
        plan_cols = list(PLAN_COLUMNS)
        if agency_mode:
            plan_cols.insert(5, ROLE_COLUMN)
        columns = plan_cols + FORM_COLUMNS
        col_of = {key: i for i, (key, _h, _w) in enumerate(columns, 1)}
        n_plan = len(plan_cols)
        last_col = len(columns)
        rolled = any(ts.rolled_up for ts, _role in rows)
        how = _(
            "Cách báo cáo: với mỗi nhiệm vụ có cập nhật, chọn “{new_status}” trong danh sách, "
            "ghi ngày (để trống: hôm nay), kết quả, ghi chú và các chỉ tiêu (số luỹ kế từ đầu "
            "năm đến ngày ghi, không phải số phát sinh thêm); để trống các "
            "dòng không cập nhật, không thêm hay xoá dòng, rồi gửi lại tệp (nhập bằng "
            "“ttdn import xlsx”). Dòng tô đỏ: nhiệm vụ quá hạn.",
            new_status=translate(NEW_STATUS_HEADER),
        )
        if rolled:
            how += _(" * Trạng thái tổng hợp từ kế hoạch của cơ quan thực hiện.")
        self._titles(ws, subtitle, how, n_plan, sum(w for _k, _h, w in plan_cols))

        # Group header row, then the column headers.
        first_form = n_plan + 1
        groups = [
            (
                1,
                n_plan,
                _(
                    "PHỤ LỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN ĐẾN {date}",
                    date=format_date(self.as_of),
                ),
            ),
            (first_form, first_form + 4, _("PHẦN CƠ QUAN ĐIỀN")),
            (first_form + 5, last_col, _("CHỈ TIÊU (số luỹ kế từ đầu năm)")),
        ]
        for start, end, text in groups:
            cell = ws.cell(row=GROUP_ROW, column=start, value=text)
            ws.merge_cells(
                start_row=GROUP_ROW, start_column=start, end_row=GROUP_ROW, end_column=end
            )
            for c in range(start, end + 1):
                ws.cell(row=GROUP_ROW, column=c).fill = self.fill["plan" if start == 1 else "form"]
                ws.cell(row=GROUP_ROW, column=c).border = self.border
            cell.font = self.bold
            cell.alignment = self.center
        for i, (key, header, width) in enumerate(columns, 1):
            shown = indicator_column(key[4:]) if key.startswith("ind:") else translate(header)
            cell = ws.cell(row=HEADER_ROW, column=i, value=shown)
            cell.font = self.bold
            cell.alignment = self.center
            cell.border = self.border
            cell.fill = self.fill["plan" if i <= n_plan else "form"]
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.column_dimensions[get_column_letter(col_of["id"])].hidden = True
        ws.row_dimensions[HEADER_ROW].height = 32

        for r, (ts, role) in enumerate(rows, FIRST_ROW):
            values = _row_values(self.ds, ts, role)
            height = 1
            for key, _header, width in columns:
                i = col_of[key]
                cell = ws.cell(row=r, column=i, value=values.get(key))
                cell.alignment = self.wrap
                cell.border = self.border
                if key in ("due", "last_update", "new_date"):
                    cell.number_format = DATE_FORMAT
                elif key.startswith("ind:"):
                    cell.number_format = "#,##0"
                if i > n_plan and key != "id":
                    cell.fill = self.fill["cell"]
                elif ts.overdue:
                    cell.fill = self.fill["overdue"]
                if isinstance(cell.value, str) and key != "id":
                    height = max(height, _line_count(cell.value, width))
            ws.row_dimensions[r].height = min(15 * height + 3, 409)
        last_row = FIRST_ROW + len(rows) - 1

        if rows:
            letter = get_column_letter
            shown_labels = [translate(v) for v in STATUS_LABELS.values()]
            labels = ",".join(shown_labels)
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            dv.errorTitle, dv.error = (
                _("Trạng thái không hợp lệ"),
                _(
                    "Chọn một trạng thái trong danh sách: {choices}",
                    choices=", ".join(shown_labels),
                ),
            )
            dv.promptTitle, dv.prompt = translate(NEW_STATUS_HEADER), _("Chọn trong danh sách")
            dv.showErrorMessage = dv.showInputMessage = True
            c = letter(col_of["new_status"])
            dv.add(f"{c}{FIRST_ROW}:{c}{last_row}")
            dd = DataValidation(
                type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True
            )
            dd.errorTitle, dd.error = _("Ngày không hợp lệ"), _("Nhập một ngày, ví dụ 15/05/2026.")
            dd.showErrorMessage = True
            c = letter(col_of["new_date"])
            dd.add(f"{c}{FIRST_ROW}:{c}{last_row}")
            dn = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            dn.errorTitle, dn.error = _("Chỉ tiêu không hợp lệ"), _("Nhập một số nguyên không âm.")
            dn.showErrorMessage = True
            first_ind = letter(col_of[f"ind:{next(iter(INDICATORS))}"])
            dn.add(f"{first_ind}{FIRST_ROW}:{letter(last_col)}{last_row}")
            for v in (dv, dd, dn):
                ws.add_data_validation(v)
            ws.auto_filter.ref = f"A{HEADER_ROW}:{letter(last_col)}{last_row}"

        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
        self._page(ws, n_plan, FIRST_ROW + len(rows) - 1)
        return ws

    def report_sheet(self, slug: str) -> None:
        """The agency's reporting obligations, with fill-in columns for the report it sent
        and its narrative (pre-filled with what is recorded: read back unchanged, nothing is
        recorded again)."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        ws = self.wb.create_sheet(_sheet_title(translate(REPORT_SHEET), self.taken))
        columns = REPORT_PLAN_COLUMNS + REPORT_FORM_COLUMNS
        col_of = {key: i for i, (key, _h, _w) in enumerate(columns, 1)}
        n_plan = len(REPORT_PLAN_COLUMNS)
        printed = col_of["number"]  # the fill-in narrative is for the screen
        rep = self.pd.plan.reporting
        recipient = self.ds.agency_name(rep.recipient) if rep else ""
        how = (
            _("Báo cáo gửi {agency} để tổng hợp.", agency=recipient)
            if recipient
            else _("Kế hoạch không quy định.")
        ) + _(
            " Khi đã gửi báo cáo, ghi “{date}” (ngày/tháng/năm), “{number}”, “{file}”, và phần "
            "đánh giá của báo cáo ({parts}); để trống ô không thay đổi, không thêm hay xoá "
            "dòng, rồi nhập bằng “ttdn import xlsx”.",
            date=translate(SUBMITTED_HEADER),
            number=translate(NUMBER_HEADER),
            file=translate(FILE_HEADER),
            parts=", ".join(translate(h) for h in NARRATIVE_HEADERS.values()),
        )
        self._titles(
            ws,
            _("Báo cáo định kỳ của {agency}", agency=self.ds.agency_name(slug)),
            how,
            printed,
            sum(w for _k, _h, w in columns[:printed]),
        )
        first_narrative = col_of[next(iter(NARRATIVE_HEADERS))]
        groups = [
            (1, n_plan, _("BÁO CÁO ĐỊNH KỲ"), "plan"),
            (n_plan + 1, first_narrative - 1, _("PHẦN CƠ QUAN ĐIỀN"), "form"),
            (first_narrative, col_of["period"], _("ĐÁNH GIÁ TRONG BÁO CÁO"), "form"),
        ]
        for start, end, text, fill in groups:
            cell = ws.cell(row=GROUP_ROW, column=start, value=text)
            ws.merge_cells(
                start_row=GROUP_ROW, start_column=start, end_row=GROUP_ROW, end_column=end
            )
            for c in range(start, end + 1):
                ws.cell(row=GROUP_ROW, column=c).fill = self.fill[fill]
                ws.cell(row=GROUP_ROW, column=c).border = self.border
            cell.font = self.bold
            cell.alignment = self.center
        for i, (_key, header, width) in enumerate(columns, 1):
            cell = ws.cell(row=HEADER_ROW, column=i, value=translate(header))
            cell.font = self.bold
            cell.alignment = self.center
            cell.border = self.border
            cell.fill = self.fill["plan" if i <= n_plan else "form"]
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.column_dimensions[get_column_letter(col_of["period"])].hidden = True
        ws.row_dimensions[HEADER_ROW].height = 32
        reports = report_status(self.ds, self.pd, self.as_of, [slug])
        if not reports:
            ws.cell(
                row=FIRST_ROW,
                column=1,
                value=_("Cơ quan này không thuộc diện báo cáo theo kế hoạch."),
            )
        for r, rs in enumerate(reports, FIRST_ROW):
            state = translate(REPORT_STATE_LABELS[rs.state])
            if rs.state in ("missing", "submitted_late"):
                state += " " + _("{n} ngày", n=rs.days_late)
            _home, recorded = recorded_report(self.ds, self.pd, slug, rs.period)
            values: dict[str, object] = {
                "name": report_name(rs.period, rs.name),
                "due": rs.due_before,
                "state": state,
                "period": rs.period,
            }
            if recorded is not None:  # what is recorded, even when sent after --as-of
                values.update(recorded.model_dump(exclude_none=True, exclude={"period"}))
            height = 1
            for key, _header, width in columns:
                i = col_of[key]
                cell = ws.cell(row=r, column=i, value=values.get(key))
                cell.alignment = self.wrap
                cell.border = self.border
                if key in ("due", "submitted"):
                    cell.number_format = DATE_FORMAT
                if i > n_plan and key != "period":
                    cell.fill = self.fill["cell"]
                elif rs.state == "missing":
                    cell.fill = self.fill["overdue"]
                if isinstance(cell.value, str) and key != "period":
                    height = max(height, _line_count(cell.value, width))
            ws.row_dimensions[r].height = min(15 * height + 3, 409)
        if reports:
            letter = get_column_letter
            last_row = FIRST_ROW + len(reports) - 1
            dd = DataValidation(
                type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True
            )
            dd.errorTitle, dd.error = _("Ngày không hợp lệ"), _("Nhập một ngày, ví dụ 15/06/2026.")
            dd.promptTitle = translate(SUBMITTED_HEADER)
            dd.prompt = _("Ngày gửi báo cáo (ngày/tháng/năm), ví dụ 15/06/2026.")
            dd.showErrorMessage = dd.showInputMessage = True
            c = letter(col_of["submitted"])
            dd.add(f"{c}{FIRST_ROW}:{c}{last_row}")
            dn = DataValidation(allow_blank=True)
            dn.promptTitle = _("Đánh giá trong báo cáo")
            dn.prompt = _(
                "Ghi nguyên văn phần này của báo cáo. Để trống: giữ nội dung đã ghi; phần chưa "
                "có nội dung hiện ô đánh dấu cần bổ sung trong báo cáo Word."
            )
            dn.showInputMessage = True
            dn.add(f"{letter(first_narrative)}{FIRST_ROW}:{letter(col_of['period'] - 1)}{last_row}")
            for v in (dd, dn):
                ws.add_data_validation(v)
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
        self._page(ws, printed, FIRST_ROW + max(len(reports), 1) - 1)

    def _page(self, ws, last_col: int, last_row: int) -> None:
        """A4 landscape, one page wide, header row repeated; prints the plan part only (the
        fill-in columns are for the screen)."""
        from openpyxl.utils import get_column_letter

        ws.print_area = f"A1:{get_column_letter(last_col)}{max(last_row, HEADER_ROW)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_margins.left = ws.page_margins.right = 0.4

    def finish(self, agency: str | None) -> bytes:
        from openpyxl.packaging.custom import StringProperty

        props = self.wb.properties
        props.title = self.pd.plan.title
        props.creator = "ttdn"
        props.subject = _("Phụ lục nhiệm vụ và tình hình thực hiện") + (
            f" ({translate(SAMPLE_MARK)})" if self.sample else ""
        )
        custom = self.wb.custom_doc_props
        custom.append(StringProperty(name=PROP_PLAN, value=self.pd.id))
        custom.append(StringProperty(name=PROP_AS_OF, value=self.as_of.isoformat()))
        if agency:
            custom.append(StringProperty(name=PROP_AGENCY, value=agency))
        from lxml.etree import LxmlError  # what openpyxl's sheet writer raises

        buf = io.BytesIO()
        reason = None
        with _quiet_unraisable():
            try:
                self.wb.save(buf)
            except (OSError, LxmlError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
            if reason is not None:
                gc.collect()  # the failed sheet writer is let go now, its second report quiet
        if reason is not None:
            # openpyxl writes each sheet to a temporary file first: a full temporary folder
            # fails there, before anything is written where the user asked
            raise XlsxError(
                [
                    error_line(
                        _(
                            "không tạo được bảng tính: không ghi được tệp tạm vào “{folder}” "
                            "({reason}); thư mục tạm có thể đã đầy",
                            folder=tempfile.gettempdir(),
                            reason=reason,
                        )
                    )
                ]
            )
        return buf.getvalue()


@contextlib.contextmanager
def _quiet_unraisable() -> Iterator[None]:
    """Drop the second report of a failed sheet: when writing a sheet's temporary file
    fails, openpyxl's sheet writer (held in a reference cycle) fails once more when it is
    let go ("Exception ignored in … get_stream"), a traceback after the one-line error."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        yield
    finally:
        sys.unraisablehook = previous


def export_workbook(ds: Dataset, pd: PlanData, as_of: dt.date, agency: str | None = None) -> bytes:
    """The workbook (.xlsx bytes): every section, or ``agency``'s tasks and reports."""
    statuses = plan_status(pd, as_of, ds)
    w = _Writer(ds, pd, as_of)
    if agency is None:
        by_file: dict[str, list[TaskStatus]] = {}
        for ts in statuses:
            by_file.setdefault(ts.ref.file, []).append(ts)
        for rel, section in pd.sections:
            rows = by_file.get(rel, [])
            if not rows:
                continue
            w.task_sheet(
                section.section,
                _("Phần {section}: {title}", section=section.section, title=section.title),
                [(ts, None) for ts in rows],
            )
    else:
        led = led_by(statuses, agency)
        led_ids = {ts.task.id for ts in led}
        coord = [ts for ts in coordinated_by(statuses, agency) if ts.task.id not in led_ids]
        parent = ds.plans.get(pd.plan.parent or "")
        if parent is not None and parent.id != pd.id:
            # an agency's own plan: with the tasks of the plan above that it coordinates
            # (their progress is recorded there; the import finds each task's plan)
            coord += [
                ts
                for ts in coordinated_by(plan_status(parent, as_of, ds), agency)
                if ts.task.lead != agency
            ]
        rows = [(ts, _("chủ trì")) for ts in led] + [(ts, _("phối hợp")) for ts in coord]
        w.task_sheet(
            translate(AGENCY_SHEET),
            _(
                "Nhiệm vụ của {agency}: chủ trì {led}, phối hợp {coordinated}",
                agency=ds.agency_name(agency),
                led=len(led),
                coordinated=len(coord),
            ),
            rows,
        )
        w.report_sheet(agency)
    return w.finish(agency)
