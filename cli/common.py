"""What every command module shares: the error translation, options, the application
of this invocation, the language, and output helpers.

Kept light on purpose: it imports Typer and the standard library only, so
`directives --help` loads no database or rules code. Command bodies import what they
use.
"""

import getpass
import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from cli.i18n import Lang, error_prefix, localize_error

if TYPE_CHECKING:
    from app.context import AppContext
    from app.wiring import Application


class TranslatingGroup(TyperGroup):
    """Translates the project's errors once: one line on stderr, the error's exit code."""

    # typer vendors its own click; its Context type is not public, hence Any
    def invoke(self, ctx: Any) -> Any:
        from domain.errors import DirectiveError

        try:
            return super().invoke(ctx)
        except DirectiveError as err:
            lang = language()
            typer.echo(f"{error_prefix(lang)}: {localize_error(err, lang)}", err=True)
            raise typer.Exit(err.exit_code) from err


def make_typer(help_text: str | None = None) -> typer.Typer:
    """A Typer app (or command module) with the project's conventions."""
    return typer.Typer(
        cls=TranslatingGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="Act as of this instant: ISO-8601 or dd/mm/yyyy [HH:MM]; without an "
        "offset it is business time (DIRECTIVES_TIMEZONE). Default: now.",
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Who acts (default: DIRECTIVES_ACTOR or $USER)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Assignment id.")]


# --- the application of this invocation -----------------------------------------------


def _meta() -> dict[str, Any]:
    current = click.get_current_context(silent=True)
    return current.meta if current is not None else {}


def application() -> "Application":
    """The application of this invocation, built from the settings on first use."""
    meta = _meta()
    found = meta.get("directives.application")
    if found is None:
        from app.wiring import Application

        found = Application.from_environment()
        meta["directives.application"] = found
        meta["directives.lang"] = found.settings.locale
        current = click.get_current_context(silent=True)
        if current is not None:
            current.call_on_close(found.close)
    return found


def context(*, check_schema: bool = True) -> "AppContext":
    """The use cases' context; checks cheaply that the database is at the current
    version (commands other than `init` never migrate)."""
    app = application()
    if check_schema:
        from models.db import sqlite_path
        from models.migrate import ensure_current

        path = sqlite_path(app.settings.database_url)
        if path is not None and not path.exists():
            from domain.errors import SchemaOutOfDate

            raise SchemaOutOfDate(
                "database is not at the current version, run `directives init`"
            )
        ensure_current(app.engine)
    return app.context


def language() -> Lang:
    """The language of this invocation's output: DIRECTIVES_LOCALE, else Vietnamese."""
    meta = _meta()
    lang = meta.get("directives.lang")
    if lang in ("vi", "en"):
        return lang  # type: ignore[no-any-return]
    guess = os.environ.get("DIRECTIVES_LOCALE", "vi").strip().lower()
    return "en" if guess == "en" else "vi"


def tr(vi: str, en: str, /, **values: Any) -> str:
    """The text in this invocation's language, formatted with ``values``."""
    return (en if language() == "en" else vi).format(**values)


def say(vi: str, en: str, /, **values: Any) -> None:
    """Print a line in this invocation's language."""
    typer.echo(tr(vi, en, **values))


# --- input ----------------------------------------------------------------------------


def now_from(text: str | None) -> datetime:
    """``--now`` as an aware UTC instant; naive text is business time."""
    from app.clock import parse_instant, utc_now

    if not text:
        return utc_now()
    return parse_instant(text, zone=application().settings.timezone)


def day_from(text: str, *, what: str) -> date:
    """A date option: dd/mm/yyyy or ISO YYYY-MM-DD."""
    from app.clock import parse_day

    return parse_day(text, what=what)


def actor_from(actor: str | None) -> str:
    """Who acts: ``--actor``, else DIRECTIVES_ACTOR, else the login name."""
    return actor or os.environ.get("DIRECTIVES_ACTOR") or getpass.getuser()


# --- output ---------------------------------------------------------------------------


def dump(data: Any) -> None:
    """Print JSON (machine output stays ISO and untranslated)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show_day(value: date | None, empty: str = "—") -> str:
    """A business date as users read it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if value else empty


def show_time(value: datetime | None, empty: str = "—") -> str:
    """An instant in the business time zone with its offset: dd/mm/yyyy HH:MM +07:00."""
    if value is None:
        return empty
    from zoneinfo import ZoneInfo

    local = value.astimezone(ZoneInfo(application().settings.timezone))
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M} {offset[:3]}:{offset[3:]}"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    wrap: Sequence[int] = (),
    width: int | None = None,
) -> None:
    """Print a table with a header row; columns in ``wrap`` wrap at word boundaries
    to fit the terminal, so no word is ever cut in the middle."""
    from cli.tables import render_table

    typer.echo(render_table(headers, rows, wrap=wrap, width=width), nl=False)
