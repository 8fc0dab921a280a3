"""`make bench`: run every benchmark once and write docs/benchmarks.md.

Figures are ratios measured in one run on this machine, never absolute promises.
`BENCH_QUICK=1` runs small sizes (for trying the harness).
"""

import os
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import cli, delivery_kill, ingest, operations, reader, reports, sweep, web
from tests.factories import vn_calendar

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "DIRECTIVES_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
QUICK = os.environ.get("BENCH_QUICK") == "1"
SIZES = [20_000, 50_000] if QUICK else [100_000, 1_000_000, 3_000_000]
# `BENCH_ROWS=1000000` measures the sweep at the sizes given only (comma-separated)
if os.environ.get("BENCH_ROWS"):
    SIZES = [int(n) for n in os.environ["BENCH_ROWS"].split(",")]
DUE = 1_000 if QUICK else 10_000


def main() -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d} "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores). Each figure compares two things measured in the same run.",
        "",
    ]
    r = reader.measure(vn_calendar())
    print(f"reader: {r}")
    lines += [
        "## Notice reader",
        "",
        f"{r.notices} notices (the worked example and the project's annotated notices), "
        "each read from disk and parsed, 40 rounds, one core.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| notices per second (read + parse) | {r.per_second:,.0f} |",
        f"| baseline: read + split lines, per second | {r.baseline_per_second:,.0f} |",
        f"| reader cost / baseline cost | {r.ratio:,.0f}× |",
        f"| slowest notice (median) | {r.slowest_ms:.2f} ms ({r.slowest_name}) |",
        "",
    ]
    g = reader.measure_growth(vn_calendar())
    print(f"reader growth: {g}")
    lines += [
        f"Growth with size: parse time of a notice of {g.large} numbered items over "
        f"one of {g.small}, and of one item of {g.large} wrapped lines over one of "
        f"{g.small} (linear = {g.linear:.0f}×).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| {g.large} items / {g.small} items | {g.items_ratio:.1f}× |",
        f"| one item of {g.large} lines / of {g.small} lines | "
        f"{g.long_item_ratio:.1f}× |",
        "",
    ]
    i = ingest.measure(50 if QUICK else 1000)
    print(f"ingest: {i}")
    lines += [
        "## Ingest through the flow",
        "",
        f"{i.notices} generated variations of the worked example ({i.assignments} "
        "assignments) in one `ingest-notice` flow run on SQLite, against parsing the same "
        "files.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| parse only, per notice | {i.parse_ms:.2f} ms |",
        f"| ingest (parse, resolve, write, ledger, deliver to the file outbox), per notice | {i.ingest_ms:.2f} ms |",
        f"| ingest / parse | {i.ratio:.1f}× |",
        f"| register only (the use case the CLI calls: parse once, resolve, write, "
        f"ledger; no Prefect, no sending), per notice | {i.register_ms:.2f} ms |",
        f"| register / parse | {i.register_ratio:.1f}× |",
        f"| fixed cost of one flow run (1 notice, warm API) | {i.fixed_s:.2f} s |",
        "",
    ]
    report_rows = 20_000 if QUICK else 200_000
    tmp_report = Path(tempfile.mkdtemp(prefix="directives-report-"))
    report_engine = reports.sqlite_engine(str(tmp_report / "report.db"))
    report_figures = [reports.measure(report_engine, "SQLite", report_rows)]
    report_engine.dispose()
    print(report_figures[-1])
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="directives-sweep-"))
    for size in SIZES:
        engine = sweep.sqlite_engine(str(tmp / f"sweep-{size}.db"))
        rows.append(sweep.measure(engine, "SQLite", size, DUE))
        engine.dispose()
        print(rows[-1])
    for size in SIZES:
        engine = sweep.postgres_engine(PG_URL, f"bench_{size}")
        rows.append(sweep.measure(engine, "PostgreSQL", size, DUE))
        engine.dispose()
        print(rows[-1])
    lines += [
        "## Sweep",
        "",
        f"Open assignments of which {DUE:,} have their reminder due. *Raw SQL* selects "
        "the due rows and inserts their ledger rows with one `INSERT … SELECT`; "
        "*raw SQL, same writes* also inserts the events and moves the next checks with "
        "two more set-based statements. Both baselines commit their writes, as the "
        "sweep does (the data is reset after each run). The sweep plans each class "
        "of alike items with the working-day calendar and writes the same three things. "
        "Median of 3; peak is Python's traced allocation during a sweep.",
        "",
        "| back-end | rows | due | sweep | raw SQL | ratio | raw SQL, same writes "
        "| ratio | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in rows:
        lines.append(
            f"| {f.backend} | {f.rows:,} | {f.due:,} | {f.sweep_s:.2f} s | "
            f"{f.baseline_s:.3f} s | {f.ratio:.1f}× | {f.full_baseline_s:.3f} s | "
            f"{f.full_ratio:.1f}× | {f.peak_mib:.1f} MiB |"
        )
    lines.append("")
    by_backend: dict[str, list[sweep.SweepFigures]] = {}
    for f in rows:
        by_backend.setdefault(f.backend, []).append(f)
    growth = ", ".join(
        f"{name} {fs[-1].sweep_s / fs[0].sweep_s:.2f}× from {fs[0].rows:,} to "
        f"{fs[-1].rows:,} rows"
        for name, fs in by_backend.items()
    )
    worst = max(f.full_ratio for f in rows)
    lines += [
        "### Reading the sweep figures",
        "",
        (
            f"- **It grows with the due items, not the table:** with the same "
            f"{DUE:,} due, the sweep's time changes {growth}. "
            if len(SIZES) > 1
            else "- **It grows with the due items, not the table:** "
        )
        + "It reads only the rows whose `next_check_on` has come, through an index.",
        "- **Planned once per class, written set-based.** Due items that share their "
        "state (status, due date, occurrence, last step, owner, issuer, registration "
        "day) get the same decisions, so the pure planner sees one item per class; "
        "each decision is then written for the whole class with one statement "
        "(`INSERT … SELECT` of the ledger rows and of the events, one `UPDATE` of the "
        "new state), the ids travelling as one array parameter. Nothing passes "
        "through Python row by row, so the memory stays flat (the peak column).",
        f"- **Against raw SQL making the same three writes the sweep is within "
        f"{worst:.1f}× at worst** (target 3×). What it does beyond the baseline: "
        "reading the due items grouped into classes, the planner, one statement of "
        "each kind per class instead of one in all, the look-up of milestones and "
        "the skipped steps' rows. A ledger row's Message-ID (a SHA-256 of its key) "
        "is no longer computed by the sweep: the row gets it when it is claimed for "
        "sending, like its subject and bodies (hashing every key in the sweep cost "
        "as much as the baseline's whole ledger insert on SQLite).",
        "",
    ]
    lines += reports.section(report_figures)
    w = web.measure(20_000 if QUICK else 100_000)
    print(f"web: {w}")
    lines += web.section(w)
    kills = [
        delivery_kill.measure(backend, 20 if QUICK else 60)
        for backend in ("SQLite", "PostgreSQL")
    ]
    for k in kills:
        print(f"delivery under kill -9, {k.backend}: {k.report.line()}")
    lines += delivery_kill.section(kills)
    commands, demo = cli.measure(), cli.measure_demo()
    print(f"commands: {commands}; demo: {demo}")
    lines += ["", *cli.section(commands, demo), ""]
    o = operations.measure(
        operations.admin_url(),
        runs=3 if QUICK else 5,
        rows=2_000 if QUICK else 20_000,
        due=200 if QUICK else 2_000,
    )
    print(f"operations: {o}")
    lines += operations.section(o)
    target = ROOT / "docs" / "benchmarks.md"
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
