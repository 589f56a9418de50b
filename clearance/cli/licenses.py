"""`clearance licenses` and `clearance licenses show ID`."""

from __future__ import annotations

import json

import typer

from clearance.cli.common import ListFormat, echo, fail
from clearance.exceptions import ClearanceError

licenses_app = typer.Typer(help="List the licenses clearance knows, or show one.")


@licenses_app.callback(invoke_without_command=True)
def licenses_command(context: typer.Context,
                     output: ListFormat = typer.Option(ListFormat.text, "--format", help="text or json")) -> None:
    """List every license the knowledge base knows."""
    if context.invoked_subcommand is not None:
        return
    from clearance.knowledge_base import load_knowledge_base
    try:
        kb = load_knowledge_base()
    except ClearanceError as error:
        fail(error)
    rows = [kb.licenses[lic] for lic in sorted(kb.licenses, key=str.casefold)]

    def aliases(lic) -> list[str]:
        # A license's own aliases, then the id-map names (Hugging Face ids, deprecated ids) that read as it.
        names = dict.fromkeys((*lic.aliases, *(m.name for m in kb.names_of(lic.id))))
        return [name for name in names if name != lic.id]

    if output == ListFormat.json:
        data = [{"id": lic.id, "name": lic.name, "aliases": aliases(lic), "family": lic.family,
                 "types": list(lic.types), "url": lic.url} for lic in rows]
        echo(json.dumps(data, indent=2, sort_keys=True))
        return
    for lic in rows:
        also = f"  (also: {', '.join(aliases(lic))})" if aliases(lic) else ""
        echo(f"{lic.id:<28} {lic.family:<16} {','.join(lic.types):<20}{also}")
    for mapping in sorted((m for m in kb.id_map.values() if m.target not in kb.licenses), key=lambda m: m.name):
        echo(f"{mapping.name:<28} reads as {mapping.target}")
    echo(f"\n{len(rows)} licenses; exceptions for WITH: {', '.join(sorted(kb.exceptions))}")



@licenses_app.command("show")
def show_command(name: str = typer.Argument(..., help="a license id, alias, Hugging Face id or expression")) -> None:
    """Show what one license says: rights, terms, clauses, departures."""
    from clearance.knowledge_base import load_knowledge_base
    try:
        kb = load_knowledge_base()
        lic = kb.describe(name)
        notes = kb.resolve(name).notes
    except ClearanceError as error:
        fail(error)
    echo(f"{lic.id}: {lic.name}\n  {lic.url}")
    for note in notes:
        echo(f"  note: {note}")
    if lic.parts:
        echo(f"  every part applies: {', '.join(part.id for part in lic.parts)}")
    if lic.text_checked:
        checked = lic.text_checked
        version = f" (version {checked.version})" if checked.version else ""
        echo(f"  clauses checked against {checked.url}{version} on {checked.date}")
    echo(f"  family: {lic.family}; copyleft: {lic.copyleft}; written for: {', '.join(lic.types)}")
    echo(f"  revocable: {lic.revocable}; recipients licensed directly: {lic.direct_licensing}; "
               f"public: {lic.public}")
    if lic.aliases:
        echo(f"  aliases: {', '.join(lic.aliases)}")
    if lic.compatible:
        echo(f"  results may also go under: {', '.join(lic.compatible)}")
    echo("  rights:")
    for right, grant in lic.rights.items():
        echo(f"    {right:<15} {'granted' if grant.granted else 'NOT granted':<12} {grant.clause}")
    echo("  terms:")
    for activity, term in lic.terms.items():
        extra = "" if term.shareable else ", not shareable"
        echo(f"    {activity:<11} {term.result:<12} relicense {term.relicense}{extra}: {term.clause}")
    if lic.notes:
        echo(f"  notes: {lic.notes}")
    for departure in lic.departures:
        echo(f"  departure ({departure.key}, uses the {departure.used}): text: {departure.text} "
                   f"paper: {departure.paper}")
