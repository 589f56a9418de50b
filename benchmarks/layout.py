"""How long the lineage drawing of the HTML report takes on large projects (docs/benchmarks.md).

    python -m benchmarks.layout                    # corpus and chain of 1,000 works
    python -m benchmarks.layout --sizes 1000,4000  # and the growth to a larger size

For each generated project (benchmarks/generate.py), it times, best of --repeat runs: `lineage_of` (the
nodes and links), `layered_layout` (layering, ordering, coordinates) and `lineage_svg` (layout and
drawing together), and prints a Markdown table. The analysis is not timed: the drawing does not need it.
It imports clearance in its own process: run it with the package installed, never with the repository
root on PYTHONPATH."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

try:
    from benchmarks import generate
except ModuleNotFoundError:  # run as a script: benchmarks/ itself is on sys.path
    import generate  # type: ignore[no-redef]


def _best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(shape: str, size: int, repeat: int = 3) -> dict[str, float | int | str]:
    """The times (seconds) of the lineage, its layout and the whole SVG for one generated project."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render.layout import layered_layout
    from clearance.render.lineage import lineage_of
    from clearance.render.svg import _size, lineage_svg
    from clearance.sources.project_file import parse_project

    kb = load_knowledge_base()
    project = parse_project(generate.dump(getattr(generate, shape)(size)), kb, f"{shape}-{size}")
    lineage = lineage_of(project, kb)
    sizes = {node.id: _size(node) for node in lineage.nodes}
    ids = [node.id for node in lineage.nodes]
    edges = [(link.source, link.target) for link in lineage.links]
    return {
        "shape": shape, "size": size, "nodes": len(ids), "links": len(edges),
        "lineage": _best(repeat, lambda: lineage_of(project, kb)),
        "layout": _best(repeat, lambda: layered_layout(ids, edges, sizes.__getitem__)),
        "svg": _best(repeat, lambda: lineage_svg(lineage)),
    }


def main(argv: list[str] | None = None) -> None:
    """Measure each shape at each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shapes", default="corpus,chain", help="comma-separated: corpus, chain, diamond")
    parser.add_argument("--sizes", default="1000", help="comma-separated sizes (works, or layers of a diamond)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    print("| shape | size | nodes | links | lineage (s) | layout (s) | layout + SVG (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for shape in args.shapes.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            row = measure(shape, size, args.repeat)
            print(f"| {shape} | {size:,} | {row['nodes']:,} | {row['links']:,} | {row['lineage']:.3f} | "
                  f"{row['layout']:.3f} | {row['svg']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
