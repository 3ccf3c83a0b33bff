"""The whole city (issue 16): groups with members, standing duties of section IV, the city's
counts, filters and totals that scale to every body, ``ttdn report status``."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import MINI, SHIPPED, run, run_json, write_tree
from ttdn.data.loader import load
from ttdn.edit.demo import make_demo

AS_OF = "2026-06-25"


def _shipped(*args: str) -> dict:
    return run_json([*args, "--as-of", AS_OF, "--data", str(SHIPPED)])


# ------------------------------------------------------------------ groups with members


def test_group_members_by_kind_and_by_name():
    ds = load(SHIPPED)
    sbn = ds.group_members("cac-so-ban-nganh")
    assert "so-du-lich" in sbn and "van-phong-ubnd-thanh-pho" in sbn
    assert all(ds.agencies[s].kind in ("department", "office") for s in sbn)
    assert len(ds.group_members("ubnd-cac-phuong-xa")) == 126
    assert "thong-tan-xa-viet-nam" in ds.group_members("cac-co-quan-bao-chi")  # named
    assert ds.group_members("cac-co-quan-don-vi-lien-quan") == []  # generic
    assert ds.groups_of("so-du-lich") == ["cac-so-ban-nganh"]


def test_so_du_lich_coordinates_through_cac_so_ban_nganh():
    j = _shipped("status", "--agency", "so-du-lich")
    via = j["coordinating_via_groups"]
    assert [g["group"] for g in via] == ["cac-so-ban-nganh"]
    refs = [t["ref"] for t in via[0]["tasks"]]
    assert refs and "II.5" in refs
    assert all("cac-so-ban-nganh" in t["coordinator_groups"] for t in via[0]["tasks"])
    assert not {t["ref"] for t in j["tasks"]} & set(refs)  # never as lead
    code, out, _ = run(["status", "-a", "so-du-lich", "--as-of", AS_OF, "--data", SHIPPED])
    assert code == 0 and "Phối hợp qua nhóm “Các sở, ban, ngành”" in out
    assert f"phối hợp {len(refs)} nhiệm vụ (trong đó {len(refs)} nhiệm vụ qua nhóm)" in out


def test_a_phuong_sees_its_group_tasks_and_section_iv_duties():
    ds = load(SHIPPED)
    slug = next(s for s, a in ds.agencies.items() if a.kind == "commune")
    j = _shipped("status", "--agency", slug)
    assert [g["group"] for g in j["coordinating_via_groups"]] == ["ubnd-cac-phuong-xa"]
    duties = {d["id"]: d for d in j["standing_duties"]}
    assert {f"iv-5-{i}" for i in range(1, 5)} <= set(duties)
    assert {"ke-hoach-cua-don-vi", "bao-cao-6-thang", "bao-cao-nam"} <= set(duties)
    assert not any(k.startswith("iv-1-") for k in duties)  # Sở VHTT's, not a phường's
    assert duties["iv-5-1"]["timeline"] == "Thường xuyên"
    assert duties["iv-5-1"]["content"].startswith("Chủ động nâng cao chất lượng")
    assert duties["ke-hoach-cua-don-vi"]["status"] == "not_started"
    assert duties["bao-cao-6-thang"]["report"]["state"] == "missing"


GENERIC = "  - id: cac-co-quan-don-vi-lien-quan\n    name: các cơ quan, đơn vị liên quan\n"


@pytest.mark.parametrize(
    ("members", "where", "code", "needle"),
    [
        ("      agencies:\n        - so-x\n", "groups.yaml:8:", "unknown-agency", "so-x"),
        ("      kinds:\n        - planet\n", "groups.yaml:8:", "bad-value", "planet"),
    ],
)
def test_validate_rejects_unknown_member_kind_and_slug(mini, members, where, code, needle):
    (mini / "groups.yaml").write_text(
        "groups:\n" + GENERIC + "  - id: g\n    name: Nhóm\n    members:\n" + members,
        encoding="utf-8",
    )
    rc, out, _ = run(["validate", "--data", mini])
    assert rc == 1 and f"{where}11: error[{code}]" in out and needle in out, out


def test_progress_of_a_group_member_is_involved(mini: Path):
    files = dict(MINI)
    files["agencies/so-c.yaml"] = "name: Sở C\nshort_name: SC\nkind: office\n"
    files["groups.yaml"] = (
        "groups:\n  - id: cac-co-quan-don-vi-lien-quan\n    name: các cơ quan, đơn vị liên quan\n"
        "    members:\n      kinds: [office]\n"
    )
    files["plans/p-2026/progress/so-c.yaml"] = (
        "agency: so-c\nentries:\n  - task: a-01\n    date: 2026-01-21\n    status: done\n"
    )
    root = write_tree(mini.parent / "d2", files)
    code, out, _ = run(["validate", "--data", root, "--as-of", "2026-02-01"])
    assert code == 0, out


# ------------------------------------------------------------------ standing duties


def test_standing_duties_point_at_section_iv_text():
    pd = load(SHIPPED).plans["ha-noi-2026"]
    duties = pd.plan.standing_duties
    n_items = sum(len(i.duties) for i in pd.plan.implementation)
    assert sum(d.kind == "duty" for d in duties) == n_items
    assert [d.period for d in duties if d.kind == "report"] == ["H1", "annual"]


@pytest.mark.parametrize(
    ("duty", "needle"),
    [
        (
            "  - id: x\n    ref: IV.9\n    implementation: '9'\n    item: 1\n    timeline: T",
            "implementation",
        ),
        (
            "  - id: x\n    ref: IV.1.9\n    implementation: '1'\n    item: 9\n    timeline: T",
            "item",
        ),
        ("  - id: x\n    ref: IV.7\n    kind: report\n    period: annual", "kỳ báo cáo"),
        (
            "  - id: a-01\n    ref: IV.6\n    kind: own_plan\n    content: X\n    timeline: T",
            "a-01",
        ),
    ],
)
def test_bad_standing_duties_are_located(mini: Path, duty: str, needle: str):
    plan = mini / "plans/p-2026/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("            - id: annual\n", "") if "annual" in duty else text
    text = text.replace(
        "reporting:",
        "implementation:\n  - ref: '1'\n    heading: Sở A\n    agency: so-a\n    duties: [Một]\n"
        "standing_duties:\n" + duty + "\nreporting:",
    )
    if "annual" in duty:
        text = text.replace(
            "    - id: annual\n      name: Báo cáo năm\n      due_before: 2026-11-20\n", ""
        )
    plan.write_text(text, encoding="utf-8")
    code, out, _ = run(["validate", "--data", mini])
    assert code == 1 and "plan.yaml:" in out and needle in out, out


def test_progress_on_a_duty_sets_its_status(mini: Path):
    plan = mini / "plans/p-2026/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "reporting:",
            "implementation:\n  - ref: '1'\n    heading: Sở B\n    agency: so-b\n"
            "    duties: [Tuyên truyền]\nstanding_duties:\n  - id: iv-1-1\n    ref: IV.1.1\n"
            "    implementation: '1'\n    item: 1\n    timeline: Thường xuyên\nreporting:",
        ),
        encoding="utf-8",
    )
    (mini / "plans/p-2026/progress/so-b.yaml").write_text(
        "agency: so-b\nentries:\n  - task: iv-1-1\n    date: 2026-03-01\n    status: in_progress\n",
        encoding="utf-8",
    )
    assert run(["validate", "--data", mini, "--as-of", "2026-06-01"])[0] == 0
    j = run_json(["status", "-a", "so-b", "--as-of", "2026-06-01", "--data", mini])
    (d,) = j["standing_duties"]
    assert d["status"] == "in_progress" and d["flag"] == "ongoing"
    # so-a does not carry it: its entry on iv-1-1 is not involved
    (mini / "plans/p-2026/progress/so-a.yaml").write_text(
        "agency: so-a\nentries:\n  - task: iv-1-1\n    date: 2026-03-01\n    status: done\n",
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "--data", mini, "--as-of", "2026-06-01"])
    assert "not-involved" in out and "IV.1.1" in out


# ------------------------------------------------------------------ city counts, filters


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return make_demo(SHIPPED, tmp_path_factory.mktemp("city") / "demo")


def test_status_opens_with_the_city_counts(demo: Path):
    code, out, _ = run(["status", "--as-of", AS_OF, "--data", demo])
    assert code == 0
    n = 134  # 6 sở (Sở VHTT receives the reports, it does not send one), 1 văn phòng, 1 tổ chức cấp Thành phố, 126 phường, xã
    assert f"Kế hoạch của đơn vị đã xây dựng: 1/{n}" in out  # so-du-lich-2026
    assert f"Báo cáo 6 tháng đã nhận: 2/{n} (muộn 1)" in out
    assert f"Báo cáo năm đã nhận: 0/{n} (muộn 0)" in out
    j = run_json(["status", "--as-of", AS_OF, "--data", demo])
    assert j["city"] == {
        "subjects": n,
        "own_plans": 1,
        "reports": {"H1": {"received": 2, "late": 1}, "annual": {"received": 0, "late": 0}},
    }


def test_status_kind_commune_lists_126_bodies():
    j = _shipped("status", "--kind", "commune")
    rows = j["agencies"]
    assert len(rows) == 126 and all(r["kind"] == "commune" for r in rows)
    names = [unicodedata.normalize("NFC", load(SHIPPED).agencies[r["agency"]].name) for r in rows]
    assert sum(n.startswith("Ủy ban nhân dân phường") for n in names) == 51
    assert sum(n.startswith("Ủy ban nhân dân xã") for n in names) == 75
    assert j["tasks"] == []  # communes lead no appendix task
    assert j["city"]["subjects"] == 126


def test_status_group_filter_and_unknowns():
    j = _shipped("status", "--group", "Các sở, ban, ngành")
    assert {r["kind"] for r in j["agencies"]} == {"department", "office"}
    assert {t["lead"] for t in j["tasks"]} <= {r["agency"] for r in j["agencies"]}
    for args in (["--kind", "planet"], ["--group", "khong-co"], ["--group", "cac-co-quan"]):
        code, _, err = run(["status", *args, "--data", SHIPPED])
        assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_overdue_kind_filter():
    j = run_json(["overdue", "--as-of", "2026-07-01", "--kind", "commune", "--data", SHIPPED])
    assert j["items"] and all(i["kind"] == "report" for i in j["items"])
    assert len({i["agency"] for i in j["items"]}) == 126


def test_all_agency_table_adds_up_and_fits_80_columns(demo: Path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(["status", "--as-of", AS_OF, "--data", demo])
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    j = run_json(["status", "--as-of", AS_OF, "--data", demo])
    for r in j["agencies"]:
        assert sum(r["by_status"].values()) == r["led"]
        assert r["unrecorded"] <= r["by_status"]["not_started"]
    total = next(line for line in out.splitlines() if line.strip().startswith("Tổng ("))
    numbers = [int(x) for x in total.split(")", 1)[1].split()]
    assert numbers[0] == sum(r["led"] for r in j["agencies"]) == len(j["tasks"])
    assert numbers[0] == sum(numbers[1:7])  # done … nothing recorded add up to led
    assert f"Tổng ({len(j['agencies'])})" in total


# ------------------------------------------------------------------ ttdn report status


def test_report_status_matches_the_progress_files(demo: Path):
    j = run_json(["report", "status", "--period", "2026-H1", "--as-of", AS_OF, "--data", demo])
    ds = load(demo)
    submitted = {}
    for pd in ds.plans.values():
        for slug, pf in pd.progress.items():
            for r in pf.reports:
                if r.period == "H1" and r.submitted:
                    submitted[slug] = r.submitted.isoformat()
    t = j["totals"]
    assert t["expected"] == len(j["bodies"]) == 134
    assert t["received"] == len(submitted) == t["on_time"] + t["late"]
    assert t["missing"] == 134 - len(submitted) and t["pending"] == 0
    got = {b["agency"]: b["submitted"] for b in j["bodies"] if b["submitted"]}
    assert got == submitted
    late = {b["agency"] for b in j["bodies"] if b["state"] == "submitted_late"}
    assert late == {s for s, d in submitted.items() if d >= "2026-06-20"}
    code, out, _ = run(["report", "status", "-p", "2026-H1", "--as-of", AS_OF, "--data", demo])
    assert code == 0 and f"đã nhận {t['received']}/134" in out
    assert f"nhận {t['received']}, muộn {t['late']}, thiếu {t['missing']}" in out


def test_report_status_bad_period_is_one_line():
    for p in ("2026-H3", "2025-H1"):
        code, _, err = run(["report", "status", "-p", p, "--as-of", AS_OF, "--data", SHIPPED])
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_report_status_kind_office():
    j = _shipped("report", "status", "--period", "2026-H1", "--kind", "office")
    assert j["totals"]["expected"] == 1 and j["bodies"][0]["state"] == "missing"


# ------------------------------------------------------------------ ttdn init


def test_init_makes_a_data_repository_that_validates_and_commits(tmp_path: Path):
    import shutil
    import subprocess
    import sys

    repo = tmp_path / "du-lieu"
    code, out, err = run(["init", repo, "--package", "ttdn @ git+https://git.example/ttdn@v0.1.0"])
    assert code == 0, err
    assert (repo / "data/groups.yaml").is_file() and (repo / "schemas").is_dir()
    assert not list(repo.glob("data/plans/*/progress"))  # no progress
    ds = load(repo / "data")
    assert sum(a.kind == "commune" for a in ds.agencies.values()) == 126
    assert list(ds.plans) == ["ha-noi-2026"]
    assert run(["validate", "--data", repo / "data"])[0] == 0
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(log) == 1 and "ttdn init" in log[0]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""  # everything committed, .gitattributes included
    assert "diff=ttdn" in (repo / ".gitattributes").read_text(encoding="utf-8")
    ignore = (repo / ".gitignore").read_text(encoding="utf-8").split()
    assert {"*.docx", "*.xlsx", "*.ics", ".ttdn.lock"} <= set(ignore)
    ci = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert 'TTDN_PACKAGE: "ttdn @ git+https://git.example/ttdn@v0.1.0"' in ci
    assert "ttdn validate" in ci and "ttdn fmt --check" in ci
    assert "ttdn report status" in (repo / "README.md").read_text(encoding="utf-8")
    # a second init into the same folder is refused in one line
    code, _, err = run(["init", repo])
    assert code == 2 and len(err.strip().splitlines()) == 1
    # its pre-commit configuration runs as written (local hooks: no network)
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    r = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ttdn validate" in r.stdout and "Passed" in r.stdout


def test_the_ci_of_a_new_repository_is_the_documented_example():
    from ttdn.edit.init import DEFAULT_PACKAGE, gitlab_ci

    example = (Path(__file__).parent.parent / "examples/gitlab-ci.yml").read_text(encoding="utf-8")
    package = next(line.split('"')[1] for line in example.splitlines() if "TTDN_PACKAGE:" in line)
    assert gitlab_ci(package) == example
    assert f'TTDN_PACKAGE: "{DEFAULT_PACKAGE}"' in gitlab_ci(DEFAULT_PACKAGE)
