"""`directives serve` for real: a subprocess that serves the flows (and the web), starts
without a traceback and stops within 10 s of SIGTERM or of a Ctrl-C at the terminal."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deployments.cluster import api_post, healthy, wait_for
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _child_pids(pid: int) -> list[int]:
    """The processes ``pid`` has started that still run (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _children(pid: int) -> int:
    return len(_child_pids(pid))


def _serving(api: str) -> bool:
    """Whether the runner has registered the five deployments with the server."""
    if not healthy(api):
        return False
    found = api_post(api, "/deployments/filter", {})
    return isinstance(found, list) and len(found) == 5


def _run_completed(api: str, deployment: str) -> str:
    """Run ``deployment`` through the server and return its final state."""
    with urllib.request.urlopen(f"{api}/deployments/name/{deployment}") as response:
        deployment_id = json.loads(response.read())["id"]
    run = api_post(api, f"/deployments/{deployment_id}/create_flow_run", {})
    assert isinstance(run, dict)

    def state() -> str:
        with urllib.request.urlopen(f"{api}/flow_runs/{run['id']}", timeout=10) as r:
            return str(json.loads(r.read())["state_type"])

    wait_for(lambda: state() in {"COMPLETED", "FAILED", "CRASHED"}, 120, "the run")
    return state()


@pytest.mark.parametrize("stop", ["SIGTERM", "Ctrl-C"])
def test_serve_starts_quietly_serves_and_stops_within_ten_seconds(
    stop: str, tmp_path: Path
):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        DIRECTIVES_DATABASE_URL=f"sqlite:///{tmp_path / 'directives.db'}",
        DIRECTIVES_OUTBOX_DIR=str(tmp_path / "outbox"),
    )
    env.pop("DIRECTIVES_SMTP_HOST", None)
    subprocess.run([str(BIN / "directives"), "init"], env=env, cwd=tmp_path, check=True)
    prefect_port, web_port = free_port(), free_port()
    api = f"http://127.0.0.1:{prefect_port}/api"
    log = tmp_path / "serve.log"
    ports = ["--port", str(web_port), "--prefect-port", str(prefect_port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "directives"), "serve", "--web", *ports],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            # its own process group, as a terminal's foreground job has
            start_new_session=True,
        )
    try:
        wait_for(lambda: _serving(api), 180, "the deployments to be served")
        wait_for(lambda: _answers(f"http://127.0.0.1:{web_port}/login"), 60, "the web")
        if stop == "SIGTERM":
            # a served deployment runs in this process's runner
            assert _run_completed(api, "deliver-outbox/deliver-outbox") == "COMPLETED"
            # the run reports completed just before its process ends; a run still in
            # flight at SIGTERM is cancelled first, which takes longer
            wait_for(lambda: _children(proc.pid) == 1, 60, "the run's process to end")
        started = time.monotonic()
        if stop == "SIGTERM":
            proc.send_signal(signal.SIGTERM)  # as systemd stops the service
        else:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 10 s after {stop}:\n{log.read_text()}")
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            # its Prefect server runs in a session of its own: kill it by pid too
            leftovers = _child_pids(proc.pid)
            os.killpg(proc.pid, signal.SIGKILL)
            for child in leftovers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            proc.wait()
    output = log.read_text(errors="replace")
    assert took < 10, output
    assert code == 0, output
    assert "Traceback" not in output
    assert "ERROR" not in output
    assert "stopped" in output
    # nor in the log of the Prefect server it ran (on its own SQLite file)
    server_log = (tmp_path / "prefect" / "logs" / "server.log").read_text()
    assert "Traceback" not in server_log
    # nothing left behind: the Prefect server and the web are gone with it
    assert not healthy(api)
    assert not _answers(f"http://127.0.0.1:{web_port}/login")
