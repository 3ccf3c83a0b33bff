"""``ttdn site``: the web dashboard built from a ``ttdn demo`` playground, opened from
``file://`` in headless Chromium (Playwright driving Debian's system browser), and its DOM
compared with ``ttdn status --format json``.

Without Playwright or Chromium the browser tests are skipped, except in CI (``CI=true``),
where ``.ci/run`` installs both and a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.conftest import SHIPPED, run

AS_OF = "2026-07-15"  # six-month reports due, annual ones not yet
CHROMIUM = Path(os.environ.get("TTDN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1280)
OVERVIEW_BUDGET = 300_000  # bytes


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A ``ttdn demo`` folder (its own git repository)."""
    target = tmp_path_factory.mktemp("site") / "demo"
    code, _out, err = run(["demo", target, "--data", SHIPPED])
    assert code == 0, err
    return target


@pytest.fixture(scope="module")
def site(demo: Path) -> Path:
    """``ttdn site --out`` run in the demo folder."""
    out = demo.parent / "public"
    code, stdout, err = run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)
    assert code == 0, err
    assert "index.html" in stdout
    return out


@pytest.fixture(scope="module")
def status(demo: Path) -> dict:
    code, out, err = run(["status", "--as-of", AS_OF, "--format", "json"], cwd=demo)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Playwright is not installed")
    if not CHROMIUM.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A page opened in the browser, with what it logged and requested."""

    def __init__(self, browser, site: Path, width: int = 1280, js: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=js
        )
        self.page = self.context.new_page()
        self.site = site.resolve()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        url = urlparse(request.url)
        path = Path(unquote(url.path)).resolve() if url.scheme == "file" else None
        if path is None or not path.is_relative_to(self.site):
            self.outside.append(request.url)

    def open(self, rel: str):
        self.page.goto((self.site / rel).as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside


@pytest.fixture
def visit(browser, site):
    opened: list[Visit] = []

    def make(**kw) -> Visit:
        v = Visit(browser, site, **kw)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()


def _rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#agencies tbody tr",
        """rows => rows.map(r => ({
            agency: r.dataset.agency,
            hidden: r.hidden,
            led: +r.querySelector('[data-key=led]').dataset.n,
            coordinating: +r.querySelector('[data-key=coordinating]').dataset.n,
            overdue: +r.querySelector('[data-key=overdue]').dataset.n,
            reports_missing: +r.querySelector('[data-key=reports_missing]').dataset.n,
            by_status: Object.fromEntries(
                [...r.querySelectorAll('data[data-status]')].map(d => [d.dataset.status, +d.value])),
        }))""",
    )


# --------------------------------------------------------------------------- the overview


def test_overview_counts_equal_status_json(visit, status):
    page = visit().open("index.html")
    counts = page.eval_on_selector_all(
        "[data-count]",
        "els => Object.fromEntries(els.map(e => [e.dataset.count, "
        "+e.querySelector('dd').dataset.n]))",
    )
    tasks = status["tasks"]
    assert counts["total"] == len(tasks)
    for key in ("done", "in_progress", "paused", "not_started", "cancelled"):
        assert counts[key] == sum(t["status"] == key for t in tasks), key
    assert counts["unrecorded"] == sum(not t["recorded"] for t in tasks)
    assert counts["overdue"] == sum(t["overdue"] for t in tasks)
    # the six-month reports were due before 20/06: received x/N is on the page
    assert counts["reports-H1"] >= 1
    text = page.inner_text("[data-count=reports-H1]")
    subjects = sum(a["must_report"] for a in status["agencies"])
    assert f"/{subjects}" in text


def test_overview_rows_equal_status_json(visit, status):
    rows = _rows(visit().open("index.html"))
    assert [r["agency"] for r in rows] == [a["agency"] for a in status["agencies"]]
    for r, a in zip(rows, status["agencies"], strict=True):
        for key in ("led", "overdue", "reports_missing", "by_status"):
            assert r[key] == a[key], (a["agency"], key)
        # coordinated by name and through a group, as the terminal's "Phối hợp" column
        assert r["coordinating"] == a["coordinating"] + a["coordinating_via_groups"], a["agency"]


def test_charts_are_inline_svg(visit):
    page = visit().open("index.html")
    charts = page.query_selector_all("svg.chart")
    assert len(charts) == 3
    for svg in charts:
        assert svg.query_selector("title").text_content().strip()
        assert svg.query_selector("rect")
    # words beside the bars, never colour alone
    assert "hoàn thành" in charts[0].text_content()


def test_sorting_by_a_column(visit):
    page = visit().open("index.html")
    header = page.locator("#agencies thead th").nth(2)  # Chủ trì
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    led = [r["led"] for r in _rows(page)]
    assert led == sorted(led)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    led = [r["led"] for r in _rows(page)]
    assert led == sorted(led, reverse=True)
    page.locator("#agencies thead th").nth(0).locator("button").click()
    names = page.eval_on_selector_all("#agencies tbody th", "ths => ths.map(t => t.innerText)")
    expected = page.evaluate("ns => ns.slice().sort((a, b) => a.localeCompare(b, 'vi'))", names)
    assert names == expected


def test_filtering_by_kind_and_section(visit, status, demo):
    from ttdn.data.loader import load

    kinds = {slug: a.kind for slug, a in load(demo / "data").agencies.items()}
    page = visit().open("index.html")
    assert page.is_visible("form.filters")
    page.select_option("select[name=kind]", "commune")
    shown = [r["agency"] for r in _rows(page) if not r["hidden"]]
    communes = [a["agency"] for a in status["agencies"] if kinds[a["agency"]] == "commune"]
    assert shown == communes and communes
    assert f"{len(communes)}/{len(status['agencies'])}" in page.inner_text("form.filters output")
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=section]", "III")
    shown = {r["agency"] for r in _rows(page) if not r["hidden"]}
    in_iii = set()
    for t in status["tasks"]:
        if t["section"] == "III":
            in_iii |= {t["lead"], *t["coordinators"]}
    assert shown == in_iii & {a["agency"] for a in status["agencies"]}
    assert "so-du-lich" in shown


def test_pages_work_without_javascript(visit, status):
    page = visit(js=False).open("index.html")
    assert not page.is_visible("form.filters")
    assert len(_rows(page)) == len(status["agencies"])
    assert all(not r["hidden"] for r in _rows(page))


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_at_phone_and_desktop_widths(visit, site, width, tmp_path):
    v = visit(width=width)
    for rel in (
        "index.html",
        "tasks.html",
        "changes.html",
        "agencies/so-du-lich.html",
        "tasks/ha-noi-2026/vhtt-08.html",
    ):
        page = v.open(rel)
        wide = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("innerWidth")
        shot = tmp_path / f"{rel.replace('/', '_')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        assert wide <= inner, (rel, width, wide, inner)


# --------------------------------------------------------------------------- other pages


def test_agency_page_of_so_du_lich(visit, demo):
    code, out, err = run(
        ["status", "--agency", "so-du-lich", "--as-of", AS_OF, "--format", "json"], cwd=demo
    )
    assert code == 0, err
    agency = json.loads(out)
    page = visit().open("agencies/so-du-lich.html")
    assert page.inner_text("h1") == agency["agency_name"]
    led = page.eval_on_selector_all("#led tbody tr", "rows => rows.map(r => r.dataset.task)")
    assert led == [t["id"] for t in agency["tasks"]]
    # the tasks it coordinates through "Các sở, ban, ngành", in their own section
    assert agency["coordinating_via_groups"]
    for g in agency["coordinating_via_groups"]:
        via = page.eval_on_selector_all(
            f"#via-{g['group']} li", "rows => rows.map(r => r.dataset.task)"
        )
        assert via == [t["id"] for t in g["tasks"]]
        assert g["group_name"] in page.inner_text("body")
    via_n = sum(len(g["tasks"]) for g in agency["coordinating_via_groups"])
    assert f"(trong đó {via_n} nhiệm vụ qua nhóm)" in page.inner_text("main")
    periods = page.eval_on_selector_all(
        "#reports li", "lis => lis.map(li => [li.dataset.period, li.dataset.state])"
    )
    assert periods == [[r["period"], r["state"]] for r in agency["reports"]]
    # roll-up from its own plan, latest results and indicator totals
    assert page.query_selector("#own-1 tbody tr")
    assert page.query_selector_all("#results li")
    assert page.query_selector("#indicators dd")
    page.click("#led tbody tr:first-child a")
    assert "/tasks/ha-noi-2026/" in page.url


def test_task_page_with_entries_and_history(visit, demo):
    from ttdn.data.loader import load
    from ttdn.domain.status import plan_status

    ds = load(demo / "data")
    import datetime as dt

    ts = next(
        s
        for s in plan_status(ds.plans["ha-noi-2026"], dt.date.fromisoformat(AS_OF), ds)
        if s.task.id == "vhtt-08"
    )
    page = visit().open("tasks/ha-noi-2026/vhtt-08.html")
    assert "I.8" in page.inner_text("h1")
    assert page.inner_text(".content").strip() == ts.task.content.strip()
    assert len(page.query_selector_all("#entries tbody tr")) == len(ts.entries) > 0
    code, out, err = run(["log", "vhtt-08", "--format", "json"], cwd=demo)
    assert code == 0, err
    log = json.loads(out)
    history = page.query_selector_all("#history > li")
    assert len(history) == len(log["commits"]) > 0
    first = history[0].inner_text()
    assert log["commits"][0]["short"] in first


def test_changes_page_lists_the_changes(visit):
    page = visit().open("changes.html")
    assert "ha-noi-2026" in page.inner_text("main")


# --------------------------------------------------------------------------- static checks


def test_every_page_has_lang_sample_mark_and_scoped_headers(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert '<html lang="vi">' in html, p
        assert 'class="sample-mark"' in html and "DỮ LIỆU MẪU" in html, p
        assert "Tính đến ngày 15/07/2026" in html, p
        assert len(re.findall(r"<th[ >]", html)) == html.count("<th scope="), p
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), p
        assert "https://" not in html, p


def test_overview_weighs_little(site):
    assert (site / "index.html").stat().st_size <= OVERVIEW_BUDGET


def test_english_site(demo, tmp_path):
    out = tmp_path / "en"
    code, _o, err = run(["site", "--out", out, "--as-of", AS_OF, "--lang", "en"], cwd=demo)
    assert code == 0, err
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "SAMPLE" in html
    assert "Tình hình thực hiện kế hoạch" not in html


def test_rebuild_replaces_and_foreign_folder_is_refused(demo, site, tmp_path):
    code, _o, err = run(["site", "--out", site, "--as-of", AS_OF], cwd=demo)
    assert code == 0, err
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("x", encoding="utf-8")
    code, _o, err = run(["site", "--out", foreign], cwd=demo)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "ttdn site" in err
    assert (foreign / "notes.txt").is_file()


def test_data_outside_git_has_no_history(demo, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(demo / "data", data)
    out = tmp_path / "site"
    code, _o, err = run(["site", "--out", out, "--as-of", AS_OF, "--data", data])
    assert code == 0, err
    task = (out / "tasks" / "ha-noi-2026" / "vhtt-08.html").read_text(encoding="utf-8")
    assert "kho git" in task
    code, _o, err = run(["site", "--out", tmp_path / "s2", "--since", "HEAD", "--data", data])
    assert code == 2 and "git" in err


def test_gitlab_ci_example_publishes_the_site():
    import yaml

    from tests.conftest import REPO

    ci = yaml.safe_load((REPO / "examples" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = ci["pages"]
    assert any("ttdn site --out public" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["public"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_uncommitted_progress_shows_in_the_task_history(tmp_path):
    """A data repository with a change not yet committed: the task page lists it first."""
    demo = tmp_path / "demo"
    assert run(["demo", str(demo)])[0] == 0
    args = ["progress", "set", "dl-02-1", "--status", "done", "--date", "2026-06-30"]
    assert run(args, cwd=demo)[0] == 0
    out = tmp_path / "site"
    code, _o, err = run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)
    assert code == 0, err
    page = next((out / "tasks").rglob("dl-02-1*.html")).read_text(encoding="utf-8")
    assert "Chưa commit (thư mục làm việc)" in page


def test_one_line_is_clean_text_on_one_line():
    """words.one_line (one pass, the site's hot path) says what clean() then joining the
    white-space-separated words says, for any mix of line ends, controls and spaces."""
    import random

    from ttdn.outputs.words import clean, one_line

    pieces = ["a", "ư", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x1c", "\x85", "\xa0", "\u2028"]
    pieces += ["\u3000", "e\u0301", "\x00", "\x7f", "\ud800", "\ufffe", "\u200b", "\u0323"]
    rng = random.Random(18)
    for _ in range(20_000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert one_line(s) == " ".join(clean(s).split()), repr(s)


def test_rebuild_writes_over_its_pages_and_removes_the_stale_ones(demo, tmp_path):
    """A second build into the same folder writes its pages over the first's, removes the
    pages no longer in the data (and their emptied folders), and never writes through a
    link left in the folder."""
    out = tmp_path / "public"
    assert run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "tasks" / "ha-noi-2026" / "gone-01.html").write_text("old", encoding="utf-8")
    (out / "tasks" / "old-plan").mkdir()
    (out / "tasks" / "old-plan" / "t-01.html").write_text("old", encoding="utf-8")
    outside = tmp_path / "outside.html"
    outside.write_text("mine", encoding="utf-8")
    page = out / "tasks" / "ha-noi-2026" / "vhtt-08.html"
    index = out / "index.html"
    for link in (page, index):
        link.unlink()
        try:
            link.symlink_to(outside)
        except OSError:  # Windows without the right to make links
            outside = None
            link.write_text("old", encoding="utf-8")
    assert run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)[0] == 0
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not (out / "tasks" / "old-plan").exists()
    assert not page.is_symlink() and not index.is_symlink()
    if outside is not None:
        assert outside.read_text(encoding="utf-8") == "mine"


def test_rebuild_leaves_unchanged_pages_alone(demo, tmp_path):
    """A rebuild on unchanged data writes no page again (their modification times stay, so
    copying the site to a server sends nothing), but a page that differs from what the
    data gives, here edited by hand, is written again."""
    out = tmp_path / "public"
    assert run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)[0] == 0
    pages = sorted(p for p in (out / "tasks").rglob("*.html"))
    edited, kept = pages[0], pages[1:]
    good = edited.read_bytes()
    edited.write_bytes(good.replace(b"</html>", "<!-- sửa tay --></html>".encode()))
    past = 1_000_000_000  # 2001: far from any time a build writes
    for p in pages:
        os.utime(p, (past, past))
    assert run(["site", "--out", out, "--as-of", AS_OF], cwd=demo)[0] == 0
    assert edited.read_bytes() == good
    assert edited.stat().st_mtime != past
    assert all(p.stat().st_mtime == past for p in kept)
