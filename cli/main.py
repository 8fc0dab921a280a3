"""The `directives` command.

Errors of the project's hierarchy are translated here, once: a one-line message on stderr
and exit code 2 for bad input, 1 for any other failure.
"""

import json
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from app.orgs import init_database, load_registry, organizations
from app.settings import Settings, get_settings
from app.wiring import engine_for
from domain.errors import DirectiveError


class _TranslatingGroup(TyperGroup):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DirectiveError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(err.exit_code) from err


app = typer.Typer(
    cls=_TranslatingGroup,
    help="Turn directive notices into tracked work and follow it up until it is done.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
orgs_app = typer.Typer(
    cls=_TranslatingGroup, help="The organisation registry.", no_args_is_help=True
)
app.add_typer(orgs_app, name="orgs")


def _settings() -> Settings:
    return get_settings()


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


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
def orgs_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the organisations with their superior and members."""
    rows = organizations(engine_for(_settings()))
    if as_json:
        _dump([row.model_dump(mode="json") for row in rows])
        return
    for row in rows:
        parent = f" → {row.parent}" if row.parent else ""
        members = f" [{', '.join(row.members)}]" if row.members else ""
        typer.echo(f"{row.code:28} {row.kind:16} {row.name}{parent}{members}")


def main() -> None:
    """Console entry point."""
    app()
