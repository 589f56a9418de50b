"""A layered (Sugiyama-style) drawing of a directed acyclic graph, in pure Python: no Graphviz.

Left to right: longest-path layering (a reused work sits just before the first step that uses it),
an edge that spans several layers passes through a dummy node in each layer between its ends, barycentre
ordering within each layer (a few sweeps each way), then coordinates that pull each node toward its
neighbours while keeping the boxes of a layer apart. Dummies are capped at a few per node, shortest edges
first: a work reused by every step of a long lineage would otherwise need a number of them quadratic in
the lineage's length; the edges left over are drawn straight to their ends. Every step is linear in nodes
plus edges (times a fixed number of sweeps), plus a sort per layer.
The same graph, given in the same order, always gets the same coordinates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SWEEPS = 4
DUMMIES_PER_NODE = 4
DUMMY_HEIGHT = 4.0
LAYER_GAP = 56.0
NODE_GAP = 14.0
MARGIN = 12.0


@dataclass(frozen=True)
class Box:
    """Where one node is drawn: its top-left corner and its size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        """The vertical centre of the box."""
        return self.y + self.height / 2


@dataclass(frozen=True)
class Layout:
    """Boxes of every node, the layer of each, the size of the whole drawing, and for each edge
    routed through the layers it spans, the boxes of its dummies (as wide as their layers)."""

    boxes: dict[str, Box]
    layers: dict[str, int]
    width: float
    height: float
    routes: dict[tuple[str, str], tuple[Box, ...]]


def layered_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]],
                   size_of: Callable[[str], tuple[float, float]]) -> Layout:
    """Lay out the acyclic graph (`nodes`, `edges`); `size_of(node)` is its box's (width, height).
    The order of `nodes` breaks every tie."""
    preds: dict[str, list[str]] = {node: [] for node in nodes}
    succs: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        succs[source].append(target)
        preds[target].append(source)
    layer = _layers(nodes, preds, succs)
    sizes = {node: size_of(node) for node in nodes}
    every = list(nodes)
    routes = _add_dummies(edges, layer, preds, succs, every, DUMMIES_PER_NODE * len(nodes))
    for chain in routes.values():
        sizes.update((dummy, (0.0, DUMMY_HEIGHT)) for dummy in chain)
    rows = _order(every, layer, preds, succs)
    return _place(rows, sizes, preds, succs, routes)


def _add_dummies(edges: Sequence[tuple[str, str]], layer: dict, preds: dict, succs: dict, every: list,
                 budget: int) -> dict[tuple[str, str], list]:
    """Split each edge spanning several layers into a chain through dummy nodes, shortest first, while
    the budget lasts; the dummies join `every` and the adjacency."""
    routes: dict[tuple[str, str], list] = {}
    spans = sorted(((layer[t] - layer[s], number, (s, t)) for number, (s, t) in enumerate(edges)
                    if layer[t] - layer[s] > 1))
    for span, number, (source, target) in spans:
        if span - 1 > budget or (source, target) in routes:
            continue
        budget -= span - 1
        chain = [("dummy", number, k) for k in range(1, span)]
        succs[source].remove(target)
        preds[target].remove(source)
        previous = source
        for k, dummy in enumerate(chain, 1):
            layer[dummy] = layer[source] + k
            preds[dummy], succs[dummy] = [previous], []
            succs[previous].append(dummy)
            every.append(dummy)
            previous = dummy
        succs[previous].append(target)
        preds[target].append(previous)
        routes[(source, target)] = chain
    return routes


def _topological(nodes: Sequence[str], preds: dict[str, list[str]], succs: dict[str, list[str]]) -> list[str]:
    waiting = {node: len(preds[node]) for node in nodes}
    ready = [node for node in nodes if not waiting[node]]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for successor in succs[node]:
            waiting[successor] -= 1
            if not waiting[successor]:
                ready.append(successor)
    if len(order) != len(nodes):
        raise ValueError("the graph has a cycle")
    return order


def _layers(nodes: Sequence[str], preds: dict[str, list[str]], succs: dict[str, list[str]]) -> dict[str, int]:
    """Longest path from the sources; then each source moves up to just before its first user."""
    order = _topological(nodes, preds, succs)
    layer: dict[str, int] = {}
    for node in order:
        layer[node] = 1 + max((layer[p] for p in preds[node]), default=-1)
    for node in order:
        if not preds[node] and succs[node]:
            layer[node] = min(layer[s] for s in succs[node]) - 1
    return layer


def _order(nodes: Sequence[str], layer: dict[str, int], preds: dict[str, list[str]],
           succs: dict[str, list[str]]) -> list[list[str]]:
    """The nodes of each layer, ordered by barycentre sweeps to cut edge crossings."""
    rows: list[list[str]] = [[] for _ in range(1 + max(layer.values(), default=-1))]
    for node in nodes:
        rows[layer[node]].append(node)
    position = {node: (rank + 0.5) / len(row) for row in rows for rank, node in enumerate(row)}

    def sweep(sequence: Sequence[int], first: dict[str, list[str]], second: dict[str, list[str]]) -> None:
        for number in sequence:
            row = rows[number]
            keys = {}
            for rank, node in enumerate(row):
                near = first[node] or second[node]
                centre = sum(position[n] for n in near) / len(near) if near else position[node]
                keys[node] = (centre, rank)
            row.sort(key=keys.__getitem__)
            for rank, node in enumerate(row):
                position[node] = (rank + 0.5) / len(row)

    for _ in range(SWEEPS):
        sweep(range(1, len(rows)), preds, succs)
        sweep(range(len(rows) - 2, -1, -1), succs, preds)
    return rows


def _separate(desired: list[float], heights: list[float]) -> list[float]:
    """Tops as close to `desired` as the order and the gaps allow: the mean of a pass that pushes
    down and one that pushes up, then pushed down once more so that no two boxes overlap."""
    count = len(desired)
    down, up = desired[:], desired[:]
    for i in range(1, count):
        down[i] = max(desired[i], down[i - 1] + heights[i - 1] + NODE_GAP)
    for i in range(count - 2, -1, -1):
        up[i] = min(desired[i], up[i + 1] - heights[i] - NODE_GAP)
    tops = [(a + b) / 2 for a, b in zip(down, up, strict=True)]
    for i in range(1, count):
        tops[i] = max(tops[i], tops[i - 1] + heights[i - 1] + NODE_GAP)
    return tops


def _place(rows: list[list], sizes: dict, preds: dict, succs: dict, routes: dict[tuple[str, str], list]) -> Layout:
    middle: dict[str, float] = {}
    for row in rows:  # a first guess: stacked in order
        top = 0.0
        for node in row:
            middle[node] = top + sizes[node][1] / 2
            top += sizes[node][1] + NODE_GAP
    tops: dict[str, float] = {}
    for neighbours in (preds, succs, preds):
        sequence = rows if neighbours is preds else rows[::-1]
        for row in sequence:
            heights = [sizes[node][1] for node in row]
            desired = []
            for node, height in zip(row, heights, strict=True):
                near = neighbours[node]
                centre = sum(middle[n] for n in near) / len(near) if near else middle[node]
                desired.append(centre - height / 2)
            for node, top, height in zip(row, _separate(desired, heights), heights, strict=True):
                tops[node], middle[node] = top, top + height / 2
    shift = MARGIN - min(tops.values(), default=0.0)
    boxes: dict[str, Box] = {}
    layers: dict[str, int] = {}
    left = MARGIN
    for number, row in enumerate(rows):
        column = max((sizes[node][0] for node in row), default=0.0)
        for node in row:
            width, height = sizes[node]
            if isinstance(node, tuple):  # a dummy spans its layer's column
                boxes[node] = Box(round(left, 1), round(tops[node] + shift, 1), column, height)
                continue
            boxes[node] = Box(round(left + (column - width) / 2, 1), round(tops[node] + shift, 1), width, height)
            layers[node] = number
        left += column + LAYER_GAP
    width = max((b.x + b.width for b in boxes.values()), default=0.0) + MARGIN
    height = max((b.y + b.height for b in boxes.values()), default=0.0) + MARGIN
    drawn = {edge: tuple(boxes.pop(dummy) for dummy in chain) for edge, chain in routes.items()}
    return Layout(boxes, layers, round(width, 1), round(height, 1), drawn)
