"""Real flow runs: ingest, sweep and delivery as Prefect runs them."""

from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import yaml
from prefect import Flow
from sqlmodel import Session, col, func, select

from app.orgs import load_registry
from models.tables import Assignment, Delivery

ROOT = Path(__file__).resolve().parents[2]
NOTICE = ROOT / "examples" / "629-TB-HU.txt"
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
SIGNED = "2023-09-22T09:00:00+07:00"


def test_every_prefect_yaml_entrypoint_imports_to_a_flow():
    import importlib.util

    spec = yaml.safe_load(
        (ROOT / "deployments" / "prefect.yaml").read_text(encoding="utf-8")
    )
    names = set()
    for deployment in spec["deployments"]:
        path, _, attr = deployment["entrypoint"].partition(":")
        module_spec = importlib.util.spec_from_file_location(
            Path(path).stem, ROOT / path
        )
        assert module_spec is not None
        assert module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        flow = getattr(module, attr)
        assert isinstance(flow, Flow)
        assert flow.name == deployment["name"]
        assert deployment["description"] == (flow.description or "").strip()
        names.add(flow.name)
    assert names == {
        "ingest-notice",
        "escalation-sweep",
        "deliver-outbox",
        "completion-report",
        "compliance-report",
    }


@pytest.mark.flow
def test_the_ingest_flow_registers_the_worked_example_and_mails_every_owner(
    app_env, engine
):
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    result = ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    (notice,) = result["notices"]
    assert notice["outcome"] == "created"
    with Session(engine) as session:
        assignments = session.exec(select(func.count()).select_from(Assignment)).one()
        sent = session.exec(select(Delivery).where(Delivery.status == "sent")).all()
    assert assignments == notice["assignments"] > 4
    assert result["mail"]["sent"] == len(sent) == len(app_env.handler.envelopes)
    recipients = {r for env in app_env.handler.envelopes for r in env.rcpt_tos}
    assert "tuyengiao@vinhbao.example.org" in recipients
    mail = message_from_bytes(
        app_env.handler.envelopes[0].content, policy=policy.default
    )
    assert "629-TB/HU" in mail["Subject"]

    again = ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    assert again["notices"][0]["outcome"] == "unchanged"
    assert again["mail"]["sent"] == 0
    assert len(app_env.handler.envelopes) == len(sent)


@pytest.mark.flow
def test_the_sweep_flow_decides_as_of_its_now_and_delivers(app_env, engine):
    from flows.escalation_sweep import escalation_sweep
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    before = len(app_env.handler.envelopes)
    result = escalation_sweep(now="2023-12-26T09:00:00+07:00")
    assert isinstance(result, dict)  # a run given its `now` is never skipped
    assert result["sweep"]["by_step"].get("reminder", 0) >= 1
    assert result["mail"]["sent"] == len(app_env.handler.envelopes) - before
    repeat = escalation_sweep(now="2023-12-26T10:00:00+07:00")
    assert isinstance(repeat, dict)
    assert repeat["sweep"]["steps"] == 0
    assert repeat["mail"]["sent"] == 0


@pytest.mark.flow
def test_a_notice_the_reader_refuses_fails_the_flow_run_and_writes_nothing(
    app_env, engine, tmp_path
):
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    state = ingest_notice([str(bad)], now=SIGNED, return_state=True)
    assert state.is_failed()
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Assignment)).one() == 0


def test_serve_builds_every_deployment_with_the_schedules_of_prefect_yaml():
    from deployments.serve import deployments

    spec = yaml.safe_load(
        (ROOT / "deployments" / "prefect.yaml").read_text(encoding="utf-8")
    )
    wanted = {d["name"]: d for d in spec["deployments"]}
    built = {d.name: d for d in deployments()}
    assert set(built) == set(wanted)
    for name, deployment in built.items():
        crons = sorted(
            str(getattr(s.schedule, "cron", ""))
            for s in deployment.schedules or []
            if hasattr(s.schedule, "cron")
        )
        assert crons == sorted(
            s["cron"] for s in wanted[name].get("schedules", []) if "cron" in s
        )
        limit = wanted[name].get("concurrency_limit")
        if limit:
            assert deployment.concurrency_limit == limit["limit"]
            assert deployment.concurrency_options is not None
            assert (
                deployment.concurrency_options.collision_strategy
                == limit["collision_strategy"]
            )


@pytest.mark.flow
def test_a_flow_run_decides_as_of_its_scheduled_start_time():
    from prefect import flow
    from prefect.context import get_run_context

    from tasks.common import run_now

    @flow(name="what-is-now")
    def what_is_now() -> tuple[str, str]:
        run = getattr(get_run_context(), "flow_run", None)
        assert run is not None
        assert run.expected_start_time is not None
        return run_now(None).isoformat(), run.expected_start_time.isoformat()

    decided, scheduled = what_is_now()
    assert datetime.fromisoformat(decided) == datetime.fromisoformat(scheduled)


@pytest.mark.flow
def test_a_late_sweep_run_decides_as_of_its_schedule_not_of_the_clock(
    app_env, engine, monkeypatch
):
    from types import SimpleNamespace

    from flows.escalation_sweep import escalation_sweep
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    # the run was scheduled for Monday 8 Jan 2024, 09:00 in Hanoi, whenever it starts
    scheduled = datetime(2024, 1, 8, 2, tzinfo=UTC)
    monkeypatch.setattr(
        "tasks.common.flow_run", SimpleNamespace(scheduled_start_time=scheduled)
    )
    # a grace period longer than the time since then, so this late run still runs
    since = (datetime.now(UTC) - scheduled).total_seconds() // 60
    result = escalation_sweep(grace_minutes=int(since) + 60)
    assert isinstance(result, dict)
    assert result["sweep"]["by_step"].get("escalated", 0) >= 1


@pytest.mark.flow
def test_a_scheduled_run_past_its_grace_period_is_skipped_and_writes_nothing(
    app_env, engine, monkeypatch
):
    """After an outage, a run a day late ends as Skipped instead of deciding as of then."""
    from datetime import timedelta
    from types import SimpleNamespace

    from flows.escalation_sweep import escalation_sweep
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    with Session(engine) as session:
        rows = session.exec(select(func.count()).select_from(Delivery)).one()
    yesterday = datetime.now(UTC) - timedelta(days=1)
    monkeypatch.setattr(
        "tasks.common.flow_run", SimpleNamespace(scheduled_start_time=yesterday)
    )
    state = escalation_sweep(return_state=True)
    assert state.is_completed()
    assert state.name == "Skipped"
    assert "grace period" in (state.message or "")
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Delivery)).one() == rows


@pytest.mark.flow
def test_the_completion_and_compliance_report_flows_tell_the_committee_office(
    app_env, engine
):
    from flows.completion_report import completion_report
    from flows.compliance_report import compliance_report
    from flows.ingest_notice import ingest_notice

    load_registry(engine, REGISTRY)
    ingest_notice([str(NOTICE)], now=SIGNED, actor="test")
    with Session(engine) as session:
        first = session.exec(select(Assignment).order_by(col(Assignment.id))).first()
    assert first is not None
    assert first.id is not None
    before = len(app_env.handler.envelopes)
    done = completion_report(
        first.id,
        note="Đã hoàn thành",
        document="45-BC/BTG",
        now="2023-10-10T09:00:00+07:00",
    )
    assert done["report"]["status"] == "reported"
    report = compliance_report(period="monthly", now="2023-10-25T08:00:00+07:00")
    assert isinstance(report, dict)
    assert report["reports"] == 1
    new = app_env.handler.envelopes[before:]
    assert [e.rcpt_tos for e in new] == [["vanphong@vinhbao.example.org"]] * 2
    # the same builder as `send-reports`: the mail carries the report files, and a
    # second run in the period finds its ledger key taken
    mail = message_from_bytes(new[-1].original_content)
    assert [p.get_filename() for p in mail.walk() if p.get_filename()] == [
        "bao-cao-ban-thuong-vu-huyen-uy-2023-10.xlsx",
        "bao-cao-ban-thuong-vu-huyen-uy-2023-10.docx",
    ]
    again = compliance_report(period="monthly", now="2023-10-27T08:00:00+07:00")
    assert isinstance(again, dict)
    assert again["reports"] == 0
