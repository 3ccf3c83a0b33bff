"""Calendar export: read back by the icalendar library, every deadline there, stable UIDs,
RFC 5545 line folding and escaping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from tests.conftest import MINI, SHIPPED, write_tree
from tests.test_status import run
from ttdn.data.loader import load
from ttdn.domain.schedule import parse_timeline
from ttdn.outputs.ics import escape_text, export_calendar, fold


def export(args: list[str], out: Path) -> bytes:
    code, stdout, err = run(["export", "ics", "-o", str(out), *args])
    assert code == 0, err
    assert str(out) in stdout
    return out.read_bytes()


def events(raw: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(raw)
    return list(cal.walk("VEVENT"))


def by_uid(raw: bytes) -> dict[str, dt.date]:
    return {str(e["UID"]): e.decoded("DTSTART") for e in events(raw)}


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> bytes:
    return export(["--data", str(SHIPPED)], tmp_path_factory.mktemp("ics") / "kh.ics")


def test_every_task_due_date_is_an_all_day_event(city):
    ds = load(SHIPPED)
    pd = ds.plans["ha-noi-2026"]
    uids = by_uid(city)
    for tid, tr in pd.tasks.items():
        due = tr.task.due or parse_timeline(tr.task.timeline, 2026).due
        assert uids[f"ha-noi-2026-{tid}@ttdn"] == due
    assert len(uids) == len(pd.tasks) + 2
    for e in events(city):
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert e["DTSTART"].params["VALUE"] == "DATE"
        assert "DTSTAMP" in e
        alarm = e.walk("VALARM")[0]
        assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)


def test_reporting_deadlines_are_the_last_day_on_time(city):
    reports = {uid: d for uid, d in by_uid(city).items() if "-report-" in uid}
    assert sorted(reports.values()) == [dt.date(2026, 6, 19), dt.date(2026, 11, 19)]
    ev = next(e for e in events(city) if str(e["UID"]).startswith("ha-noi-2026-report-H1"))
    assert str(ev["SUMMARY"]) == "Hạn gửi báo cáo 6 tháng — các cơ quan phải báo cáo"
    assert "Sở Du lịch" in str(ev["DESCRIPTION"])  # who must report


def test_calendar_header_and_summary(city):
    cal = icalendar.Calendar.from_ical(city)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert "ttdn" in str(cal["PRODID"])
    assert "TTĐN 2026" in str(cal["X-WR-CALNAME"])
    ev = next(e for e in events(city) if str(e["UID"]) == "ha-noi-2026-dl-02@ttdn")
    summary = str(ev["SUMMARY"])
    assert summary.startswith("Hạn III.2 — Sở Du lịch: Xây dựng, cập nhật, đăng tải tin bài")
    assert summary.endswith("…")
    ds = load(SHIPPED)
    content = ds.plans["ha-noi-2026"].tasks["dl-02"].task.content
    assert str(ev["DESCRIPTION"]).startswith(content + "\n\nTiến độ thời gian: Năm 2026")


def test_crlf_and_lines_of_at_most_75_octets(city):
    assert city.endswith(b"\r\n")
    lines = city.split(b"\r\n")
    assert b"\n" not in city.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long Vietnamese text was folded
    for line in lines:
        line.decode("utf-8")  # never cut inside a character


def test_uids_stable_across_exports(tmp_path, city):
    again = export(["--data", str(SHIPPED)], tmp_path / "again.ics")
    assert list(by_uid(again)) == list(by_uid(city))

    def body(raw: bytes) -> list[bytes]:
        return [ln for ln in raw.split(b"\r\n") if not ln.startswith(b"DTSTAMP:")]

    assert body(again) == body(city)


def test_agency_calendar(tmp_path):
    raw = export(["-a", "Sở Du lịch", "--data", str(SHIPPED)], tmp_path / "sdl.ics")
    uids = by_uid(raw)
    assert len(uids) == 10  # 8 tasks + 2 reports
    assert uids["ha-noi-2026-report-H1-so-du-lich@ttdn"] == dt.date(2026, 6, 19)
    assert uids["ha-noi-2026-report-annual-so-du-lich@ttdn"] == dt.date(2026, 11, 19)
    cal = icalendar.Calendar.from_ical(raw)
    assert "Sở Du lịch" in str(cal["X-WR-CALNAME"])


RECURRING = {
    **MINI,
    "plans/p-2026/tasks/01-so-a.yaml": """\
        section: I
        title: SỞ A
        tasks:
          - id: a-01
            ref: I.1
            content: "Bản tin, ấn phẩm; tệp C:\\\\tin\\\\bai"
            timeline: Hằng tháng
            lead: so-a
            coordinators:
              - so-b
          - id: a-02
            ref: I.2
            content: Họp giao ban
            timeline: Hằng quý
            lead: so-a
          - id: a-03
            ref: I.3
            content: Theo yêu cầu
            timeline: Theo kế hoạch
            lead: so-a
          - id: a-04
            ref: I.4
            content: Có hạn riêng
            timeline: Khi có đoàn
            due: 2026-09-15
            lead: so-b
        """,
}


def test_recurring_tasks_one_event_per_occurrence(tmp_path):
    root = write_tree(tmp_path / "data", RECURRING)
    raw = export(["--data", str(root)], tmp_path / "r.ics")
    uids = by_uid(raw)
    monthly = sorted(d for u, d in uids.items() if u.startswith("p-2026-a-01-"))
    assert len(monthly) == 12 and monthly[0] == dt.date(2026, 1, 31)
    assert monthly[1] == dt.date(2026, 2, 28) and monthly[-1] == dt.date(2026, 12, 31)
    quarterly = sorted(d for u, d in uids.items() if u.startswith("p-2026-a-02-"))
    assert quarterly == [dt.date(2026, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    assert not any(u.startswith("p-2026-a-03-") for u in uids)  # no fixed date: no event
    assert uids["p-2026-a-04@ttdn"] == dt.date(2026, 9, 15)
    ev = next(e for e in events(raw) if str(e["UID"]) == "p-2026-a-02-2@ttdn")
    assert str(ev["SUMMARY"]) == "Hạn I.2 (kỳ quý II) — SA: Họp giao ban"
    # escaping survives a round trip through a real parser
    ev = next(e for e in events(raw) if str(e["UID"]) == "p-2026-a-01-3@ttdn")
    assert str(ev["DESCRIPTION"]).startswith("Bản tin, ấn phẩm; tệp C:\\tin\\bai\n")
    # the agency calendar: so-b coordinates a-01 and leads a-04; reports too
    raw_b = export(["-a", "so-b", "--data", str(root)], tmp_path / "b.ics")
    ids = {u.removeprefix("p-2026-").removesuffix("@ttdn") for u in by_uid(raw_b)}
    assert ids == {f"a-01-{n}" for n in range(1, 13)} | {
        "a-04",
        "report-H1-so-b",
        "report-annual-so-b",
    }


def test_fold_and_escape_units():
    line = "SUMMARY:" + "Tuyên truyền, quảng bá hình ảnh du lịch Thủ đô Hà Nội " * 4
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert fold("ngắn") == "ngắn"
    assert escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_export_calendar_is_deterministic_given_now():
    ds = load(SHIPPED)
    now = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    a, n = export_calendar(ds, ds.plans["ha-noi-2026"], None, now)
    b, _ = export_calendar(ds, ds.plans["ha-noi-2026"], None, now)
    assert a == b and n == 51 and "DTSTAMP:20260102T030405Z\r\n" in a


def test_refuses_wrong_suffix(tmp_path):
    code, _, err = run(["export", "ics", "-o", str(tmp_path / "x.txt"), "--data", str(SHIPPED)])
    assert code == 2 and ".ics" in err


def alarms(raw: bytes) -> dict[str, bool]:
    return {str(e["UID"]): bool(e.walk("VALARM")) for e in events(raw)}


def sequences(raw: bytes) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in events(raw)}


def test_moved_deadline_keeps_every_uid_and_counts_up_only_that_event(tmp_path):
    root = write_tree(tmp_path / "data", RECURRING)
    out = tmp_path / "lich.ics"
    first = export(["--data", str(root)], out)
    assert set(sequences(first).values()) == {0}
    tasks = root / "plans/p-2026/tasks/01-so-a.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("due: 2026-09-15", "due: 2026-11-30"),
        encoding="utf-8",
    )
    second = export(["--data", str(root)], out)  # over the earlier export
    assert set(by_uid(second)) == set(by_uid(first))
    assert by_uid(second)["p-2026-a-04@ttdn"] == dt.date(2026, 11, 30)
    changed = {u: s for u, s in sequences(second).items() if s}
    assert changed == {"p-2026-a-04@ttdn": 1}
    third = export(["--data", str(root)], out)  # nothing changed: nothing counts up
    assert sequences(third) == sequences(second)
    # into a new file: no earlier revision is known, every event starts at 0
    assert set(sequences(export(["--data", str(root)], tmp_path / "new.ics")).values()) == {0}


def test_done_tasks_and_submitted_reports_have_no_alarm(tmp_path):
    files = dict(RECURRING)
    files["plans/p-2026/progress/so-b.yaml"] = """\
        agency: so-b
        reports:
          - period: H1
            submitted: 2026-06-10
        entries:
          - task: a-04
            date: 2026-05-02
            status: done
        """
    root = write_tree(tmp_path / "data", files)
    raw = export(["-a", "so-b", "--data", str(root)], tmp_path / "b.ics")
    got = alarms(raw)
    assert got["p-2026-a-04@ttdn"] is False  # done
    assert got["p-2026-report-H1-so-b@ttdn"] is False  # submitted
    assert got["p-2026-report-annual-so-b@ttdn"] is True
    assert got["p-2026-a-01-1@ttdn"] is False  # coordinated; done by its lead (so-a)
    assert alarms(export(["--data", str(root)], tmp_path / "all.ics"))["p-2026-a-02-1@ttdn"]
