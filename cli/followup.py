"""Following up: `sweep`, `deliver`, the actions on one assignment, `send-reports`,
`serve`."""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import (
    ActorOption,
    IdArgument,
    NowOption,
    actor_from,
    application,
    context,
    day_from,
    language,
    make_typer,
    now_from,
    say,
    show_time,
    tr,
)
from cli.i18n import STATUS, STEP, word

if TYPE_CHECKING:
    from app.actions import ActionResult
    from app.context import AppContext
    from app.ledger import DeliveryReport

app = make_typer()


def print_delivery(r: "DeliveryReport") -> None:
    """One line: what a delivery pass did."""
    say(
        "thư: đã gửi {sent}, lỗi {failed}, bỏ qua {skipped}, gộp thành {digests} thư "
        "tổng hợp, còn chờ {remaining}",
        "mail: {sent} sent, {failed} failed, {skipped} skipped, {digests} digests "
        "made, {remaining} waiting",
        sent=r.sent,
        failed=r.failed,
        skipped=r.skipped,
        digests=r.digests,
        remaining=r.remaining,
    )
    if r.refused:
        say(
            "thư: {n} thư bị máy chủ từ chối với mọi người nhận",
            "mail: {n} refused by the server for every recipient",
            n=r.refused,
        )
    if r.stop_reason == "time_budget":
        say(
            "thư: dừng sớm vì đã hết {n:g} giây cho phép; phần còn lại chờ lần sau",
            "mail: pass stopped early, its {n:g} s are spent; the rest waits",
            n=r.stop_value,
        )
    elif r.stop_reason == "server_failures":
        say(
            "thư: dừng sớm sau {n:g} lần máy chủ thư lỗi liên tiếp; phần còn lại chờ "
            "lần sau",
            "mail: pass stopped early after {n:g} server failures in a row; the rest "
            "waits",
            n=r.stop_value,
        )


def deliver_now(ctx: "AppContext", moment: datetime) -> None:
    """Send what is due at ``moment`` within the settings' limits, and say so."""
    from app.delivery import deliver, limits_for

    runtime = application()
    print_delivery(
        deliver(ctx, runtime.notifier, now=moment, limits=limits_for(runtime.settings))
    )


@app.command()
def sweep(
    now: NowOption = None,
    send: Annotated[bool, typer.Option(help="Deliver what the sweep decided.")] = True,
) -> None:
    """Plan and record the reminders and escalations due now, then deliver them."""
    from app.followup import sweep as run_sweep

    ctx = context()
    moment = now_from(now)
    result = run_sweep(ctx, now=moment)
    lang = language()
    steps = ", ".join(
        f"{word(STEP, k, lang)} {v}" for k, v in sorted(result.by_step.items())
    ) or tr("không có", "none")
    say(
        "rà soát lúc {at}: xét {examined} nhiệm vụ; các bước: {steps}; bỏ qua "
        "{skipped}; {occurrences} lần lặp mới; {digests} thư tổng hợp tuần",
        "sweep at {at}: {examined} examined; steps: {steps}; {skipped} skipped; "
        "{occurrences} occurrences; {digests} weekly digests",
        at=show_time(moment),
        examined=result.examined,
        steps=steps,
        skipped=result.skipped_steps,
        occurrences=result.occurrences,
        digests=result.digests,
    )
    if send:
        deliver_now(ctx, moment)


@app.command("deliver")
def deliver_command(now: NowOption = None) -> None:
    """Send ledger rows whose time has come (pending, or failed and due a retry)."""
    ctx = context()
    deliver_now(ctx, now_from(now))


def _act(
    now: str | None,
    action: Callable[["AppContext", datetime], "ActionResult"],
    *,
    send: bool = True,
) -> None:
    """Run one action as of ``now``, print its outcome and send the mail it queued."""
    ctx = context()
    moment = now_from(now)
    result = action(ctx, moment)
    lang = language()
    mails = (
        tr("; {n} thư chờ gửi", "; {n} mail(s) queued", n=result.mails)
        if result.mails
        else ""
    )
    typer.echo(
        f"#{result.assignment_id}: {_message(result.message)} "
        f"[{word(STATUS, result.status, lang)}]{mails}"
    )
    if send:
        deliver_now(ctx, moment)


_MESSAGES_VI: list[tuple[str, str]] = [
    (
        r"^reported done; the issuer's office is told$",
        "đã báo cáo hoàn thành; văn phòng cơ quan ban hành được thông báo",
    ),
    (r"^accepted on (\d{4})-(\d\d)-(\d\d)$", r"nghiệm thu ngày \3/\2/\1"),
    (r"^returned to the owner$", "đã trả lại đơn vị thực hiện"),
    (
        r"^due (\d{4})-(\d\d)-(\d\d) \(originally (\d{4})-(\d\d)-(\d\d)\)$",
        r"hạn mới \3/\2/\1 (hạn ban đầu \6/\5/\4)",
    ),
    (r"^progress noted$", "đã ghi nhận tiến độ"),
    (r"^owned by (.+)$", r"giao cho \1"),
    (r"^cancelled$", "đã hủy"),
]


def _message(message: str) -> str:
    import re

    if language() == "en":
        return message
    for pattern, vi in _MESSAGES_VI:
        if re.match(pattern, message):
            return re.sub(pattern, vi, message)
    return message


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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.report_done(
            ctx,
            assignment_id,
            note=note,
            evidence=evidence,
            document=document,
            now=moment,
            actor=actor_from(actor),
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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.accept(
            ctx, assignment_id, note=note, now=moment, actor=actor_from(actor)
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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.return_report(
            ctx, assignment_id, reason=reason, now=moment, actor=actor_from(actor)
        ),
    )


@app.command()
def extend(
    assignment_id: IdArgument,
    to: Annotated[str, typer.Option("--to", help="New due date (dd/mm/yyyy or ISO).")],
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
    from app import actions

    new_date = day_from(to, what="--to")
    _act(
        now,
        lambda ctx, moment: actions.extend(
            ctx,
            assignment_id,
            to=new_date,
            reason=reason,
            approved_by=approved_by,
            document=document,
            now=moment,
            actor=actor_from(actor),
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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.add_progress(
            ctx, assignment_id, note=note, now=moment, actor=actor_from(actor)
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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.assign_owner(
            ctx, assignment_id, org, now=moment, actor=actor_from(actor)
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
    from app import actions

    _act(
        now,
        lambda ctx, moment: actions.cancel(
            ctx, assignment_id, reason=reason, now=moment, actor=actor_from(actor)
        ),
        send=False,
    )


#: Periods of `send-reports` (kept here so that --help imports no report code).
PERIODS = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")


@app.command("send-reports")
def send_reports(
    period: Annotated[
        str,
        typer.Option(
            help=f"One of {', '.join(PERIODS)} (the period today falls in, to date), "
            "or a period such as 2023-Q4."
        ),
    ] = "monthly",
    issuer: Annotated[
        str | None, typer.Option(help="Only this issuing body (code, alias or name).")
    ] = None,
    now: NowOption = None,
) -> None:
    """Write and send the compliance report of the period to each issuing committee."""
    from app import lookup
    from app.reportmail import send_compliance_reports

    ctx = context()
    moment = now_from(now)
    code = lookup.issuer_code(ctx, issuer, what="--issuer") if issuer else None
    count = send_compliance_reports(ctx, period=period, now=moment, issuer=code)
    say("đã lập {n} báo cáo", "{n} report(s) written", n=count)
    deliver_now(ctx, moment)


@app.command()
def serve(
    web: Annotated[
        bool,
        typer.Option("--web", help="Also serve the web workspace in this process."),
    ] = False,
    host: Annotated[
        str, typer.Option(help="Address of the web workspace.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the web workspace.")] = 8000,
    prefect_port: Annotated[
        int,
        typer.Option(
            help="Port of the Prefect server (and UI) started here when "
            "PREFECT_API_URL is not set."
        ),
    ] = 4200,
) -> None:
    """Run every flow on its schedule in this process (one machine), and with --web
    the web workspace; stops within seconds of SIGTERM or Ctrl-C."""
    from deployments.serve import main as serve_all  # Prefect loads only when serving

    context()  # the database must be at the current version (`directives init`)
    serve_all(
        # by import string: the CLI starts the web, it does not import it
        web_app="web.main:create_from_environment" if web else None,
        web_host=host,
        web_port=port,
        prefect_port=prefect_port,
    )
