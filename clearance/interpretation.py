"""Renders docs/interpretation.md from the knowledge base: every place where the
paper's reading of a license departs from its text, and which one is used."""

from __future__ import annotations

from clearance.knowledge_base import KnowledgeBase

HEADER = """# Interpretation: where the paper's reading departs from the license texts

clearance follows the ModelGo paper's reading by default: it is conservative and
reports potential risks. Where that reading departs from a license's text, the
license file records both (`departures`), and this page lists them all. It is
generated from `licenses/*.yaml` (`python -m clearance.interpretation > docs/interpretation.md`);
a test keeps it in step.

Engine-wide readings (not tied to one license):

- **Aux-works.** Works used to build a result but not carried into it (a
  translation model, a generator, a teacher, training data) are not released
  with it, so the release does not need their rights; the terms of their
  licenses still apply (section 3.2). An aux-work whose license defines the
  result as a derivative (OpenRAIL distillation and generation) is carried into
  the release scope.
- **Use restrictions** follow every result downstream (case III), and are
  reported as restrictions. A conflict between use restrictions and a license
  that forbids further restrictions (GPL, CC) is found where a use-restricted
  work's own terms are triggered (case II(a), IV(b)); restrictions that reach a
  work only through an intermediate result the paper lets relicense are
  reported but do not make a conflict (case V), as in the paper.
- **Services.** A release as SaaS counts as distribution only for licenses that
  say so (`saas_is_distribution`): AGPL s.13, OpenRAIL, Gemma, OSL s.5.
- **Derived licenses** are chosen by least risk (the Unlicense first, as the
  paper does, then public domain, permissive, weak copyleft, copyleft, ...),
  never by the order of inputs.

How Hugging Face cards, adapters, merges, GGUF files and BOMs are read as a project (no
`base_model_relation` read as a fine-tune, an adapter released without its base weights read as
a derivative of the base, dataset cards' `source_datasets`): [hub.md](hub.md).

clearance reports potential license risks; it is not legal advice.

## Departures, license by license
"""


def render(kb: KnowledgeBase) -> str:
    """The whole page."""
    lines = [HEADER]
    for license_id in sorted(kb.licenses, key=str.casefold):
        lic = kb.licenses[license_id]
        if not lic.departures:
            continue
        lines.append(f"### {lic.id}\n")
        for departure in lic.departures:
            lines.append(f"- `{departure.key}` (the tool uses the {departure.used}'s reading)")
            lines.append(f"  - text: {departure.text}")
            lines.append(f"  - paper: {departure.paper}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    from clearance.knowledge_base import load_knowledge_base

    print(render(load_knowledge_base()), end="")
