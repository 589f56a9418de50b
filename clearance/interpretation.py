"""Renders docs/interpretation.md from the knowledge base: every place where the
paper's reading of a license departs from its text, and which one is used."""

from __future__ import annotations

from clearance.knowledge_base import KnowledgeBase

HEADER = """# Interpretation: the two readings of the license texts

clearance has two readings, chosen by `reading: text | paper` in the project file
or `--reading` on `check`, `explain` and `suggest` (the option wins):

- **text** (the default) follows the license texts wherever they are explicit, and
  the paper's bridging rules only where a text is silent or ambiguous (the paper's
  own method, section 3.1: "If the conditions of certain AI activities are
  explicitly defined in the license, then we should directly follow that").
- **paper** reproduces the ModelGo paper's case-study outputs, including its
  readings that depart from the texts (`examples/paper/` use it).

Where the two readings differ, the license file records both (`departures`: what
each reading says and the value each gives the departed keys), and this page lists
them all, license by license. It is generated from `licenses/*.yaml`
(`python -m clearance.interpretation > docs/interpretation.md`); a test keeps it in
step. The report names the reading it used.

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
  reported but do not make a conflict (case V), as in the paper. A license
  cannot carry them when it forbids further restrictions (the GPL family, CC)
  or, under the text reading, when it is a public-domain dedication (CC0,
  Unlicense, PDDL, WTFPL: `permits_further_restrictions` departures). A
  derivative that may go under another license only with them "as an
  enforceable provision" (Gemma s.3.1, OpenRAIL s.4(a)) reports `pass-on-terms`.
- **Generated output, then training.** Under the text reading, what a Gemma or
  OpenRAIL model generates is not its derivative (Gemma s.1.1(e), OpenRAIL s.6),
  but a model trained on that output is (`reaches: [train]` on the generate
  term): the generator's train term applies to that model, whatever license the
  output itself took, and the generator joins the model's release scope.
- **Services.** A release as SaaS counts as distribution only for licenses that
  say so (`saas_is_distribution`): AGPL s.13, OpenRAIL, Gemma, OSL s.5.
- **Derived licenses** are chosen by least risk (the Unlicense first, as the
  paper does, then public domain, permissive, weak copyleft, copyleft, ...),
  never by the order of inputs. A license is *imposed* only by a term that names
  the licenses the result may take (`relicense: same` or `compatible`); where no
  term does, reports say "no license imposed: your choice; least restrictive:
  Unlicense" (or "your choice of a license that carries the use restrictions")
  and list the obligations that travel with the components, never "under
  Unlicense" (`license_imposed: false` in the JSON).
- **Conflicts.** When a conflict blocks the determination, the report still
  gives the license the largest consistent part of the terms requires: MaxSAT
  over the tracked term labels, dropping as few terms that impose a license as
  it can, then as few of the others (as the paper determines a license by
  proliferation and checks the other terms against it), marked as conflicting
  (`license` with `license_conflicting: true`). In case II(a) and IV(b) this is
  GPL-3.0, from Baize and BigTranslate. When every conflict was enumerated (not
  `conflicts_capped`), the parts dropped are the cheapest minimal hitting sets
  of the conflicts (each conflict loses a term), found without a solver;
  otherwise z3's Optimize finds them. Equally large parts are ordered by the
  labels they drop, and the licenses the others require are named
  (`conflicting_alternatives`, from at most four equally large parts: the first
  four in that order when the conflicts were all enumerated).

How Hugging Face cards, adapters, merges, GGUF files and BOMs are read as a project (no
`base_model_relation` read as a fine-tune, an adapter released without its base weights read as
a derivative of the base, dataset cards' `source_datasets`): [hub.md](hub.md).

clearance reports potential license risks; it is not legal advice.

## Departures, license by license
"""


def _short(value) -> str:
    """A departed value in one line: a term by its result and relicense mode."""
    if isinstance(value, dict) and "result" in value:
        parts = [value["result"], f"relicense {value.get('relicense', 'any')}"]
        parts += [f"{key} {value[key]}" for key in ("shareable", "permitted") if key in value]
        parts += [f"{key}: {', '.join(value[key])}" for key in ("restrictions", "obligations", "reaches")
                  if value.get(key)]
        parts += [f"needs {', '.join(rights)} when {policy}" for policy, rights in value.get("needs_for", {}).items()]
        return "; ".join(parts)
    if isinstance(value, dict) and "granted" in value:
        return f"granted {str(value['granted']).lower()}"
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def render(kb: KnowledgeBase) -> str:
    """The whole page."""
    lines = [HEADER]
    for license_id in sorted(kb.licenses, key=str.casefold):
        lic = kb.licenses[license_id]
        if not lic.departures:
            continue
        lines.append(f"### {lic.id}\n")
        for departure in lic.departures:
            keys = ", ".join(f"`{key}`" for key in departure.keys)
            lines.append(f"- {keys} (the file's body holds the {departure.used} reading)")
            for reading in ("text", "paper"):
                prose = departure.text if reading == "text" else departure.paper
                lines.append(f"  - {reading}: {prose} Value: `{_short(departure.values[reading])}`.")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    from clearance.knowledge_base import load_knowledge_base

    print(render(load_knowledge_base()), end="")
