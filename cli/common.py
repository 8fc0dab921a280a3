"""What every command module shares: the error translation, options, the application
of this invocation, the language, and output helpers.

Kept light on purpose: it imports Typer and the standard library only, so
`directives --help` loads no database or rules code. Command bodies import what they
use.
"""

import getpass
import inspect
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import (  # typer vendors click; these are its classes
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from cli.i18n import Lang, error_prefix, localize_error

if TYPE_CHECKING:
    from app.context import AppContext
    from app.wiring import Application


# --- help pages in the office's language ------------------------------------------
#
# Typer and Click are given the English texts (docs/cli.md is generated from them); the
# help page is written by these classes in the invocation's language, translating
# through cli.help_vi, which is imported only when a page is written in Vietnamese.
# They use Click's plain formatter (rich_markup_mode=None), whose steps are methods a
# command class may override; Rich's panels take their titles from module constants.


def _help_language(ctx: Any) -> Lang:
    lang = ctx.meta.get("directives.lang")
    if lang in ("vi", "en"):
        return lang  # type: ignore[no-any-return]
    return language()


def _vietnamese(text: str, table: str) -> str:
    from cli import help_vi

    found: dict[str, str] = getattr(help_vi, table)
    return found.get(text, text)


def _says(ctx: Any, text: str) -> str:
    """A help text (docstring or option help) in the page's language."""
    if _help_language(ctx) == "en":
        return text
    return _vietnamese(text, "HELP_VI")


def _word(ctx: Any, text: str) -> str:
    """One of Click's own words in the page's language."""
    if _help_language(ctx) == "en":
        return text
    return _vietnamese(text, "WORDS_VI")


def _param_help(ctx: Any, param: Any, shown: str) -> str:
    """An option's help line (its help, then Click's ``[default: …; required]``)
    in the page's language."""
    own = param.help or ""
    extra = shown[len(own) :].strip() if shown.startswith(own) else ""
    if own and own == shown.strip():
        return _says(ctx, own)
    if not (extra.startswith("[") and extra.endswith("]")):
        return _says(ctx, shown)
    pieces = []
    for piece in extra[1:-1].split("; "):
        label, colon, rest = piece.partition(": ")
        pieces.append(f"{_word(ctx, label)}: {rest}" if colon else _word(ctx, piece))
    tail = f"[{'; '.join(pieces)}]"
    return f"{_says(ctx, own)}  {tail}" if own else tail


def _first_sentence(text: str, limit: int) -> str:
    """The help's first sentence, cut at a word with "..." when longer than
    ``limit`` (a command's line in its group's list)."""
    words: list[str] = []
    for word in text.partition("\n\n")[0].split():
        words.append(word)
        if word.endswith("."):
            break
    sentence = " ".join(words)
    if len(sentence) <= limit:
        return sentence
    while len(words) > 1 and len(" ".join(words)) + 3 > limit:
        words.pop()
    return " ".join(words) + "..."


class _HelpInLanguage:
    """Writes a command's help page in this invocation's language."""

    # typer vendors its own click, whose Context and HelpFormatter types are not
    # public: Any. The attributes used below are those of click's Command.
    help: str | None
    deprecated: bool | str

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [_word(ctx, p) for p in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(
            ctx.command_path, " ".join(pieces), prefix=_word(ctx, "Usage: ")
        )

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = inspect.cleandoc(self.help).partition("\f")[0] if self.help else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_says(ctx, text))

    def _format_params(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            title = "Arguments" if param.param_type_name == "argument" else "Options"
            sections[title].append((record[0], _param_help(ctx, param, record[1])))
        for title, rows in sections.items():
            if rows:
                with formatter.section(_word(ctx, title)):
                    formatter.write_dl(rows)


class _UsageErrorInLanguage(UsageError):
    """Click's refusal of a command line, written in the invocation's language."""

    def __init__(self, original: Any, lang: Lang) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.exit_code = original.exit_code
        self.lang = lang
        self.original = original

    def format_message(self) -> str:
        if self.lang == "en":
            return str(self.original.format_message())
        return _usage_message_vi(self.original)

    def show(self, file: Any = None) -> None:
        if self.lang == "en":
            self.original.show(file)
            return
        out = file if file is not None else sys.stderr
        ctx = self.ctx
        if ctx is not None:
            typer.echo(ctx.get_usage(), file=out)
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
                typer.echo(f"Xem '{hint}' để được hướng dẫn.", file=out)
        typer.echo(f"{error_prefix('vi')}: {self.format_message()}", file=out)


def _usage_message_vi(err: Any) -> str:
    """Click's usage refusals in Vietnamese, by the kind of refusal; a message Click
    writes that is not one of these keeps its English."""
    if isinstance(err, MissingParameter):
        kind = {"argument": "đối số", "option": "tùy chọn"}.get(
            err.param_type or (err.param.param_type_name if err.param else ""),
            "tham số",
        )
        hint = err.param.get_error_hint() if err.param else ""
        return f"thiếu {kind} {hint}".rstrip() + "."
    if isinstance(err, NoSuchOption):
        text = f"không có tùy chọn {err.option_name}"
        if err.possibilities:
            text += f" (có thể là: {', '.join(sorted(err.possibilities))})"
        return text
    if isinstance(err, BadParameter):
        hint = err.param.get_error_hint() if err.param else ""
        return f"giá trị không hợp lệ cho {hint}: {err.message}"
    message = str(err.message)
    if message.startswith("Option ") and message.endswith(" requires an argument."):
        name = message[len("Option ") : -len(" requires an argument.")]
        return f"tùy chọn {name} cần một giá trị."
    for english, vietnamese in _CLICK_MESSAGES_VI:
        if message.startswith(english):
            return vietnamese + message[len(english) :]
    return message


# Click's own sentences (typer's vendored click has no translation catalogue)
_CLICK_MESSAGES_VI = (
    ("Got unexpected extra argument(s)", "thừa đối số"),
    ("No such command", "không có lệnh"),
    ("Missing command.", "thiếu lệnh."),
)


def _in_language(err: Any) -> Any:
    if isinstance(err, _UsageErrorInLanguage):
        return err
    return _UsageErrorInLanguage(
        err, _help_language(err.ctx) if err.ctx else language()
    )


class TranslatingCommand(_HelpInLanguage, TyperCommand):
    """A command whose help page is in the invocation's language."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        self._format_params(ctx, formatter)


class TranslatingGroup(_HelpInLanguage, TyperGroup):
    """A command group whose help page is in the invocation's language, and which
    translates the project's errors once: one line on stderr, the error's exit code."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        self._format_params(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        listed = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                listed.append((name, command))
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        rows = []
        for name, command in listed:
            if command.short_help:
                short = _says(ctx, inspect.cleandoc(command.short_help))
            else:
                text = _says(ctx, inspect.cleandoc(command.help or ""))
                short = _first_sentence(text, limit)
            rows.append((name, short))
        with formatter.section(_word(ctx, "Commands")):
            formatter.write_dl(rows)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as err:
            raise _in_language(err) from err

    # typer vendors its own click; its Context type is not public, hence Any
    def invoke(self, ctx: Any) -> Any:
        from domain.errors import DirectiveError

        running = _INVOCATION.set(ctx)
        try:
            return super().invoke(ctx)
        except UsageError as err:
            raise _in_language(err) from err
        except DirectiveError as err:
            lang = language()
            typer.echo(f"{error_prefix(lang)}: {localize_error(err, lang)}", err=True)
            raise typer.Exit(err.exit_code) from err
        finally:
            _INVOCATION.reset(running)


class _Typer(typer.Typer):
    """A Typer app whose commands write their help in the invocation's language."""

    def command(self, name: str | None = None, **options: Any) -> Callable[[Any], Any]:
        options.setdefault("cls", TranslatingCommand)
        return super().command(name, **options)


def make_typer(help_text: str | None = None) -> typer.Typer:
    """A Typer app (or command module) with the project's conventions."""
    return _Typer(
        cls=TranslatingGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
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


# The context of the command group running now. Typer vendors its own Click, so
# click.get_current_context() does not see Typer's contexts; the group records its own.
_INVOCATION: ContextVar[Any] = ContextVar("directives_invocation", default=None)


def _meta() -> dict[str, Any]:
    current = _INVOCATION.get()
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
        current = _INVOCATION.get()
        if current is not None:
            current.find_root().call_on_close(found.close)
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
                "database is not at the current version, run `directives init`",
                vi="cơ sở dữ liệu chưa ở phiên bản hiện tại, hãy chạy `directives init`",
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
