"""The data model: agencies, groups, plans, appendix tasks and progress records.

Every YAML file under the data root is validated against one of these pydantic models.
Field names are English; all text values are Vietnamese (NFC). Identifiers (agency slugs,
task ids, plan ids) are lowercase ASCII joined by ``-``.

The Vietnamese field descriptions are user-facing: they feed error messages and the JSON
Schema offered to editors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1)]

AgencyKind = Literal[
    "department",  # sở, ban, ngành Thành phố
    "office",  # văn phòng (Văn phòng UBND Thành phố)
    "city_organization",  # tổ chức cấp Thành phố (Liên hiệp các tổ chức hữu nghị…)
    "press",  # cơ quan báo chí
    "commune",  # UBND phường, xã
    "city_government",  # UBND Thành phố, HĐND Thành phố
    "party",  # cơ quan Đảng (Thành ủy, Ban Tuyên giáo và Dân vận Thành ủy…)
    "steering_committee",  # ban chỉ đạo
    "central",  # cơ quan Trung ương (Bộ, Cục, Thông tấn xã…)
    "enterprise",  # doanh nghiệp (Vietnam Airlines, Cảng hàng không…)
    "public_service_unit",  # đơn vị sự nghiệp (bảo tàng, trung tâm…)
    "international",  # tổ chức quốc tế
]

AGENCY_KIND_LABELS: dict[str, str] = {
    "department": "sở, ban, ngành Thành phố",
    "office": "văn phòng",
    "city_organization": "tổ chức cấp Thành phố",
    "press": "cơ quan báo chí",
    "commune": "UBND phường, xã",
    "city_government": "chính quyền Thành phố",
    "party": "cơ quan Đảng",
    "steering_committee": "ban chỉ đạo",
    "central": "cơ quan Trung ương",
    "enterprise": "doanh nghiệp",
    "public_service_unit": "đơn vị sự nghiệp",
    "international": "tổ chức quốc tế",
}

Status = Literal["not_started", "in_progress", "done", "paused", "cancelled"]

STATUS_LABELS: dict[str, str] = {
    "not_started": "chưa triển khai",
    "in_progress": "đang thực hiện",
    "done": "hoàn thành",
    "paused": "tạm dừng",
    "cancelled": "huỷ bỏ",
}

# Numeric indicators an agency may report per progress entry, with their Vietnamese labels.
INDICATORS: dict[str, str] = {
    "news_articles": "tin, bài",
    "publications": "ấn phẩm",
    "events": "sự kiện",
    "videos": "video, clip",
    "trainings": "hội nghị, tập huấn",
    "delegations": "đoàn công tác",
    "reach": "lượt tiếp cận",
}

PeriodId = Literal["H1", "annual"]

PERIOD_LABELS: dict[str, str] = {"H1": "6 tháng", "annual": "năm"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False)


# ---------------------------------------------------------------------------- agencies


class Agency(_Model):
    """One file ``data/agencies/<slug>.yaml``; the slug is the file name."""

    name: Text = Field(description="Tên đầy đủ bằng tiếng Việt")
    short_name: Text = Field(description="Tên viết tắt hoặc tên ngắn")
    name_en: Text | None = Field(None, description="Tên tiếng Anh thường dùng")
    kind: AgencyKind = Field(description="Loại cơ quan")
    aliases: list[Text] = Field(
        default_factory=list, description="Các cách viết khác của tên trong văn bản"
    )
    parent: Slug | None = Field(None, description="Cơ quan cấp trên (mã)")
    note: Text | None = Field(None, description="Ghi chú")
    sample: bool = Field(False, description="Dữ liệu mẫu (không có thật)")


class Group(_Model):
    """A generic group named in the coordinator column ("các cơ quan, đơn vị liên quan")."""

    id: Slug = Field(description="Mã nhóm")
    name: Text = Field(description="Tên nhóm như trong văn bản")
    member_kinds: list[AgencyKind] = Field(
        default_factory=list, description="Những loại cơ quan thuộc nhóm (nếu xác định được)"
    )
    note: Text | None = Field(None, description="Ghi chú")


class GroupsFile(_Model):
    """``data/groups.yaml``."""

    groups: list[Group] = Field(description="Các nhóm cơ quan chung")


# ---------------------------------------------------------------------------- plans


class Signatory(_Model):
    authority: list[Text] = Field(
        default_factory=list, description="Thẩm quyền ký, mỗi dòng một mục (TM., KT.)"
    )
    title: Text | None = Field(None, description="Chức vụ người ký")
    name: Text | None = Field(None, description="Họ và tên người ký")


class ContentSection(_Model):
    ref: Text = Field(description="Số mục như trong văn bản (1, 1.1…)")
    title: Text | None = Field(None, description="Tên mục")
    paragraphs: list[Text] = Field(default_factory=list, description="Các đoạn văn")
    subsections: list[ContentSection] = Field(default_factory=list, description="Các mục con")


class Duty(_Model):
    """Duties of one agency or group in "Tổ chức thực hiện"."""

    ref: Text = Field(description="Số mục")
    heading: Text = Field(description="Tiêu đề như trong văn bản")
    agency: Slug | None = Field(None, description="Cơ quan (mã)")
    group: Slug | None = Field(None, description="Nhóm cơ quan (mã)")
    duties: list[Text] = Field(description="Nhiệm vụ")


class ReportPeriod(_Model):
    id: PeriodId = Field(description="Kỳ báo cáo: H1 (6 tháng) hoặc annual (năm)")
    name: Text = Field(description="Tên kỳ báo cáo")
    due_before: dt.date = Field(description="Hạn: gửi trước ngày này")


class Reporting(_Model):
    recipient: Slug = Field(description="Cơ quan nhận báo cáo để tổng hợp")
    subject_kinds: list[AgencyKind] = Field(
        description="Các loại cơ quan phải báo cáo (mọi cơ quan thuộc loại đó)"
    )
    subject_agencies: list[Slug] = Field(
        default_factory=list, description="Các cơ quan phải báo cáo ngoài các loại trên"
    )
    periods: list[ReportPeriod] = Field(description="Các kỳ báo cáo")
    source: Text | None = Field(None, description="Câu trong văn bản quy định chế độ báo cáo")


class Appendix(_Model):
    title: Text = Field(description="Tên phụ lục")
    subtitle: Text | None = Field(None, description="Dòng kèm theo")
    ends_after: Text | None = Field(
        None, description="Mục cuối cùng có trong văn bản nguồn (ví dụ IX.3)"
    )
    note: Text | None = Field(None, description="Ghi chú về bản chép")


class Plan(_Model):
    """``data/plans/<plan-id>/plan.yaml``; the plan id is the folder name."""

    title: Text = Field(description="Tên kế hoạch")
    kind: Literal["city", "agency"] = Field(description="Kế hoạch của Thành phố hay của cơ quan")
    year: int = Field(ge=2000, le=2100, description="Năm kế hoạch")
    issuer: Slug = Field(description="Cơ quan ban hành (mã)")
    parent: Slug | None = Field(None, description="Kế hoạch cấp trên (mã kế hoạch)")
    number: Text | None = Field(None, description="Số, ký hiệu văn bản; để trống nếu chưa có")
    number_note: Text | None = Field(None, description="Ghi chú về số văn bản")
    date: dt.date | None = Field(None, description="Ngày ban hành; để trống nếu chưa có")
    date_note: Text | None = Field(None, description="Ghi chú về ngày ban hành")
    signatory: Signatory | None = Field(None, description="Người ký")
    preamble: Text | None = Field(None, description="Đoạn mở đầu (căn cứ, lý do ban hành)")
    legal_bases: list[Text] = Field(default_factory=list, description="Căn cứ ban hành")
    purposes: list[Text] = Field(default_factory=list, description="Mục đích")
    requirements: list[Text] = Field(default_factory=list, description="Yêu cầu")
    content: list[ContentSection] = Field(default_factory=list, description="Nội dung thực hiện")
    funding: list[Text] = Field(default_factory=list, description="Kinh phí thực hiện")
    implementation: list[Duty] = Field(default_factory=list, description="Tổ chức thực hiện")
    closing: list[Text] = Field(default_factory=list, description="Đoạn kết")
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận")
    reporting: Reporting | None = Field(None, description="Chế độ báo cáo")
    appendix: Appendix | None = Field(None, description="Phụ lục nhiệm vụ")
    sample: bool = Field(False, description="Dữ liệu mẫu (không có thật)")


class Task(_Model):
    id: Slug = Field(description="Mã ổn định của nhiệm vụ; không đổi khi sắp xếp lại")
    ref: Text = Field(description="Số thứ tự như in trong phụ lục (ví dụ III.2)")
    content: Text = Field(description="Nội dung, quy mô công việc")
    timeline: Text = Field(description="Tiến độ thời gian, đúng như in (Tháng 1, Quý I, Năm 2026)")
    due: dt.date | None = Field(
        None, description="Hạn cụ thể, dùng khi tiến độ không xác định được ngày"
    )
    lead: Slug = Field(description="Cơ quan phụ trách (chủ trì), mã cơ quan")
    lead_as_printed: Text | None = Field(None, description="Tên cơ quan chủ trì như in")
    coordinators: list[Slug] = Field(
        default_factory=list, description="Các cơ quan phối hợp có tên (mã cơ quan)"
    )
    coordinator_groups: list[Slug] = Field(
        default_factory=list, description="Các nhóm cơ quan phối hợp chung (mã nhóm)"
    )
    coordinators_as_printed: Text | None = Field(None, description="Cột cơ quan phối hợp như in")
    implements: Slug | None = Field(
        None, description="Mã nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện"
    )
    carried_over: bool = Field(False, description="Chuyển từ kế hoạch năm trước, chưa sửa")
    note: Text | None = Field(None, description="Ghi chú")


class TaskSection(_Model):
    """``data/plans/<plan-id>/tasks/NN-<slug>.yaml``: one section of the appendix."""

    section: Text = Field(description="Số La Mã của phần (I, II…)")
    title: Text = Field(description="Tên phần như in")
    tasks: list[Task] = Field(default_factory=list, description="Các nhiệm vụ")


# ---------------------------------------------------------------------------- progress


class ProgressEntry(_Model):
    task: Slug = Field(description="Mã nhiệm vụ")
    date: dt.date = Field(description="Ngày cập nhật")
    status: Status = Field(description="Trạng thái")
    result: Text | None = Field(None, description="Kết quả")
    note: Text | None = Field(None, description="Ghi chú")
    indicators: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Chỉ tiêu định lượng"
    )
    evidence: list[Text] = Field(default_factory=list, description="Văn bản, đường dẫn minh chứng")


class PeriodReport(_Model):
    period: PeriodId = Field(description="Kỳ báo cáo: H1 hoặc annual")
    submitted: dt.date | None = Field(None, description="Ngày gửi báo cáo")
    number: Text | None = Field(None, description="Số, ký hiệu báo cáo")
    highlights: Text | None = Field(None, description="Kết quả nổi bật")
    limitations: Text | None = Field(None, description="Hạn chế")
    causes: Text | None = Field(None, description="Nguyên nhân")
    directions: Text | None = Field(None, description="Phương hướng")
    recommendations: Text | None = Field(None, description="Đề xuất, kiến nghị")


class ProgressFile(_Model):
    """``data/plans/<plan-id>/progress/<agency-slug>.yaml``: one agency's own records."""

    agency: Slug = Field(description="Cơ quan (mã), trùng tên tệp")
    sample: bool = Field(False, description="Dữ liệu mẫu (không có thật)")
    entries: list[ProgressEntry] = Field(default_factory=list, description="Các lần cập nhật")
    reports: list[PeriodReport] = Field(default_factory=list, description="Báo cáo theo kỳ")
