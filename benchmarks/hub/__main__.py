"""`python -m benchmarks.hub generate SIZE -o FILE` and `python -m benchmarks.hub run --sizes A,B,C`."""

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
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
