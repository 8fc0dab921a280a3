"""`make demo`: the worked example (629-TB/HU) end to end on the embedded defaults.

A fresh SQLite database and file outbox under ``var/demo/``; the notice goes through the
``ingest-notice`` flow (Prefect starts a temporary local API for it), then the follow-up
sweeps run at the dates on which the ladder fires, one item is reported done and
accepted, and the compliance figures are printed.
"""

import os
import shutil
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "var" / "demo"
NOTICE = ROOT / "examples" / "629-TB-HU.txt"
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
#: Accounts of the demo database (demo only: the password is printed on purpose).
DEMO_ACCOUNTS = (
    ("vanphong@vinhbao.example.org", "van-phong-huyen-uy", "office"),
    ("tuyengiao@vinhbao.example.org", "btg-huyen-uy", "owner"),
)
DEMO_PASSWORD = "demo-vinh-bao-2023"
SWEEPS = [
    (
        "2023-12-22T09:00:00+07:00",
        "a quarter after signing: progress requests for undated work",
    ),
    (
        "2023-12-26T09:00:00+07:00",
        "3 working days before the due date (Fri 29 Dec stands in for Sun 31)",
    ),
    ("2023-12-29T09:00:00+07:00", "the last working day before the due date"),
    (
        "2024-01-02T09:00:00+07:00",
        "1 working day after (1 Jan is a holiday): overdue, cc superior",
    ),
    (
        "2024-01-08T09:00:00+07:00",
        "5 working days after: escalated to the committee's office",
    ),
]


def _say(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 72 - len(title)))


def main() -> None:
    shutil.rmtree(DEMO, ignore_errors=True)
    DEMO.mkdir(parents=True)
    os.environ["DIRECTIVES_DATABASE_URL"] = f"sqlite:///{DEMO / 'directives.db'}"
    os.environ["DIRECTIVES_OUTBOX_DIR"] = str(DEMO / "outbox")
    os.environ.setdefault("DIRECTIVES_BASE_URL", "http://localhost:8000")
    for name in (
        "DIRECTIVES_SMTP_HOST",
        "DIRECTIVES_POLICY_FILE",
        "DIRECTIVES_CALENDAR_FILE",
    ):
        os.environ.pop(name, None)

    # imported after the environment is set: settings are read on first use
    from app import actions, lookup
    from app.clock import parse_instant
    from app.delivery import deliver
    from app.followup import sweep
    from app.orgs import init_database, load_registry
    from app.reports import compliance
    from app.settings import get_settings
    from app.wiring import context_for, notifier_for
    from flows.ingest_notice import ingest_notice

    settings = get_settings()
    ctx = context_for(settings)
    init_database(ctx.engine)
    created, _ = load_registry(ctx.engine, REGISTRY)
    _say(f"registry: {created} bodies of Vĩnh Bảo loaded from {REGISTRY.name}")

    _say("ingest 629-TB/HU through the ingest-notice flow (22 Sep 2023, 09:00)")
    result = ingest_notice([str(NOTICE)], now="2023-09-22T09:00:00+07:00", actor="demo")
    for notice in result["notices"]:
        print(
            f"{notice['number']}: {notice['outcome']}, {notice['assignments']} assignments, "
            f"{notice['messages']} 'assigned' mails; mail: {result['mail']}"
        )
    rows = lookup.list_assignments(ctx)
    print(f"\n{'id':>3}  {'item':4} {'owner':26} {'role':7} {'due':10}  recurrence")
    for r in rows:
        print(
            f"{r.id:>3}  {r.ref:4} {(r.owner or '?'):26} {r.role:7} "
            f"{r.due_on or '—'!s:10}  {r.recurrence or ''}"
        )

    notifier = notifier_for(settings)
    for when, why in SWEEPS:
        now = parse_instant(when)
        report = sweep(ctx, now=now)
        mail = deliver(ctx, notifier, now=now)
        steps = (
            ", ".join(f"{k} ×{v}" for k, v in sorted(report.by_step.items()))
            or "nothing due"
        )
        _say(f"sweep {when[:10]}: {why}")
        print(
            f"steps: {steps}; skipped {report.skipped_steps}; weekly digests {report.digests}"
        )
        print(f"mail: {mail.sent} sent ({mail.digests} digests grouped)")

    _say("BTG reports item 4 done on 10 Jan 2024; the office accepts it on 12 Jan")
    item4 = next(r for r in rows if r.ref == "4" and r.owner == "btg-huyen-uy")
    reported = parse_instant("2024-01-10T10:00:00+07:00")
    print(
        actions.report_done(
            ctx,
            item4.id,
            note="Đã cấp thẻ cho cộng tác viên; báo cáo 9 tháng đã gửi.",
            document="45-BC/BTG",
            now=reported,
            actor="btg-huyen-uy",
        ).message
    )
    deliver(ctx, notifier, now=reported)
    accepted = parse_instant("2024-01-12T10:00:00+07:00")
    print(
        actions.accept(ctx, item4.id, now=accepted, actor="van-phong-huyen-uy").message
    )
    deliver(ctx, notifier, now=accepted)

    _say("what was sent to whom (the outbox, one line per message text)")
    outbox = Path(settings.outbox_dir)
    by_subject: dict[str, list[str]] = {}
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        eml = message_from_bytes(path.read_bytes(), policy=policy.default)
        to = [a.strip().split("@")[0] for a in str(eml["To"]).split(",")]
        by_subject.setdefault(str(eml["Subject"]), []).extend(to)
    for subject, recipients in by_subject.items():
        print(f"{subject}\n    → {', '.join(recipients)}")
    sent = [r for r in lookup.ledger(ctx) if r.status == "sent"]
    skipped = [r for r in lookup.ledger(ctx) if r.status == "skipped"]
    print(
        f"\n{len(sent)} mails sent, {len(skipped)} ledger rows skipped; .eml files in {outbox}"
    )

    _say("compliance report as of 15 Jan 2024 (the official four-way split)")
    for figures in compliance(
        ctx, as_of=parse_instant("2024-01-15T09:00:00+07:00").date()
    ):
        print(f"{figures.issuer_name}: {figures.summary.overall.total} assignments")
        for status, count in figures.summary.overall.counts.items():
            if count:
                print(f"  {status.label:32} {count}")

    from app.users import add_user

    for email, org, role in DEMO_ACCOUNTS:
        add_user(ctx.engine, email, org=org, role=role, password=DEMO_PASSWORD)
    _say("the web workspace on this demo database")
    print("make web-demo")
    print(
        "    then open http://127.0.0.1:8000/ and sign in as "
        f"{DEMO_ACCOUNTS[0][0]} (the office) or {DEMO_ACCOUNTS[1][0]} (an owner), "
        f"password {DEMO_PASSWORD}; Ctrl-C stops it"
    )


if __name__ == "__main__":
    main()
