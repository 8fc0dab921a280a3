"""The `directives` command.

One module per command group; each imports Typer only at its top and loads the
application's code inside its commands, so `directives --help` and a read command load
only what they use. To add commands, write a module with ``app = make_typer()`` and list
it in :data:`COMMAND_MODULES`.

Errors of the project's hierarchy are translated once (:class:`cli.common
.TranslatingGroup`): one line on stderr, exit code 2 for bad input (settings included),
1 for any other failure.
"""

import importlib

from cli.common import make_typer

#: The command modules, in the order their commands are listed by `--help`.
COMMAND_MODULES = (
    "cli.setup",
    "cli.notices",
    "cli.looking",
    "cli.followup",
    "cli.workspace",
)

app = make_typer(
    "Turn directive notices into tracked work and follow it up until it is done."
)
for _module in COMMAND_MODULES:
    app.add_typer(importlib.import_module(_module).app)


def main() -> None:
    """Console entry point."""
    app()
