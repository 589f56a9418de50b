"""The lineage in Graphviz DOT: one box per work labelled with its id and license and filled by the
license's family, mix / sub / aux edges solid, dashed and dotted, the works of errors outlined in red.
Nodes are named n0, n1, ...: an id is only ever shown in a quoted, escaped label."""

from __future__ import annotations

from clearance.render.lineage import Lineage, Marks
from clearance.render.markup import visible
from clearance.render.svg import CONFLICT, FAMILY_COLOURS, SPARE_COLOURS

STYLES = {"mix": "solid", "sub": "dashed", "aux": "dotted"}


def quoted(value: str) -> str:
    """`value` as a DOT quoted string that shows exactly `value`: backslashes and quotes escaped (so no
    label escape such as \\N or \\G can be formed), line breaks as \\n, controls written out."""
    escaped = visible(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def lineage_dot(lineage: Lineage, marks: Marks | None = None) -> str:
    """The DOT text of `lineage`, with `marks` outlined."""
    marks = marks or Marks()
    names = {node.id: f"n{number}" for number, node in enumerate(lineage.nodes)}
    spare = sorted({node.family for node in lineage.nodes} - set(FAMILY_COLOURS))
    lines = [f"digraph {quoted(lineage.title)} {{", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="monospace", fontsize=11];',
             '  edge [color="#666666"];']
    for node in lineage.nodes:
        colour = FAMILY_COLOURS.get(node.family) or SPARE_COLOURS[spare.index(node.family) % len(SPARE_COLOURS)]
        extra = f', color="{CONFLICT}", penwidth=3' if node.id in marks.works else (
            ", penwidth=2.5" if node.released else "")
        lines.append(f"  {names[node.id]} [label={quoted(node.id + chr(10) + node.subtitle)}, "
                     f'fillcolor="{colour}", tooltip={quoted(node.family)}{extra}];')
    for link in lineage.links:
        extra = f', color="{CONFLICT}", penwidth=2' if (link.source, link.target) in marks.links else ""
        lines.append(f"  {names[link.source]} -> {names[link.target]} [style={STYLES[link.role]}, "
                     f"tooltip={quoted(link.role + ', ' + link.activity)}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
