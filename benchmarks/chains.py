"""What analysing a lineage chain costs in z3's Python API: wrapper objects created, `model.eval`
calls, tracked constraints and solver checks, and the analysis time, in process.

    python -m benchmarks.chains                      # chain 1,000 and 10,000
    python -m benchmarks.chains --sizes 1000 --shape corpus
    python -m benchmarks.chains --growth-rounds 5     # also the growth exponent, both sizes timed in turn
    cd /tmp && /other/venv/bin/python /path/to/benchmarks/chains.py   # an installed version, not the checkout

It measures whichever `clearance` the interpreter imports (run it with another environment's
python to measure another version): every z3 `AstRef` made (terms, sorts, function
declarations: `AstRef.__init__`) and every `ModelRef.eval` is counted while `analyze` runs."""

from __future__ import annotations

import argparse
import time

import z3

try:
    from benchmarks.generate import SHAPES, dump
except ModuleNotFoundError:  # run as a script (from outside the repository, to measure an installed version)
    from generate import SHAPES, dump  # type: ignore[no-redef]

COUNTS = {"wrappers": 0, "evals": 0, "checks": 0}


def _count() -> None:
    """Count z3 wrappers, model evaluations and solver checks from here on."""
    make, evaluate = z3.AstRef.__init__, z3.ModelRef.eval
    check = z3.Z3_solver_check_assumptions

    def counted_make(self, *args, **kwargs):
        COUNTS["wrappers"] += 1
        make(self, *args, **kwargs)

    def counted_eval(self, *args, **kwargs):
        COUNTS["evals"] += 1
        return evaluate(self, *args, **kwargs)

    def counted_check(*args):
        COUNTS["checks"] += 1
        return check(*args)

    z3.AstRef.__init__, z3.ModelRef.eval, z3.Z3_solver_check_assumptions = counted_make, counted_eval, counted_check


def measure(shape: str, size: int) -> dict[str, float]:
    """Counts and seconds of `analyze` on the generated project."""
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.sources.project_file import parse_project

    kb = load_knowledge_base()
    project = parse_project(dump(SHAPES[shape](size)), kb, f"{shape}-{size}.yaml")
    for key in COUNTS:
        COUNTS[key] = 0
    start = time.process_time()
    report = analyze(project, kb)
    seconds = time.process_time() - start
    return {**COUNTS, "seconds": seconds, "findings": len(report.findings),
            "compliant": report.compliant}


def growth(shape: str, sizes: tuple[int, int], rounds: int) -> str:
    """The growth exponent k of `clearance check` in process (load, analyse, render the JSON report)
    from the smaller size to the larger, time ~ (works + steps)^k, with both sizes timed in turn in
    every round: the median of the rounds' exponents. The time is the process's CPU time: on a
    machine shared by many jobs, wall time mostly measures the others."""
    import math
    import statistics

    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render.report import render_json
    from clearance.sources.project_file import parse_project

    kb = load_knowledge_base()
    texts = {size: dump(SHAPES[shape](size)) for size in sizes}
    weights = {}
    for size, text in texts.items():
        project = parse_project(text, kb, f"{shape}-{size}.yaml")
        weights[size] = len(project.works) + len(project.steps)
        render_json(analyze(project, kb))  # warm-up
    times: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(rounds):
        for size, text in texts.items():
            start = time.process_time()
            render_json(analyze(parse_project(text, kb, f"{shape}-{size}.yaml"), kb))
            times[size].append(time.process_time() - start)
    small, large = sizes
    scale = math.log(weights[large] / weights[small])
    exponents = [math.log(b / a) / scale for a, b in zip(times[small], times[large], strict=True)]
    return (f"| {shape} {small:,} -> {large:,} | {statistics.median(times[small]):.3f} | "
            f"{statistics.median(times[large]):.3f} | {statistics.median(exponents):.3f} | "
            f"{min(exponents):.3f} to {max(exponents):.3f} |")


def main(argv: list[str] | None = None) -> int:
    """Print one Markdown row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", default="chain", choices=sorted(SHAPES))
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--growth-rounds", type=int, default=0,
                        help="also time the first two sizes in turn this many rounds and give the growth exponent")
    args = parser.parse_args(argv)
    sizes = [int(part) for part in args.sizes.split(",")]
    if args.growth_rounds:
        print("| shape, sizes | check in process, small (CPU s) | large (CPU s) | exponent k (median) "
              "| k over the rounds |")
        print("|---|---:|---:|---:|---|")
        print(growth(args.shape, (sizes[0], sizes[1]), args.growth_rounds), "\n", flush=True)
    _count()
    print("| shape | size | z3 wrappers | model.eval | solver checks | analysis (CPU s) | findings | compliant |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for size in sizes:
        row = measure(args.shape, size)
        print(f"| {args.shape} | {size:,} | {row['wrappers']:,} | {row['evals']:,} | {row['checks']:,} | "
              f"{row['seconds']:.2f} | {row['findings']:,} | {row['compliant']} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
