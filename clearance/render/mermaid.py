"""The lineage as a Mermaid flowchart (GitHub renders it in markdown): one node per work labelled
with its id and license, a class per license family, mix / sub / aux links as -->, ==> and -.->,
the works and links of errors in red. Nodes are named n0, n1, ...; every character of a label that
Mermaid could read as syntax is written as an entity code (#NNN;)."""

from __future__ import annotations

import re

from clearance.render.lineage import Lineage, Marks
from clearance.render.markup import visible
from clearance.render.svg import CONFLICT, FAMILY_COLOURS, SPARE_COLOURS

ARROWS = {"mix": "-->", "sub": "==>", "aux": "-.->"}
_PLAIN = re.compile(r"[A-Za-z0-9 _.,:/()+\-]")


def label(value: str) -> str:
    """`value` safe inside a Mermaid `["..."]` label."""
    return "".join(char if _PLAIN.fullmatch(char) else f"#{ord(char)};" for char in visible(value))


def _class(family: str) -> str:
    return "f_" + re.sub(r"[^a-z0-9]+", "_", family.lower()).strip("_")


def lineage_mermaid(lineage: Lineage, marks: Marks | None = None) -> str:
    """The Mermaid flowchart of `lineage` (without the ``` fence), with `marks` in red."""
    marks = marks or Marks()
    names = {node.id: f"n{number}" for number, node in enumerate(lineage.nodes)}
    families = sorted({node.family for node in lineage.nodes})
    spare = [family for family in families if family not in FAMILY_COLOURS]
    lines = ["flowchart LR"]
    for node in lineage.nodes:
        lines.append(f'  {names[node.id]}["{label(node.id)}<br/>{label(node.subtitle)}"]:::{_class(node.family)}')
    conflict_links = []
    for number, link in enumerate(lineage.links):
        lines.append(f"  {names[link.source]} {ARROWS[link.role]}|{link.role}| {names[link.target]}")
        if (link.source, link.target) in marks.links:
            conflict_links.append(str(number))
    for family in families:
        colour = FAMILY_COLOURS.get(family) or SPARE_COLOURS[spare.index(family) % len(SPARE_COLOURS)]
        lines.append(f"  classDef {_class(family)} fill:{colour},stroke:#555,color:#111")
    marked = [names[node.id] for node in lineage.nodes if node.id in marks.works]
    if marked:
        lines.append(f"  classDef conflict stroke:{CONFLICT},stroke-width:3px")
        lines.append(f"  class {','.join(marked)} conflict")
    if conflict_links:
        lines.append(f"  linkStyle {','.join(conflict_links)} stroke:{CONFLICT},stroke-width:2px")
    return "\n".join(lines) + "\n"
