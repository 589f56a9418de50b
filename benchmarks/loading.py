"""Loading a large project beside the YAML floor: clearance's bounded reader and its validation
against a plain `yaml.load(text, Loader=yaml.CSafeLoader)` of the same text, in one process.

    python -m benchmarks.loading                          # corpus 10,000 and 100,000, 5 repeats
    python -m benchmarks.loading --sizes 10000 --repeat 9 --shape chain
    cd /tmp && /other/venv/bin/python /path/to/benchmarks/loading.py   # an installed version

Every row is timed once per round, round-robin, in CPU time (on a machine shared by many jobs,
wall time mostly measures the others); the report gives each row's median and the median of its
per-round ratio to the plain C-loader parse (issue 16: reading and validation within 1.3x; the
target is taken against the parse with the collector paused, the stricter of the two). What a
row returns is freed after its time is taken: the caller keeps what it read. The text is in memory for
every row (reading the file is the same for all of them and is left out). `yaml.load` runs with
the cyclic garbage collector as a caller would have it (on); the row `yaml.load, gc off` is the
floor with the collector paused, as clearance pauses it while it reads."""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable

import yaml

try:
    from benchmarks.generate import SHAPES, dump
except ModuleNotFoundError:  # run as a script (from outside the repository, to measure an installed version)
    from generate import SHAPES, dump  # type: ignore[no-redef]

TARGET_RATIO = 1.3
# The corpus's seven license ids, and seven expressions that go through the SPDX parser.
IDS = ("CC-BY-4.0", "CC0-1.0", "MIT", "Apache-2.0", "CC-BY-SA-4.0", "ODC-By-1.0", "CC-BY-NC-4.0")
EXPRESSIONS = ("MIT OR Apache-2.0", "apache-2.0", "llama3.1", "CC-BY-4.0 OR CC0-1.0", "MIT AND CC-BY-4.0",
               "GPL-2.0-only WITH Classpath-exception-2.0", "(MIT OR Apache-2.0) AND CC-BY-SA-4.0")
CALLS = 10_000


def resolution(repeat: int) -> str:
    """A Markdown table: 10,000 resolutions over 7 distinct strings, unmemoised (the resolver
    itself) and through `KnowledgeBase.alternatives` (memoised; a fresh knowledge base each round,
    so its cache starts empty), median of `repeat` rounds."""
    from dataclasses import replace

    from clearance.expressions import resolve
    from clearance.knowledge_base import load_knowledge_base

    kb = load_knowledge_base()
    lines = ["### License-expression resolution: 10,000 calls over 7 distinct strings", "",
             "| strings | unmemoised (CPU s) | memoised (CPU s) |", "|---|---:|---:|"]
    for name, strings in (("the corpus's 7 ids", IDS), ("7 expressions (OR, AND, WITH, Hub ids)", EXPRESSIONS)):
        plain, memo = [], []
        for _ in range(repeat):
            start = time.process_time()
            for index in range(CALLS):
                resolve(kb, strings[index % len(strings)])
            plain.append(time.process_time() - start)
            fresh = replace(kb)
            start = time.process_time()
            for index in range(CALLS):
                fresh.alternatives(strings[index % len(strings)])
            memo.append(time.process_time() - start)
        lines.append(f"| {name} | {statistics.median(plain):.4f} | {statistics.median(memo):.4f} |")
    return "\n".join(lines)


def _rows(text: str, source: str) -> dict[str, Callable[[], object]]:
    """What is timed, by row name; the first row is the reference."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.sources.project_file import parse_project
    from clearance.sources.yaml_reader import parse_yaml

    kb = load_knowledge_base()

    def floor_paused() -> object:
        gc.disable()
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        finally:
            gc.enable()

    return {
        "yaml.load (CSafeLoader)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
        "yaml.load, gc off": floor_paused,
        "clearance read (parse_yaml)": lambda: parse_yaml(text, source),
        "clearance read + validate (parse_project)": lambda: parse_project(text, kb, source),
    }


def measure(text: str, source: str, repeat: int) -> dict[str, list[float]]:
    """Seconds of each row, `repeat` rounds after a warm-up round, round-robin."""
    rows = _rows(text, source)
    for run in rows.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(repeat):
        for name, run in rows.items():
            gc.collect()
            start = time.process_time()
            result = run()
            times[name].append(time.process_time() - start)
            del result  # the caller keeps what it read: freeing it is not part of reading
    return times


def report(shape: str, size: int, times: dict[str, list[float]]) -> str:
    """A Markdown table: median seconds and the median per-round ratio to each floor."""
    on, off = times["yaml.load (CSafeLoader)"], times["yaml.load, gc off"]
    lines = [f"### {shape} {size:,}", "",
             "| row | median (CPU s) | ratio to yaml.load, gc off | ratio to yaml.load, gc on |",
             "|---|---:|---:|---:|"]
    for name, values in times.items():
        ratios = [statistics.median(value / base for value, base in zip(values, floor, strict=True))
                  for floor in (off, on)]
        lines.append(f"| {name} | {statistics.median(values):.3f} | {ratios[0]:.2f} | {ratios[1]:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate each project, time the rows, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", default="corpus", choices=sorted(SHAPES))
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with open("/proc/loadavg") as handle:
        print(f"load average at start: {' '.join(handle.read().split()[:3])}\n")
    print(resolution(args.repeat), "\n")
    for size in (int(part) for part in args.sizes.split(",")):
        text = dump(SHAPES[args.shape](size))
        print(report(args.shape, size, measure(text, f"{args.shape}-{size}.yaml", args.repeat)), "\n")
    with open("/proc/loadavg") as handle:
        print(f"load average at end: {' '.join(handle.read().split()[:3])}  (target: read + validate "
              f"within {TARGET_RATIO}x yaml.load, gc off)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
