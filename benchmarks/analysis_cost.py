"""What one analysis costs (issues 16 and 17): the paper cases analysed in process, and a sample of
the distinct problems of a generated hub dump solved as `clearance audit` solves them.

    python -m benchmarks.analysis_cost                       # paper cases; a 100,000-row hub, 300 problems
    python -m benchmarks.analysis_cost --hub-size 1000000 --sample 400 --rounds 3

Times are CPU seconds of this process (`time.process_time`), the best of `--rounds` passes after a
warm-up pass, so that other jobs on the machine weigh as little as they can. It measures whichever
`clearance` the interpreter imports (run it with an installed wheel to measure a release)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.hub.forest import DEFAULT_SEED

ROOT = Path(__file__).resolve().parent.parent


def paper_cases(rounds: int, runs: int) -> dict[str, float]:
    """Median CPU seconds of loading and analysing each paper case (best median of `rounds`)."""
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.sources.project_file import load_project
    kb = load_knowledge_base()
    files = sorted((ROOT / "examples" / "paper").glob("*.yaml"))
    if not files:  # benchmarks/ copied out of the checkout without examples/ beside it
        raise SystemExit(f"analysis_cost: no paper cases in {ROOT / 'examples' / 'paper'}")
    for path in files:
        analyze(load_project(path, kb), kb)
    medians: dict[str, float] = {}
    for _ in range(rounds):
        for path in files:
            times = []
            for _ in range(runs):
                started = time.process_time()
                analyze(load_project(path, kb), kb)
                times.append(time.process_time() - started)
            medians[path.stem] = min(medians.get(path.stem, 1e9), statistics.median(times))
    return medians


def hub_problems(size: int, sample: int, seed: int) -> list:
    """The projects of `sample` distinct problems of a generated `size`-row dump, spread evenly
    over the order the audit meets them in."""
    from benchmarks.hub.forest import write
    from clearance.audit.inputs import read_index
    from clearance.audit.problem import ALONE
    from clearance.audit.run import Audit
    from clearance.knowledge_base import load_knowledge_base
    kb = load_knowledge_base()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            write(size, out, seed)
        index = read_index([path], kb, None)
    audit = Audit(index, kb)
    keys = [key for key in dict.fromkeys(audit.problems.key(row) for row in index.order if isinstance(row, int))
            if key != ALONE]
    step = max(1, len(keys) // sample)
    print(f"[analysis_cost] {size:,} rows: {len(keys):,} distinct problems, {min(sample, len(keys))} sampled",
          file=sys.stderr)
    return [audit.project(audit.problems.representative[key]) for key in keys[::step][:sample]]


def solve_problems(projects: list, rounds: int) -> tuple[list[float], Counter, dict[str, list[float]]]:
    """CPU seconds of each problem (best of `rounds`), the verdicts, and the times by verdict."""
    from clearance.audit.index import Index
    from clearance.audit.run import Audit
    from clearance.knowledge_base import load_knowledge_base
    kb = load_knowledge_base()
    audit = Audit(Index(kb), kb)
    verdicts = Counter(audit.analyse_and_suggest(project)[0] for project in projects)  # the warm-up pass
    best = [1e9] * len(projects)
    for _ in range(rounds):
        for at, project in enumerate(projects):
            started = time.process_time()
            audit.analyse_and_suggest(project)
            best[at] = min(best[at], time.process_time() - started)
    by_verdict: dict[str, list[float]] = defaultdict(list)
    for project, seconds in zip(projects, best, strict=True):
        by_verdict[audit.analyse_and_suggest(project)[0]].append(seconds)
    return best, verdicts, by_verdict


def report(medians: dict[str, float], times: list[float], verdicts: Counter, by_verdict: dict[str, list[float]],
           size: int) -> str:
    """The Markdown tables."""
    lines = ["| paper case, in process (load + analyse) | median CPU ms |", "|---|---:|"]
    lines += [f"| {name} | {seconds * 1000:.2f} |" for name, seconds in medians.items()]
    lines += [f"| median of the cases | {statistics.median(medians.values()) * 1000:.2f} |", ""]
    if not size:
        return "\n".join(lines)  # no hub asked for
    ordered = sorted(times)
    total = sum(ordered)

    def share(fraction: float) -> str:
        return f"{sum(ordered[-max(1, int(len(ordered) * fraction)):]) / total:.0%}"

    lines += [f"| {len(times)} distinct problems of a {size:,}-row hub | CPU ms |", "|---|---:|",
              f"| mean | {total / len(times) * 1000:.2f} |",
              f"| median | {statistics.median(ordered) * 1000:.2f} |",
              f"| 90th percentile | {ordered[int(len(ordered) * 0.9)] * 1000:.1f} |",
              f"| 99th percentile | {ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000:.1f} |",
              f"| slowest | {ordered[-1] * 1000:.1f} |",
              f"| share of the time in the slowest 1 % / 10 % | {share(0.01)} / {share(0.10)} |", ""]
    lines += ["| verdict | problems | mean CPU ms | share of the time |", "|---|---:|---:|---:|"]
    for verdict, seconds in sorted(by_verdict.items()):
        lines.append(f"| {verdict} | {verdicts[verdict]} | {sum(seconds) / len(seconds) * 1000:.2f} | "
                     f"{sum(seconds) / total:.0%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes; the best counts (default 3)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each paper case per pass (default 15)")
    parser.add_argument("--hub-size", type=int, default=100_000, help="rows of the generated dump (0: no hub)")
    parser.add_argument("--sample", type=int, default=300, help="distinct problems solved (default 300)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the hub generator's seed")
    args = parser.parse_args(argv)
    medians = paper_cases(args.rounds, args.runs)
    if args.hub_size:
        times, verdicts, by_verdict = solve_problems(hub_problems(args.hub_size, args.sample, args.seed), args.rounds)
    else:
        times, verdicts, by_verdict = [0.0], Counter(), {}
    print(report(medians, times, verdicts, by_verdict, args.hub_size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
