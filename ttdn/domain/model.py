"""The data model: agencies, groups, plans, appendix tasks and progress records.

Every YAML file under the data root is validated against one of these pydantic models.
Field names are English; all text values are Vietnamese (NFC). Identifiers (agency slugs,
task ids, plan ids) are lowercase ASCII joined by ``-``.

The Vietnamese field descriptions are user-facing: they feed error messages and the JSON
Schema offered to editors. They and the labels below are message ids (marked ``N_``, no
language here): put into words in the language of the run at the edge; the JSON Schema keeps
Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ttdn.domain.labels import (  # noqa: F401  (the labels are also read from here)
    AGENCY_KIND_LABELS,
    INDICATORS,
    PERIOD_LABELS,
    REPORT_NAMES,
    STATUS_LABELS,
)
from ttdn.domain.messages import N_

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1)]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]

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


Status = Literal["not_started", "in_progress", "done", "paused", "cancelled"]


PeriodId = Literal["H1", "annual"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False)


# ---------------------------------------------------------------------------- agencies


class Agency(_Model):
    """One file ``data/agencies/<slug>.yaml``; the slug is the file name."""

    name: Text = Field(description=N_("Tên đầy đủ bằng tiếng Việt"))
    short_name: Text = Field(description=N_("Tên viết tắt hoặc tên ngắn"))
    name_en: Text | None = Field(None, description=N_("Tên tiếng Anh thường dùng"))
    kind: AgencyKind = Field(description=N_("Loại cơ quan"))
    code: Text | None = Field(
        None,
        description=N_(
            "Mã chính thức của cơ quan (UBND phường, xã: mã đơn vị hành chính, 5 chữ số)"
        ),
    )
    abbreviation: Text | None = Field(
        None, description=N_("Chữ viết tắt tên cơ quan trong số, ký hiệu văn bản")
    )
    email: Email | None = Field(None, description=N_("Địa chỉ thư điện tử nhận văn bản"))
    aliases: list[Text] = Field(
        default_factory=list, description=N_("Các cách viết khác của tên trong văn bản")
    )
    parent: Slug | None = Field(None, description=N_("Cơ quan cấp trên (mã)"))
    note: Text | None = Field(None, description=N_("Ghi chú"))
    sample: bool = Field(False, description=N_("Dữ liệu mẫu (không có thật)"))


class GroupMembers(_Model):
    """Who belongs to a group: every agency of the kinds named, plus the agencies named."""

    kinds: list[AgencyKind] = Field(
        default_factory=list, description=N_("Mọi cơ quan thuộc các loại này")
    )
    agencies: list[Slug] = Field(
        default_factory=list, description=N_("Các cơ quan thuộc nhóm ngoài các loại trên (mã)")
    )

    def __str__(self) -> str:
        """The kinds and agencies, as codes (for ``ttdn diff``)."""
        return "; ".join(", ".join(x) for x in (self.kinds, self.agencies) if x) or "—"


class Group(_Model):
    """A group named in the plan ("các sở, ban, ngành", "các cơ quan, đơn vị liên quan").

    A group with ``members`` stands for those agencies: each coordinates what the group
    coordinates and carries the group's duties. A generic group has no members.
    """

    id: Slug = Field(description=N_("Mã nhóm"))
    name: Text = Field(description=N_("Tên nhóm như trong văn bản"))
    aliases: list[Text] = Field(
        default_factory=list, description=N_("Các cách in khác của tên nhóm")
    )
    members: GroupMembers | None = Field(
        None,
        description=N_(
            "Thành viên của nhóm: theo loại cơ quan (kinds) và/hoặc danh sách mã (agencies); "
            "bỏ trống với nhóm chung không xác định được thành viên"
        ),
    )
    note: Text | None = Field(None, description=N_("Ghi chú"))


class GroupsFile(_Model):
    """``data/groups.yaml``."""

    groups: list[Group] = Field(description=N_("Các nhóm cơ quan chung"))


# ---------------------------------------------------------------------------- plans


class Signatory(_Model):
    authority: list[Text] = Field(
        default_factory=list, description=N_("Thẩm quyền ký, mỗi dòng một mục (TM., KT.)")
    )
    title: Text | None = Field(None, description=N_("Chức vụ người ký"))
    name: Text | None = Field(None, description=N_("Họ và tên người ký"))


class ContentSection(_Model):
    ref: Text = Field(description=N_("Số mục như trong văn bản (1, 1.1…)"))
    title: Text | None = Field(None, description=N_("Tên mục"))
    paragraphs: list[Text] = Field(default_factory=list, description=N_("Các đoạn văn"))
    subsections: list[ContentSection] = Field(default_factory=list, description=N_("Các mục con"))


class Duty(_Model):
    """Duties of one agency or group in "Tổ chức thực hiện"."""

    ref: Text = Field(description=N_("Số mục"))
    heading: Text = Field(description=N_("Tiêu đề như trong văn bản"))
    agency: Slug | None = Field(None, description=N_("Cơ quan (mã)"))
    group: Slug | None = Field(None, description=N_("Nhóm cơ quan (mã)"))
    duties: list[Text] = Field(description=N_("Nhiệm vụ"))


DutyKind = Literal["duty", "own_plan", "report"]


class StandingDuty(_Model):
    """A standing duty of "Tổ chức thực hiện", tracked like a task.

    ``kind: duty`` is one item of ``implementation``: its text is that item's duty number
    ``item`` (counted from 1), its lead the item's agency or group (each member of the group
    carries it). ``own_plan`` (each body's own plan) and ``report`` (its report for
    ``period``) fall on every body the plan makes subject (``reporting``); whether they are
    done is read from the data (an agency plan, a recorded report), not from progress.
    """

    id: Slug = Field(description=N_("Mã ổn định của nhiệm vụ thường xuyên"))
    ref: Text = Field(description=N_("Số thứ tự để hiển thị (ví dụ IV.1.2)"))
    kind: DutyKind = Field(
        "duty",
        description=N_(
            "duty: nhiệm vụ trong mục Tổ chức thực hiện; own_plan: xây dựng kế hoạch của "
            "đơn vị; report: gửi báo cáo theo kỳ"
        ),
    )
    implementation: Text | None = Field(
        None, description=N_("Số mục trong Tổ chức thực hiện (kind: duty)")
    )
    item: int | None = Field(
        None, ge=1, description=N_("Thứ tự nhiệm vụ trong mục đó, đếm từ 1 (kind: duty)")
    )
    period: PeriodId | None = Field(None, description=N_("Kỳ báo cáo (kind: report)"))
    content: Text | None = Field(
        None, description=N_("Nội dung (kind: own_plan; với duty lấy từ mục Tổ chức thực hiện)")
    )
    timeline: Text | None = Field(
        None,
        description=N_(
            "Tiến độ như văn bản ghi, hoặc “Thường xuyên” (kind duty, own_plan; với report là "
            "hạn của kỳ)"
        ),
    )


class ReportPeriod(_Model):
    id: PeriodId = Field(description=N_("Kỳ báo cáo: H1 (6 tháng) hoặc annual (năm)"))
    name: Text = Field(description=N_("Tên kỳ báo cáo"))
    due_before: dt.date = Field(description=N_("Hạn: gửi trước ngày này"))


class Reporting(_Model):
    recipient: Slug = Field(description=N_("Cơ quan nhận báo cáo để tổng hợp"))
    subject_kinds: list[AgencyKind] = Field(
        description=N_("Các loại cơ quan phải báo cáo (mọi cơ quan thuộc loại đó)")
    )
    subject_agencies: list[Slug] = Field(
        default_factory=list, description=N_("Các cơ quan phải báo cáo ngoài các loại trên")
    )
    periods: list[ReportPeriod] = Field(description=N_("Các kỳ báo cáo"))
    source: Text | None = Field(None, description=N_("Câu trong văn bản quy định chế độ báo cáo"))


class Appendix(_Model):
    title: Text = Field(description=N_("Tên phụ lục"))
    subtitle: Text | None = Field(None, description=N_("Dòng kèm theo"))
    ends_after: Text | None = Field(
        None, description=N_("Mục cuối cùng có trong văn bản nguồn (ví dụ IX.3)")
    )
    note: Text | None = Field(None, description=N_("Ghi chú về bản chép"))


class Plan(_Model):
    """``data/plans/<plan-id>/plan.yaml``; the plan id is the folder name."""

    title: Text = Field(description=N_("Tên kế hoạch"))
    kind: Literal["city", "agency"] = Field(
        description=N_("Kế hoạch của Thành phố hay của cơ quan")
    )
    year: int = Field(ge=2000, le=2100, description=N_("Năm kế hoạch"))
    issuer: Slug = Field(description=N_("Cơ quan ban hành (mã)"))
    parent: Slug | None = Field(None, description=N_("Kế hoạch cấp trên (mã kế hoạch)"))
    number: Text | None = Field(None, description=N_("Số, ký hiệu văn bản; để trống nếu chưa có"))
    number_note: Text | None = Field(None, description=N_("Ghi chú về số văn bản"))
    date: dt.date | None = Field(None, description=N_("Ngày ban hành; để trống nếu chưa có"))
    date_note: Text | None = Field(None, description=N_("Ghi chú về ngày ban hành"))
    signatory: Signatory | None = Field(None, description=N_("Người ký"))
    preamble: Text | None = Field(None, description=N_("Đoạn mở đầu (căn cứ, lý do ban hành)"))
    legal_bases: list[Text] = Field(default_factory=list, description=N_("Căn cứ ban hành"))
    purposes: list[Text] = Field(default_factory=list, description=N_("Mục đích"))
    requirements: list[Text] = Field(default_factory=list, description=N_("Yêu cầu"))
    content: list[ContentSection] = Field(
        default_factory=list, description=N_("Nội dung thực hiện")
    )
    funding: list[Text] = Field(default_factory=list, description=N_("Kinh phí thực hiện"))
    implementation: list[Duty] = Field(default_factory=list, description=N_("Tổ chức thực hiện"))
    standing_duties: list[StandingDuty] = Field(
        default_factory=list,
        description=N_("Nhiệm vụ thường xuyên của mục Tổ chức thực hiện, được theo dõi"),
    )
    closing: list[Text] = Field(default_factory=list, description=N_("Đoạn kết"))
    recipients: list[Text] = Field(default_factory=list, description=N_("Nơi nhận"))
    reporting: Reporting | None = Field(None, description=N_("Chế độ báo cáo"))
    appendix: Appendix | None = Field(None, description=N_("Phụ lục nhiệm vụ"))
    sample: bool = Field(False, description=N_("Dữ liệu mẫu (không có thật)"))


class Task(_Model):
    id: Slug = Field(description=N_("Mã ổn định của nhiệm vụ; không đổi khi sắp xếp lại"))
    ref: Text = Field(description=N_("Số thứ tự như in trong phụ lục (ví dụ III.2)"))
    content: Text = Field(description=N_("Nội dung, quy mô công việc"))
    timeline: Text = Field(
        description=N_("Tiến độ thời gian, đúng như in (Tháng 1, Quý I, Năm 2026)")
    )
    due: dt.date | None = Field(
        None, description=N_("Hạn cụ thể, dùng khi tiến độ không xác định được ngày")
    )
    lead: Slug | None = Field(None, description=N_("Cơ quan phụ trách (chủ trì), mã cơ quan"))
    lead_as_printed: Text | None = Field(None, description=N_("Tên cơ quan chủ trì như in"))
    coordinators: list[Slug] = Field(
        default_factory=list, description=N_("Các cơ quan phối hợp có tên (mã cơ quan)")
    )
    coordinator_groups: list[Slug] = Field(
        default_factory=list, description=N_("Các nhóm cơ quan phối hợp chung (mã nhóm)")
    )
    coordinators_as_printed: Text | None = Field(
        None, description=N_("Cột cơ quan phối hợp như in")
    )
    unresolved: list[Text] = Field(
        default_factory=list, description=N_("Tên cơ quan phối hợp như in, chưa xác định được mã")
    )
    implements: Slug | None = Field(
        None, description=N_("Mã nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện")
    )
    carried_over: bool = Field(False, description=N_("Chuyển từ kế hoạch năm trước, chưa sửa"))
    note: Text | None = Field(None, description=N_("Ghi chú"))


class TaskSection(_Model):
    """``data/plans/<plan-id>/tasks/NN-<slug>.yaml``: one section of the appendix."""

    section: Text = Field(description=N_("Số La Mã của phần (I, II…)"))
    title: Text = Field(description=N_("Tên phần như in"))
    tasks: list[Task] = Field(default_factory=list, description=N_("Các nhiệm vụ"))


# ---------------------------------------------------------------------------- progress


class ProgressEntry(_Model):
    task: Slug = Field(description=N_("Mã nhiệm vụ"))
    date: dt.date = Field(description=N_("Ngày cập nhật"))
    status: Status = Field(description=N_("Trạng thái"))
    result: Text | None = Field(None, description=N_("Kết quả"))
    note: Text | None = Field(None, description=N_("Ghi chú"))
    indicators: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description=N_("Chỉ tiêu định lượng, số luỹ kế từ đầu năm đến ngày cập nhật"),
    )
    evidence: list[Text] = Field(
        default_factory=list, description=N_("Văn bản, đường dẫn minh chứng")
    )


class PeriodReport(_Model):
    period: PeriodId = Field(description=N_("Kỳ báo cáo: H1 hoặc annual"))
    submitted: dt.date | None = Field(None, description=N_("Ngày gửi báo cáo"))
    number: Text | None = Field(None, description=N_("Số, ký hiệu báo cáo"))
    file: Text | None = Field(
        None, description=N_("Tệp hoặc đường dẫn của báo cáo đã gửi (để tra cứu)")
    )
    highlights: Text | None = Field(None, description=N_("Kết quả nổi bật"))
    limitations: Text | None = Field(None, description=N_("Hạn chế"))
    causes: Text | None = Field(None, description=N_("Nguyên nhân"))
    directions: Text | None = Field(None, description=N_("Phương hướng"))
    recommendations: Text | None = Field(None, description=N_("Đề xuất, kiến nghị"))


class ProgressFile(_Model):
    """``data/plans/<plan-id>/progress/<agency-slug>.yaml``: one agency's own records."""

    agency: Slug = Field(description=N_("Cơ quan (mã), trùng tên tệp"))
    sample: bool = Field(False, description=N_("Dữ liệu mẫu (không có thật)"))
    entries: list[ProgressEntry] = Field(default_factory=list, description=N_("Các lần cập nhật"))
    reports: list[PeriodReport] = Field(default_factory=list, description=N_("Báo cáo theo kỳ"))
