"""``python -m benchmarks``: time the real CLI on synthetic city-scale data against baselines.

Run from the repository root. Generates SAMPLE data (:mod:`benchmarks.generate`) into a
temporary folder, then times each command as a subprocess (``sys.executable -m ttdn …``)
against a baseline measured on the same files, the two alternating run by run (at least
``--runs`` each, the minimum of each kept), so that both meet the same moments of a shared
machine. Budgets (issue 13):

- ``ttdn validate`` vs parsing the same files with ``yaml.load(f, Loader=yaml.CSafeLoader)``
  and nothing else: ≤ 1.0 with an empty cache, ≤ 0.2 when nothing changed since the
  previous run;
- ``ttdn status --agency X`` and ``ttdn overdue``: ≤ ``ttdn validate`` on unchanged data
  + 0.1 s;
- ``ttdn --help`` and ``ttdn status --help``: ≤ 3 × ``python -c "import yaml"``;
- ``ttdn report --period 2026`` (consolidated annual report): ≤ 2.0 × writing the same text
  (its paragraphs and table rows) into a .docx with python-docx directly, and peak memory
  (max RSS of the process) ≤ 300 MB at scale 1;
- ``ttdn site`` (the web dashboard): ≤ 2.0 × the consolidated report above (the two
  alternate), and its overview page (``index.html``) weighs ≤ 300 KB;
- growth from 6,000 to 60,000 tasks (``--scale both``): time ratio ≤ 10 for every figure;
- ``ttdn import xlsx`` of 10,000 filled rows: ≤ 10 × 1,000 rows (no worse than linear);
- the whole city (``--scale city``): the city plan and 156 agency plans of 30 tasks, four
  entries per task; the same budgets as scale 1 (peak memory included).

The help texts and the report alternate with their baselines (``import yaml``, python-docx),
at least 5 runs each, so that both meet the same moments of a shared machine.

status, overdue and report run after the data was loaded once (the cache holds it); their
times with an empty cache are printed as information lines. Each check prints seconds,
ratio, budget and PASS/FAIL (SKIP when a command does not exist yet); the last line is
``benchmarks: N passed, M failed``. Exit code 1 when a check failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.generate import Stats

AS_OF = "2026-12-15"
AGENCY = "so-van-hoa-va-the-thao"
MEMORY_BUDGET_MB = 300
OVERVIEW_BUDGET_KB = 300
GROWTH_BUDGET = 10

BARE_PARSE = """
import sys, yaml
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""

DOCX_BASELINE = """
import json, sys
import docx
spec = json.load(open(sys.argv[1], encoding="utf-8"))
doc = docx.Document()
for text in spec["paragraphs"]:
    doc.add_paragraph(text)
for rows in spec["tables"]:
    table = doc.add_table(rows=0, cols=max(len(r) for r in rows))
    for r in rows:
        for cell, text in zip(table.add_row().cells, r):
            cell.text = text
doc.save(sys.argv[2])
"""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    code: int
    stderr: str = ""


@dataclass
class Check:
    name: str
    status: str  # PASS, FAIL, SKIP, INFO
    line: str


@dataclass
class Bench:
    runs: int
    env: dict[str, str]
    cwd: Path
    checks: list[Check] = field(default_factory=list)
    figures: dict[tuple[int, str], float] = field(default_factory=dict)

    def run(self, args: list[str], *, before=None, out: Path | None = None) -> Run:
        """Run ``args`` ``self.runs`` times; the fastest run, with the largest peak memory."""
        best: Run | None = None
        peak = 0.0
        for _ in range(self.runs):
            if before is not None:
                before()
            r = _timed(args, self.env, self.cwd)
            if r.code != 0:
                return r
            peak = max(peak, r.max_rss_mb)
            if best is None or r.seconds < best.seconds:
                best = r
        assert best is not None
        best.max_rss_mb = peak
        return best

    def pair(
        self, args: list[str], base_args: list[str], runs: int = 3, before=None
    ) -> tuple[Run, Run]:
        """Run ``args`` and its baseline ``base_args`` alternately, ``runs`` times each (at
        least ``self.runs``; ``before()`` ahead of each run of ``args``): the fastest of
        each, with the largest peak memory. A command and its baseline meet the same
        moments of a shared machine, so that a quiet spell does not favour one of them."""
        best: list[Run | None] = [None, None]
        peak = [0.0, 0.0]
        for _ in range(max(runs, self.runs)):
            for i, a in enumerate((args, base_args)):
                if i == 0 and before is not None:
                    before()
                r = _timed(a, self.env, self.cwd)
                if r.code != 0:
                    return (r, r) if i == 0 else (best[0] or r, r)
                peak[i] = max(peak[i], r.max_rss_mb)
                if best[i] is None or r.seconds < best[i].seconds:  # type: ignore[union-attr]
                    best[i] = r
        for i in (0, 1):
            best[i].max_rss_mb = peak[i]  # type: ignore[union-attr]
        return best[0], best[1]  # type: ignore[return-value]

    def check_plus(
        self, scale: int, name: str, r: Run, base: float, base_name: str, extra: float
    ) -> None:
        """``r`` may take at most ``extra`` seconds more than ``base``."""
        if r.code != 0:
            self._add(Check(f"{name} (scale {scale})", "FAIL", f"exit code {r.code}"))
            return
        self.figures[(scale, name)] = r.seconds
        ok = r.seconds <= base + extra
        self._add(
            Check(
                f"{name} (scale {scale})",
                "PASS" if ok else "FAIL",
                f"{r.seconds:.3f} s vs {base_name} {base:.3f} s = +{r.seconds - base:.3f} s "
                f"(budget ≤ +{extra} s) [max RSS {r.max_rss_mb:.0f} MB]",
            )
        )

    def check(
        self, scale: int, name: str, r: Run, base: float, base_name: str, budget: float
    ) -> None:
        if r.code != 0:
            self._add(
                Check(
                    f"{name} (scale {scale})",
                    "FAIL",
                    f"exit code {r.code}: {r.stderr.strip()[-300:]}",
                )
            )
            return
        self.figures[(scale, name)] = r.seconds
        ratio = r.seconds / base
        ok = ratio <= budget
        self._add(
            Check(
                f"{name} (scale {scale})",
                "PASS" if ok else "FAIL",
                f"{r.seconds:.3f} s vs {base_name} {base:.3f} s = {ratio:.2f}× (budget ≤ {budget}) "
                f"[max RSS {r.max_rss_mb:.0f} MB]",
            )
        )

    def info(self, scale: int, name: str, r: Run, base: float, base_name: str) -> None:
        if r.code != 0:
            self._add(Check(f"{name} (scale {scale})", "FAIL", f"exit code {r.code}"))
            return
        self.figures[(scale, name)] = r.seconds
        self._add(
            Check(
                f"{name} (scale {scale})",
                "INFO",
                f"{r.seconds:.3f} s vs {base_name} {base:.3f} s = "
                f"{r.seconds / base:.2f}× [max RSS {r.max_rss_mb:.0f} MB]",
            )
        )

    def _add(self, c: Check) -> None:
        self.checks.append(c)
        print(f"{c.status:4}  {c.name}: {c.line}", flush=True)


def _timed(args: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Wall time and max RSS of one child process (``wait4`` gives that child's own rusage)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in kilobytes on Linux, bytes on macOS
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # Windows: no per-child rusage; memory is not measured
            proc.wait()
            seconds = time.perf_counter() - start
            rss = 0.0
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, rss, proc.returncode, stderr)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def docx_spec(path: Path) -> dict:
    """The text of a .docx: its paragraphs, and each table's rows (merged cells once)."""
    import docx

    doc = docx.Document(str(path))
    tables = []
    for t in doc.tables:
        rows = []
        for row in t.rows:
            cells, seen = [], set()
            for c in row.cells:
                if id(c._tc) not in seen:
                    seen.add(id(c._tc))
                    cells.append(c.text)
            rows.append(cells)
        if rows:
            tables.append(rows)
    return {"paragraphs": [p.text for p in doc.paragraphs], "tables": tables}


def write_spec(docx_path: str, json_path: str) -> None:
    Path(json_path).write_text(
        json.dumps(docx_spec(Path(docx_path)), ensure_ascii=False), encoding="utf-8"
    )


def bench_scale(b: Bench, scale: int, seed: int, work: Path, cache: Path) -> dict:
    py = sys.executable
    root = work / f"scale{scale}" / "data"
    t0 = time.perf_counter()
    # in a child process, like everything else: this process stays small, so that the peak
    # memory of each child (wait4 counts the pages shared with the parent at fork) is its own
    gen = [py, "-m", "benchmarks.generate", str(root), "--scale", str(scale), "--seed", str(seed)]
    done = subprocess.run([*gen, "--json"], cwd=b.cwd, env=b.env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"generating the data failed: {done.stderr}")
    stats = Stats(**json.loads(done.stdout))
    print(
        f"\n== scale {scale}: {stats.files} files, {stats.bytes / 1e6:.1f} MB, "
        f"{stats.agencies} agencies, {stats.plans} plans, {stats.tasks} tasks, "
        f"{stats.entries} progress entries, {stats.reports} reports "
        f"(generated in {time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    files = sorted(str(p) for p in root.rglob("*.yaml"))
    listing = work / f"scale{scale}" / "files.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    ttdn = [py, "-m", "ttdn"]
    data = ["--data", str(root)]
    bare = [py, "-c", BARE_PARSE, str(listing)]
    import_yaml = [py, "-c", "import yaml"]
    helps = {
        "--help": b.pair([*ttdn, "--help"], import_yaml, runs=5),
        "status --help": b.pair([*ttdn, "status", "--help"], import_yaml, runs=5),
    }
    for name, (r, base_run) in helps.items():
        b.check(scale, name, r, base_run.seconds, "import yaml", 3.0)
    imp = min((base for _r, base in helps.values()), key=lambda r: r.seconds)
    b.figures[(scale, "baseline: import yaml")] = imp.seconds

    validate = [*ttdn, "validate", *data]
    cold, parse = b.pair(validate, bare, before=clear_cache)
    if parse.code != 0:
        raise SystemExit(f"baseline parse failed: {parse.stderr}")
    b.figures[(scale, "baseline: bare parse")] = parse.seconds
    b.check(scale, "validate, empty cache", cold, parse.seconds, "bare parse", 1.0)
    b.run(validate)  # fills the cache
    warm, parse2 = b.pair(validate, bare)
    b.check(scale, "validate, nothing changed", warm, parse2.seconds, "bare parse", 0.2)
    b.figures[(scale, "baseline: bare parse")] = min(parse.seconds, parse2.seconds)
    print(
        f"base  bare parse of {len(files)} files (yaml.load, CSafeLoader): "
        f"{parse.seconds:.3f} s, {parse2.seconds:.3f} s [max RSS {parse.max_rss_mb:.0f} MB]",
        flush=True,
    )
    status = [*ttdn, "status", "--agency", AGENCY, "--as-of", AS_OF, *data]
    overdue = [*ttdn, "overdue", "--as-of", AS_OF, *data]
    for name, args in ((f"status --agency {AGENCY}", status), ("overdue", overdue)):
        r, base = b.pair(args, validate)
        b.check_plus(scale, name, r, base.seconds, "validate, nothing changed", 0.1)
    base_parse = b.figures[(scale, "baseline: bare parse")]
    b.info(
        scale, "status, empty cache", b.run(status, before=clear_cache), base_parse, "bare parse"
    )
    b.info(
        scale,
        "overdue, empty cache",
        b.run(overdue, before=clear_cache),
        base_parse,
        "bare parse",
    )

    probe = _timed([*ttdn, "report", "--help"], b.env, b.cwd)
    if probe.code != 0:
        b._add(
            Check(
                f"report --period 2026 (scale {scale})",
                "SKIP",
                "`ttdn report` is not available yet",
            )
        )
        return {"stats": stats}
    out = work / f"scale{scale}" / "report.docx"
    report = [*ttdn, "report", "--period", "2026", "--as-of", AS_OF, "-o", str(out), *data]
    rep = _timed(report, b.env, b.cwd)  # warms the cache after the runs that cleared it
    if rep.code != 0:
        b.check(scale, "report --period 2026", rep, 1.0, "", 2.0)
        return {"stats": stats}
    spec_path = work / f"scale{scale}" / "report-text.json"
    spec = subprocess.run(
        [
            py,
            "-c",
            "import sys; from benchmarks.__main__ import write_spec; write_spec(*sys.argv[1:])",
            str(out),
            str(spec_path),
        ],
        cwd=b.cwd,
        env=b.env,
        capture_output=True,
        text=True,
    )
    if spec.returncode != 0:
        raise SystemExit(f"reading the report failed: {spec.stderr}")
    docx_base = [py, "-c", DOCX_BASELINE, str(spec_path), str(out.with_name("baseline.docx"))]
    rep, base = b.pair(report, docx_base, runs=5)
    if base.code != 0:
        raise SystemExit(f"baseline docx failed: {base.stderr}")
    if rep.code != 0:
        b.check(scale, "report --period 2026", rep, 1.0, "", 2.0)
        return {"stats": stats}
    b.figures[(scale, "baseline: python-docx")] = base.seconds
    print(
        f"base  python-docx writing the report's text: {base.seconds:.3f} s "
        f"[max RSS {base.max_rss_mb:.0f} MB]",
        flush=True,
    )
    b.check(scale, "report --period 2026", rep, base.seconds, "python-docx", 2.0)
    if scale in (1, "city"):
        ok = rep.max_rss_mb <= MEMORY_BUDGET_MB
        b._add(
            Check(
                f"report --period 2026 peak memory (scale {scale})",
                "PASS" if ok else "FAIL",
                f"{rep.max_rss_mb:.0f} MB (budget ≤ {MEMORY_BUDGET_MB} MB)",
            )
        )
    b.info(
        scale, "report, empty cache", b.run(report, before=clear_cache), base.seconds, "python-docx"
    )
    bench_site(b, scale, work, ttdn, data, report)
    return {"stats": stats}


def bench_site(
    b: Bench, scale: int, work: Path, ttdn: list[str], data: list[str], report: list[str]
) -> None:
    """``ttdn site`` against the consolidated report (alternating), and the overview's
    weight."""
    probe = _timed([*ttdn, "site", "--help"], b.env, b.cwd)
    if probe.code != 0:
        b._add(Check(f"site (scale {scale})", "SKIP", "`ttdn site` is not available yet"))
        return
    out = work / f"scale{scale}" / "site"
    site = [*ttdn, "site", "--out", str(out), "--as-of", AS_OF, *data]
    r, rep = b.pair(site, report, runs=3)
    if rep.code != 0:
        b.check(scale, "report --period 2026", rep, 1.0, "", 2.0)
        return
    b.check(scale, "site", r, rep.seconds, "report --period 2026", 2.0)
    if r.code == 0:
        kb = (out / "index.html").stat().st_size / 1024
        b._add(
            Check(
                f"site overview weight (scale {scale})",
                "PASS" if kb <= OVERVIEW_BUDGET_KB else "FAIL",
                f"index.html {kb:.0f} KB (budget ≤ {OVERVIEW_BUDGET_KB} KB)",
            )
        )


IMPORT_ROWS = (1_000, 10_000)


def filled_workbook(book: Path, n: int) -> None:
    """``n`` filled rows (alternating Sở A's two tasks) in an exported workbook ``book``."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb.worksheets[0]
    header_row = next(r for r in range(1, 20) if any(c.value == "Trạng thái mới" for c in ws[r]))
    cols = {str(c.value): c.column for c in ws[header_row] if c.value}  # last "Kết quả": fill-in
    for i in range(n):
        r = header_row + 1 + i
        ws.cell(r, cols["Mã nhiệm vụ"], "a-01" if i % 2 else "a-02")
        ws.cell(r, cols["Trạng thái mới"], "Đang thực hiện")
        ws.cell(r, cols["Kết quả"], f"kết quả {i}")
        ws.cell(r, cols["Ghi chú"], f"ghi chú {i}")
    wb.save(book)


def bench_import(b: Bench, work: Path) -> None:
    """``ttdn import xlsx`` of 10,000 filled rows against 1,000 (the tests' small data
    root): the time grows at most as the rows do (it was quadratic once: every row read the
    whole progress file again)."""
    from tests.conftest import MINI, write_tree

    py = sys.executable
    seconds = {}
    for n in IMPORT_ROWS:
        folder = work / f"import{n}"
        pristine = write_tree(folder / "pristine", MINI)
        book = folder / "so-a.xlsx"
        export = [py, "-m", "ttdn", "export", "xlsx", "--agency", "so-a", "-o", str(book)]
        subprocess.run(
            [*export, "--data", str(pristine)],
            cwd=b.cwd,
            env=b.env,
            check=True,
            capture_output=True,
        )
        filled_workbook(book, n)
        data = folder / "data"

        def fresh(src: Path = pristine, dst: Path = data) -> None:
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)

        r = b.run(
            [py, "-m", "ttdn", "import", "xlsx", str(book), "--data", str(data)], before=fresh
        )
        if r.code != 0:
            b._add(
                Check(f"import xlsx, {n} rows", "FAIL", f"exit code {r.code}: {r.stderr[-300:]}")
            )
            return
        seconds[n] = r.seconds
        print(f"base  import xlsx, {n} rows: {r.seconds:.3f} s [max RSS {r.max_rss_mb:.0f} MB]")
    small, large = IMPORT_ROWS
    ratio = seconds[large] / seconds[small]
    limit = large / small
    b._add(
        Check(
            f"import xlsx, {large:,} rows vs {small:,}",
            "PASS" if ratio <= limit else "FAIL",
            f"{seconds[small]:.3f} s → {seconds[large]:.3f} s = {ratio:.1f}× "
            f"(budget ≤ {limit:.0f}: no worse than linear)",
        )
    )


def growth(b: Bench) -> None:
    names = [n for (s, n) in b.figures if s == 1 and (10, n) in b.figures]
    for name in names:
        t1, t10 = b.figures[(1, name)], b.figures[(10, name)]
        ratio = t10 / t1
        if name.startswith("baseline"):
            print(f"base  growth ×10, {name}: {t1:.3f} s → {t10:.3f} s = {ratio:.1f}×")
            continue
        b._add(
            Check(
                f"growth ×10, {name}",
                "PASS" if ratio <= GROWTH_BUDGET else "FAIL",
                f"{t1:.3f} s → {t10:.3f} s = {ratio:.1f}× (budget ≤ {GROWTH_BUDGET})",
            )
        )


def markdown(
    b: Bench, info: dict[str, str], scales: list[int], seed: int, sizes: dict[int, dict]
) -> str:
    lines = [
        "## Performance",
        "",
        f"Measured with `python -m benchmarks --scale {'both' if len(scales) > 1 else scales[0]}"
        f" --seed {seed}` on {info['date']}: {info['nproc']} cores, {info['cpu']}, "
        f"Python {info['python']}, {info['os']}. Times are the minimum of at least {b.runs} "
        "runs of the real CLI as a subprocess, each alternating with its baseline on the "
        "same files.",
        "",
    ]
    for s in scales:
        st = sizes[s]["stats"]
        lines.append(
            f"- scale {s}: {st.files} files, {st.bytes / 1e6:.1f} MB of YAML, "
            f"{st.agencies} agencies, {st.plans} plans, {st.tasks:,} tasks, "
            f"{st.entries:,} progress entries (synthetic SAMPLE data)"
        )
    lines += ["", "| Check | Result | Figures |", "|---|---|---|"]
    for c in b.checks:
        lines.append(f"| {c.name} | {c.status} | {c.line.replace('|', '/')} |")
    passed = sum(c.status == "PASS" for c in b.checks)
    failed = sum(c.status == "FAIL" for c in b.checks)
    lines += ["", f"benchmarks: {passed} passed, {failed} failed", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--scale", choices=("1", "10", "both", "city"), default="1")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--runs", type=int, default=3, help="runs per figure (the minimum is kept)")
    ap.add_argument("--keep", type=Path, help="generate into this new folder and keep it")
    ap.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    args = ap.parse_args(argv)
    scales: list = (
        [1, 10] if args.scale == "both" else ["city"] if args.scale == "city" else [int(args.scale)]
    )
    repo = Path(__file__).resolve().parent.parent
    if not (repo / "ttdn" / "cli" / "__init__.py").is_file():
        ap.error("run from a checkout of ttdn (python -m benchmarks in the repository root)")
    probe = subprocess.run(
        [sys.executable, "-c", "import ttdn.cli, docx, docxtpl"], cwd=repo, capture_output=True
    )
    if probe.returncode != 0:
        ap.error(
            f"ttdn's dependencies are not installed for {sys.executable}: run the benchmark "
            "with the Python ttdn is installed in, e.g. .venv/bin/python -m benchmarks "
            "(after the README's install line)"
        )
    info = machine()
    print(
        f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, "
        f"{info['os']}, {info['date']}",
        flush=True,
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="ttdn-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    # as installed: bytecode compiled (pip does it), no cache switched off, no data root set
    drop = ("TTDN_NO_CACHE", "TTDN_DATA", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        {
            "TTDN_CACHE_DIR": str(cache),
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    b = Bench(runs=max(1, args.runs), env=env, cwd=repo)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "ttdn"],
        cwd=repo,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    sizes: dict[int, dict] = {}
    try:
        for s in scales:
            sizes[s] = bench_scale(b, s, args.seed, work, cache)
        if len(scales) > 1:
            print("\n== growth from scale 1 to scale 10")
            growth(b)
        print("\n== import xlsx", flush=True)
        bench_import(b, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.markdown:
        args.markdown.write_text(markdown(b, info, scales, args.seed, sizes), encoding="utf-8")
    passed = sum(c.status == "PASS" for c in b.checks)
    failed = sum(c.status == "FAIL" for c in b.checks)
    print(f"benchmarks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
