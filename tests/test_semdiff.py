"""ttdn diff, git-setup and textconv on real git repositories built in tmp_path (no mocks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MINI, run, write_tree

SECTION_B = {
    "plans/p-2026/tasks/02-so-b.yaml": """\
        section: II
        title: SỞ B
        tasks:
          - id: b-01
            ref: II.1
            content: >-
              Xây dựng cuốn “Bản tin du lịch” hằng quý phát tại các khu, điểm du lịch, các
              điểm trung chuyển công cộng và các cơ sở lưu trú trên địa bàn Thành phố
            timeline: Quý I
            lead: so-b
        """,
    "agencies/so-c.yaml": """\
        name: Sở C
        short_name: SC
        kind: department
        """,
}

AN = ("Nguyễn Văn An", "an@hanoi.gov.vn")
BINH = ("Trần Thị Bình", "binh@hanoi.gov.vn")


def git(repo: Path, *args: str, when: str = "2026-01-05T09:00:00+07:00", who=AN) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    proc = subprocess.run(
        [
            "git",
            "-c",
            f"user.name={who[0]}",
            "-c",
            f"user.email={who[1]}",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def commit(repo: Path, message: str, when: str, who=AN) -> str:
    git(repo, "add", "-A", when=when, who=who)
    git(repo, "commit", "-q", "-m", message, when=when, who=who)
    return git(repo, "rev-parse", "--short", "HEAD").strip()


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "kho"
    write_tree(repo / "data", {**MINI, **SECTION_B})
    git(repo, "init", "-q")
    commit(repo, "Khởi tạo dữ liệu", "2026-01-05T09:00:00+07:00")
    return repo


def move_a02_to_section_b(repo: Path) -> None:
    """Cut task a-02 out of section I and append it to section II as II.2."""
    src = repo / "data/plans/p-2026/tasks/01-so-a.yaml"
    dst = repo / "data/plans/p-2026/tasks/02-so-b.yaml"
    text = src.read_text(encoding="utf-8")
    start = text.index("  - id: a-02")
    block = text[start:]
    src.write_text(text[:start], encoding="utf-8")
    dst.write_text(
        dst.read_text(encoding="utf-8") + block.replace("ref: I.2", "ref: II.2"),
        encoding="utf-8",
    )


def record_printing(repo: Path) -> None:
    """``ttdn progress set`` of an in-progress entry for a-02 on 02/04/2026."""
    code, _, err = run(
        [
            "progress",
            "set",
            "a-02",
            "-s",
            "in_progress",
            "--date",
            "2026-04-02",
            "--result",
            "Đã in 2 ấn phẩm",
            "--data",
            str(repo / "data"),
        ]
    )
    assert code == 0, err


def diff(repo: Path, *args: str) -> tuple[int, str, str]:
    return run(["diff", *args, "--data", str(repo / "data")])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "--short", "HEAD").strip()


# ------------------------------------------------------------------ text


def test_deadline_change_against_the_working_tree(repo):
    edit(repo, "plans/p-2026/tasks/01-so-a.yaml", "timeline: Quý II", "timeline: Quý III")
    code, out, err = diff(repo)
    assert (code, err) == (0, "")
    assert out == (
        f"Thay đổi từ HEAD ({head(repo)}) đến thư mục làm việc:\n"
        "\n"
        "Cần chú ý (1):\n"
        "  ! hạn lùi lại — kế hoạch p-2026: I.2 [a-02]: tiến độ Quý II → Quý III "
        "(hạn 30/06/2026 → 30/09/2026)\n"
        "\n"
        "Kế hoạch p-2026: Kế hoạch thử\n"
        "  Nhiệm vụ:\n"
        "    I.2 [a-02]: tiến độ Quý II → Quý III (hạn 30/06/2026 → 30/09/2026)\n"
    )


def test_task_moved_to_another_section_file(repo):
    base = head(repo)
    move_a02_to_section_b(repo)
    new = commit(repo, "Chuyển a-02 sang phần II", "2026-02-01T08:00:00+07:00")
    expected = (
        f"Thay đổi từ HEAD~1 ({base}) đến HEAD ({new}):\n"
        "\n"
        "Kế hoạch p-2026: Kế hoạch thử\n"
        "  Nhiệm vụ:\n"
        "    II.2 [a-02]: chuyển từ phần I (SỞ A) sang phần II (SỞ B)\n"
        "    II.2 [a-02]: số thứ tự I.2 → II.2\n"
    )
    assert diff(repo, "HEAD~1", "HEAD") == (0, expected, "")
    code, out, _ = diff(repo, "HEAD~1..HEAD")
    assert out == expected
    code, out, _ = diff(repo, "HEAD~1..")
    assert out.splitlines()[2:] == expected.splitlines()[2:]


def test_file_rename_and_reformat_are_not_data_changes(repo):
    tasks = repo / "data/plans/p-2026/tasks"
    (tasks / "01-so-a.yaml").rename(tasks / "01-so-a-moi.yaml")
    assert run(["fmt", "--rewrap", "--data", str(repo / "data")])[0] == 0
    edit(repo, "plans/p-2026/tasks/01-so-a-moi.yaml", "title: SỞ A\n", "# Phần I\ntitle: SỞ A\n")
    code, out, err = diff(repo)
    assert out == (
        f"Thay đổi từ HEAD ({head(repo)}) đến thư mục làm việc:\n"
        "Không có thay đổi nào về dữ liệu. Các tệp chỉ khác nhau về cách trình bày hoặc vị trí.\n"
    )


def test_agency_rename_lead_and_coordinators(repo):
    edit(repo, "agencies/so-b.yaml", "name: Sở B", "name: Sở Bê")
    edit(
        repo,
        "plans/p-2026/tasks/01-so-a.yaml",
        "    lead: so-a\n    coordinators:\n      - so-b",
        "    lead: so-c\n    coordinators:\n      - so-a\n      - so-c",
    )
    (repo / "data/agencies/so-d.yaml").write_text(
        "name: Sở D\nshort_name: SD\nkind: department\n", encoding="utf-8"
    )
    code, out, err = diff(repo)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "",
        "Cần chú ý (1):",
        "  ! đổi cơ quan chủ trì — kế hoạch p-2026: I.1 [a-01]: chủ trì Sở A → Sở C",
        "",
        "Kế hoạch p-2026: Kế hoạch thử",
        "  Nhiệm vụ:",
        "    I.1 [a-01]: chủ trì Sở A → Sở C",
        "    I.1 [a-01]: phối hợp: thêm Sở A, Sở C; bỏ Sở B",
        "",
        "Cơ quan:",
        "  Thêm cơ quan Sở D [so-d]",
        "  Đổi tên cơ quan [so-b]: “Sở B” → “Sở Bê”",
    ]


def test_content_word_diff_text_and_markdown(repo):
    edit(repo, "plans/p-2026/tasks/02-so-b.yaml", "hằng quý", "hằng tháng")
    edit(repo, "plans/p-2026/tasks/02-so-b.yaml", "các cơ sở lưu trú", "các khách sạn")
    code, out, _ = diff(repo)
    assert out.splitlines()[-1] == (
        "    II.1 [b-01]: nội dung: … cuốn “Bản tin du lịch” hằng [-quý-]{+tháng+} phát tại các "
        "khu, điểm du … trung chuyển công cộng và các [-cơ sở lưu trú-]{+khách sạn+} trên địa "
        "bàn Thành phố"
    )
    code, md, _ = diff(repo, "--format", "markdown")
    assert md == (
        "### Thay đổi dữ liệu kế hoạch thông tin đối ngoại\n"
        "\n"
        f"Từ HEAD ({head(repo)}) đến thư mục làm việc.\n"
        "\n"
        "#### Kế hoạch `p-2026`: Kế hoạch thử\n"
        "\n"
        "**Nhiệm vụ**\n"
        "\n"
        "- II.1 `b-01`: nội dung: … cuốn “Bản tin du lịch” hằng ~~quý~~ **tháng** phát tại các "
        "khu, điểm du … trung chuyển công cộng và các ~~cơ sở lưu trú~~ **khách sạn** trên địa "
        "bàn Thành phố\n"
    )


PLAN_BODY = """\
    purposes:
      - Quảng bá hình ảnh Thủ đô đến bạn bè quốc tế.
      - Nâng cao hiệu quả phối hợp giữa các cơ quan trong công tác thông tin đối ngoại của
        Thành phố.
    content:
      - ref: '1'
        title: Thông tin đối ngoại trên báo chí
        paragraphs:
          - Đăng tải tin, bài trên các báo của Thành phố.
        subsections:
          - ref: '1.1'
            title: Báo in
            paragraphs:
              - Mỗi tháng một chuyên trang.
    implementation:
      - ref: '1'
        heading: Sở A
        agency: so-a
        duties:
          - Chủ trì, tổng hợp kết quả.
    recipients:
      - Như trên;
      - Lưu VT.
    appendix:
      title: Phụ lục nhiệm vụ
      ends_after: I.2
"""


def test_plan_body_changes_are_said_paragraph_by_paragraph(tmp_path):
    """Purposes, content sections, duties, recipients and the appendix: each changed
    paragraph is named (section number, paragraph number) with its words marked."""
    plan = textwrap.dedent(MINI["plans/p-2026/plan.yaml"]) + textwrap.dedent(PLAN_BODY)
    repo = tmp_path / "kho"
    write_tree(repo / "data", {**MINI, "plans/p-2026/plan.yaml": plan})
    git(repo, "init", "-q")
    commit(repo, "Khởi tạo", "2026-01-05T09:00:00+07:00")
    rel = "plans/p-2026/plan.yaml"
    edit(repo, rel, "bạn bè quốc tế.", "bạn bè quốc tế và kiều bào.")
    edit(repo, rel, "Nâng cao hiệu quả", "Nâng cao chất lượng")
    edit(repo, rel, "Thành phố.\n", "Thành phố.\n  - Một mục đích mới.\n")
    edit(repo, rel, "Mỗi tháng một chuyên trang.", "Mỗi quý một chuyên trang.")
    edit(
        repo,
        rel,
        "      - ref: '1.1'",
        "      - ref: '1.2'\n        title: Báo điện tử\n      - ref: '1.1'",
    )
    edit(repo, rel, "agency: so-a\n", "agency: so-b\n")
    edit(repo, rel, "  - Như trên;\n", "")
    edit(repo, rel, "ends_after: I.2", "ends_after: I.3")
    code, out, err = diff(repo)
    assert (code, err) == (0, "")
    assert out.splitlines()[2:] == [
        "Kế hoạch p-2026: Kế hoạch thử",
        "  Thông tin kế hoạch:",
        "    Mục đích, đoạn 1: Quảng bá hình ảnh Thủ đô đến bạn bè quốc tế. → Quảng bá hình ảnh "
        "Thủ đô đến bạn bè quốc tế và kiều bào.",
        "    Mục đích, đoạn 2: Nâng cao [-hiệu quả-]{+chất lượng+} phối hợp giữa các cơ quan …",
        "    Thêm mục đích, đoạn 3: Một mục đích mới.",
        "    Thêm nội dung thực hiện, mục 1.2 “Báo điện tử”",
        "    Nội dung thực hiện, mục 1.1, đoạn 1: Mỗi tháng một chuyên trang. → Mỗi quý một "
        "chuyên trang.",
        "    Tổ chức thực hiện, mục 1: Sở A → Sở B",
        "    Bỏ nơi nhận, dòng 1 (trước đây: Như trên;)",
        "    Mục cuối cùng của phụ lục: I.2 → I.3",
    ]
    code, out_en, _ = run(["--lang", "en", "diff", "--data", str(repo / "data")])
    assert "Added purposes, paragraph 3: Một mục đích mới." in out_en
    assert "Last item of the appendix: I.2 → I.3" in out_en
    doc = json.loads(diff(repo, "--format", "json")[1])
    changes = [c for c in doc["changes"] if c["kind"] == "plan-recipients"]
    assert [(c["old"], c["new"], c["plan"]) for c in changes] == [("Như trên;", None, "p-2026")]


def test_progress_entries_and_report_submissions(repo):
    record_printing(repo)
    edit(
        repo,
        "plans/p-2026/progress/so-a.yaml",
        "agency: so-a\n",
        "agency: so-a\nreports:\n  - period: H1\n    submitted: 2026-06-15\n    number: 12/BC-SA\n",
    )
    code, out, err = diff(repo)
    assert out.splitlines()[2:] == [
        "Kế hoạch p-2026: Kế hoạch thử",
        "  Tiến độ:",
        "    Sở A, I.2 [a-02]: đang thực hiện, ngày 02/04/2026 — Đã in 2 ấn phẩm",
        "  Báo cáo định kỳ:",
        "    Sở A: gửi báo cáo 6 tháng ngày 15/06/2026 (số 12/BC-SA)",
    ]
    code, md, _ = diff(repo, "--format", "markdown")
    assert (
        "**Tiến độ**\n\n- Sở A, I.2 `a-02`: đang thực hiện, ngày 02/04/2026 — Đã in 2 ấn phẩm\n"
        in md
    )
    assert (
        "**Báo cáo định kỳ**\n\n- Sở A: gửi báo cáo 6 tháng ngày 15/06/2026 (số 12/BC\\-SA)"
        not in md
    )
    assert "- Sở A: gửi báo cáo 6 tháng ngày 15/06/2026 (số 12/BC-SA)\n" in md


def test_added_and_removed_tasks_json(repo):
    path = repo / "data/plans/p-2026/tasks/02-so-b.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("id: b-01", "id: b-02").replace("ref: II.1", "ref: II.2"), encoding="utf-8"
    )
    code, out, err = diff(repo, "--format", "json")
    assert code == 0, err
    j = json.loads(out)
    assert j["from"]["rev"] == "HEAD" and j["to"]["worktree"] is True
    assert [(c["kind"], c["task"]) for c in j["changes"]] == [
        ("task-removed", "b-01"),
        ("task-added", "b-02"),
    ]
    assert j["changes"][0]["text"].startswith("II.1 [b-01]: xoá nhiệm vụ (Xây dựng cuốn")
    assert j["changes"][1]["text"].startswith("II.2 [b-02]: thêm nhiệm vụ (chủ trì Sở B; tiến")
    assert j["changes"][1]["new"]["timeline"] == "Quý I"


def test_plan_option_limits_to_one_plan(repo):
    edit(repo, "plans/p-2026/tasks/01-so-a.yaml", "timeline: Quý II", "timeline: Quý III")
    code, out, err = diff(repo, "--plan", "p-2026")
    assert code == 0 and "I.2 [a-02]" in out
    code, out, err = diff(repo, "--plan", "p-2025")
    assert code == 2 and "không có kế hoạch “p-2025”" in err


def test_no_change(repo):
    code, out, err = diff(repo)
    assert out.endswith("Không có thay đổi nào về dữ liệu.\n")


def test_data_errors_are_warned_about(repo):
    (repo / "data/plans/p-2026/tasks/02-so-b.yaml").write_text("section: [\n", encoding="utf-8")
    code, out, err = diff(repo)
    assert code == 0
    assert "ttdn: cảnh báo: dữ liệu ở thư mục làm việc có 1 lỗi" in err
    assert "II.1 [b-01]: xoá nhiệm vụ" in out
    code, md, err = diff(repo, "--format", "markdown")
    assert "> **Lưu ý:** dữ liệu ở thư mục làm việc có 1 lỗi" in md


# ------------------------------------------------------------------ errors


def test_outside_a_git_repository(tmp_path):
    root = write_tree(tmp_path / "data", MINI)
    code, out, err = run(["diff", "--data", str(root)])
    assert code == 2 and out == ""
    assert err.startswith("ttdn: lỗi: thư mục “") and "không nằm trong một kho git" in err


def test_bad_revision(repo):
    code, out, err = diff(repo, "khong-co")
    assert code == 2 and out == ""
    assert err == (
        "ttdn: lỗi: không có phiên bản “khong-co” trong kho git (dùng mã commit, tên nhánh, "
        "tên thẻ, HEAD hoặc HEAD~1…)\n"
    )
    assert diff(repo, "HEAD", "--", "x")[0] == 2
    assert diff(repo, "HEAD~5..HEAD")[0] == 2


def test_errors_in_a_real_process_have_no_traceback(repo, tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn", "diff", "v9.9", "--data", str(repo / "data")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "không có phiên bản “v9.9”" in proc.stderr
    outside = write_tree(tmp_path / "ngoai" / "data", MINI)
    proc = subprocess.run(
        [sys.executable, "-m", "ttdn", "diff", "--data", str(outside)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "không nằm trong một kho git" in proc.stderr


def test_empty_repository(tmp_path):
    repo = tmp_path / "kho"
    write_tree(repo / "data", MINI)
    git(repo, "init", "-q")
    code, out, err = diff(repo)
    assert code == 2 and "kho git chưa có commit nào" in err


# ------------------------------------------------------------------ git-setup, textconv


def test_git_setup_is_idempotent_and_git_diff_uses_textconv(repo):
    code, out, err = run(["git-setup", "--data", str(repo / "data")])
    assert code == 0, err
    assert "data/**/*.yaml diff=ttdn (đã thêm)" in out
    code, out, err = run(["git-setup", "--data", str(repo / "data")])
    assert "(đã có sẵn)" in out and "đã thêm" not in out and "đã đặt" not in out
    attrs = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert attrs.count("data/**/*.yaml diff=ttdn") == 1
    textconv = git(repo, "config", "--get", "diff.ttdn.textconv").strip()
    assert textconv.endswith("textconv")
    edit(repo, "plans/p-2026/tasks/01-so-a.yaml", "timeline: Quý II", "timeline: Quý III")
    out = git(repo, "diff", "--", "data/plans/p-2026/tasks/01-so-a.yaml")
    assert "-  tiến độ: Quý II\n+  tiến độ: Quý III\n" in out
    assert "@@ I.2 [a-02]" in out or "I.2 [a-02]" in out
    # Layout-only edits vanish from git diff once the files go through textconv.
    git(repo, "checkout", "--", "data")
    assert run(["fmt", "--rewrap", "--data", str(repo / "data")])[0] == 0
    edit(repo, "agencies/so-a.yaml", "short_name: SA", 'short_name: "SA"')
    assert git(repo, "diff", "--", "data/agencies/so-a.yaml") == ""


def test_textconv_output(repo, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, err = run(["textconv", "data/plans/p-2026/tasks/01-so-a.yaml"])
    assert code == 0, err
    assert out == (
        "Phần I: SỞ A\n"
        "\n"
        "I.1 [a-01]\n"
        "  nội dung: Việc một\n"
        "  tiến độ: Tháng 1\n"
        "  chủ trì: Sở A [so-a]\n"
        "  phối hợp: Sở B [so-b]\n"
        "  nhóm phối hợp: cac-co-quan-don-vi-lien-quan\n"
        "\n"
        "I.2 [a-02]\n"
        "  nội dung: Việc hai\n"
        "  tiến độ: Quý II\n"
        "  chủ trì: Sở A [so-a]\n"
    )
    code, out, err = run(["textconv", "data/plans/p-2026/progress/so-a.yaml"])
    assert out == "Tiến độ của Sở A [so-a]\n\na-01 — 20/01/2026: hoàn thành\n"
    # Not YAML data: shown as it is, and git diff keeps working.
    (repo / "hong.yaml").write_text("a: [\n", encoding="utf-8")
    assert run(["textconv", "hong.yaml"])[:2] == (0, "a: [\n")
