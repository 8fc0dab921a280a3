"""The `directives` command.

Errors of the project's hierarchy are translated here, once: a one-line message on stderr
and exit code 2 for bad input, 1 for any other failure.
"""

import getpass
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from app import actions, lookup, users
from app.clock import parse_day, parse_instant, utc_now
from app.context import AppContext
from app.delivery import deliver, limits_for
from app.followup import sweep as run_sweep
from app.ingest import ingest, prepare
from app.orgs import init_database, load_registry, organizations, taught_aliases
from app.parsing import parse_file
from app.reportfiles import BINARY_FORMATS, FORMATS
from app.reportfiles import render as render_report
from app.reports import (
    PERIODS,
    build_reports,
    report_period,
    send_compliance_reports,
)
from app.settings import Settings, get_settings
from app.wiring import calendar_for, context_for, engine_for, notifier_for
from domain.errors import DirectiveError, InputError


class _TranslatingGroup(TyperGroup):
    # typer vendors its own click; its Context type is not public, hence Any
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DirectiveError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(err.exit_code) from err


def _typer(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=_TranslatingGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


app = _typer(
    "Turn directive notices into tracked work and follow it up until it is done."
)
orgs_app = _typer("The organisation registry.")
app.add_typer(orgs_app, name="orgs")
users_app = _typer("Accounts of the web workspace.")
app.add_typer(users_app, name="users")

NowOption = Annotated[
    str | None,
    typer.Option(
        "--now", help="Act as of this ISO-8601 instant with offset (default: now)."
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Who acts (default: DIRECTIVES_ACTOR or $USER)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Assignment id.")]


def _settings() -> Settings:
    return get_settings()


def _ctx() -> AppContext:
    ctx = context_for(_settings())
    init_database(ctx.engine)
    return ctx


def _now(text: str | None) -> datetime:
    return parse_instant(text) if text else utc_now()


def _actor(actor: str | None) -> str:
    return actor or os.environ.get("DIRECTIVES_ACTOR") or getpass.getuser()


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- set-up ----------------------------------------------------------------------------


@app.command()
def init(
    registry: Annotated[
        Path | None, typer.Option(help="Also load this organisation registry (TOML).")
    ] = None,
) -> None:
    """Create or upgrade the database named by DIRECTIVES_DATABASE_URL."""
    settings = _settings()
    engine = engine_for(settings)
    init_database(engine)
    typer.echo(f"database ready: {engine.url.render_as_string(hide_password=True)}")
    registry = registry or settings.registry_file
    if registry is not None:
        created, updated = load_registry(engine, registry)
        typer.echo(f"registry {registry}: {created} created, {updated} updated")


@app.command()
def config() -> None:
    """Print the effective settings, secrets masked."""
    for key, value in _settings().masked().items():
        typer.echo(f"{key}={value}")


@orgs_app.command("load")
def orgs_load(
    file: Annotated[Path, typer.Argument(help="Registry file (TOML).")],
) -> None:
    """Load (upsert) a registry file, all or nothing."""
    engine = engine_for(_settings())
    init_database(engine)
    created, updated = load_registry(engine, file)
    typer.echo(f"{file}: {created} created, {updated} updated")


@orgs_app.command("list")
def orgs_list(as_json: JsonOption = False) -> None:
    """List the organisations with their superior and members."""
    engine = engine_for(_settings())
    init_database(engine)
    rows = organizations(engine)
    if as_json:
        _dump([row.model_dump(mode="json") for row in rows])
        return
    taught = taught_aliases(engine)
    for row in rows:
        parent = f" → {row.parent}" if row.parent else ""
        members = f" [{', '.join(row.members)}]" if row.members else ""
        typer.echo(f"{row.code:28} {row.kind:16} {row.name}{parent}{members}")
        if row.code in taught:
            typer.echo(f"{'':28} also known as: {'; '.join(taught[row.code])}")


# --- reading and ingesting -------------------------------------------------------------


@app.command()
def parse(
    file: Annotated[
        Path, typer.Argument(help="Notice: UTF-8 text, .docx or text PDF.")
    ],
    as_json: JsonOption = False,
    registry: Annotated[
        Path | None, typer.Option(help="Resolve owners against this registry (TOML).")
    ] = None,
) -> None:
    """Read a notice and print its header and directives; nothing is written."""
    settings = _settings()
    parsed = parse_file(
        file,
        calendar=calendar_for(settings),
        registry=registry or settings.registry_file,
        max_bytes=settings.max_notice_bytes,
    )
    if as_json:
        typer.echo(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=1))
        return
    h = parsed.header
    typer.echo(
        f"{h.kind} {h.number}  {h.place}, {h.issued_on}  ({h.signing_form} {h.issuer})"
    )
    typer.echo(f"signed: {h.signer}, {h.signer_title}")
    typer.echo(f"{'ref':6} {'owners':58} {'due':12} recurrence")
    for d in parsed.directives:
        owners = (
            "; ".join(
                f"{o.text} ({o.role}{', implied' if o.implied else ''})"
                for o in d.owners
            )
            or "—"
        )
        due = ", ".join(str(x.due) for x in d.deadlines if x.due) or "—"
        typer.echo(f"{d.ref:6} {owners[:58]:58} {due:12} {d.recurrence or ''}")
    for warning in parsed.warnings:
        typer.echo(f"warning: {warning}")


@app.command("ingest")
def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Notice files.")],
    registry: Annotated[
        Path | None, typer.Option(help="Load this registry first (TOML).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Say what would be written; write nothing.")
    ] = False,
    amend: Annotated[
        bool, typer.Option(help="Record the differences of a changed text as events.")
    ] = False,
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Register notices: assignments per owner, 'assigned' mail in the ledger, then send."""
    ctx = _ctx()
    if registry is not None:
        load_registry(ctx.engine, registry)
    moment = _now(now)
    with typer.progressbar(
        files, label="reading", file=None, hidden=len(files) < 2
    ) as bar:
        limit = _settings().max_notice_bytes
        prepared = [prepare(path, ctx, max_bytes=limit) for path in bar]
    results = ingest(
        prepared, ctx, now=moment, actor=_actor(actor), amend=amend, dry_run=dry_run
    )
    for r in results:
        typer.echo(
            f"{r.source}: {r.number} {r.outcome}: {r.directives} directives, "
            f"{r.assignments} assignments ({r.needs_owner} need an owner), {r.messages} mails"
        )
        for change in r.changes:
            typer.echo(f"  {change}")
    if not dry_run:
        report = deliver(
            ctx,
            notifier_for(_settings()),
            now=moment,
            limits=limits_for(_settings()),
        )
        typer.echo(
            f"mail: {report.sent} sent, {report.failed} failed, {report.remaining} waiting"
        )


# --- looking ---------------------------------------------------------------------------


@app.command()
def assignments(
    status: Annotated[
        str | None, typer.Option(help="open, needs_owner, reported, …")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Owner registry code.")] = None,
    notice: Annotated[
        str | None, typer.Option(help="Notice number, e.g. 629-TB/HU.")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option(help="Due before YYYY-MM-DD.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List assignments."""
    before = parse_day(due_before, what="--due-before") if due_before else None
    rows = lookup.list_assignments(
        _ctx(), status=status, owner=owner, notice=notice, due_before=before
    )
    if as_json:
        _dump([r.to_dict() for r in rows])
        return
    for r in rows:
        due = str(r.due_on) if r.due_on else (r.recurrence or "—")
        typer.echo(
            f"#{r.id:<5} {r.notice:12} {r.ref:5} {(r.owner or '?'):26} {r.role:7} "
            f"{r.status:11} {due:11} {r.summary[:50]}"
        )


@app.command()
def show(
    assignment_id: IdArgument,
    as_json: JsonOption = False,
) -> None:
    """Show an assignment: directive text, milestones and full history."""
    detail = lookup.show_assignment(_ctx(), assignment_id)
    if as_json:
        _dump(detail.to_dict())
        return
    r = detail.row
    typer.echo(
        f"#{r.id} {r.notice} ({detail.notice_issued_on}, {detail.issuer}) item {r.ref}"
    )
    typer.echo(f"owner: {r.owner or '—'} ({r.owner_text}), {r.role}; status {r.status}")
    original = (
        f" (originally {r.original_due_on})" if r.original_due_on != r.due_on else ""
    )
    typer.echo(
        f"due: {r.due_on or '—'}{original}; {detail.due_text or ''} {r.recurrence or ''}"
    )
    typer.echo(f"\n{detail.directive_text}\n")
    for due_on, text in detail.milestones:
        typer.echo(f"milestone {due_on}: {text}")
    for at, kind, actor, payload in detail.events:
        typer.echo(
            f"{at:%Y-%m-%d %H:%M} {kind:20} {actor:12} {json.dumps(payload, ensure_ascii=False)}"
        )


@app.command()
def review(as_json: JsonOption = False) -> None:
    """List assignments that wait for an owner (phrases the registry did not resolve)."""
    rows = lookup.list_assignments(_ctx(), status="needs_owner")
    if as_json:
        _dump([r.to_dict() for r in rows])
        return
    if not rows:
        typer.echo("nothing waits for an owner")
    for r in rows:
        typer.echo(
            f"#{r.id:<5} {r.notice:12} {r.ref:5} {r.owner_text!r}: {r.summary[:60]}"
        )


@app.command()
def ledger(
    assignment: Annotated[
        int | None, typer.Option(help="Only this assignment.")
    ] = None,
    as_json: JsonOption = False,
    now: NowOption = None,
) -> None:
    """Show every planned, sent, deferred, skipped and failed message with its reason."""
    moment = _now(now)
    rows = lookup.ledger(_ctx(), assignment_id=assignment)
    if as_json:
        _dump([r.to_dict(moment) for r in rows])
        return
    for r in rows:
        when = (
            f"sent {r.sent_at:%Y-%m-%d %H:%M}"
            if r.sent_at
            else f"from {r.not_before:%Y-%m-%d %H:%M}"
        )
        error = f" error: {r.last_error}" if r.last_error else ""
        typer.echo(
            f"{r.shown_status(moment):9} {r.rule:20} {r.key:38} {', '.join(r.to) or '—'} "
            f"{when} {r.reason}{error}"
        )


@app.command()
def report(
    period: Annotated[
        str | None,
        typer.Option(
            help="2023-Q4, 2023-10, 2023-W42, 2023-H2, 2023 or 2023-10-01..2023-12-31."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Report date YYYY-MM-DD: alone, the whole record up to that day; "
            "with --period, the period up to that day (default today)."
        ),
    ] = None,
    issuer: Annotated[
        str | None, typer.Option(help="Only this issuing body (code).")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"One of {', '.join(FORMATS)}."),
    ] = "text",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write to this file (needed for xlsx and docx)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Same as --format json.")
    ] = False,
) -> None:
    """Compliance report per issuer: four-way split, by unit, by notice, overdue."""
    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: not one of {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS and out is None:
        raise InputError(f"--format {fmt} writes a file: give --out FILE")
    ctx = _ctx()
    day = parse_day(as_of, what="--as-of") if as_of else None
    if period is None and day is None:
        day = utc_now().astimezone(ctx.policies.default.zone).date()
    span = report_period(ctx, period=period, as_of=day, issuer=issuer)
    reports = build_reports(ctx, period=span, issuer=issuer)
    data = render_report(reports, fmt)
    if out is None:
        typer.echo(data.decode().rstrip("\n"))
        return
    try:
        out.write_bytes(data)
    except OSError as err:
        raise InputError(f"--out {out}: cannot write ({err.strerror})") from err
    typer.echo(f"{out}: {fmt}, {len(reports)} issuer(s), {span.label(ctx.locale)}")


# --- following up ----------------------------------------------------------------------


@app.command()
def sweep(
    now: NowOption = None,
    send: Annotated[bool, typer.Option(help="Deliver what the sweep decided.")] = True,
) -> None:
    """Plan and record the reminders and escalations due now, then deliver them."""
    ctx = _ctx()
    moment = _now(now)
    result = run_sweep(ctx, now=moment)
    steps = ", ".join(f"{k} {v}" for k, v in sorted(result.by_step.items())) or "none"
    typer.echo(
        f"sweep at {moment.isoformat()}: {result.examined} examined; steps: {steps}; "
        f"{result.skipped_steps} skipped; {result.occurrences} occurrences; "
        f"{result.digests} weekly digests"
    )
    if send:
        _deliver(ctx, moment)


@app.command("deliver")
def deliver_command(now: NowOption = None) -> None:
    """Send ledger rows whose time has come (pending, or failed and due a retry)."""
    ctx = _ctx()
    _deliver(ctx, _now(now))


def _deliver(ctx: AppContext, moment: datetime) -> None:
    r = deliver(
        ctx, notifier_for(_settings()), now=moment, limits=limits_for(_settings())
    )
    typer.echo(
        f"mail: {r.sent} sent, {r.failed} failed, {r.skipped} skipped, "
        f"{r.digests} digests made, {r.remaining} waiting"
    )
    if r.refused:
        typer.echo(f"mail: {r.refused} refused by the server for every recipient")
    if r.stopped:
        typer.echo(f"mail: pass stopped early ({r.stopped}); the rest waits")


def _act(
    now: str | None,
    action: Callable[[AppContext, datetime], actions.ActionResult],
    *,
    send: bool = True,
) -> None:
    """Run one action as of ``now``, print its outcome and send the mail it queued."""
    ctx = _ctx()
    moment = _now(now)
    _print(action(ctx, moment))
    if send:
        _deliver(ctx, moment)


def _print(result: actions.ActionResult) -> None:
    mails = f"; {result.mails} mail(s) queued" if result.mails else ""
    typer.echo(f"#{result.assignment_id}: {result.message} [{result.status}]{mails}")


@app.command()
def done(
    assignment_id: IdArgument,
    note: Annotated[str, typer.Option(help="What was done.")],
    evidence: Annotated[str | None, typer.Option(help="Link to the evidence.")] = None,
    document: Annotated[
        str | None, typer.Option(help="Số ký hiệu of the report.")
    ] = None,
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Report an assignment done; the issuer's office is told."""
    _act(
        now,
        lambda ctx, moment: actions.report_done(
            ctx,
            assignment_id,
            note=note,
            evidence=evidence,
            document=document,
            now=moment,
            actor=_actor(actor),
        ),
    )


@app.command()
def accept(
    assignment_id: IdArgument,
    note: Annotated[str | None, typer.Option(help="A remark for the owner.")] = None,
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Accept a completion report (done as of the owner's report date)."""
    _act(
        now,
        lambda ctx, moment: actions.accept(
            ctx, assignment_id, note=note, now=moment, actor=_actor(actor)
        ),
    )


@app.command("return")
def return_command(
    assignment_id: IdArgument,
    reason: Annotated[str, typer.Option(help="Why the report is returned.")],
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Return a completion report: the work is not done and its clock runs on."""
    _act(
        now,
        lambda ctx, moment: actions.return_report(
            ctx, assignment_id, reason=reason, now=moment, actor=_actor(actor)
        ),
    )


@app.command()
def extend(
    assignment_id: IdArgument,
    to: Annotated[str, typer.Option("--to", help="New due date YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why the extension is granted.")],
    approved_by: Annotated[
        str | None, typer.Option(help="Approving body (code).")
    ] = None,
    document: Annotated[
        str | None, typer.Option(help="Số ký hiệu of the approval.")
    ] = None,
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Extend the due date; the original date is kept for the reports."""
    _act(
        now,
        lambda ctx, moment: actions.extend(
            ctx,
            assignment_id,
            to=parse_day(to, what="--to"),
            reason=reason,
            approved_by=approved_by,
            document=document,
            now=moment,
            actor=_actor(actor),
        ),
    )


@app.command()
def progress(
    assignment_id: IdArgument,
    note: Annotated[str, typer.Option(help="The progress made.")],
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Record a progress note."""
    _act(
        now,
        lambda ctx, moment: actions.add_progress(
            ctx, assignment_id, note=note, now=moment, actor=_actor(actor)
        ),
        send=False,
    )


@app.command()
def assign(
    assignment_id: IdArgument,
    org: Annotated[
        str, typer.Argument(metavar="ORG", help="Registry code of the owner.")
    ],
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Give an owner to an assignment that needs one, or hand it to another owner.

    Either way it is an event with its actor, and the new owner is told.
    """
    _act(
        now,
        lambda ctx, moment: actions.assign_owner(
            ctx, assignment_id, org, now=moment, actor=_actor(actor)
        ),
    )


@app.command()
def cancel(
    assignment_id: IdArgument,
    reason: Annotated[str, typer.Option(help="Why it is cancelled.")],
    now: NowOption = None,
    actor: ActorOption = None,
) -> None:
    """Cancel an assignment; it leaves the counts but keeps its history."""
    _act(
        now,
        lambda ctx, moment: actions.cancel(
            ctx, assignment_id, reason=reason, now=moment, actor=_actor(actor)
        ),
        send=False,
    )


@app.command("send-reports")
def send_reports(
    period: Annotated[
        str,
        typer.Option(
            help=f"One of {', '.join(PERIODS)} (the period today falls in), "
            "or a period such as 2023-Q4."
        ),
    ] = "monthly",
    issuer: Annotated[
        str | None, typer.Option(help="Only this issuing body (code).")
    ] = None,
    now: NowOption = None,
) -> None:
    """Write and send the compliance report of the period to each issuing committee."""
    ctx = _ctx()
    moment = _now(now)
    count = send_compliance_reports(ctx, period=period, now=moment, issuer=issuer)
    typer.echo(f"{count} report(s) written")
    _deliver(ctx, moment)


@app.command()
def serve() -> None:
    """Run every flow on its schedule in this process (one machine, Prefect's serve)."""
    from deployments.serve import main as serve_all  # Prefect loads only when serving

    serve_all()


# --- the web workspace -----------------------------------------------------------------


@app.command()
def web(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web workspace (overview, assignments, notices, ingest, reports)."""
    import uvicorn  # the server loads only when serving

    from app.orgs import init_database

    init_database(engine_for(_settings()))
    # by import string: the CLI starts the web, it does not import it (both are top layers)
    uvicorn.run(
        "web.main:create_from_environment",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


def _password(stdin: bool) -> str:
    if stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise InputError("the two passwords differ")
    return first


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's e-mail address.")],
    org: Annotated[str, typer.Option("--org", help="Registry code of their body.")],
    role: Annotated[str, typer.Option("--role", help="office, owner or viewer.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    locale: Annotated[
        str, typer.Option(help="Language of the pages: vi or en.")
    ] = "vi",
) -> None:
    """Create an account of the web workspace."""
    engine = engine_for(_settings())
    init_database(engine)
    row = users.add_user(
        engine,
        email,
        org=org,
        role=role,
        password=_password(password_stdin),
        locale=locale,
    )
    typer.echo(f"{row.email}: {row.role} of {row.org}")


@users_app.command("list")
def users_list(as_json: JsonOption = False) -> None:
    """List the accounts."""
    engine = engine_for(_settings())
    init_database(engine)
    rows = users.list_users(engine)
    if as_json:
        _dump([row.__dict__ for row in rows])
        return
    for row in rows:
        state = " (disabled)" if row.disabled else ""
        typer.echo(f"{row.email:36} {row.role:7} {row.org:28} {row.locale}{state}")


@users_app.command("disable")
def users_disable(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Disable an account; its history stays."""
    engine = engine_for(_settings())
    init_database(engine)
    users.disable_user(engine, email)
    typer.echo(f"{email}: disabled")


@users_app.command("passwd")
def users_passwd(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Set a new password (this also lifts a sign-in lock)."""
    engine = engine_for(_settings())
    init_database(engine)
    users.set_password(engine, email, _password(password_stdin))
    typer.echo(f"{email}: password changed")


def main() -> None:
    """Console entry point."""
    app()
