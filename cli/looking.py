"""Looking at the work: `assignments`, `show`, `review`, `ledger`, `report`."""

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    IdArgument,
    JsonOption,
    NowOption,
    context,
    day_from,
    dump,
    language,
    make_typer,
    now_from,
    say,
    show_day,
    show_time,
    table,
    tr,
)
from cli.i18n import DELIVERY, RECURRENCE, ROLE, STATUS, STEP, word

app = make_typer()

#: Values of `assignments --status`: the stored states and the computed "overdue".
STATUS_FILTERS = (
    "open",
    "needs_owner",
    "reported",
    "returned",
    "done",
    "cancelled",
    "overdue",
)


@app.command()
def assignments(
    status: Annotated[
        str | None,
        typer.Option(help=f"One of: {', '.join(STATUS_FILTERS)}."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            help="Owner: registry code, alias or name; a group means its members."
        ),
    ] = None,
    subtree: Annotated[
        bool,
        typer.Option(help="With --owner: include the units under that organisation."),
    ] = False,
    notice: Annotated[
        str | None, typer.Option(help="Notice number, e.g. 629-TB/HU.")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option(help="Due before this date (dd/mm/yyyy or ISO).")
    ] = None,
    now: NowOption = None,
    as_json: JsonOption = False,
) -> None:
    """List assignments."""
    from app import lookup
    from domain.errors import InputError

    if status is not None and status not in STATUS_FILTERS:
        known = ", ".join(STATUS_FILTERS)
        raise InputError(
            f"--status: unknown value {status!r}; use {known}",
            vi=f"--status: không có giá trị {status!r}; dùng {known}",
        )
    if subtree and owner is None:
        raise InputError("--subtree: needs --owner", vi="--subtree: cần có --owner")
    before = day_from(due_before, what="--due-before") if due_before else None
    ctx = context()
    owners = (
        lookup.owner_codes(ctx, owner, subtree=subtree, what="--owner")
        if owner
        else None
    )
    today = None
    if status == "overdue":
        from domain.escalation import business_date

        today = business_date(now_from(now), ctx.policies)
    rows = lookup.list_assignments(
        ctx,
        status=status,
        owners=owners,
        notice=notice,
        due_before=before,
        today=today,
    )
    if as_json:
        dump([r.to_dict() for r in rows])
        return
    lang = language()
    table(
        [
            "#",
            tr("thông báo", "notice"),
            tr("mục", "item"),
            tr("đơn vị", "owner"),
            tr("vai trò", "role"),
            tr("trạng thái", "status"),
            tr("hạn", "due"),
            tr("nội dung", "summary"),
        ],
        [
            [
                str(r.id),
                r.notice,
                r.ref,
                r.owner or "?",
                word(ROLE, r.role, lang),
                word(STATUS, r.status, lang),
                show_day(r.due_on, word(RECURRENCE, r.recurrence, lang) or "—"),
                r.summary,
            ]
            for r in rows
        ],
        wrap=(7,),
    )
    if not rows:
        say("không có nhiệm vụ nào", "no assignments")


@app.command()
def show(
    assignment_id: IdArgument,
    as_json: JsonOption = False,
) -> None:
    """Show an assignment: directive text, milestones and full history."""
    from app import lookup

    detail = lookup.show_assignment(context(), assignment_id)
    if as_json:
        dump(detail.to_dict())
        return
    lang = language()
    r = detail.row
    say(
        "#{id} {notice} ({issued}, {issuer}) mục {ref}",
        "#{id} {notice} ({issued}, {issuer}) item {ref}",
        id=r.id,
        notice=r.notice,
        issued=show_day(detail.notice_issued_on),
        issuer=detail.issuer,
        ref=r.ref,
    )
    say(
        "đơn vị: {owner} ({text}), {role}; trạng thái: {status}",
        "owner: {owner} ({text}), {role}; status: {status}",
        owner=r.owner or "—",
        text=r.owner_text,
        role=word(ROLE, r.role, lang),
        status=word(STATUS, r.status, lang),
    )
    original = (
        tr(" (hạn ban đầu {d})", " (originally {d})", d=show_day(r.original_due_on))
        if r.original_due_on != r.due_on
        else ""
    )
    due = [show_day(r.due_on) + original]
    if detail.due_text:
        due.append(tr("văn bản ghi: “{t}”", "the notice says “{t}”", t=detail.due_text))
    if r.recurrence:
        due.append(word(RECURRENCE, r.recurrence, lang))
    say("hạn: {due}", "due: {due}", due="; ".join(due))
    typer.echo(f"\n{detail.directive_text}\n")
    for due_on, text in detail.milestones:
        say("mốc {d}: {t}", "milestone {d}: {t}", d=show_day(due_on), t=text)
    if detail.events:
        from domain.history import describe_event

        names = detail.org_names
        shown = [
            (at, describe_event(kind, actor, payload, lang=lang, org_names=names))
            for at, kind, actor, payload in detail.events
        ]
        table(
            [
                tr("lúc", "at"),
                tr("sự kiện", "event"),
                tr("người", "actor"),
                tr("chi tiết", "details"),
            ],
            [
                [
                    show_time(at),
                    e.what,
                    e.who,
                    "; ".join(f"{label}: {value}" for label, value in e.details),
                ]
                for at, e in shown
            ],
            wrap=(3,),
        )


@app.command()
def review(as_json: JsonOption = False) -> None:
    """List assignments that wait for an owner (phrases the registry did not resolve)."""
    from app import lookup

    rows = lookup.list_assignments(context(), status="needs_owner")
    if as_json:
        dump([r.to_dict() for r in rows])
        return
    if not rows:
        say("không có nhiệm vụ nào chờ giao đơn vị", "nothing waits for an owner")
        return
    table(
        [
            "#",
            tr("thông báo", "notice"),
            tr("mục", "item"),
            tr("đơn vị ghi trong văn bản", "owner as written"),
            tr("nội dung", "summary"),
        ],
        [[str(r.id), r.notice, r.ref, r.owner_text, r.summary] for r in rows],
        wrap=(3, 4),
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
    from app import lookup

    ctx = context()
    moment = now_from(now)
    rows = lookup.ledger(ctx, assignment_id=assignment)
    if as_json:
        dump([r.to_dict(moment) for r in rows])
        return
    lang = language()
    table(
        [
            tr("trạng thái", "status"),
            tr("bước", "step"),
            "#",
            tr("gửi đến", "to"),
            tr("thời điểm", "when"),
            tr("lý do", "reason"),
        ],
        [
            [
                word(DELIVERY, r.shown_status(moment), lang),
                word(STEP, r.rule, lang),
                str(r.assignment_id or ""),
                ", ".join(r.to) or "—",
                tr("đã gửi {t}", "sent {t}", t=show_time(r.sent_at))
                if r.sent_at
                else tr("từ {t}", "from {t}", t=show_time(r.not_before)),
                r.reason_in(lang)
                + (
                    tr(" — lỗi: {e}", " — error: {e}", e=r.last_error)
                    if r.last_error
                    else ""
                ),
            ]
            for r in rows
        ],
        wrap=(3, 5),
    )
    if not rows:
        say("sổ gửi thư trống", "the ledger is empty")


#: Formats of `report --format` (kept here so that --help imports no report code).
REPORT_FORMATS = ("text", "json", "csv", "xlsx", "docx", "html")


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
            help="Report date, dd/mm/yyyy or ISO: alone, the whole record up to that "
            "day (default today); with --period, the period up to that day."
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(help="Only this issuing body (code, alias or name)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"One of {', '.join(REPORT_FORMATS)}."),
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
    from app import lookup
    from domain.errors import InputError
    from domain.escalation import business_date

    fmt = "json" if as_json else fmt
    if fmt not in REPORT_FORMATS:
        known = ", ".join(REPORT_FORMATS)
        raise InputError(
            f"--format: {fmt!r} is not one of {known}",
            vi=f"--format: {fmt!r} không thuộc {known}",
        )
    if fmt in ("xlsx", "docx") and out is None:
        raise InputError(
            f"--format {fmt} writes a file: give --out FILE",
            vi=f"--format {fmt} ghi ra tệp: hãy cho --out FILE",
        )
    from app.reportfiles import render
    from app.reports import build_reports, report_period

    ctx = context()
    day = day_from(as_of, what="--as-of") if as_of else None
    if period is None and day is None:
        day = business_date(now_from(None), ctx.policies)
    code = lookup.issuer_code(ctx, issuer, what="--issuer") if issuer else None
    span = report_period(ctx, period=period, as_of=day, issuer=code)
    reports = build_reports(ctx, period=span, issuer=code)
    data = render(reports, fmt)
    if out is None:
        typer.echo(data.decode().rstrip("\n"))
        return
    try:
        out.write_bytes(data)
    except OSError as err:
        raise InputError(
            f"--out {out}: cannot write ({err.strerror})",
            vi=f"--out {out}: không ghi được ({err.strerror})",
        ) from err

    say(
        "{out}: {fmt}, {n} cơ quan, {period}",
        "{out}: {fmt}, {n} issuer(s), {period}",
        out=str(out),
        fmt=fmt,
        n=len(reports),
        period=span.label(language()),
    )
