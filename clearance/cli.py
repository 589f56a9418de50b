"""The command line: parse arguments, call the library, map errors to exit codes.

Exit codes: 0 fine; 1 the answer is no; 2 invalid input or usage; 3 inconclusive."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from clearance import __version__
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="License-compliance analysis for ML projects. Reports potential risks; not legal advice.")


class Format(str, Enum):
    text = "text"
    json = "json"


# Arguments and options several commands share.
FILE = typer.Argument(..., help="a project file")
FORMAT = typer.Option(Format.text, "--format", help="text or json")
TIMEOUT = typer.Option(60.0, "--timeout", help="seconds the solver may take for one question")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress display on stderr")


def _fail(error: ClearanceError) -> None:
    typer.echo(f"clearance: {error}", err=True)
    raise typer.Exit(error.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clearance {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """clearance: may I release this, this way, under this license?"""


licenses_app = typer.Typer(help="List the licenses clearance knows, or show one.")
app.add_typer(licenses_app, name="licenses")


@licenses_app.callback(invoke_without_command=True)
def licenses_command(context: typer.Context,
                     output: Format = typer.Option(Format.text, "--format", help="text or json")) -> None:
    """List every license the knowledge base knows."""
    if context.invoked_subcommand is not None:
        return
    from clearance.knowledge_base import load_knowledge_base
    try:
        kb = load_knowledge_base()
    except ClearanceError as error:
        _fail(error)
    rows = [kb.licenses[lic] for lic in sorted(kb.licenses, key=str.casefold)]
    if output == Format.json:
        data = [{"id": lic.id, "name": lic.name, "aliases": list(lic.aliases), "family": lic.family,
                 "types": list(lic.types), "url": lic.url} for lic in rows]
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    for lic in rows:
        aliases = f"  (also: {', '.join(lic.aliases)})" if lic.aliases else ""
        typer.echo(f"{lic.id:<28} {lic.family:<16} {','.join(lic.types):<20}{aliases}")
    typer.echo(f"\n{len(rows)} licenses")


@licenses_app.command("show")
def show_command(name: str = typer.Argument(..., help="a license id or alias")) -> None:
    """Show what one license says: rights, terms, clauses, departures."""
    from clearance.knowledge_base import load_knowledge_base
    try:
        lic = load_knowledge_base().get(name)
    except ClearanceError as error:
        _fail(error)
    typer.echo(f"{lic.id}: {lic.name}\n  {lic.url}")
    typer.echo(f"  family: {lic.family}; copyleft: {lic.copyleft}; written for: {', '.join(lic.types)}")
    typer.echo(f"  revocable: {lic.revocable}; recipients licensed directly: {lic.direct_licensing}; "
               f"public: {lic.public}")
    if lic.aliases:
        typer.echo(f"  aliases: {', '.join(lic.aliases)}")
    if lic.compatible:
        typer.echo(f"  results may also go under: {', '.join(lic.compatible)}")
    typer.echo("  rights:")
    for right, grant in lic.rights.items():
        typer.echo(f"    {right:<15} {'granted' if grant.granted else 'NOT granted':<12} {grant.clause}")
    typer.echo("  terms:")
    for activity, term in lic.terms.items():
        extra = "" if term.shareable else ", not shareable"
        typer.echo(f"    {activity:<11} {term.result:<12} relicense {term.relicense}{extra}: {term.clause}")
    for departure in lic.departures:
        typer.echo(f"  departure ({departure.key}, uses the {departure.used}): text: {departure.text} "
                   f"paper: {departure.paper}")


@app.command("validate")
def validate_command(file: Path = typer.Argument(..., help="a project file")) -> None:
    """Load and check a project file; print a short summary."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.project import load_project
    try:
        project = load_project(file, load_knowledge_base())
    except ClearanceError as error:
        _fail(error)
    typer.echo(f"{file}: valid project '{project.name}'")
    typer.echo(f"  {len(project.works)} works, {len(project.steps)} steps, {len(project.releases)} releases")
    for work in project.works.values():
        typer.echo(f"  work {work.id}: {work.type}, {work.license}, {work.form}")
    for step in project.steps.values():
        given = ", ".join(f"{i.work} ({i.role})" for i in step.inputs)
        typer.echo(f"  step {step.id}: {step.activity} of {given}")
    for release in project.releases:
        typer.echo(f"  release {release.work}: {release.policy}, {release.form}"
                   + (f", under {release.license}" if release.license else ""))


def _choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is not None and value not in allowed:
        raise InputError(f"unknown {what} '{value}'", hint=f"one of: {', '.join(allowed)}")
    return value


@app.command("check")
def check_command(
    file: Path = FILE,
    output: Format = FORMAT,
    policy: str = typer.Option(None, "--policy", help="override every release's policy: personal, share, sell"),
    form: str = typer.Option(None, "--form", help="override every release's form: raw, binary, saas"),
    license_name: str = typer.Option(None, "--license", help="override every release's intended license"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
) -> None:
    """Check whether each planned release is allowed; exit 1 when one is not."""
    from dataclasses import replace

    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.project import load_project
    from clearance.report import render_json, render_text
    from clearance.solver import SolverSettings
    try:
        with Progress(not quiet) as progress:
            if timeout <= 0:
                raise InputError("--timeout must be a positive number of seconds")
            kb = load_knowledge_base()
            _choice(policy, kb.vocabulary.policies, "policy")
            _choice(form, kb.vocabulary.forms, "form")
            intended = kb.get(license_name).id if license_name else None
            progress.update(f"reading {file}")
            project = load_project(file, kb)
            if not project.releases:
                raise InputError("the project plans no release", str(file), hint="add a 'release' section")
            releases = tuple(replace(r, policy=policy or r.policy, form=form or r.form,
                                     license=intended or r.license) for r in project.releases)
            report = analyze(replace(project, releases=releases), kb, SolverSettings(timeout=timeout),
                             progress=progress.update)
    except ClearanceError as error:
        _fail(error)
    sys.stdout.write(render_json(report) if output == Format.json else render_text(report))
    raise typer.Exit(0 if report.compliant else 1)


def _load_with_releases(file: Path, timeout: float):
    """The knowledge base, the project (which must plan a release) and the solver settings."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.project import load_project
    from clearance.solver import SolverSettings
    if timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    kb = load_knowledge_base()
    project = load_project(file, kb)
    if not project.releases:
        raise InputError("the project plans no release", str(file), hint="add a 'release' section")
    return kb, project, SolverSettings(timeout=timeout)


@app.command("explain")
def explain_command(
    file: Path = FILE,
    output: Format = FORMAT,
    cap: int = typer.Option(50, "--max", help="at most this many conflicts per release"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
) -> None:
    """List every independent conflict (minimal unsatisfiable set), release by release; exit 1 when
    there is one."""
    from clearance.conflicts import explain
    from clearance.render_advice import explain_json, explain_text
    try:
        if cap < 1:
            raise InputError("--max must be at least 1")
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = _load_with_releases(file, timeout)
            explained = explain(project, kb, settings, cap, progress=progress.update)
    except ClearanceError as error:
        _fail(error)
    sys.stdout.write(explain_json(project, explained) if output == Format.json else explain_text(project, explained))
    raise typer.Exit(1 if any(item.conflicts for item in explained) else 0)


@app.command("suggest")
def suggest_command(
    file: Path = FILE,
    output: Format = FORMAT,
    apply: int = typer.Option(None, "--apply", help="write the project with fix N applied (see --output)"),
    destination: Path = typer.Option(None, "--output", help="where --apply writes the fixed project file"),
    max_fixes: int = typer.Option(10, "--max-fixes", help="at most this many fixes per release"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
) -> None:
    """Suggest release licenses (ranked by risk), minimal fixes (ranked by cost) and license choices."""
    from clearance.analysis import release_compliant
    from clearance.project import parse_project
    from clearance.render_advice import suggest_json, suggest_text
    from clearance.suggest import fixed_project, suggest
    from clearance.writer import dump_project
    try:
        if (apply is None) != (destination is None):
            raise InputError("--apply and --output go together", hint="e.g. --apply 1 --output fixed.yaml")
        if max_fixes < 1:
            raise InputError("--max-fixes must be at least 1")
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = _load_with_releases(file, timeout)
            found = suggest(project, kb, settings, max_fixes, progress=progress.update)
        if apply is not None:
            index, fixed = fixed_project(project, found, apply)
            text = dump_project(fixed, kb)
            # The file written must read back as the very project the fix was checked on.
            reread = parse_project(text, kb, str(destination))
            if not release_compliant(reread, kb, index, settings):
                raise InputError(f"fix {apply} did not survive being written out; please report this")
            try:
                destination.write_text(text, encoding="utf-8")
            except OSError as error:
                raise InputError(f"cannot write {destination}: {error.strerror or error}") from None
    except ClearanceError as error:
        _fail(error)
    if apply is not None:
        typer.echo(f"wrote {destination} with fix {apply} applied; check it with: clearance check {destination}")
        raise typer.Exit(0)
    sys.stdout.write(suggest_json(project, found) if output == Format.json else suggest_text(project, found))
    raise typer.Exit(0 if all(item.compliant for item in found) else 1)


def main() -> None:
    """Entry point of the `clearance` command."""
    try:
        app()
    except Exception as error:  # a bug of ours: say so in one line, never a traceback
        sys.stderr.write(f"clearance: internal error, no verdict: {type(error).__name__}: {error}\n")
        sys.exit(3)
