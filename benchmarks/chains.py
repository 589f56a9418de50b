"""What analysing a lineage chain costs in z3's Python API: wrapper objects created, `model.eval`
calls, tracked constraints and solver checks, and the analysis time, in process.

    python -m benchmarks.chains                      # chain 1,000 and 10,000
    python -m benchmarks.chains --sizes 1000 --shape corpus
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
    start = time.perf_counter()
    report = analyze(project, kb)
    seconds = time.perf_counter() - start
    return {**COUNTS, "seconds": seconds, "findings": len(report.findings),
            "compliant": report.compliant}


def main(argv: list[str] | None = None) -> int:
    """Print one Markdown row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", default="chain", choices=sorted(SHAPES))
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args(argv)
    _count()
    print("| shape | size | z3 wrappers | model.eval | solver checks | analysis (s) | findings | compliant |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for size in (int(part) for part in args.sizes.split(",")):
        row = measure(args.shape, size)
        print(f"| {args.shape} | {size:,} | {row['wrappers']:,} | {row['evals']:,} | {row['checks']:,} | "
              f"{row['seconds']:.2f} | {row['findings']:,} | {row['compliant']} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
