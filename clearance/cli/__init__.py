"""The command line: parse arguments, call the library, map errors to exit codes.

One module per command; this one builds the typer app from them.
Exit codes: 0 fine; 1 the answer is no; 2 invalid input or usage; 3 inconclusive."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from clearance import __version__

# Each command, in the order of `clearance --help`: its module in clearance.cli and its function
# (`licenses` is a group of its own: the module's typer app).
COMMANDS = {
    "licenses": ("licenses", "licenses_app"),
    "validate": ("validate", "validate_command"),
    "check": ("check", "check_command"),
    "explain": ("explain", "explain_command"),
    "suggest": ("suggest", "suggest_command"),
    "graph": ("graph", "graph_command"),
    "notice": ("notice", "notice_command"),
    "import": ("import_", "import_command"),
    "export": ("export", "export_command"),
    "audit": ("audit", "audit_command"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clearance {__version__}")
        raise typer.Exit(0)


def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """clearance: may I release this, this way, under this license?"""


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app of every command, or of the command `only` alone ("": of none): what a call
    of that one command parses the same way, without importing the other commands' modules and
    building their parameters (a few ms of every start)."""
    app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                      help="License-compliance analysis for ML projects. Reports potential risks; not legal advice.")
    app.callback()(_main)
    for name, (module, attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        found = getattr(importlib.import_module(f"clearance.cli.{module}"), attribute)
        if isinstance(found, typer.Typer):
            app.add_typer(found, name=name)
        else:
            app.command(name)(found)
    return app


def __getattr__(name: str) -> Any:
    """`app`, the app of every command, built on first use (`main` builds only what it runs)."""
    if name == "app":
        app = globals()["app"] = build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the `clearance` command. Every way it can end is one line and an exit code:
    a usage error or a failure to write the output is 2 (never a traceback, never 3); 3 is kept
    for the solver's `unknown` and timeouts, and for a bug of ours."""
    from clearance.cli.output import run_app
    sys.exit(run_app(build_app(_needed(sys.argv[1:]))))


def _needed(args: list[str]) -> str | None:
    """The command a call can be parsed with alone: the command it names first, or none at all for
    `--version` first (it prints the version before anything after it is read); None (every
    command) otherwise, for help and mistakes, which list or suggest the commands."""
    if args and args[0] in COMMANDS:
        return args[0]
    return "" if args[:1] == ["--version"] else None
