"""``ttdn demo DIR``: a playground with the real plan and clearly labelled SAMPLE progress.

None of the real 2026 plan's progress is known, so the shipped data has none. The playground
copies the real plan and agencies and adds sample progress (every status, indicators, one
submitted six-month report, a late task), each file marked ``sample: true`` and with a
comment saying so, then commits it all in a new git repository.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from ttdn.i18n import _

SAMPLE_HEADER = (
    "# DỮ LIỆU MẪU — tiến độ giả định để thử công cụ ttdn, KHÔNG phải số liệu thật.\n"
    "# SAMPLE DATA — made-up progress for trying ttdn; not real figures.\n"
)

PLAN_ID = "ha-noi-2026"

# agency → (entries, reports). Dates and numbers are invented for the playground only.
SAMPLE_PROGRESS: dict[str, dict] = {
    "so-van-hoa-va-the-thao": {
        "entries": [
            {
                "task": "vhtt-01",
                "date": "2026-01-28",
                "status": "done",
                "result": "Trình UBND Thành phố ban hành Kế hoạch tuyên truyền năm 2026.",
            },
            {
                "task": "vhtt-02",
                "date": "2026-02-20",
                "status": "in_progress",
                "result": "Đã xin ý kiến các sở, ngành về dự thảo Kế hoạch.",
            },
            {
                "task": "vhtt-08",
                "date": "2026-06-30",
                "status": "in_progress",
                "result": "Tổng hợp 6 báo cáo chuyên đề dư luận báo chí nước ngoài.",
                "indicators": {"news_articles": 340},
            },
        ],
        "reports": [],
    },
    "van-phong-ubnd-thanh-pho": {
        "entries": [
            {
                "task": "vpub-01",
                "date": "2026-04-01",
                "status": "in_progress",
                "result": "Đăng 410 tin, bài tiếng Việt và 150 tin, bài tiếng Anh trên Cổng thông tin.",
                "indicators": {"news_articles": 560},
            },
        ],
        "reports": [
            {"period": "H1", "submitted": "2026-06-25", "number": "88/BC-VP (mẫu)"},
        ],
    },
    "co-quan-bao-va-phat-thanh-truyen-hinh-ha-noi": {
        "entries": [
            {
                "task": "vpub-04",
                "date": "2026-05-05",
                "status": "in_progress",
                "result": "Phối hợp sản xuất 12 phóng sự về cộng đồng người Việt Nam ở nước ngoài.",
                "indicators": {"videos": 12},
            },
        ],
        "reports": [],
    },
    "so-cong-thuong": {
        "entries": [
            {
                "task": "ct-03",
                "date": "2026-05-30",
                "status": "in_progress",
                "result": "Hỗ trợ 45 doanh nghiệp tham gia 3 hội chợ quốc tế.",
                "indicators": {"events": 3},
            },
        ],
        "reports": [],
    },
}

# Sở Du lịch keeps its progress under its own plan (scaffolded by ``ttdn plan new``), whose
# tasks implement the city tasks: the city view rolls them up.
AGENCY_PLAN_AGENCY = "so-du-lich"
AGENCY_PLAN_PROGRESS: dict[str, dict] = {
    "so-du-lich": {
        "entries": [
            {
                "task": "dl-01-1",
                "date": "2026-02-10",
                "status": "in_progress",
                "result": "Đăng 18 tin, bài quảng bá điểm đến mới trên báo Trung ương và Thành phố.",
                "indicators": {"news_articles": 18, "reach": 120000},
            },
            {
                "task": "dl-02-1",
                "date": "2026-03-31",
                "status": "in_progress",
                "result": "Phát hành Bản tin du lịch Hà Nội quý I (song ngữ Việt - Anh).",
                "indicators": {"publications": 1, "news_articles": 24},
                "evidence": ["Bản tin du lịch Hà Nội số 1/2026 (mẫu)"],
            },
            {
                "task": "dl-02-1",
                "date": "2026-06-30",
                "status": "in_progress",
                "result": "Phát hành Bản tin quý II; ấn phẩm “Góc Hà Nội” bản tiếng Anh đang in.",
                # running totals since January: 24 + 20 articles, 2 bulletins
                "indicators": {"publications": 2, "news_articles": 44},
            },
            {
                "task": "dl-03-1",
                "date": "2026-05-15",
                "status": "done",
                "result": "Duy trì 3 kênh mạng xã hội, 210 bài đăng, 1,2 triệu lượt tiếp cận.",
                "indicators": {"news_articles": 210, "reach": 1200000},
            },
            {
                "task": "dl-04-1",
                "date": "2026-04-20",
                "status": "in_progress",
                "result": "Tổ chức Lễ hội Quà tặng Du lịch Hà Nội; chuẩn bị Festival Thu Hà Nội.",
                "indicators": {"events": 3},
            },
            {
                "task": "dl-05-1",
                "date": "2026-03-01",
                "status": "paused",
                "note": "Chờ ý kiến về kinh phí hợp tác với kênh truyền hình quốc tế (mẫu).",
            },
            {
                "task": "dl-06-1",
                "date": "2026-02-01",
                "status": "cancelled",
                "note": "Đối tác điều chỉnh chương trình; chuyển nội dung sang nhiệm vụ III.7 (mẫu).",
            },
            {
                "task": "dl-08-1",
                "date": "2026-01-15",
                "status": "not_started",
                "note": "Chờ lịch các đoàn xúc tiến du lịch của Thành phố (mẫu).",
            },
            {
                "task": "dl-07-1",
                "date": "2026-06-10",
                "status": "done",
                "result": "Hoàn thành 6 video quảng bá theo chủ đề.",
                "indicators": {"videos": 6},
            },
        ],
        "reports": [
            {
                "period": "H1",
                "submitted": "2026-06-15",
                "number": "125/BC-SDL (mẫu)",
                "highlights": "Truyền thông du lịch trên mạng xã hội tăng mạnh về lượt tiếp cận.",
                "limitations": "Ấn phẩm tiếng nước ngoài còn ít.",
                "causes": "Kinh phí in ấn được giao muộn.",
                "directions": "Hoàn thành ấn phẩm “Góc Hà Nội” và chuỗi sự kiện mùa thu.",
                "recommendations": "Đề nghị bổ sung kinh phí dịch thuật.",
            },
        ],
    },
}


class DemoError(Exception):
    """The playground cannot be created (a usage problem)."""


def _dates(value):
    """ISO date strings → dates, so that YAML writes them unquoted."""
    if isinstance(value, dict):
        return {
            k: (dt.date.fromisoformat(v) if k in ("date", "submitted") else _dates(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_dates(v) for v in value]
    return value


def _dump(data: dict, kind: str, rel: str) -> str:
    """Sample data as file text: schema line, the SAMPLE header, canonical layout."""
    from ttdn.edit.fmt import dump
    from ttdn.outputs.jsonschema import modeline

    return dump(_dates(data), rel, modeline(kind) + "\n" + SAMPLE_HEADER)


def _write_progress(folder: Path, records: dict[str, dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for slug, rec in records.items():
        body = {"agency": slug, "sample": True}
        if rec["reports"]:
            body["reports"] = rec["reports"]
        body["entries"] = rec["entries"]
        path = folder / f"{slug}.yaml"
        rel = path.relative_to(folder.parent.parent.parent).as_posix()
        path.write_text(_dump(body, "progress", rel), encoding="utf-8")


def make_demo(source_root: Path, target: Path) -> Path:
    """Create the playground in ``target`` (must not exist or be empty); returns its data root."""
    from ttdn.edit.newfolder import new_folder

    with new_folder(target, DemoError) as folder:
        if not (source_root / "plans" / PLAN_ID / "plan.yaml").is_file():
            raise DemoError(
                _("không thấy kế hoạch {plan} trong “{path}”", plan=PLAN_ID, path=source_root)
            )
        return _fill(source_root, folder)


def _fill(source_root: Path, target: Path) -> Path:
    data = target / "data"
    shutil.copytree(source_root, data, ignore=shutil.ignore_patterns(".*", "progress"))
    _write_progress(data / "plans" / PLAN_ID / "progress", SAMPLE_PROGRESS)
    from ttdn.data.loader import load
    from ttdn.edit.scaffold import agency_plan
    from ttdn.outputs.jsonschema import SCHEMA_DIR, write_schemas

    write_schemas(target / SCHEMA_DIR)  # the files' first lines point at these

    ds = load(data)
    plan_id, _files = agency_plan(ds, ds.plans[PLAN_ID], AGENCY_PLAN_AGENCY)
    _write_progress(data / "plans" / plan_id / "progress", AGENCY_PLAN_PROGRESS)
    (target / "README.txt").write_text(
        "Sân chơi ttdn: kế hoạch thật năm 2026 + tiến độ MẪU (không phải số liệu thật).\n"
        "Thử: ttdn status --agency so-du-lich ; ttdn overdue ; ttdn validate\n",
        encoding="utf-8",
    )
    # the writers' lock file (ttdn.data.fsutil.LOCK_NAME) is never data
    (target / ".gitignore").write_text(".ttdn.lock\n", encoding="utf-8")
    _git_commit(target)
    return data


def _git_commit(repo: Path) -> None:
    env_args = [
        "-c",
        "user.name=ttdn demo",
        "-c",
        "user.email=demo@ttdn.invalid",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]
    try:
        subprocess.run(["git", *env_args, "init", "-q"], cwd=repo, check=True)
        subprocess.run(["git", *env_args, "add", "-A"], cwd=repo, check=True)
        subprocess.run(
            ["git", *env_args, "commit", "-q", "-m", "Sân chơi ttdn: kế hoạch 2026 và tiến độ MẪU"],
            cwd=repo,
            check=True,
        )
    except FileNotFoundError:
        raise DemoError(_("không tìm thấy chương trình git; hãy cài git")) from None
    except subprocess.CalledProcessError as exc:
        raise DemoError(_("git báo lỗi: {detail}", detail=exc)) from None
