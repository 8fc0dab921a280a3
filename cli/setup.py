"""Set-up commands: `init`, `config`, `orgs load`, `orgs list`."""

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    JsonOption,
    application,
    context,
    dump,
    language,
    make_typer,
    say,
    table,
    tr,
)
from cli.i18n import ORG_KIND, word

app = make_typer()
orgs_app = make_typer("The organisation registry.")
app.add_typer(orgs_app, name="orgs")


def _existing(path: Path, what: str) -> Path:
    from domain.errors import InputError

    if not path.is_file():
        raise InputError(
            f"{what}: {path}: file does not exist",
            vi=f"{what}: {path}: tệp không tồn tại",
        )

    return path


@app.command()
def init(
    registry: Annotated[
        Path | None, typer.Option(help="Also load this organisation registry (TOML).")
    ] = None,
) -> None:
    """Create or upgrade the database named by DIRECTIVES_DATABASE_URL."""
    from app.orgs import init_database, load_registry

    runtime = application()
    if registry is not None:
        _existing(registry, "--registry")
    elif runtime.settings.registry_file is not None:
        registry = _existing(runtime.settings.registry_file, "DIRECTIVES_REGISTRY_FILE")
    init_database(runtime.engine)
    url = runtime.engine.url.render_as_string(hide_password=True)
    say("cơ sở dữ liệu sẵn sàng: {url}", "database ready: {url}", url=url)
    if registry is not None:
        created, updated = load_registry(runtime.engine, registry)
        say(
            "danh mục {file}: thêm {created}, cập nhật {updated}",
            "registry {file}: {created} created, {updated} updated",
            file=registry,
            created=created,
            updated=updated,
        )


@app.command()
def config() -> None:
    """Print the effective settings, secrets masked."""
    for key, value in application().settings.masked().items():
        typer.echo(f"{key}={value}")


@orgs_app.command("load")
def orgs_load(
    file: Annotated[Path, typer.Argument(help="Registry file (TOML).")],
) -> None:
    """Load (upsert) a registry file, all or nothing."""
    from app.orgs import load_registry

    _existing(file, "FILE")
    ctx = context()
    created, updated = load_registry(ctx.engine, file)
    say(
        "{file}: thêm {created}, cập nhật {updated}",
        "{file}: {created} created, {updated} updated",
        file=file,
        created=created,
        updated=updated,
    )


@orgs_app.command("list")
def orgs_list(as_json: JsonOption = False) -> None:
    """List the organisations with their superior and members."""
    from app.orgs import organizations, taught_aliases

    engine = context().engine
    rows = organizations(engine)
    if as_json:
        dump([row.model_dump(mode="json") for row in rows])
        return
    taught = taught_aliases(engine)
    table(
        [
            tr("mã", "code"),
            tr("loại", "kind"),
            tr("tên", "name"),
            tr("cấp trên", "superior"),
            tr("thành viên", "members"),
            tr("còn gọi là", "also known as"),
        ],
        [
            [
                row.code,
                word(ORG_KIND, row.kind, language()),
                row.name,
                row.parent or "",
                ", ".join(row.members),
                "; ".join(taught.get(row.code, [])),
            ]
            for row in rows
        ],
        wrap=(2, 4, 5),
    )
