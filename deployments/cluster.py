"""A Prefect cluster on one machine, and the process handling that `serve` shares.

``make cluster-up`` / ``make cluster-down`` call this module; the multi-machine and
outage tests use the same functions. ``up`` starts, each as its own process:

- a Prefect server whose database is a throwaway PostgreSQL database it creates;
- the ``directives`` process work pool and every deployment of
  ``deployments/prefect.yaml`` (``prefect deploy --all``);
- two process workers;

and creates (or upgrades) the app database on the same PostgreSQL server. Every process
it started is written to ``var/cluster/*.pid``; ``down`` stops exactly those and drops
the Prefect database it created, nothing else.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POOL = "directives"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
APP_DATABASE = "directives_cluster"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``predicate`` every half second until it holds.

    Raises:
        TimeoutError: naming ``what`` when it does not hold within ``timeout`` s.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def healthy(api: str) -> bool:
    """Whether the Prefect API at ``api`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def api_post(api: str, path: str, body: Mapping[str, object]) -> object:
    """POST JSON to the Prefect REST API and return the decoded answer.

    A busy server answers 503 (its database is locked for a moment): asked again for
    up to half a minute.
    """
    deadline = time.monotonic() + 30
    while True:
        request = urllib.request.Request(
            f"{api}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as err:
            if err.code != 503 or time.monotonic() > deadline:
                raise
        time.sleep(1)


def start(
    name: str, args: list[str], *, env: Mapping[str, str], logs: Path
) -> subprocess.Popen[bytes]:
    """Start ``args`` from the repository root, output to ``logs/<name>.log``.

    The process gets a session of its own, so a Ctrl-C meant for the terminal's
    foreground job does not reach it: whoever started it stops it, in order.
    """
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{name}.log").open("ab") as out:
        return subprocess.Popen(
            args,
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_pid(pid: int, *, patience: float = 5.0) -> None:
    """Stop one process: SIGTERM, again after ``patience`` s, then SIGKILL.

    `prefect worker start` ignores the first SIGTERM for a while, hence the second.
    """
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        if not _alive(pid):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        with contextlib.suppress(ChildProcessError):
            # reap our own children so they do not linger as zombies
            deadline = time.monotonic() + patience
            while time.monotonic() < deadline:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done:
                    return
                time.sleep(0.1)
            continue
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes], *, patience: float = 5.0) -> None:
    """Stop a process this process started (see :func:`stop_pid`)."""
    for sig in (signal.SIGTERM, signal.SIGTERM):
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout=patience)
            except subprocess.TimeoutExpired:
                continue
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def prefect_env(
    base: Mapping[str, str], *, home: Path, database_url: str | None = None
) -> dict[str, str]:
    """The environment of a Prefect process: ``base`` without its ``PREFECT_*``, quiet.

    Args:
        base: the environment to start from (its ``DIRECTIVES_*`` are kept).
        home: ``PREFECT_HOME`` (local profile, and the server's SQLite file if no
            ``database_url``).
        database_url: the server's database (``postgresql+asyncpg://…``), if any.
    """
    env = {k: v for k, v in base.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL=base.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
    )
    if database_url:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = database_url
    home.mkdir(parents=True, exist_ok=True)  # Prefect does not create its parents
    return env


def start_server(
    env: Mapping[str, str], *, port: int, logs: Path, ui: bool = True
) -> subprocess.Popen[bytes]:
    """Start ``prefect server start`` on 127.0.0.1:``port`` (returns at once)."""
    command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1"]
    return start(
        "server",
        [*command, "--port", str(port)],
        env={**env, "PREFECT_UI_ENABLED": "true" if ui else "false"},
        logs=logs,
    )


def prefect(env: Mapping[str, str], *args: str) -> str:
    """Run one ``prefect`` command to completion from the repository root.

    Raises:
        RuntimeError: with its output, when it fails.
    """
    done = subprocess.run(
        [str(BIN / "prefect"), *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def deploy_all(env: Mapping[str, str]) -> None:
    """Create the work pool and every deployment of deployments/prefect.yaml."""
    prefect(env, "work-pool", "create", POOL, "--type", "process", "--overwrite")
    prefect(
        env,
        "--no-prompt",
        "deploy",
        "--all",
        "--prefect-file",
        "deployments/prefect.yaml",
    )


def start_worker(
    env: Mapping[str, str], name: str, *, logs: Path
) -> subprocess.Popen[bytes]:
    """Start one process worker of the pool (returns at once)."""
    return start(
        name,
        [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--name", name],
        env=env,
        logs=logs,
    )


# --- throwaway PostgreSQL databases ---------------------------------------------------


def _admin(admin_url: str) -> sqlalchemy.Engine:
    return sqlalchemy.create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )


def create_database(admin_url: str, name: str, *, exist_ok: bool = False) -> None:
    """Create database ``name`` on the server of ``admin_url``."""
    engine = _admin(admin_url)
    try:
        with engine.connect() as conn:
            there = conn.execute(
                sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                {"n": name},
            ).first()
            if there and exist_ok:
                return
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` (its connections are closed first)."""
    engine = _admin(admin_url)
    try:
        with engine.connect() as conn:
            conn.execute(
                sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )
    finally:
        engine.dispose()


def database_url(admin_url: str, name: str, *, driver: str = "postgresql") -> str:
    """The URL of database ``name`` on the server of ``admin_url``."""
    base = admin_url.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', f'{driver}://', 1)}/{name}"


# --- a whole cluster --------------------------------------------------------------------


@dataclass
class Cluster:
    """A running server, its pool and deployments, and its workers."""

    api: str
    env: dict[str, str]
    logs: Path
    server: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start_workers(
        self, *names: str, app_env: Mapping[str, str] | None = None
    ) -> None:
        """Start (or restart) the named process workers, with ``app_env`` added."""
        env = {**self.env, **(app_env or {})}
        for name in names:
            self.workers[name] = start_worker(env, name, logs=self.logs)

    def stop_workers(self) -> None:
        """Stop every worker, in parallel, and wait for them."""
        for proc in self.workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.workers.values():
            stop(proc)
        self.workers.clear()

    def stop(self) -> None:
        """Stop the workers, then the server."""
        self.stop_workers()
        stop(self.server)


@contextlib.contextmanager
def running_cluster(
    base_env: Mapping[str, str],
    *,
    prefect_database_url: str,
    home: Path,
    logs: Path,
    workers: tuple[str, ...] = ("worker-a", "worker-b"),
    ui: bool = False,
) -> Iterator[Cluster]:
    """A server on ``prefect_database_url``, the deployments and ``workers``, stopped
    (workers first) on exit. ``base_env`` carries the workers' ``DIRECTIVES_*``."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = prefect_env(
        {**base_env, "DIRECTIVES_HOME": str(ROOT)},
        home=home,
        database_url=prefect_database_url,
    )
    server = start_server(env, port=port, logs=logs, ui=ui)
    cluster = Cluster(
        api=api, env={**env, "PREFECT_API_URL": api}, logs=logs, server=server
    )
    try:
        wait_for(lambda: healthy(api), 180, "the Prefect server")
        deploy_all(cluster.env)
        cluster.start_workers(*workers)
        yield cluster
    finally:
        cluster.stop()


# --- make cluster-up / make cluster-down --------------------------------------------------


def _state_dir() -> Path:
    return ROOT / "var" / "cluster"


def up(admin_url: str, *, port: int) -> str:
    """Start the cluster in the background; return what to print."""
    state = _state_dir()
    if (state / "cluster.json").exists():
        raise SystemExit(
            "cluster-up: a cluster is already running (var/cluster/cluster.json); "
            "run `make cluster-down` first"
        )
    logs = state / "logs"
    name = f"prefect_cluster_{uuid.uuid4().hex[:8]}"
    create_database(admin_url, name)
    create_database(admin_url, APP_DATABASE, exist_ok=True)
    app_url = database_url(admin_url, APP_DATABASE)
    api = f"http://127.0.0.1:{port}/api"
    env = prefect_env(
        {
            **os.environ,
            "DIRECTIVES_HOME": str(ROOT),
            "DIRECTIVES_DATABASE_URL": app_url,
        },
        home=state / "prefect-home",
        database_url=database_url(admin_url, name, driver="postgresql+asyncpg"),
    )
    record: dict[str, object] = {"prefect_database": name, "admin_url": admin_url}
    state.mkdir(parents=True, exist_ok=True)
    started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def remember() -> None:
        for what, proc in started:
            (state / f"{what}.pid").write_text(f"{proc.pid}\n")
        (state / "cluster.json").write_text(json.dumps(record, indent=2) + "\n")

    try:
        started.append(("server", start_server(env, port=port, logs=logs)))
        remember()
        wait_for(lambda: healthy(api), 180, "the Prefect server")
        client_env = {**env, "PREFECT_API_URL": api}
        subprocess.run(
            [str(BIN / "directives"), "init"], cwd=ROOT, env=client_env, check=True
        )
        deploy_all(client_env)
        for worker in ("worker-a", "worker-b"):
            started.append((worker, start_worker(client_env, worker, logs=logs)))
        remember()
    except BaseException:
        down()
        raise
    return (
        f"Prefect UI:   http://127.0.0.1:{port}\n"
        f"Prefect API:  {api}   (export PREFECT_API_URL={api})\n"
        f"app database: {app_url}   (export DIRECTIVES_DATABASE_URL={app_url})\n"
        f"logs:         {logs.relative_to(ROOT)}/\n"
        "stop with:    make cluster-down"
    )


def down() -> str:
    """Stop what ``up`` started (workers first) and drop its Prefect database."""
    state = _state_dir()
    stopped = []
    pids = sorted(state.glob("*.pid"), key=lambda p: p.stem == "server")
    for pid_file in pids:
        stop_pid(int(pid_file.read_text()))
        pid_file.unlink()
        stopped.append(pid_file.stem)
    record_file = state / "cluster.json"
    if record_file.exists():
        record = json.loads(record_file.read_text())
        drop_database(str(record["admin_url"]), str(record["prefect_database"]))
        record_file.unlink()
    if not stopped:
        return "cluster-down: nothing was running"
    return f"stopped: {', '.join(stopped)}; the app database {APP_DATABASE} is kept"


def main(argv: list[str] | None = None) -> None:
    """``python -m deployments.cluster up|down``."""
    args = sys.argv[1:] if argv is None else argv
    admin_url = os.environ.get("CLUSTER_PG_URL", PG_ADMIN_URL)
    port = int(os.environ.get("CLUSTER_PORT", "4200"))
    if args == ["up"]:
        print(up(admin_url, port=port))  # noqa: T201
    elif args == ["down"]:
        print(down())  # noqa: T201
    else:
        raise SystemExit("usage: python -m deployments.cluster up|down")


if __name__ == "__main__":
    main()
