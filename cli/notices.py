"""Reading and registering notices: `parse`, `ingest`."""

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    ActorOption,
    JsonOption,
    NowOption,
    actor_from,
    application,
    context,
    day_from,
    language,
    make_typer,
    now_from,
    say,
    show_day,
    table,
    tr,
)
from cli.i18n import RECURRENCE, ROLE, word

app = make_typer()


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
    from app.parsing import parse_file

    runtime = application()
    parsed = parse_file(
        file,
        calendar=runtime.calendar,
        registry=registry or runtime.settings.registry_file,
        max_bytes=runtime.settings.max_notice_bytes,
    )
    if as_json:
        typer.echo(json.dumps(parsed.to_dict(language()), ensure_ascii=False, indent=1))
        return
    lang = language()
    h = parsed.header
    # A part the notice does not give is named in words, never printed as "None".
    kind = h.kind or tr("(không rõ loại văn bản)", "(kind not found)")
    number = h.number or tr("(không có số)", "(no number)")
    place = f"{h.place}, " if h.place else ""
    day = show_day(h.issued_on) if h.issued_on else tr("(không rõ ngày)", "(no date)")
    issuer = " ".join(p for p in (h.signing_form, h.issuer) if p) or tr(
        "không rõ cơ quan ban hành", "issuer not found"
    )
    typer.echo(f"{kind} {number}  {place}{day}  ({issuer})")
    say(
        "người ký: {who}",
        "signed: {who}",
        who=", ".join(p for p in (h.signer, h.signer_title) if p)
        or tr("(không rõ)", "(not found)"),
    )
    rows = []
    for d in parsed.directives:
        owners = "; ".join(
            f"{o.text} ({word(ROLE, o.role, lang)}"
            f"{tr(', suy ra', ', implied') if o.implied else ''})"
            for o in d.owners
        )
        due = ", ".join(show_day(x.due) for x in d.deadlines if x.due)
        rows.append([d.ref, owners or "—", due or "—", _recurrence(d.recurrence)])
    table(
        [
            tr("mục", "item"),
            tr("đơn vị", "owners"),
            tr("hạn", "due"),
            tr("lặp lại", "recurrence"),
        ],
        rows,
        wrap=(1,),
    )
    for warning in parsed.warnings:
        say("cảnh báo: {w}", "warning: {w}", w=warning.text(lang))


def _recurrence(value: str | None) -> str:
    return word(RECURRENCE, value, language())


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
    number: Annotated[
        str | None,
        typer.Option(help="The document's number (Số …) when the text lacks it."),
    ] = None,
    issued_on: Annotated[
        str | None,
        typer.Option(
            help="The signing date (dd/mm/yyyy or YYYY-MM-DD) when the text lacks it."
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(help="The issuing body when the signature does not name it."),
    ] = None,
) -> None:
    """Register notices: assignments per owner, 'assigned' mail in the ledger, then send."""
    from app.ingest import ingest, prepare
    from app.orgs import load_registry
    from domain.errors import InputError
    from domain.notices import GivenHeader

    given = None
    if number or issued_on or issuer:
        if len(files) > 1:
            raise InputError(
                "--number, --issued-on and --issuer describe one document: give one file",
                vi="--number, --issued-on và --issuer mô tả một văn bản: "
                "chỉ đưa một tệp",
            )

        day = day_from(issued_on, what="--issued-on") if issued_on else None
        given = GivenHeader(number=number, issued_on=day, issuer=issuer)
    ctx = context()
    moment = now_from(now)
    if registry is not None:
        load_registry(ctx.engine, registry)
    with typer.progressbar(
        files, label=tr("đang đọc", "reading"), file=None, hidden=len(files) < 2
    ) as bar:
        limit = application().settings.max_notice_bytes
        prepared = [prepare(path, ctx, max_bytes=limit, given=given) for path in bar]
    results = ingest(
        prepared, ctx, now=moment, actor=actor_from(actor), amend=amend, dry_run=dry_run
    )
    for r in results:
        say(
            "{source}: {number} {outcome}: {directives} mục, {assignments} nhiệm vụ "
            "({needs_owner} chưa có đơn vị), {messages} thư",
            "{source}: {number} {outcome}: {directives} directives, {assignments} "
            "assignments ({needs_owner} need an owner), {messages} mails",
            source=r.source,
            number=r.number,
            outcome=_outcome(r.outcome),
            directives=r.directives,
            assignments=r.assignments,
            needs_owner=r.needs_owner,
            messages=r.messages,
        )
        for change in r.changes:
            typer.echo(f"  {change}")
        for warning in r.warnings:
            say("  cảnh báo: {w}", "  warning: {w}", w=warning.text(language()))
    if not dry_run:
        from cli.followup import deliver_now

        deliver_now(ctx, moment)


_OUTCOMES = {
    "created": "đã đăng ký",
    "unchanged": "không đổi",
    "amended": "đã sửa đổi",
    "dry-run": "chạy thử",
}


def _outcome(value: str) -> str:
    return _OUTCOMES.get(value, value) if language() == "vi" else value
