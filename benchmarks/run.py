"""Run the clearance benchmarks and print a Markdown report.

    python -m benchmarks.run                 # the full run of docs/benchmarks.md (long: see --timeout)
    python -m benchmarks.run --quick         # small sizes, a minute or two
    python benchmarks/run.py --shapes corpus --corpus-sizes 1000,10000 --timeout 120

Each generated project is analysed in its own worker process (this file, with `--worker`), so that a
blow-up is cut off by a per-run timeout and reported as "timeout" instead of hanging, and so that the
peak memory of one run is the worker's own: its peak resident set size (`getrusage` `ru_maxrss`, or
`VmHWM` from /proc when the run is cut off), which includes the interpreter and Z3's native memory.

The worker times the phases of `clearance check` one by one:

- kb:     `load_knowledge_base()` (the same for every project)
- load:   `clearance.project.load_project`
- group:   `clearance.grouping.group_project`: interchangeable works reduced to one representative each
- graph:   `clearance.graph.ProjectGraph` of the grouped project
- encode:  `clearance.encodings.encode_release`, every release, as `ReleaseAnalysis` calls it in its
           constructor (the worker wraps the function with a timer; nothing is encoded twice)
- problem: the rest of `ReleaseAnalysis(graph, kb, release, settings)`: the tracked solver is built
- solve:   `ReleaseAnalysis.run()`: determination, validation, least-risk licenses and findings
- report:  `clearance.report.render_json` of the `Report`

total = the sum of the phases: what `clearance check` does in process (without reading arguments and
printing). The library is called as it is; the only change is the timer around `encode_release`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import math
import os
import pstats
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

try:
    from benchmarks.generate import DEFAULT_SEED, SHAPES, counts, write
except ModuleNotFoundError:  # run as a script: benchmarks/ itself is on sys.path
    from generate import DEFAULT_SEED, SHAPES, counts, write  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAPER = ROOT / "examples" / "paper"
PHASES = ("kb", "load", "group", "graph", "encode", "problem", "solve", "report")

FULL_SIZES = {"corpus": [1_000, 10_000, 100_000], "chain": [100, 1_000, 10_000], "diamond": [10, 20, 40]}
QUICK_SIZES = {"corpus": [100, 300], "chain": [10, 30], "diamond": [5, 10]}
DEFAULT_TIMEOUT = 300.0
QUICK_TIMEOUT = 60.0
TARGET_PROJECT = "corpus:10000"  # the project of the targets for whole commands
Timing = tuple[float | None, int | None]  # best wall time (None: timeout) and exit code of a process


@dataclass(frozen=True)
class Command:
    """A `clearance` command measured as a whole process.

    `argv` follows `clearance`; `{file}` stands for the project file. `paper` and `large` are the
    targets of issue 5 in seconds (None: no target): on a paper example, and on the large project."""

    name: str
    argv: tuple[str, ...]
    paper: float | None = None
    large: float | None = None


# The commands to measure, each on every paper example (best of --repeat) and once on the large
# project (--commands-on). A new command is measured by adding a line here.
COMMANDS: list[Command] = [
    Command("check", ("check", "{file}", "--format", "json"), paper=0.5, large=10.0),
    Command("explain", ("explain", "{file}", "--format", "json"), large=30.0),
    Command("suggest", ("suggest", "{file}", "--format", "json"), large=30.0),
]


# --------------------------------------------------------------------------------------------------
# The worker: one project, in its own process.
# --------------------------------------------------------------------------------------------------


def _emit(record: dict[str, Any]) -> None:
    """One JSON line to the parent, flushed at once so that a run cut off still reports its phases."""
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


@contextlib.contextmanager
def _phase(name: str, times: dict[str, float]) -> Iterator[None]:
    """Time a phase, add it to `times`, and report it to the parent."""
    _emit({"phase": name, "started": True})
    start = time.perf_counter()
    yield
    times[name] = times.get(name, 0.0) + time.perf_counter() - start
    _emit({"phase": name, "seconds": times[name]})


def _time_encoding(times: dict[str, float]) -> Callable[[], None]:
    """Wrap the `encode_release` that `ReleaseAnalysis` calls with a timer adding to times["encode"].

    Returns the function that puts the original back."""
    import clearance.analysis

    original = clearance.analysis.encode_release

    def timed(*args: Any, **kwargs: Any) -> Any:
        with _phase("encode", times):
            result = original(*args, **kwargs)
        _emit({"phase": "problem", "started": True})
        return result

    clearance.analysis.encode_release = timed

    def restore() -> None:
        clearance.analysis.encode_release = original

    return restore


def _lift_loader_limits(path: Path) -> bool:
    """Raise the project loader's file-size and value-count limits when `path` exceeds them.

    Returns True when it did: a file that large is refused by `clearance check` today."""
    from clearance import yamlsource

    size = path.stat().st_size
    if size <= yamlsource.MAX_FILE_BYTES and _values(path) <= yamlsource.MAX_NODES:
        return False
    yamlsource.MAX_FILE_BYTES = max(yamlsource.MAX_FILE_BYTES, 2 * size)
    yamlsource.MAX_NODES = max(yamlsource.MAX_NODES, 2 * size)
    return True


def _values(path: Path) -> int:
    """How many YAML values the file holds (composed with libyaml: quick, and counted exactly)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count, pending = 0, [yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        count += 1
        if isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return count


def worker(path: Path, lift_limits: bool, profile: Path | None, solver_timeout: float) -> None:
    """Analyse the project at `path` phase by phase, reporting each phase as a JSON line."""
    profiler = cProfile.Profile() if profile else None

    def dump_profile(*_: Any) -> None:
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(str(profile))
        if _:  # called as a signal handler: stop here
            os._exit(124)

    if profiler:
        signal.signal(signal.SIGTERM, dump_profile)
        profiler.enable()
    from clearance.analysis import ReleaseAnalysis, Report
    from clearance.graph import ProjectGraph
    from clearance.knowledge_base import load_knowledge_base
    from clearance.project import load_project
    from clearance.report import render_json
    from clearance.solver import SolverSettings

    try:
        from clearance.grouping import group_project
    except ImportError:  # an engine from before grouping (the baseline of docs/benchmarks.md): no group phase
        group_project = None
    lifted = _lift_loader_limits(path) if lift_limits else False
    _emit({"baseline_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "lifted": lifted})
    times: dict[str, float] = {}
    settings = SolverSettings(timeout=solver_timeout)
    with _phase("kb", times):
        kb = load_knowledge_base()
    with _phase("load", times):
        project = load_project(path, kb)
    # `analyze` runs with the cyclic garbage collector paused (clearance/collector.py), and so do these phases.
    try:
        from clearance.collector import collector_paused
        paused = collector_paused()
    except ImportError:  # an engine from before the pause
        paused = contextlib.nullcontext()
    paused.__enter__()
    grouping = None
    if group_project is not None:
        with _phase("group", times):
            grouping = group_project(project)
    analysed = grouping.project if grouping else project
    with _phase("graph", times):
        graph = ProjectGraph(analysed, kb)
    results = []
    checks = constraints = 0
    restore = _time_encoding(times)
    for release in analysed.releases:
        encoded = times.get("encode", 0.0)
        start = time.perf_counter()
        analysis = ReleaseAnalysis(graph, kb, release, settings)
        times["problem"] = times.get("problem", 0.0) + time.perf_counter() - start - (times["encode"] - encoded)
        _emit({"phase": "problem", "seconds": times["problem"]})
        constraints += len(analysis.encoding.constraints)
        with _phase("solve", times):
            result = analysis.run()
            if grouping and grouping.members:  # as `analyze` does: each finding lists every work it stands for
                result.findings = [grouping.expand_finding(finding) for finding in result.findings]
                result.licenses = grouping.expand_licenses(result.licenses)
            results.append(result)
        checks += analysis.problem.checks
    restore()
    paused.__exit__(None, None, None)
    with _phase("report", times):
        text = render_json(Report(project, results))
    if profiler:
        dump_profile()
    report = Report(project, results)
    _emit({"done": True, "works": len(project.works), "steps": len(project.steps), "constraints": constraints,
           "checks": checks, "findings": len(report.findings), "compliant": report.compliant,
           "report_bytes": len(text.encode()), "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})


# --------------------------------------------------------------------------------------------------
# The parent: generate, run workers, measure commands and paper examples, print the table.
# --------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """The outcome of one generated project."""

    shape: str
    size: int
    works: int = 0
    steps: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    status: str = "ok"  # ok, timeout, error
    running: str | None = None  # the phase a cut-off run was in
    peak_mib: float | None = None
    baseline_mib: float | None = None
    lifted: bool = False
    detail: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    profile: str | None = None

    @property
    def total(self) -> float | None:
        """The sum of the phases, when the run finished."""
        if self.status != "ok":
            return None
        return sum(self.phases.get(name, 0.0) for name in PHASES)

    @property
    def engine(self) -> float | None:
        """The total without the knowledge base (a constant per process): what growth compares."""
        return None if self.total is None else self.total - self.phases.get("kb", 0.0)

    @property
    def nodes(self) -> int:
        """Reused works plus steps: the size the growth ratio compares."""
        return self.works + self.steps


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


def run_project(shape: str, size: int, folder: Path, timeout: float, args: argparse.Namespace) -> Run:
    """Generate one project and analyse it in a worker process with a timeout."""
    path = folder / f"{shape}-{size}.yaml"
    result = Run(shape, size)
    result.works, result.steps = write(shape, size, path, args.seed)
    command = [sys.executable, str(HERE / "run.py"), "--worker", str(path), "--solver-timeout", str(timeout)]
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


def time_process(argv: list[str], repeat: int, timeout: float) -> Timing:
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


def best_of(action: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` calls of `action`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


@dataclass
class PaperRow:
    """One paper example: in-process analysis and each command as a whole process."""

    name: str
    analysis: float
    commands: dict[str, Timing]


def analysis_worker(files: list[Path], repeat: int) -> None:
    """Time `clearance.analysis.analyze` on each loaded project, best of `repeat` after a warm-up;
    one JSON line per file."""
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.project import load_project

    kb = load_knowledge_base()
    for file in files:
        project = load_project(file, kb)
        analyze(project, kb)  # warm-up: imports and lazily built tables
        _emit({"file": str(file), "seconds": best_of(lambda project=project: analyze(project, kb), repeat)})


def measure_paper(repeat_process: int, repeat_analysis: int, timeout: float, only_first: bool) -> list[PaperRow]:
    """Time `clearance.analysis.analyze` in process (in a worker) and every command of COMMANDS as a process."""
    files = sorted(PAPER.glob("*.yaml"))[: 1 if only_first else None]
    _progress(f"in-process analysis of {len(files)} paper example(s) ...")
    command = [sys.executable, str(HERE / "run.py"), "--analysis-repeat", str(repeat_analysis),
               "--analysis-worker", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout * len(files), cwd=ROOT,
                               check=True)
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    analysis = {Path(record["file"]).name: record["seconds"] for record in records}
    rows = []
    base = _clearance_command()
    for file in files:
        _progress(f"paper example {file.name}")
        commands = {}
        for command in COMMANDS:
            argv = base + [part.replace("{file}", str(file)) for part in command.argv]
            commands[command.name] = time_process(argv, repeat_process, timeout)
        rows.append(PaperRow(file.name, analysis[file.name], commands))
    return rows


# --------------------------------------------------------------------------------------------------
# Formatting.
# --------------------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} MiB"


def results_table(runs: list[Run], timeout: float) -> str:
    """The Markdown table of the generated projects."""
    head = ("| shape | size | works | steps | total | peak RSS | " + " | ".join(PHASES)
            + " | constraints | checks | findings | growth |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    previous: dict[str, Run] = {}
    for run in runs:
        cells = [run.shape, f"{run.size:,}", f"{run.works:,}", f"{run.steps:,}"]
        if run.status == "ok":
            cells.append(_seconds(run.total))
        elif run.status == "timeout":
            cells.append(f"**timeout** ({timeout:.0f} s, in {run.running or '?'})")
        elif run.status == "skipped":
            cells.append("skipped (a smaller size timed out)")
        else:
            cells.append(f"**error**: {run.error}")
        note = " ¹" if run.lifted else ""
        cells.append(_mib(run.peak_mib) + ("" if run.status == "ok" or run.peak_mib is None else " (so far)"))
        for name in PHASES:
            if name in run.phases:
                cells.append(_seconds(run.phases[name]) + (note if name == "load" else ""))
            elif run.status == "timeout" and run.running == name:
                cells.append("…")
            else:
                cells.append("–")
        cells.append(f"{run.detail['constraints']:,}" if run.detail else "–")
        cells.append(f"{run.detail['checks']:,}" if run.detail else "–")
        cells.append(f"{run.detail['findings']:,}" if run.detail else "–")
        cells.append(_growth(previous.get(run.shape), run, timeout))
        if run.status in ("ok", "timeout"):
            previous[run.shape] = run
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _growth(before: Run | None, run: Run, timeout: float) -> str:
    """Time ratio against the previous size of the same shape, with the size ratio."""
    if before is None or before.engine is None or run.status == "skipped":
        return "–"
    size_ratio = run.nodes / before.nodes
    if run.engine is None:
        return f"> ×{(timeout - run.phases.get('kb', 0.0)) / before.engine:,.0f} for ×{size_ratio:.1f} works+steps"
    return f"×{run.engine / before.engine:,.1f} for ×{size_ratio:.1f} works+steps"


GROWTH_EXPONENT = math.log(12) / math.log(10)  # ten times the works, at most twelve times the time


def _exponent(before: Run, run: Run, timeout: float) -> tuple[float, bool] | None:
    """The growth exponent k of time ~ (works+steps)**k between two sizes, and whether it is a lower bound."""
    if before.engine is None or run.status not in ("ok", "timeout") or run.nodes == before.nodes:
        return None
    ratio = math.log(run.nodes / before.nodes)
    if run.engine is None:  # cut off: at least the timeout, less the knowledge base
        return math.log((timeout - run.phases.get("kb", 0.0)) / before.engine) / ratio, True
    return math.log(run.engine / before.engine) / ratio, False


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured (or cut off too early to tell)"}[met]


def targets_table(runs: list[Run], paper: list[PaperRow], large: dict[str, Timing], commands_on: str,
                  timeout: float) -> str:
    """The targets of issue 5, each with what was measured and whether it is met."""
    rows: list[tuple[str, str, bool | None]] = []
    # Growth compares the engine's time (total minus the knowledge base, a constant per process).
    by_size = {(run.shape, run.size): run for run in runs}
    if paper:
        for command in COMMANDS:
            if command.paper is None:
                continue
            times = [row.commands[command.name][0] for row in paper]
            finished = [t for t in times if t is not None]
            worst = max(finished) if len(finished) == len(times) else None  # None: one timed out
            plural = "" if len(paper) == 1 else "s"
            measured = (f"{_seconds(min(finished)) if finished else 'timeout'} to "
                        f"{'timeout' if worst is None else _seconds(worst)} over {len(paper)} example{plural}")
            rows.append((f"`clearance {command.name}` on a paper example, whole process: <= {command.paper} s",
                         measured, False if worst is None else worst <= command.paper))
        worst_analysis = max(row.analysis for row in paper)
        rows.append(("the analysis of a paper example, in process: <= 20 ms",
                     f"{_seconds(min(row.analysis for row in paper))} to {_seconds(worst_analysis)}",
                     worst_analysis <= 0.020))
    for size, limit, memory in ((10_000, 10.0, 1024.0), (100_000, 120.0, None)):
        run = by_size.get(("corpus", size))
        target = f"{size:,}-source corpus: <= {limit:.0f} s" + (" and <= 1 GiB peak" if memory else "")
        if run is None or run.status == "skipped":
            rows.append((target, "not run", None))
        elif run.total is None:
            rows.append((target, f"{run.status} after {timeout:.0f} s ({_mib(run.peak_mib)} so far)", False))
        else:
            ok = run.total <= limit and (memory is None or (run.peak_mib or 0) <= memory)
            rows.append((target, f"{_seconds(run.total)}, {_mib(run.peak_mib)}", ok))
    previous: dict[str, Run] = {}
    for run in runs:
        before = previous.get(run.shape)
        found = _exponent(before, run, timeout) if before else None
        if found and before:
            k, bound = found
            # A run cut off gives a lower bound on k: it fails the target only when the bound already does.
            met = (None if k <= GROWTH_EXPONENT else False) if bound else k <= GROWTH_EXPONENT
            rows.append((f"growth, {run.shape} {before.size:,} -> {run.size:,}: time ~ n^k with k <= "
                         f"{GROWTH_EXPONENT:.2f} (10x works, <= 12x time)",
                         f"k {'>' if bound else '='} {k:.2f} (10x works -> {'>' if bound else ''}"
                         f"{10 ** k:,.0f}x time)", met))
        if run.status != "skipped":
            previous[run.shape] = run  # growth compares successive sizes only
    run = by_size.get(("diamond", 40))
    if run is not None:
        measured = (f"{run.status} after {timeout:.0f} s" if run.total is None else _seconds(run.total))
        rows.append(("diamond ladder of depth 40: <= 2 s", measured, run.total is not None and run.total <= 2.0))
    for command in COMMANDS:
        if command.large is None or command.name not in large:
            continue
        seconds, _ = large[command.name]
        measured = f"timeout after {timeout:.0f} s" if seconds is None else _seconds(seconds)
        if commands_on != TARGET_PROJECT:
            rows.append((f"`clearance {command.name}` on {TARGET_PROJECT}: <= {command.large:.0f} s",
                         f"{measured} on {commands_on}", None))
            continue
        rows.append((f"`clearance {command.name}` on {commands_on}: <= {command.large:.0f} s", measured,
                     seconds is not None and seconds <= command.large))
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {target} | {measured} | {_verdict(met)} |" for target, measured, met in rows]
    return "\n".join(lines)


def paper_table(rows: list[PaperRow]) -> str:
    """The Markdown table of the paper examples."""
    names = [command.name for command in COMMANDS]
    head = "| example | analysis in process (best) | " + " | ".join(f"`clearance {n}` process (best)" for n in names)
    lines = [head + " |", "|---|---|" + "---|" * len(names)]
    for row in rows:
        cells = [row.name, _seconds(row.analysis)]
        for name in names:
            seconds, code = row.commands[name]
            cells.append("timeout" if seconds is None else f"{_seconds(seconds)} (exit {code})")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """One line about the machine: cores, CPU model, RAM, Python, Z3."""
    import platform

    import z3

    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return (f"{os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
            f"z3 {z3.get_version_string()}, {platform.system()} {platform.release()}")


def top_functions(profile: str, count: int) -> str:
    """The `count` functions with the most own time in a cProfile dump, as text."""
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    stats.sort_stats("tottime").print_stats(count)
    stats.sort_stats("cumulative").print_stats(count)
    return stream.getvalue()


def _progress(message: str) -> None:
    print(f"[benchmarks] {message}", file=sys.stderr, flush=True)


def _sizes(text: str | None, default: list[int]) -> list[int]:
    if not text:
        return default
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of the benchmark runner (and of its hidden worker mode)."""
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
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--out-dir", help="keep the generated projects here (default: a temporary folder)")
    parser.add_argument("--profile", metavar="DIR", help="profile every worker with cProfile into DIR/*.prof and "
                        "print its hot spots")
    parser.add_argument("--keep-loader-limits", action="store_true",
                        help="do not lift the loader's file-size and value-count limits for huge files")
    parser.add_argument("--json", metavar="FILE", help="also write the raw measurements as JSON")
    parser.add_argument("--worker", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--analysis-worker", metavar="FILE", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--lift-limits", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--solver-timeout", type=float, default=DEFAULT_TIMEOUT, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the Markdown report on standard output."""
    args = parse_args(argv)
    if args.worker:
        worker(Path(args.worker), args.lift_limits, Path(args.profile) if args.profile else None,
               args.solver_timeout)
        return 0
    if args.analysis_worker:
        analysis_worker([Path(name) for name in args.analysis_worker], args.analysis_repeat)
        return 0
    shapes = [shape.strip() for shape in args.shapes.split(",") if shape.strip()]
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        raise SystemExit(f"benchmarks: unknown shape(s) {', '.join(unknown)}; one of {', '.join(SHAPES)}")
    defaults = QUICK_SIZES if args.quick else FULL_SIZES
    sizes = {shape: _sizes(getattr(args, f"{shape}_sizes"), defaults[shape]) for shape in shapes}
    repeat = min(args.repeat, 3) if args.quick else args.repeat
    analysis_repeat = min(args.analysis_repeat, 5) if args.quick else args.analysis_repeat
    commands_on = args.commands_on or ("corpus:100" if args.quick else TARGET_PROJECT)
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
        runs: list[Run] = []
        for shape in shapes:
            timed_out = False
            for size in sizes[shape]:
                if timed_out and not args.continue_after_timeout:
                    runs.append(Run(shape, size, *counts(SHAPES[shape](size, args.seed)), status="skipped"))
                    continue
                _progress(f"{shape} {size:,} ...")
                run = run_project(shape, size, folder, args.timeout, args)
                _progress(f"{shape} {size:,}: {run.status}, total {_seconds(run.total)}")
                timed_out = timed_out or run.status == "timeout"
                runs.append(run)
        paper = [] if args.no_paper else measure_paper(repeat, analysis_repeat, args.timeout, args.quick)
        large = _measure_commands_on(commands_on, folder, args)

    load_after = os.getloadavg()
    out = [f"# clearance benchmarks ({started:%Y-%m-%d %H:%M} UTC)", "", f"Machine: {machine()}", "",
           f"Load average (1, 5, 15 min) at the start: {_loads(load_before)}; at the end: {_loads(load_after)}.", "",
           "## Generated projects", "", results_table(runs, args.timeout), "",
           "Times are wall-clock seconds in one worker process per project; total = kb + load + group + graph + "
           "encode + problem + solve + report. Peak RSS is the worker's "
           "`ru_maxrss` (`VmHWM` when cut off): the interpreter, the knowledge base and Z3 included "
           f"(baseline after imports: {_mib(_baseline(runs))}). constraints = tracked constraints; "
           "checks = solver calls; growth = ratio of total minus kb (the knowledge base is loaded once per "
           "process) against the previous size of the shape."]
    if any(run.lifted for run in runs):
        out += ["", "¹ The file exceeds the loader's limits (`clearance.yamlsource.MAX_FILE_BYTES`, `MAX_NODES`): "
                "`clearance check` refuses it; the benchmark lifted the limits to measure the engine."]
    if paper:
        out += ["", "## Paper examples", "", paper_table(paper), "",
                f"In process: `clearance.analysis.analyze` on a loaded project, best of {analysis_repeat} "
                f"(after one warm-up). Process: the `clearance` command, best of {repeat} runs."]
    if large:
        out += ["", f"## Commands on {commands_on}", "", "| command | wall time | exit |", "|---|---|---|"]
        out += [f"| `clearance {name}` | {f'timeout ({args.timeout:.0f} s)' if t is None else _seconds(t)} | "
                f"{'–' if code is None else code} |" for name, (t, code) in large.items()]
    out += ["", "## Targets (issue 5)", "", targets_table(runs, paper, large, commands_on, args.timeout)]
    if args.profile:
        for run in runs:
            if run.profile and Path(run.profile).exists():
                out += ["", f"## Profile: {run.shape} {run.size:,}", "", "```",
                        top_functions(run.profile, 25).strip(), "```"]
    print("\n".join(out))
    if args.json:
        data = {"started": started.isoformat(), "machine": machine(), "timeout": args.timeout,
                "loadavg": {"start": load_before, "end": load_after},
                "runs": [run.__dict__ | {"total": run.total} for run in runs],
                "paper": [row.__dict__ for row in paper], "commands_on": commands_on, "commands": large}
        Path(args.json).write_text(json.dumps(data, indent=2, default=str) + "\n")
    return 0


def _loads(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def _baseline(runs: list[Run]) -> float | None:
    values = [run.baseline_mib for run in runs if run.baseline_mib]
    return min(values) if values else None


def _measure_commands_on(spec: str, folder: Path, args: argparse.Namespace) -> dict[str, Timing]:
    """Every command of COMMANDS once, as a whole process, on the generated project `spec` (SHAPE:SIZE)."""
    if spec == "none":
        return {}
    shape, _, size_text = spec.partition(":")
    size = int(size_text.replace("_", "").replace(",", ""))
    path = folder / f"{shape}-{size}.yaml"
    if not path.exists():
        write(shape, size, path, args.seed)
    results = {}
    for command in COMMANDS:
        _progress(f"clearance {command.name} on {spec} ...")
        argv = _clearance_command() + [part.replace("{file}", str(path)) for part in command.argv]
        results[command.name] = time_process(argv, 1, args.timeout)
    return results


if __name__ == "__main__":
    sys.exit(main())
