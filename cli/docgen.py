"""Generate docs/cli.md from the commands' own help texts (`make docs`).

The test suite regenerates it in memory and compares, so the reference never drifts
from `directives --help`.
"""

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from cli.main import app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


#: The note on messages that opens the reference.
_MESSAGES = [
    "## Messages",
    "",
    "Every error is one line on standard error, `lỗi: …` in the office's language",
    "(Vietnamese) by default, `error: …` in English with `DIRECTIVES_LOCALE=en`; the",
    "exit code is 2 for input the user can correct (a file, an option, a setting) and",
    "1 for the other failures, such as a database that cannot be reached. Table",
    "headers and status words follow the same setting.",
    "",
]


# typer vendors its own click, whose Command and Context types are not public: Any
def _walk(command: Any, ctx: Any, prefix: str) -> list[str]:
    out: list[str] = []
    # plain click help: the reference must not depend on the terminal or on rich
    command.rich_markup_mode = None
    out.append(f"## `{prefix}`\n")
    out.append("```text")
    out.append(command.get_help(ctx).rstrip())
    out.append("```\n")
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            sub_ctx = sub.context_class(sub, info_name=name, parent=ctx)
            out.extend(_walk(sub, sub_ctx, f"{prefix} {name}"))
    return out


def render() -> str:
    """The whole reference as Markdown."""
    root = typer.main.get_command(app)
    ctx = root.context_class(
        root, info_name="directives", terminal_width=88, max_content_width=88
    )
    lines = [
        "# Command reference",
        "",
        "Generated from the commands' help texts by `make docs`; do not edit by hand.",
        "",
        *_MESSAGES,
        *_walk(root, ctx, "directives"),
    ]
    return "\n".join(lines).rstrip() + "\n"


def command_names() -> list[str]:
    """Every command path, e.g. ``"orgs load"``."""
    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="directives")
    names: list[str] = []

    def walk(group: Any, path: str) -> None:
        if isinstance(group, TyperGroup):
            for name in group.list_commands(ctx):
                sub = group.get_command(ctx, name)
                if sub is not None:
                    names.append(f"{path}{name}")
                    walk(sub, f"{path}{name} ")

    walk(root, "")
    return names


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
