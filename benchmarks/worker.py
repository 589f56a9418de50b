"""The benchmark's worker: one project (or the paper examples), analysed in its own process.

Run by `benchmarks/run.py` as a script (`python benchmarks/worker.py --worker FILE`), so that a blow-up
is cut off by the parent's timeout and the peak memory measured is this run's own. It times the phases
of `clearance check` one by one and reports each as a JSON line on standard output:

- kb:      `load_knowledge_base()` (the same for every project)
- load:    `clearance.sources.project_file.load_project`
- group:   `clearance.grouping.group_project`: interchangeable works reduced to one representative each
- graph:   `clearance.graph.ProjectGraph` of the grouped project
- encode:  `clearance.encodings.encode_release`, every release, as `ReleaseAnalysis` calls it in its
           constructor (wrapped with a timer; nothing is encoded twice)
- problem: the rest of `ReleaseAnalysis(graph, kb, release, settings)`: the tracked solver is built
- solve:   `ReleaseAnalysis.run()`: determination, validation, least-risk licenses and findings
- report:  `clearance.render.report.render_json` of the `Report`

The library is called as `analyze` calls it (grouping, the collector paused); the only change is the
timer around `encode_release`."""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_SOLVER_TIMEOUT = 300.0


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
    from clearance.sources import yaml_reader as yamlsource

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
    from clearance.render.report import render_json
    from clearance.solver import SolverSettings
    from clearance.sources.project_file import load_project

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


def best_of(action: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` calls of `action`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def analysis_worker(files: list[Path], repeat: int) -> None:
    """Time `clearance.analysis.analyze` on each loaded project, best of `repeat` after a warm-up;
    one JSON line per file."""
    from clearance.analysis import analyze
    from clearance.knowledge_base import load_knowledge_base
    from clearance.sources.project_file import load_project

    kb = load_knowledge_base()
    for file in files:
        project = load_project(file, kb)
        analyze(project, kb)  # warm-up: imports and lazily built tables
        _emit({"file": str(file), "seconds": best_of(lambda project=project: analyze(project, kb), repeat)})


def main(argv: list[str] | None = None) -> int:
    """`--worker FILE`: time one project; `--analysis-worker FILE...`: time `analyze` on each."""
    parser = argparse.ArgumentParser(description="The benchmark's worker (started by benchmarks/run.py).")
    parser.add_argument("--worker", metavar="FILE")
    parser.add_argument("--analysis-worker", metavar="FILE", nargs="+")
    parser.add_argument("--analysis-repeat", type=int, default=20)
    parser.add_argument("--lift-limits", action="store_true")
    parser.add_argument("--solver-timeout", type=float, default=DEFAULT_SOLVER_TIMEOUT)
    parser.add_argument("--profile", metavar="FILE")
    args = parser.parse_args(argv)
    if args.worker:
        worker(Path(args.worker), args.lift_limits, Path(args.profile) if args.profile else None,
               args.solver_timeout)
    if args.analysis_worker:
        analysis_worker([Path(name) for name in args.analysis_worker], args.analysis_repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
