"""The web workspace: `web` and the accounts (`users add|list|disable|passwd`)."""

import getpass
from typing import Annotated

import typer

from cli.common import JsonOption, context, dump, make_typer, say, table, tr

app = make_typer()
users_app = make_typer("Accounts of the web workspace.")
app.add_typer(users_app, name="users")


@app.command()
def web(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web workspace (overview, assignments, notices, ingest, reports)."""
    import uvicorn  # the server loads only when serving

    context()  # the database must be at the current version (`directives init`)
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
    from domain.errors import InputError

    if stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(tr("mật khẩu: ", "password: "))
    if first != getpass.getpass(tr("nhập lại: ", "again: ")):
        raise InputError(
            "the two passwords differ", vi="hai lần nhập mật khẩu không khớp"
        )

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
    from app import users

    engine = context().engine
    row = users.add_user(
        engine,
        email,
        org=org,
        role=role,
        password=_password(password_stdin),
        locale=locale,
    )
    say(
        "{email}: {role} của {org}",
        "{email}: {role} of {org}",
        email=row.email,
        role=row.role,
        org=row.org,
    )


@users_app.command("list")
def users_list(as_json: JsonOption = False) -> None:
    """List the accounts."""
    from app import users

    rows = users.list_users(context().engine)
    if as_json:
        dump([row.__dict__ for row in rows])
        return
    table(
        [
            tr("thư điện tử", "e-mail"),
            tr("vai trò", "role"),
            tr("đơn vị", "body"),
            tr("ngôn ngữ", "language"),
            tr("tình trạng", "state"),
        ],
        [
            [
                row.email,
                row.role,
                row.org,
                row.locale,
                tr("đã khóa", "disabled") if row.disabled else "",
            ]
            for row in rows
        ],
    )


@users_app.command("disable")
def users_disable(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Disable an account; its history stays."""
    from app import users

    users.disable_user(context().engine, email)
    say("{email}: đã khóa", "{email}: disabled", email=email)


@users_app.command("passwd")
def users_passwd(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Set a new password (this also lifts a sign-in lock)."""
    from app import users

    users.set_password(context().engine, email, _password(password_stdin))
    say("{email}: đã đổi mật khẩu", "{email}: password changed", email=email)
