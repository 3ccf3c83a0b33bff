"""The typed contexts of the Word templates: what a template may use, and what each value
means (in Vietnamese and English, for ``templates/README.md``).

Every value a template prints is a ``str`` (numbers and dates already written out), a
``bool`` (for ``{%p if … %}``), a list (for ``{%p for … %}``) or a group of fields
(``issuer.name``). :func:`variables` lists them from these types; ``ttdn template check``
checks a template against them and the README's table is generated from them
(:mod:`ttdn.outputs.documents.variables`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def described(vi: str, en: str) -> Any:
    """A documented field (Vietnamese and English description)."""
    return field(metadata={"vi": vi, "en": en})


# --------------------------------------------------------------------------- common


@dataclass(slots=True)
class Issuer:
    parent: str = described(
        "Cơ quan chủ quản, chữ in hoa (UBND THÀNH PHỐ HÀ NỘI); có thể trống",
        "Parent body in capitals; may be empty",
    )
    name: str = described(
        "Tên cơ quan, chữ in hoa, xuống dòng giữa các từ thành các dòng cân đối "
        "(SỞ NÔNG NGHIỆP / VÀ MÔI TRƯỜNG)",
        "Name in capitals, broken between words into balanced lines",
    )
    name_plain: str = described("Tên cơ quan (Sở Du lịch)", "Name")
    short_name: str = described("Tên ngắn", "Short name")
    abbreviation: str = described(
        "Chữ viết tắt trong ký hiệu văn bản (SDL); “…” nếu chưa rõ",
        "Abbreviation used in document symbols; “…” if unknown",
    )
    rule: str = described(
        "Đường kẻ ngắn dưới tên cơ quan (dấu gạch dưới, dài 1/3–1/2 tên)",
        "Short rule under the name (underscores)",
    )


@dataclass(slots=True)
class DocInfo:
    number: str = described("Số văn bản hoặc “…”", "Number or “…”")
    symbol: str = described("Ký hiệu (BC-SDL; công văn: SVHTT-…)", "Symbol")
    number_ref: str = described(
        "Số và ký hiệu, dùng sau chữ “Số:” (…/BC-SDL; 125/BC-SDL)", "Number and symbol"
    )
    date_text: str = described("ngày … tháng … năm 2026", "Date in words")
    place: str = described("Địa danh ghi trước ngày tháng (Hà Nội)", "Place name of the date line")
    year: str = described("Năm ban hành", "Year of issue")


@dataclass(slots=True)
class Signer:
    lines: list[str] = described(
        "Quyền hạn, chức vụ, chữ in hoa (GIÁM ĐỐC; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)",
        "Authority and title lines in capitals",
    )
    name: str = described(
        "Họ và tên (--signer); trống nếu không cho", "Name (--signer); empty if not given"
    )


@dataclass(slots=True)
class PlanInfo:
    title: str = described("Tên kế hoạch", "Plan title")
    year: str = described("Năm kế hoạch", "Plan year")
    number: str = described("Số, ký hiệu kế hoạch; “…/KH-UBND” nếu chưa có", "Plan number")
    date: str = described("“ngày dd/mm/yyyy” hoặc “ngày …”", "Plan date")
    issuer: str = described("Cơ quan ban hành kế hoạch (UBND Thành phố)", "Plan issuer")
    about: str = described(
        "Nội dung kế hoạch, viết sau chữ “về” (tên kế hoạch bỏ chữ “Kế hoạch”)",
        "What the plan is about (its title without “Kế hoạch”)",
    )


@dataclass(slots=True)
class Common:
    """The variables every template shares."""

    sample: bool = described(
        "Dữ liệu là DỮ LIỆU MẪU (sân chơi ttdn demo)", "The data is sample data"
    )
    sample_mark: str = described(
        "Dòng cảnh báo DỮ LIỆU MẪU; trống nếu là dữ liệu thật",
        "SAMPLE DATA warning; empty for real data",
    )
    issuer: Issuer = described("Cơ quan ban hành văn bản", "Issuing agency")
    doc: DocInfo = described(
        "Số, ký hiệu, ngày tháng văn bản (để trống “…” nếu không dùng --number, --date)",
        "Number, symbol and date (blank “…” unless given)",
    )
    signer: Signer = described("Người ký", "Signatory")
    plan: PlanInfo = described("Kế hoạch", "The plan")
    as_of: str = described("Ngày tính số liệu (--as-of, mặc định hôm nay)", "The day looked at")

    def template_vars(self) -> dict[str, Any]:
        """The top-level variables, as the mapping Jinja renders with."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# --------------------------------------------------------------------------- parts


@dataclass(slots=True)
class PeriodInfo:
    id: str = described("H1 hoặc annual", "H1 or annual")
    year: str = described("Năm", "Year")
    label: str = described("6 tháng đầu năm 2026 / năm 2026", "Period label")
    label_upper: str = described("Như label, chữ in hoa", "Label in capitals")
    name: str = described("6 tháng / năm", "Short name")
    cutoff: str = described("Số liệu tính đến ngày (dd/mm/yyyy)", "Cut-off date of the figures")


@dataclass(slots=True)
class AgencyInfo:
    slug: str = described("Mã cơ quan", "Agency id")
    name: str = described("Tên cơ quan", "Name")
    short_name: str = described("Tên ngắn", "Short name")


@dataclass(slots=True)
class Addressees:
    single: bool = described(
        "Chỉ một nơi nhận (viết cùng dòng với “Kính gửi:”)", "Only one addressee"
    )
    lines: list[str] = described(
        "Các dòng sau “Kính gửi:”, đã có gạch đầu dòng và dấu “;”/“.”",
        "Lines after “Kính gửi:”, punctuated",
    )


@dataclass(slots=True)
class Totals:
    count: str = described("Tổng số nhiệm vụ", "Number of tasks")
    breakdown: str = described(
        "Số nhiệm vụ theo trạng thái, thành câu (hoàn thành 2 nhiệm vụ, …)",
        "Counts by status, as a phrase",
    )
    done: str = described("Số nhiệm vụ hoàn thành", "Tasks done")
    recorded: str = described("Số nhiệm vụ đã có cập nhật", "Tasks with recorded progress")
    unrecorded: str = described(
        "Số nhiệm vụ chưa ghi nhận tiến độ", "Tasks with no recorded progress"
    )
    overdue: str = described(
        "Số nhiệm vụ quá hạn theo tiến độ đã ghi nhận (không tính nhiệm vụ chưa ghi nhận)",
        "Tasks overdue by recorded progress (tasks with nothing recorded not counted)",
    )
    past_due_unrecorded: str = described(
        "Số nhiệm vụ đã qua hạn theo Kế hoạch nhưng chưa ghi nhận tiến độ",
        "Tasks past their due date with no recorded progress",
    )


@dataclass(slots=True)
class CityTotals(Totals):
    agencies: str = described("Số cơ quan chủ trì", "Number of lead agencies")


@dataclass(slots=True)
class Indicator:
    key: str = described("Mã chỉ tiêu (news_articles…)", "Indicator key")
    label: str = described("Tên chỉ tiêu (Tin, bài…)", "Label")
    value: str = described("Giá trị, có dấu chấm phân cách hàng nghìn", "Value, formatted")
    end: str = described("Dấu cuối dòng: “;” hoặc “.” ở dòng cuối", "“;” or “.” on the last")


@dataclass(slots=True)
class TaskItem:
    ref: str = described(
        "Số thứ tự trong phụ lục Kế hoạch (III.1)", "Number in the plan's appendix"
    )
    content: str = described("Nội dung nhiệm vụ, đầy đủ", "Full task content")
    content_short: str = described(
        "Như content (giữ cho các mẫu cũ; văn bản không cắt nội dung)",
        "Same as content (kept for older templates; documents never cut text)",
    )
    timeline: str = described("Tiến độ như in trong Kế hoạch", "Timeline as printed")
    due: str = described("Hạn (dd/mm/yyyy), trống nếu không ấn định", "Due date, empty if none")
    lead: str = described("Cơ quan chủ trì", "Lead agency")
    coordinators: str = described("Cơ quan phối hợp", "Coordinating agencies")
    status: str = described(
        "Trạng thái (hoàn thành, đang thực hiện…, chưa ghi nhận tiến độ)", "Status label"
    )
    status_note: str = described(
        "Trạng thái kèm quá hạn và căn cứ (đang thực hiện; quá hạn 12 ngày theo tiến độ ghi nhận "
        "ngày 15/05/2026; chưa cập nhật 2 kỳ đã qua)",
        "Status with lateness and what it rests on",
    )
    result: str = described(
        "Kết quả do cơ quan chủ trì ghi gần nhất; trống nếu chưa có",
        "Latest result recorded by the lead; empty if none",
    )
    result_text: str = described(
        "Kết quả cho cột Kết quả của phụ lục: kết quả của cơ quan chủ trì và "
        "của cơ quan phối hợp, mỗi dòng một mục; “Chưa ghi nhận” nếu chưa có; với kế hoạch "
        "của cơ quan, dòng đầu nêu nhiệm vụ của Thành phố được thực hiện",
        "Result column of the appendix (lead and coordinators); for a task of an agency plan, "
        "first the city task it implements",
    )
    implements: str = described(
        "Nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện (“Thực hiện nhiệm vụ III.1 "
        "của Kế hoạch …”); trống với kế hoạch Thành phố",
        "The parent-plan task this task implements; empty in the city plan",
    )
    contributions: list[str] = described(
        "Kết quả của các cơ quan phối hợp", "Coordinators' results"
    )
    last_update: str = described("Ngày cập nhật gần nhất", "Date of the last update")
    recorded: bool = described("Cơ quan chủ trì đã ghi tiến độ", "The lead has recorded progress")
    overdue: bool = described(
        "Quá hạn theo tiến độ đã ghi nhận (nhiệm vụ chưa ghi nhận tiến độ: không)",
        "Overdue by recorded progress (never for a task with nothing recorded)",
    )


@dataclass(slots=True)
class NextTask(TaskItem):
    note: str = described("Ghi chú hạn (quá hạn 12 ngày, hạn 31/12/2026…)", "Due-date note")


@dataclass(slots=True)
class OverdueTask(TaskItem):
    days: str = described("Số ngày quá hạn", "Days overdue")
    note: str = described(
        "hạn …, quá hạn … ngày; tiến độ ghi nhận: … (hoặc: đã qua … ngày, chưa ghi nhận tiến "
        "độ; chưa cập nhật kỳ …)",
        "Due-date note, saying what it rests on",
    )
    end: str = described("Dấu cuối dòng: “;” hoặc “.”", "“;” or “.”")


@dataclass(slots=True)
class Assessment:
    highlights: list[str] = described("Ưu điểm, kết quả nổi bật", "Highlights")
    limitations: list[str] = described("Hạn chế", "Limitations")
    causes: list[str] = described("Nguyên nhân", "Causes")
    directions: list[str] = described("Phương hướng", "Directions")
    recommendations: list[str] = described("Đề xuất, kiến nghị", "Recommendations")


@dataclass(slots=True)
class AgencyCount:
    name: str = described("Tên cơ quan", "Agency")
    text: str = described(
        "Số nhiệm vụ chưa hoàn thành, quá hạn, chưa ghi nhận tiến độ, kèm số thứ tự "
        "(2 nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận (III.1, III.2), trong đó 1 nhiệm "
        "vụ quá hạn; …)",
        "Counts of tasks not done, overdue and unrecorded, with their numbers",
    )
    open: str = described(
        "Số nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận", "Tasks recorded as not done"
    )
    overdue: str = described("Số nhiệm vụ quá hạn của cơ quan", "The agency's overdue tasks")
    unrecorded: str = described("Số nhiệm vụ chưa ghi nhận tiến độ", "Tasks with nothing recorded")


@dataclass(slots=True)
class NextPeriod:
    label: str = described("Tên kỳ tới (6 tháng cuối năm 2026; năm 2027)", "Next period")
    label_upper: str = described("Tên kỳ tới, chữ in hoa", "Next period, capitals")
    count: str = described(
        "Số nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận", "Tasks recorded as not done"
    )
    overdue_count: str = described("Số nhiệm vụ quá hạn", "Overdue tasks")
    unrecorded_count: str = described(
        "Số nhiệm vụ chưa ghi nhận tiến độ", "Tasks with no recorded progress"
    )
    tasks: list[NextTask] = described(
        "Các nhiệm vụ chưa hoàn thành theo tiến độ đã ghi nhận", "Tasks recorded as not done"
    )
    overdue: list[NextTask] = described("Các nhiệm vụ quá hạn", "Overdue tasks")
    unrecorded: list[NextTask] = described(
        "Các nhiệm vụ chưa ghi nhận tiến độ", "Tasks with no recorded progress"
    )
    by_agency: list[AgencyCount] = described("Theo cơ quan chủ trì", "By lead agency")


# --------------------------------------------------------------------------- the three kinds


@dataclass(slots=True)
class AgencyContext(Common):
    """``bao-cao-co-quan.docx``: one agency's report."""

    period: PeriodInfo = described("Kỳ báo cáo", "Reporting period")
    agency: AgencyInfo = described("Cơ quan báo cáo", "Reporting agency")
    to: Addressees = described("Kính gửi", "Addressees")
    has_progress: bool = described(
        "Cơ quan đã ghi ít nhất một lần cập nhật tiến độ đến ngày tính số liệu",
        "The agency recorded any progress up to the cut-off",
    )
    totals: Totals = described("Tổng hợp nhiệm vụ chủ trì", "Totals of the tasks led")
    indicators: list[Indicator] = described(
        "Chỉ tiêu định lượng cộng dồn trong kỳ (chỉ những chỉ tiêu khác 0)",
        "Indicators summed over the period (non-zero only)",
    )
    tasks: list[TaskItem] = described(
        "Các nhiệm vụ cơ quan chủ trì, theo thứ tự phụ lục", "Tasks led"
    )
    coordinated: list[TaskItem] = described(
        "Các nhiệm vụ cơ quan tham gia phối hợp có ghi kết quả",
        "Tasks coordinated with recorded results",
    )
    assessment: Assessment = described(
        "Đánh giá từ báo cáo kỳ (PeriodReport) của cơ quan", "Texts of period reports"
    )
    next: NextPeriod = described(
        "Nhiệm vụ kỳ tới: các nhiệm vụ chưa hoàn thành (không tính đã huỷ), quá hạn trước",
        "Next period: tasks not done, overdue first",
    )


@dataclass(slots=True)
class Group:
    number: str = described("Số thứ tự nhóm (1, 2…)", "Group number")
    slug: str = described("Mã cơ quan", "Agency id")
    name: str = described("Tên cơ quan chủ trì", "Lead agency")
    count: str = described("Số nhiệm vụ", "Number of tasks")
    breakdown: str = described("Số nhiệm vụ theo trạng thái, thành câu", "Counts by status")
    overdue: str = described(
        "Số nhiệm vụ quá hạn theo tiến độ đã ghi nhận", "Tasks overdue by recorded progress"
    )
    tasks: list[TaskItem] = described("Các nhiệm vụ", "Tasks")
    reported: list[TaskItem] = described(
        "Các nhiệm vụ đã có cập nhật (của cơ quan chủ trì hoặc phối hợp)",
        "Tasks with any recorded progress",
    )
    unrecorded_refs: str = described(
        "Số thứ tự các nhiệm vụ chưa ghi nhận tiến độ (I.4, I.5); trống nếu không có",
        "Numbers of tasks with no progress",
    )


@dataclass(slots=True)
class ReportLine:
    agency: str = described("Tên cơ quan", "Agency")
    state: str = described("submitted, submitted_late, missing, pending", "State")
    text: str = described(
        "Tình trạng (đã gửi ngày …; chưa ghi nhận đã gửi, quá hạn 12 ngày…)", "State in words"
    )
    line: str = described(
        "“Cơ quan: tình trạng;” đã có dấu cuối dòng", "Agency and state, punctuated"
    )


@dataclass(slots=True)
class Reports:
    expected: str = described("Số cơ quan phải báo cáo", "Agencies that must report")
    received: str = described("Số báo cáo ghi nhận đã gửi", "Reports recorded as sent")
    late: str = described("Số báo cáo gửi muộn (trong số đã nhận)", "Reports received late")
    missing: str = described(
        "Số cơ quan quá hạn mà chưa ghi nhận đã gửi", "Past due, none recorded as sent"
    )
    agencies: list[ReportLine] = described("Từng cơ quan", "Per agency")


@dataclass(slots=True)
class Communes:
    present: bool = described(
        "Có UBND phường, xã phải báo cáo (bảng được in)", "Some commune must report"
    )
    count: str = described("Số UBND phường, xã phải báo cáo", "Communes that must report")
    received: str = described("Số đã gửi báo cáo (kể cả gửi muộn)", "Reports received")
    late: str = described("Số gửi muộn (trong số đã gửi)", "Received late")
    missing: str = described(
        "Số chưa ghi nhận đã gửi (quá hạn hoặc chưa đến hạn)", "None recorded as sent"
    )
    unreported: str = described(
        "Tên các phường, xã chưa ghi nhận đã gửi báo cáo, cách nhau dấu phẩy",
        "Communes with no report recorded as sent, joined",
    )
    indicators: list[Indicator] = described(
        "Chỉ tiêu chủ yếu cộng dồn của các phường, xã trong kỳ (khác 0)",
        "Key indicators summed over the communes (non-zero only)",
    )


@dataclass(slots=True)
class CityContext(Common):
    """``bao-cao-tong-hop.docx``: the consolidated city report."""

    period: PeriodInfo = described("Kỳ báo cáo", "Reporting period")
    to: Addressees = described("Kính gửi", "Addressees")
    has_progress: bool = described(
        "Có ít nhất một lần cập nhật tiến độ đến ngày tính số liệu",
        "Any progress recorded up to the cut-off",
    )
    totals: CityTotals = described("Tổng hợp toàn Thành phố", "City totals")
    indicators: list[Indicator] = described(
        "Chỉ tiêu định lượng cộng dồn trong kỳ (chỉ những chỉ tiêu khác 0)",
        "Indicators summed over the period (non-zero only)",
    )
    tasks: list[TaskItem] = described("Mọi nhiệm vụ của phụ lục", "Every task")
    groups: list[Group] = described("Nhiệm vụ theo cơ quan chủ trì", "Tasks grouped by lead agency")
    reports: Reports = described(
        "Tình hình gửi báo cáo kỳ này của các cơ quan phải báo cáo; agencies: từng cơ quan "
        "trừ UBND phường, xã (tổng hợp trong communes)",
        "Report submissions of the agencies that must report; agencies: each one but the "
        "communes (summed up in communes)",
    )
    communes: Communes = described(
        "UBND các phường, xã gộp trong một bảng", "The communes in one table"
    )
    assessment: Assessment = described(
        "Đánh giá từ báo cáo kỳ (PeriodReport) của cơ quan", "Texts of period reports"
    )
    next: NextPeriod = described(
        "Nhiệm vụ kỳ tới: các nhiệm vụ chưa hoàn thành (không tính đã huỷ), quá hạn trước",
        "Next period: tasks not done, overdue first",
    )


@dataclass(slots=True)
class MissingReport:
    name: str = described("Tên báo cáo (Báo cáo 6 tháng năm 2026)", "Report name")
    period: str = described("H1 hoặc annual", "Period id")
    due: str = described("Hạn gửi: trước ngày (dd/mm/yyyy)", "Due before")
    days: str = described("Số ngày quá hạn", "Days late")
    note: str = described("hạn gửi trước ngày …, quá hạn … ngày", "Due-date note")
    end: str = described("Dấu cuối dòng: “;” hoặc “.”", "“;” or “.”")


@dataclass(slots=True)
class ReminderContext(Common):
    """``cong-van-don-doc.docx``: the công văn đôn đốc to one agency."""

    recipient: AgencyInfo = described("Cơ quan được đôn đốc", "Agency reminded")
    to: Addressees = described("Kính gửi", "Addressees")
    tasks: list[OverdueTask] = described(
        "Nhiệm vụ đã qua hạn chưa ghi nhận hoàn thành (mỗi kỳ bị lỡ của nhiệm vụ định kỳ là "
        "một mục)",
        "Overdue tasks (one item per missed occurrence)",
    )
    reports: list[MissingReport] = described(
        "Báo cáo quá hạn chưa ghi nhận đã gửi", "Past-due reports none recorded as sent"
    )
    has_items: bool = described(
        "Có nhiệm vụ hoặc báo cáo đã qua hạn chưa ghi nhận hoàn thành", "Anything overdue"
    )


Context = AgencyContext | CityContext | ReminderContext

CONTEXT_TYPES: dict[str, type[Common]] = {
    "agency": AgencyContext,
    "city": CityContext,
    "reminder": ReminderContext,
}
