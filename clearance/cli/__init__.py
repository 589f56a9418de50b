"""The command line: parse arguments, call the library, map errors to exit codes.

One module per command; this one builds the typer app from them.
Exit codes: 0 fine; 1 the answer is no; 2 invalid input or usage; 3 inconclusive."""

from __future__ import annotations

import sys

import typer

from clearance import __version__
from clearance.cli import audit, check, explain, export, graph, import_, licenses, notice, suggest, validate

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="License-compliance analysis for ML projects. Reports potential risks; not legal advice.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clearance {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """clearance: may I release this, this way, under this license?"""


app.add_typer(licenses.licenses_app, name="licenses")
app.command("validate")(validate.validate_command)
app.command("check")(check.check_command)
app.command("explain")(explain.explain_command)
app.command("suggest")(suggest.suggest_command)
app.command("graph")(graph.graph_command)
app.command("notice")(notice.notice_command)
app.command("import")(import_.import_command)
app.command("export")(export.export_command)
app.command("audit")(audit.audit_command)

def main() -> None:
    """Entry point of the `clearance` command. Every way it can end is one line and an exit code:
    a usage error or a failure to write the output is 2 (never a traceback, never 3); 3 is kept
    for the solver's `unknown` and timeouts, and for a bug of ours."""
    from clearance.cli.output import run_app
    sys.exit(run_app(app))
