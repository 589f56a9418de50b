"""`python -m benchmarks.hub generate SIZE -o FILE`, `python -m benchmarks.hub run --sizes A,B,C` and
`python -m benchmarks.hub verify DUMP RESULTS`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from benchmarks.hub import forest


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.output in (None, "-"):
        stats = forest.write(args.size, sys.stdout, args.seed)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            stats = forest.write(args.size, out, args.seed)
    if args.stats:
        summary = {key: value for key, value in vars(stats).items()}
        summary["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(summary, sort_keys=True, default=str), file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from benchmarks.hub import runner
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    measures = runner.run(sizes, args.seed, Path(args.out_dir), args.timeout, args.jobs, args.sample_above,
                          args.sample)
    print(runner.report(measures, args.seed, args.jobs))
    if args.json:
        Path(args.json).write_text(json.dumps(runner.to_json(measures), indent=1) + "\n", encoding="utf-8")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from benchmarks.hub.verify import UnknownRepository, verify
    ids = []
    try:
        if args.ids:
            ids = [line.strip() for line in Path(args.ids).read_text(encoding="utf-8").splitlines() if line.strip()]
        found = verify(Path(args.dump), Path(args.results), args.sample, args.seed, ids)
    except UnknownRepository as error:  # only this: a KeyError of verify itself is a bug, not bad input
        print(f"verify: {error.args[0]}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"verify: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    print(json.dumps(found, indent=1))
    return 0 if not found["differences"] else 1


def main(argv: list[str] | None = None) -> int:
    """Generate a dump or run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write a hub-like dump as JSON Lines")
    generate.add_argument("size", type=int, help="repositories")
    generate.add_argument("-o", "--output", help="file to write (default: standard output)")
    generate.add_argument("--seed", type=int, default=forest.DEFAULT_SEED)
    generate.add_argument("--stats", action="store_true", help="print what was generated to standard error")
    generate.set_defaults(handler=_generate)
    run = commands.add_parser("run", help="audit generated dumps of several sizes and report the measures")
    run.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated repositories per dump")
    run.add_argument("--seed", type=int, default=forest.DEFAULT_SEED)
    run.add_argument("--out-dir", default="/tmp/clearance-hub-bench", help="where the dumps and results go")
    run.add_argument("--timeout", type=float, default=1800.0, help="seconds per audit before it is stopped")
    run.add_argument("--json", help="also write the raw measures to this file")
    run.add_argument("--jobs", type=int, default=0, help="pass --jobs N to clearance audit (0: serial)")
    run.add_argument("--sample-above", type=int, default=0,
                     help="estimate sizes above this from a sample of their distinct problems (0: audit every size)")
    run.add_argument("--sample", type=int, default=1000, help="distinct problems solved for an estimate")
    run.set_defaults(handler=_run)
    check = commands.add_parser("verify", help="compare an audit's results with clearance check, sampled")
    check.add_argument("dump", help="the JSON Lines dump that was audited")
    check.add_argument("results", help="the audit's --format jsonl results")
    check.add_argument("--sample", type=int, default=300, help="repositories compared, spread over the verdicts")
    check.add_argument("--seed", type=int, default=1)
    check.add_argument("--ids", help="a file of repository ids (one a line) to compare besides the sample")
    check.set_defaults(handler=_verify)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
