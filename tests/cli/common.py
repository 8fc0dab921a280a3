"""What the CLI tests share: the worked example's files and one way to run a command."""

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
NOTICE = ROOT / "examples" / "629-TB-HU.txt"
SIGNED = "2023-09-22T09:00:00+07:00"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one in-process command."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr
