"""Run the clearance benchmarks and print a Markdown report.

    python -m benchmarks.run                 # the full run of docs/benchmarks.md (long: see --timeout)
    python -m benchmarks.run --quick         # small sizes, a minute or two
    python benchmarks/run.py --shapes corpus --corpus-sizes 1000,10000 --timeout 120

Each generated project is analysed in its own worker process (`benchmarks/worker.py`, which times the
phases of `clearance check`), so that a blow-up is cut off by a per-run timeout and reported as
"timeout" instead of hanging, and so that the peak memory of one run is the worker's own: its peak
resident set size (`getrusage` `ru_maxrss`, or `VmHWM` from /proc when the run is cut off), which
includes the interpreter and Z3's native memory. `benchmarks/tables.py` makes the tables."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

try:
    from benchmarks import generate, tables
except ModuleNotFoundError:  # run as a script: benchmarks/ itself is on sys.path
    import generate  # type: ignore[no-redef]
    import tables  # type: ignore[no-redef]


HERE = Path(__file__).resolve().parent


ROOT = HERE.parent


PAPER = ROOT / "examples" / "paper"


FULL_SIZES = {"corpus": [1_000, 10_000, 100_000], "chain": [100, 1_000, 10_000], "diamond": [10, 20, 40]}


QUICK_SIZES = {"corpus": [100, 300], "chain": [10, 30], "diamond": [5, 10]}


DEFAULT_TIMEOUT = 300.0


QUICK_TIMEOUT = 60.0


def _peak_kib(pid: int) -> int | None:
    """The peak resident set size of a live process, from /proc (Linux only)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _stop(process: subprocess.Popen[str]) -> None:
    """Stop a worker we started: SIGTERM (it dumps its profile), then SIGKILL after 10 s."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_project(shape: str, size: int, folder: Path, timeout: float, args: argparse.Namespace) -> tables.Run:
    """Generate one project and analyse it in a worker process with a timeout."""
    path = folder / f"{shape}-{size}.yaml"
    result = tables.Run(shape, size)
    result.works, result.steps = generate.write(shape, size, path, args.seed)
    command = [sys.executable, str(HERE / "worker.py"), "--worker", str(path), "--solver-timeout", str(timeout)]
    if not args.keep_loader_limits:
        command.append("--lift-limits")
    if args.profile:
        result.profile = str(Path(args.profile) / f"{shape}-{size}.prof")
        Path(args.profile).mkdir(parents=True, exist_ok=True)
        command += ["--profile", result.profile]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        peak = _peak_kib(process.pid)
        _stop(process)
        out, err = process.communicate()
        result.status = "timeout"
        result.peak_mib = peak / 1024 if peak else None
    for line in out.splitlines():
        record = json.loads(line)
        if "phase" in record:
            if "seconds" in record:
                result.phases[record["phase"]] = record["seconds"]
                result.running = None
            else:
                result.running = record["phase"]
        elif "baseline_kib" in record:
            result.baseline_mib = record["baseline_kib"] / 1024
            result.lifted = record["lifted"]
        elif record.get("done"):
            result.detail = record
            result.peak_mib = record["maxrss_kib"] / 1024
    if result.status == "ok" and not result.detail:
        result.status = "error"
        result.error = (err.strip().splitlines() or [f"exit code {process.returncode}"])[-1]
    return result


def _clearance_command() -> list[str]:
    """How to start `clearance` as a whole process: the console script next to this interpreter."""
    script = Path(sys.executable).parent / "clearance"
    if script.exists():
        return [str(script)]
    found = shutil.which("clearance")
    if found:
        return [found]
    raise SystemExit("benchmarks: the `clearance` command is not installed (pip install -e .)")


def time_process(argv: list[str], repeat: int, timeout: float) -> tables.Timing:
    """Best wall time of `repeat` runs of a whole process, and its exit code; (None, None) on timeout."""
    best: float | None = None
    code: int | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            completed = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
                                       cwd=ROOT, check=False)
        except subprocess.TimeoutExpired:
            return None, None
        elapsed = time.perf_counter() - start
        code = completed.returncode
        best = elapsed if best is None else min(best, elapsed)
    return best, code


def measure_paper(repeat_process: int, repeat_analysis: int, timeout: float, only_first: bool) -> list[tables.PaperRow]:
    """Time `clearance.analysis.analyze` in process (in a worker) and every command of COMMANDS as a process."""
    files = sorted(PAPER.glob("*.yaml"))[: 1 if only_first else None]
    progress(f"in-process analysis of {len(files)} paper example(s) ...")
    command = [sys.executable, str(HERE / "worker.py"), "--analysis-repeat", str(repeat_analysis),
               "--analysis-worker", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout * len(files), cwd=ROOT,
                               check=True)
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    analysis = {Path(record["file"]).name: record["seconds"] for record in records}
    rows = []
    base = _clearance_command()
    for file in files:
        progress(f"paper example {file.name}")
        commands = {}
        for command in tables.COMMANDS:
            argv = base + [part.replace("{file}", str(file)) for part in command.argv]
            commands[command.name] = time_process(argv, repeat_process, timeout)
        rows.append(tables.PaperRow(file.name, analysis[file.name], commands))
    return rows


def progress(message: str) -> None:
    print(f"[benchmarks] {message}", file=sys.stderr, flush=True)


def _sizes(text: str | None, default: list[int]) -> list[int]:
    if not text:
        return default
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of the benchmark runner."""
    parser = argparse.ArgumentParser(description="Benchmark clearance on generated large projects and on the "
                                     "paper examples; print a Markdown report.")
    parser.add_argument("--shapes", default="corpus,chain,diamond", help="comma-separated: corpus, chain, diamond")
    parser.add_argument("--corpus-sizes", help="sources, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--chain-sizes", help="steps, comma-separated (default 100,1000,10000)")
    parser.add_argument("--diamond-sizes", help="layers, comma-separated (default 10,20,40)")
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats, one paper example "
                        "(a few minutes)")
    parser.add_argument("--timeout", type=float, default=None,
                        help=f"seconds per generated project and per command run (default {DEFAULT_TIMEOUT:.0f}, "
                        f"quick {QUICK_TIMEOUT:.0f})")
    parser.add_argument("--continue-after-timeout", action="store_true",
                        help="also run the larger sizes of a shape after one timed out (default: skip them)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command process (best is kept)")
    parser.add_argument("--analysis-repeat", type=int, default=20, help="runs of the in-process paper analysis")
    parser.add_argument("--no-paper", action="store_true", help="skip the paper examples")
    parser.add_argument("--commands-on", default=None,
                        help="SHAPE:SIZE to run every command of COMMANDS on as a whole process "
                        "(default corpus:10000, quick corpus:100; 'none' to skip)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--out-dir", help="keep the generated projects here (default: a temporary folder)")
    parser.add_argument("--profile", metavar="DIR", help="profile every worker with cProfile into DIR/*.prof and "
                        "print its hot spots")
    parser.add_argument("--keep-loader-limits", action="store_true",
                        help="do not lift the loader's file-size and value-count limits for huge files")
    parser.add_argument("--json", metavar="FILE", help="also write the raw measurements as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the Markdown report on standard output."""
    args = parse_args(argv)
    shapes = [shape.strip() for shape in args.shapes.split(",") if shape.strip()]
    unknown = [shape for shape in shapes if shape not in generate.SHAPES]
    if unknown:
        raise SystemExit(f"benchmarks: unknown shape(s) {', '.join(unknown)}; one of {', '.join(generate.SHAPES)}")
    defaults = QUICK_SIZES if args.quick else FULL_SIZES
    sizes = {shape: _sizes(getattr(args, f"{shape}_sizes"), defaults[shape]) for shape in shapes}
    repeat = min(args.repeat, 3) if args.quick else args.repeat
    analysis_repeat = min(args.analysis_repeat, 5) if args.quick else args.analysis_repeat
    commands_on = args.commands_on or ("corpus:100" if args.quick else tables.TARGET_PROJECT)
    if args.timeout is None:
        args.timeout = QUICK_TIMEOUT if args.quick else DEFAULT_TIMEOUT
    load_before = os.getloadavg()
    started = datetime.now(timezone.utc)

    with contextlib.ExitStack() as stack:
        if args.out_dir:
            folder = Path(args.out_dir)
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="clearance-bench-")))
        runs: list[tables.Run] = []
        for shape in shapes:
            timed_out = False
            for size in sizes[shape]:
                if timed_out and not args.continue_after_timeout:
                    planned = generate.counts(generate.SHAPES[shape](size, args.seed))
                    runs.append(tables.Run(shape, size, *planned, status="skipped"))
                    continue
                progress(f"{shape} {size:,} ...")
                run = run_project(shape, size, folder, args.timeout, args)
                progress(f"{shape} {size:,}: {run.status}, total {tables.as_seconds(run.total)}")
                timed_out = timed_out or run.status == "timeout"
                runs.append(run)
        paper = [] if args.no_paper else measure_paper(repeat, analysis_repeat, args.timeout, args.quick)
        large = _measure_commands_on(commands_on, folder, args)

    load_after = os.getloadavg()
    out = [f"# clearance benchmarks ({started:%Y-%m-%d %H:%M} UTC)", "", f"Machine: {tables.machine()}", "",
           f"Load average (1, 5, 15 min) at the start: {tables.load_averages(load_before)}; "
           f"at the end: {tables.load_averages(load_after)}.", "",
           "## Generated projects", "", tables.results_table(runs, args.timeout), "",
           "Times are wall-clock seconds in one worker process per project; total = kb + load + group + graph + "
           "encode + problem + solve + report. Peak RSS is the worker's "
           "`ru_maxrss` (`VmHWM` when cut off): the interpreter, the knowledge base and Z3 included "
           f"(baseline after imports: {tables.mib(tables.baseline_mib(runs))}). constraints = tracked constraints; "
           "checks = solver calls; growth = ratio of total minus kb (the knowledge base is loaded once per "
           "process) against the previous size of the shape."]
    if any(run.lifted for run in runs):
        out += ["", "¹ The file exceeds the loader's limits (`yaml_reader.MAX_FILE_BYTES`, `MAX_NODES`): "
                "`clearance check` refuses it; the benchmark lifted the limits to measure the engine."]
    if paper:
        out += ["", "## Paper examples", "", tables.paper_table(paper), "",
                f"In process: `clearance.analysis.analyze` on a loaded project, best of {analysis_repeat} "
                f"(after one warm-up). Process: the `clearance` command, best of {repeat} runs."]
    if large:
        out += ["", f"## Commands on {commands_on}", "", "| command | wall time | exit |", "|---|---|---|"]
        out += [f"| `clearance {name}` | {f'timeout ({args.timeout:.0f} s)' if t is None else tables.as_seconds(t)} | "
                f"{'–' if code is None else code} |" for name, (t, code) in large.items()]
    out += ["", "## Targets (issue 5)", "", tables.targets_table(runs, paper, large, commands_on, args.timeout)]
    if args.profile:
        for run in runs:
            if run.profile and Path(run.profile).exists():
                out += ["", f"## Profile: {run.shape} {run.size:,}", "", "```",
                        tables.top_functions(run.profile, 25).strip(), "```"]
    print("\n".join(out))
    if args.json:
        data = {"started": started.isoformat(), "machine": tables.machine(), "timeout": args.timeout,
                "loadavg": {"start": load_before, "end": load_after},
                "runs": [run.__dict__ | {"total": run.total} for run in runs],
                "paper": [row.__dict__ for row in paper], "commands_on": commands_on, "commands": large}
        Path(args.json).write_text(json.dumps(data, indent=2, default=str) + "\n")
    return 0


def _measure_commands_on(spec: str, folder: Path, args: argparse.Namespace) -> dict[str, tables.Timing]:
    """Every command of COMMANDS once, as a whole process, on the generated project `spec` (SHAPE:SIZE)."""
    if spec == "none":
        return {}
    shape, _, size_text = spec.partition(":")
    size = int(size_text.replace("_", "").replace(",", ""))
    path = folder / f"{shape}-{size}.yaml"
    if not path.exists():
        generate.write(shape, size, path, args.seed)
    results = {}
    for command in tables.COMMANDS:
        progress(f"clearance {command.name} on {spec} ...")
        argv = _clearance_command() + [part.replace("{file}", str(path)) for part in command.argv]
        results[command.name] = time_process(argv, 1, args.timeout)
    return results


if __name__ == "__main__":
    sys.exit(main())
