"""The shipped 2026 plan, checked against an independent reading of the source text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from ttdn.cli import main
from ttdn.data.loader import load

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "ke-hoach-ttdn-ha-noi-2026.txt"

VHTT, BTG = "so-van-hoa-va-the-thao", "ban-tuyen-giao-va-dan-van-thanh-uy"
# section → (lead, number of tasks)
SECTIONS = {
    "I": (VHTT, 10),
    "II": ("van-phong-ubnd-thanh-pho", 7),
    "III": ("so-du-lich", 8),
    "IV": ("so-tai-chinh", 2),
    "V": ("so-cong-thuong", 5),
    "VI": ("lien-hiep-cac-to-chuc-huu-nghi-thanh-pho-ha-noi", 6),
    "VII": ("so-dan-toc-va-ton-giao", 4),
    "VIII": ("so-noi-vu", 4),
    "IX": ("so-nong-nghiep-va-moi-truong", 3),
}
TIMELINES = {"I.1": "Tháng 1", "I.2": "Tháng 2", "I.3": "Quý I"}  # all others: "Năm 2026"
NAMED_COORDINATORS = {
    "I.1": [BTG],
    "I.2": [BTG],
    "I.3": [BTG],
    "I.4": [BTG],
    "I.7": [BTG],
    "I.8": ["thong-tan-xa-viet-nam"],
    "I.9": [BTG],
    "I.10": [BTG, "cang-hang-khong-quoc-te-noi-bai"],
    "II.2": [BTG, VHTT],
    "II.4": ["co-quan-bao-va-phat-thanh-truyen-hinh-ha-noi"],
    "II.6": [VHTT],
}


@pytest.fixture(scope="module")
def status_json():
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), pytest.raises(SystemExit) as exc:
        main(["status", "--format", "json", "--data", str(SHIPPED), "--as-of", "2026-11-26"])
    assert exc.value.code == 0
    return json.loads(buf.getvalue())


def test_49_tasks_with_refs_leads_timelines_and_coordinators(status_json):
    tasks = status_json["tasks"]
    expected_refs = [f"{s}.{i}" for s, (_, n) in SECTIONS.items() for i in range(1, n + 1)]
    assert [t["ref"] for t in tasks] == expected_refs
    assert len(tasks) == 49
    for t in tasks:
        section = t["ref"].split(".")[0]
        assert t["lead"] == SECTIONS[section][0], t["ref"]
        assert t["timeline"] == TIMELINES.get(t["ref"], "Năm 2026"), t["ref"]
        assert t["coordinators"] == NAMED_COORDINATORS.get(t["ref"], []), t["ref"]
        assert t["coordinator_groups"] or t["coordinators"], t["ref"]
        assert t["due"] is not None
    assert len({t["id"] for t in tasks}) == 49
    assert status_json["plan"]["id"] == "ha-noi-2026"
    assert status_json["plan"]["number"] is None  # blank in the source: never invented


def test_due_dates_of_dated_tasks(status_json):
    due = {t["ref"]: t["due"] for t in status_json["tasks"]}
    assert (due["I.1"], due["I.2"], due["I.3"], due["IX.3"]) == (
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-12-31",
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _gaps(source: list[str], words: list[str], pos: int) -> int:
    """How many jumps of more than 25 words the in-order match of ``words`` needs."""
    gaps = 0
    for w in words:
        try:
            nxt = source.index(w, pos)
        except ValueError:
            return 10**6
        gaps += nxt - pos > 25
        pos = nxt + 1
    return gaps


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the checkout")
def test_every_task_text_appears_in_the_source_in_order():
    """Each content's words appear, in order, in the source (page numbers and other cells may
    be interleaved by the PDF extraction, so a gap of a few words is allowed)."""
    text = SEED.read_text(encoding="utf-8")
    source = _words(text[text.index("PHỤ LỤC") :])
    ds = load(SHIPPED)
    for tr in ds.plans["ha-noi-2026"].tasks.values():
        words = _words(tr.task.content)
        head = words[:4]
        starts = [i for i in range(len(source)) if source[i : i + 4] == head]
        assert starts, f"{tr.task.ref}: its first words are not in the appendix"
        gaps = min(_gaps(source, words, start) for start in starts)
        assert gaps <= 1, tr.task.ref


def test_plan_header_facts():
    plan = load(SHIPPED).plans["ha-noi-2026"].plan
    assert plan.year == 2026 and plan.kind == "city"
    assert plan.number is None and plan.number_note
    assert plan.signatory.name == "Nguyễn Mạnh Quyền"
    assert [(p.id, p.due_before.isoformat()) for p in plan.reporting.periods] == [
        ("H1", "2026-06-20"),
        ("annual", "2026-11-20"),
    ]
    assert plan.reporting.recipient == VHTT
    assert plan.appendix.ends_after == "IX.3"
