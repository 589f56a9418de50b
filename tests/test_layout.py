"""The layered layout: edges go left to right, boxes of one layer never overlap, the same graph
always gets the same coordinates, and long edges pass through dummies within the budget."""

from __future__ import annotations

import random

import pytest

from clearance.render.layout import DUMMIES_PER_NODE, layered_layout


def _size(node: str) -> tuple[float, float]:
    return 20.0 + 7 * len(node), 40.0


def _random_dag(count: int, seed: int) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"w{index}" for index in range(count)]
    edges = sorted({(nodes[rng.randrange(i)], nodes[i]) for i in range(1, count) for _ in range(rng.randrange(3))})
    return nodes, edges


def _overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize("seed", range(5))
def test_edges_point_right_and_boxes_do_not_overlap(seed):
    nodes, edges = _random_dag(60, seed)
    layout = layered_layout(nodes, edges, _size)
    assert set(layout.boxes) == set(nodes)
    for source, target in edges:
        assert layout.layers[source] < layout.layers[target]
        assert layout.boxes[source].x + layout.boxes[source].width < layout.boxes[target].x
    boxes = list(layout.boxes.values())
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    for box in boxes:
        assert 0 <= box.x and box.x + box.width <= layout.width and 0 <= box.y and box.y + box.height <= layout.height


def test_same_graph_same_coordinates():
    nodes, edges = _random_dag(80, 7)
    assert layered_layout(nodes, edges, _size) == layered_layout(list(nodes), list(edges), _size)


def test_a_reused_work_sits_just_before_its_first_user():
    nodes = ["base", "data", "a", "b", "c"]
    edges = [("base", "a"), ("a", "b"), ("b", "c"), ("data", "c")]
    layout = layered_layout(nodes, edges, _size)
    assert layout.layers["data"] == layout.layers["c"] - 1
    assert [layout.layers[n] for n in ("base", "a", "b", "c")] == [0, 1, 2, 3]


def test_long_edges_pass_through_one_dummy_per_layer_spanned():
    nodes = ["s", "a", "b", "c", "t"]
    edges = [("s", "a"), ("a", "b"), ("b", "c"), ("c", "t"), ("s", "t")]
    layout = layered_layout(nodes, edges, _size)
    route = layout.routes[("s", "t")]
    assert len(route) == 3
    assert all(layout.boxes["s"].x < d.x < layout.boxes["t"].x for d in route)
    assert [d.x for d in route] == sorted(d.x for d in route)


def test_dummies_stay_within_their_budget():
    # One dataset used by every step of a long lineage would need a quadratic number of dummies.
    size = 300
    nodes = ["root", "shared", *[f"s{i}" for i in range(size)]]
    edges = [("root", "s0"), *[(f"s{i}", f"s{i + 1}") for i in range(size - 1)],
             *[("shared", f"s{i}") for i in range(size)]]
    layout = layered_layout(nodes, edges, _size)
    assert sum(len(route) for route in layout.routes.values()) <= DUMMIES_PER_NODE * len(nodes)
    assert len(layout.boxes) == len(nodes)


def test_a_cycle_is_refused():
    with pytest.raises(ValueError, match="cycle"):
        layered_layout(["a", "b"], [("a", "b"), ("b", "a")], _size)


def test_empty_and_single_node_graphs():
    assert layered_layout([], [], _size).boxes == {}
    assert set(layered_layout(["only"], [], _size).boxes) == {"only"}
