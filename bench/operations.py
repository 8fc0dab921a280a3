"""What a flow run costs through Prefect, and what a second worker changes.

- Fixed cost: ``deliver-outbox`` on an empty ledger, run through a process worker (a
  server on PostgreSQL, as `make cluster-up` starts it) and through `directives serve`
  (its own server on SQLite), from creating the run to reading it completed; the
  baseline is the same delivery pass called in the process.
- Sweep throughput: ``escalation-sweep`` on the same seeded data (bench/sweep.py's
  assignments, a share of them due) with one worker, then with two; the baseline is the
  same sweep and delivery pass called in the process.

``python -m bench.operations`` prints the Markdown section; ``make bench`` adds it to
docs/benchmarks.md.
"""

import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.delivery import deliver
from app.followup import sweep
from bench import sweep as sweep_bench
from deployments import cluster
from models.db import make_engine
from models.migrate import upgrade
from notifications.senders import MemoryOutbox
from tests.factories import make_context

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class OperationsFigures:
    runs: int
    in_process_s: float
    worker_s: float
    serve_s: float
    rows: int
    due: int
    sweep_in_process_s: float
    sweep_one_worker_s: float
    sweep_two_workers_s: float


def _get(api: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{api}{path}", timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def _timed_run(api: str, deployment: str, parameters: Mapping[str, object]) -> float:
    """Seconds from creating a run of ``deployment`` to reading it completed."""
    target = _get(api, f"/deployments/name/{deployment}")
    start = time.perf_counter()
    run = cluster.api_post(
        api, f"/deployments/{target['id']}/create_flow_run", {"parameters": parameters}
    )
    assert isinstance(run, dict)
    while True:
        state = _get(api, f"/flow_runs/{run['id']}")["state_type"]
        if state == "COMPLETED":
            return time.perf_counter() - start
        if state in {"FAILED", "CRASHED", "CANCELLED"}:
            raise RuntimeError(f"{deployment} run ended {state}")
        time.sleep(0.05)


def _median_run(api: str, deployment: str, runs: int) -> float:
    now = {"now": sweep_bench.NOW.isoformat()}
    _timed_run(api, deployment, now)  # the first run warms the worker's imports
    return statistics.median(_timed_run(api, deployment, now) for _ in range(runs))


def measure(
    admin_url: str, *, runs: int = 5, rows: int = 20_000, due: int = 2_000
) -> OperationsFigures:
    tmp = Path(tempfile.mkdtemp(prefix="directives-ops-"))
    prefect_db = f"bench_prefect_{uuid.uuid4().hex[:8]}"
    app_db = f"bench_app_{uuid.uuid4().hex[:8]}"
    cluster.create_database(admin_url, prefect_db)
    cluster.create_database(admin_url, app_db)
    app_url = cluster.database_url(admin_url, app_db)
    engine = make_engine(app_url)
    try:
        upgrade(engine)
        sweep_bench._seed(engine, rows, due)
        ctx = make_context(engine)
        passes = []
        for _ in range(runs):
            start = time.perf_counter()
            deliver(ctx, MemoryOutbox(), now=sweep_bench.NOW)
            passes.append(time.perf_counter() - start)
        # the flow plans and then delivers what it planned: so does the baseline
        start = time.perf_counter()
        sweep(ctx, now=sweep_bench.NOW)
        deliver(ctx, MemoryOutbox(), now=sweep_bench.NOW)
        sweep_in_process = time.perf_counter() - start
        sweep_bench._reset(engine)

        app_env = {
            **os.environ,
            "DIRECTIVES_DATABASE_URL": app_url,
            "DIRECTIVES_OUTBOX_DIR": str(tmp / "outbox"),
        }
        app_env.pop("DIRECTIVES_SMTP_HOST", None)
        sweeps = {}
        with cluster.running_cluster(
            app_env,
            prefect_database_url=cluster.database_url(
                admin_url, prefect_db, driver="postgresql+asyncpg"
            ),
            home=tmp / "prefect-cluster",
            logs=tmp / "logs",
            workers=("worker-a",),
        ) as running:
            worker = _median_run(running.api, "deliver-outbox/deliver-outbox", runs)
            for count in (1, 2):
                if count == 2:
                    running.start_workers("worker-b", app_env=app_env)
                    time.sleep(5)  # let it poll once
                sweep_bench._reset(engine)
                sweeps[count] = _timed_run(
                    running.api,
                    "escalation-sweep/escalation-sweep",
                    {"now": sweep_bench.NOW.isoformat()},
                )
        serve = _serve_cost(app_env, tmp, runs)
    finally:
        engine.dispose()
        cluster.drop_database(admin_url, app_db)
        cluster.drop_database(admin_url, prefect_db)
    return OperationsFigures(
        runs=runs,
        in_process_s=statistics.median(passes),
        worker_s=worker,
        serve_s=serve,
        rows=rows,
        due=due,
        sweep_in_process_s=sweep_in_process,
        sweep_one_worker_s=sweeps[1],
        sweep_two_workers_s=sweeps[2],
    )


def _serve_cost(app_env: dict[str, str], tmp: Path, runs: int) -> float:
    port = cluster.free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = cluster.prefect_env(app_env, home=tmp / "prefect-serve")
    proc = cluster.start(
        "serve",
        [str(BIN / "directives"), "serve", "--prefect-port", str(port)],
        env=env,
        logs=tmp / "logs",
    )
    try:

        def served() -> bool:
            if not cluster.healthy(api):
                return False
            found = cluster.api_post(api, "/deployments/filter", {})
            return isinstance(found, list) and len(found) == 5

        cluster.wait_for(served, 240, "directives serve")
        return _median_run(api, "deliver-outbox/deliver-outbox", runs)
    finally:
        cluster.stop(proc, patience=15)


def section(f: OperationsFigures) -> list[str]:
    """The Markdown section of docs/benchmarks.md."""
    return [
        "## Flow runs through Prefect (operations)",
        "",
        f"Fixed cost of one flow run: `deliver-outbox` on an empty ledger, from creating "
        f"the run to reading it completed (median of {f.runs}, after one warm-up run), "
        "against the same delivery pass called in the process.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| delivery pass in the process | {f.in_process_s * 1000:.0f} ms |",
        f"| through a process worker (server on PostgreSQL) | {f.worker_s:.1f} s |",
        f"| through `directives serve` (its own server on SQLite) | {f.serve_s:.1f} s |",
        f"| worker / in process | {f.worker_s / f.in_process_s:,.0f}× |",
        f"| serve / worker | {f.serve_s / f.worker_s:.2f}× |",
        "",
        f"Sweep throughput: `escalation-sweep` over {f.rows:,} open assignments of which "
        f"{f.due:,} are due (bench/sweep.py's data, reset between runs), one run each.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sweep + delivery in the process | {f.sweep_in_process_s:.1f} s "
        f"({f.due / f.sweep_in_process_s:,.0f} items/s) |",
        f"| one worker | {f.sweep_one_worker_s:.1f} s "
        f"({f.due / f.sweep_one_worker_s:,.0f} items/s) |",
        f"| two workers | {f.sweep_two_workers_s:.1f} s "
        f"({f.due / f.sweep_two_workers_s:,.0f} items/s) |",
        f"| one worker / in the process | "
        f"{f.sweep_one_worker_s / f.sweep_in_process_s:.1f}× |",
        f"| two workers / one worker | "
        f"{f.sweep_two_workers_s / f.sweep_one_worker_s:.2f}× |",
        "",
        "A second worker does not make one sweep faster: sweeps run one at a time "
        "(concurrency limit 1), each a single flow run on one worker, so the second "
        "worker adds availability (runs go on while one machine is down), not speed. "
        "The worker's fixed cost is a process start plus Prefect's imports and state "
        "reports; it matters for on-demand runs, not for an hourly sweep.",
        "",
    ]


def admin_url() -> str:
    """PostgreSQL where the throwaway databases are made (as `make cluster-up`)."""
    return os.environ.get("CLUSTER_PG_URL", cluster.PG_ADMIN_URL)


def main() -> None:
    admin = admin_url()
    quick = os.environ.get("BENCH_QUICK") == "1"
    figures = measure(
        admin,
        runs=3 if quick else 5,
        rows=2_000 if quick else 20_000,
        due=200 if quick else 2_000,
    )
    print(figures)
    print("\n".join(section(figures)))


if __name__ == "__main__":
    main()
