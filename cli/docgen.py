"""Generate docs/cli.md from the commands' own help texts (`make docs`).

The test suite regenerates it in memory and compares, so the reference never drifts
from `directives --help`. The reference is in English; its first section shows, from
the same texts, a help page as the office sees it, in Vietnamese.
"""

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from cli.main import app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


# typer vendors its own click, whose Command and Context types are not public: Any
def _walk(command: Any, ctx: Any, prefix: str) -> list[str]:
    out: list[str] = []
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


#: The command whose Vietnamese help page the reference shows as an example.
EXAMPLE_COMMAND = "show"
#: The error line `directives show 9999` prints when there is no assignment 9999
#: (tests/cli/test_language.py checks that the command prints exactly this).
EXAMPLE_ERROR = "lỗi: nhiệm vụ 9999 không tồn tại"


def _root_context(lang: str) -> tuple[Any, Any]:
    root = typer.main.get_command(app)
    ctx = root.context_class(
        root, info_name="directives", terminal_width=88, max_content_width=88
    )
    # child contexts share the root's meta: every page is written in this language
    ctx.meta["directives.lang"] = lang
    return root, ctx


def _language_section() -> list[str]:
    root, ctx = _root_context("vi")
    command = root.get_command(ctx, EXAMPLE_COMMAND)
    sub_ctx = command.context_class(command, info_name=EXAMPLE_COMMAND, parent=ctx)
    return [
        "## Language and messages",
        "",
        "The command speaks the office's language: help pages, messages, table",
        "headers and status words are in Vietnamese unless `DIRECTIVES_LOCALE=en`.",
        "This reference shows the English texts; the same page in Vietnamese, as",
        f"`directives {EXAMPLE_COMMAND} --help` prints it by default:",
        "",
        "```text",
        command.get_help(sub_ctx).rstrip(),
        "```",
        "",
        "Every error is one line on standard error, `lỗi: …` by default, `error: …`",
        "in English; the exit code is 2 for input the user can correct (a file, an",
        "option, a setting) and 1 for the other failures, such as a database that",
        "cannot be reached. `directives show 9999`, when there is no assignment 9999:",
        "",
        "```text",
        EXAMPLE_ERROR,
        "```",
        "",
        "Machine output (`--json`) and the option names stay as they are, with one",
        "exception: the reader's warnings (`parse --json`, key `warnings`, a list of",
        "strings) are sentences for a person and follow `DIRECTIVES_LOCALE` like the",
        "text output (`văn bản: không tìm thấy số văn bản (Số …)`, or",
        "`notice: no number (Số …) found` in English). `ingest` prints the same",
        "warnings under each notice, and the web's review page shows them in the",
        "user's language.",
        "",
    ]


def render() -> str:
    """The whole reference as Markdown."""
    root, ctx = _root_context("en")
    lines = [
        "# Command reference",
        "",
        "Generated from the commands' help texts by `make docs`; do not edit by hand.",
        "",
        *_language_section(),
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
