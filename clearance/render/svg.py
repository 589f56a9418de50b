"""The lineage as SVG: boxes coloured by license family, mix / sub / aux links drawn solid, dashed
and dotted, a legend, and the works and links of each error outlined in red (class "conflict").
Each node carries its work's id in `data-work`, so a browser test or a script can find it."""

from __future__ import annotations

import unicodedata

from clearance.render.layout import Layout, layered_layout
from clearance.render.lineage import CHOICE, UNDETERMINED, Lineage, Link, Marks, Node
from clearance.render.markup import attr, text

FONT_SIZE = 12
CHAR_WIDTH = 7.3  # a 12px monospace cell, rounded up
NODE_HEIGHT = 40.0
PADDING = 10.0
MAX_LABEL = 44  # characters; a longer label is cut, the full one is in the node's tooltip
LEGEND_ROW = 22.0

# Fill colours of the families of licenses/vocabulary.yaml, light enough for black text.
FAMILY_COLOURS = {
    "public-domain": "#d8f0d2", "permissive": "#cfe6fb", "weak-copyleft": "#fff1b0", "copyleft": "#ffd59e",
    "network-copyleft": "#ffbfa3", "responsible-ai": "#e5d4f6", "non-commercial": "#f8cfe0",
    "no-derivatives": "#d9d9d9", "proprietary": "#bfbfbf", CHOICE: "#eef3e2", UNDETERMINED: "#ffffff",
}
SPARE_COLOURS = ("#d3f1f0", "#f3e1c7", "#e2e2f5", "#f0f0c8")
DASHES = {"mix": None, "sub": "7 4", "aux": "2 4"}
ROLE_NAMES = {"mix": "mix: embedded in the result", "sub": "sub: released with it",
              "aux": "aux: used to make it, not released"}
CONFLICT = "#c8102e"

STYLE = f"""
.lineage text {{ font: {FONT_SIZE}px "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #111; }}
.lineage .node rect {{ stroke: #555; stroke-width: 1; }}
.lineage .node.release rect {{ stroke: #111; stroke-width: 2.5; }}
.lineage .node.conflict rect {{ stroke: {CONFLICT}; stroke-width: 3; }}
.lineage .node .id {{ font-weight: bold; }}
.lineage .edge {{ fill: none; stroke: #666; stroke-width: 1.4; }}
.lineage .edge.conflict-path {{ stroke: {CONFLICT}; stroke-width: 2.4; }}
.lineage .legend rect {{ stroke: #555; stroke-width: 1; }}
""".strip()


def cells(value: str) -> int:
    """How many monospace cells `value` takes: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in value)


def _cut(value: str) -> str:
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "\u2026"


def _colour(family: str, families: list[str]) -> str:
    if family in FAMILY_COLOURS:
        return FAMILY_COLOURS[family]
    return SPARE_COLOURS[families.index(family) % len(SPARE_COLOURS)]  # a family added to the vocabulary


def _size(node: Node) -> tuple[float, float]:
    width = max(cells(_cut(node.id)), cells(_cut(node.subtitle))) * CHAR_WIDTH + 2 * PADDING
    return round(width, 1), NODE_HEIGHT


def _node(node: Node, layout: Layout, marks: Marks, families: list[str]) -> str:
    box = layout.boxes[node.id]
    classes = ["node", node.kind]
    if node.released:
        classes.append("release")
    codes = marks.works.get(node.id)
    if codes:
        classes.append("conflict")
    made = f", made by {node.activity}" if node.activity else ""
    tip = f"{node.id} ({node.type}{made}): {node.license}" + (f"; errors: {', '.join(codes)}" if codes else "")
    found = f' data-findings="{attr(" ".join(codes))}"' if codes else ""
    return (f'<g class="{" ".join(classes)}" data-work="{attr(node.id)}" data-license="{attr(node.license)}" '
            f'data-family="{attr(node.family)}"{found}><title>{text(tip)}</title>'
            f'<rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" rx="5" '
            f'fill="{_colour(node.family, families)}"/>'
            f'<text x="{box.x + PADDING}" y="{box.y + 16}" class="id">{text(_cut(node.id))}</text>'
            f'<text x="{box.x + PADDING}" y="{box.y + 32}">{text(_cut(node.subtitle))}</text></g>')


def _ports(links: tuple[Link, ...], layout: Layout) -> dict[Link, tuple[float, float]]:
    """Where each link leaves its source and enters its target: spread along the box's side in the
    order of where the link goes next, so that arrows into one box do not pile up."""
    boxes = layout.boxes
    leaving: dict[str, list[tuple[float, str, Link]]] = {}
    entering: dict[str, list[tuple[float, str, Link]]] = {}
    for link in links:
        route = layout.routes.get((link.source, link.target), ())
        after = route[0].middle if route else boxes[link.target].middle
        before = route[-1].middle if route else boxes[link.source].middle
        leaving.setdefault(link.source, []).append((after, link.target, link))
        entering.setdefault(link.target, []).append((before, link.source, link))
    ends: dict[Link, list[float]] = {link: [0.0, 0.0] for link in links}
    for side, groups in enumerate((leaving, entering)):
        for node, group in groups.items():
            box = boxes[node]
            group.sort(key=lambda item: (item[0], item[1], item[2].role))
            for number, (_, _, link) in enumerate(group, 1):
                ends[link][side] = round(box.y + box.height * number / (len(group) + 1), 1)
    return {link: (start, end) for link, (start, end) in ends.items()}


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = max((x2 - x1) / 2, 12.0)
    return f" C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _edge(link: Link, layout: Layout, marks: Marks, ports: tuple[float, float], prefix: str) -> str:
    source, target = layout.boxes[link.source], layout.boxes[link.target]
    x, y = source.x + source.width, ports[0]
    d = f"M{x:.1f},{y:.1f}"
    for dummy in layout.routes.get((link.source, link.target), ()):
        d += _curve(x, y, dummy.x, dummy.middle) + f" H{dummy.x + dummy.width:.1f}"
        x, y = dummy.x + dummy.width, dummy.middle
    d += _curve(x, y, target.x - 3, ports[1])
    conflict = (link.source, link.target) in marks.links
    classes = f"edge {link.role}" + (" conflict-path" if conflict else "")
    dash = DASHES.get(link.role)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    arrow = prefix + ("arrow-conflict" if conflict else "arrow")
    return (f'<path class="{classes}" data-source="{attr(link.source)}" data-target="{attr(link.target)}" '
            f'data-role="{link.role}"{dashed} marker-end="url(#{arrow})" d="{d}"><title>{text(link.source)} to '
            f'{text(link.target)} ({link.role}, {link.activity})</title></path>')


def _legend(families: list[str], width: float) -> tuple[list[str], float]:
    """The legend's elements, laid out in rows no wider than `width`, and its height."""
    items: list[tuple[str, float]] = []
    for family in families:
        items.append((f'<rect x="0" y="-11" width="14" height="14" fill="{_colour(family, families)}"/>'
                      f'<text x="20" y="0">{text(family)}</text>', 28 + cells(family) * CHAR_WIDTH))
    for role, name in ROLE_NAMES.items():
        dash = f' stroke-dasharray="{DASHES[role]}"' if DASHES[role] else ""
        items.append((f'<path class="edge {role}" d="M0,-4 H30"{dash}/><text x="36" y="0">{text(name)}</text>',
                      50 + cells(name) * CHAR_WIDTH))
    items.append((f'<rect x="0" y="-11" width="14" height="14" fill="#fff" stroke="{CONFLICT}" '
                  f'stroke-width="3"/><text x="20" y="0">an error rests on it</text>',
                  28 + cells("an error rests on it") * CHAR_WIDTH))
    parts, x, y = [], 12.0, 18.0
    for markup, item_width in items:
        if x > 12 and x + item_width > width:
            x, y = 12.0, y + LEGEND_ROW
        parts.append(f'<g transform="translate({x:.1f},{y:.1f})">{markup}</g>')
        x += item_width + 8
    return parts, y + 12


def _markers(prefix: str) -> str:
    out = []
    for name, colour in (("arrow", "#666"), ("arrow-conflict", CONFLICT)):
        out.append(f'<marker id="{prefix}{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
                   f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    return f"<defs>{''.join(out)}</defs>"


def lineage_svg(lineage: Lineage, marks: Marks | None = None, standalone: bool = True, prefix: str = "") -> str:
    """The SVG drawing of `lineage`, with `marks` outlined; `standalone` adds the XML namespace a file
    of its own needs (inline in HTML it is not needed); `prefix` starts its element ids, so that
    several drawings can share a page."""
    marks = marks or Marks()
    ids = [node.id for node in lineage.nodes]
    layout = layered_layout(ids, [(link.source, link.target) for link in lineage.links],
                            {node.id: _size(node) for node in lineage.nodes}.__getitem__)
    families = sorted({node.family for node in lineage.nodes},
                      key=lambda f: (list(FAMILY_COLOURS).index(f) if f in FAMILY_COLOURS else len(FAMILY_COLOURS), f))
    width = max(layout.width, 640.0)
    legend, legend_height = _legend(families, width)
    height = layout.height + legend_height
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out = [f'<svg{namespace} class="lineage" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{attr("lineage of " + lineage.title)}">',
           f"<title>{text('Lineage of ' + lineage.title)}</title>", f"<style>{STYLE}</style>",
           _markers(prefix),
           f'<g class="legend">{"".join(legend)}</g>',
           f'<g class="graph" transform="translate(0,{legend_height:.1f})">', '<g class="edges">']
    ports = _ports(lineage.links, layout)
    out += [_edge(link, layout, marks, ports[link], prefix) for link in lineage.links]
    out.append('</g><g class="nodes">')
    out += [_node(node, layout, marks, families) for node in lineage.nodes]
    out.append("</g></g></svg>")
    return "\n".join(out) + "\n"
