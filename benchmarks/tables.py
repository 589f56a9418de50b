"""The records of a benchmark run and the Markdown tables made of them."""

from __future__ import annotations

import contextlib
import io
import math
import os
import pstats
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PHASES = ("kb", "load", "group", "graph", "encode", "problem", "solve", "report")

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


COMMANDS: list[Command] = [
    Command("check", ("check", "{file}", "--format", "json"), paper=0.5, large=10.0),
    Command("explain", ("explain", "{file}", "--format", "json"), large=30.0),
    Command("suggest", ("suggest", "{file}", "--format", "json"), large=30.0),
]


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


@dataclass
class PaperRow:
    """One paper example: in-process analysis and each command as a whole process."""

    name: str
    analysis: float
    commands: dict[str, Timing]


def as_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def mib(value: float | None) -> str:
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
            cells.append(as_seconds(run.total))
        elif run.status == "timeout":
            cells.append(f"**timeout** ({timeout:.0f} s, in {run.running or '?'})")
        elif run.status == "skipped":
            cells.append("skipped (a smaller size timed out)")
        else:
            cells.append(f"**error**: {run.error}")
        note = " ¹" if run.lifted else ""
        cells.append(mib(run.peak_mib) + ("" if run.status == "ok" or run.peak_mib is None else " (so far)"))
        for name in PHASES:
            if name in run.phases:
                cells.append(as_seconds(run.phases[name]) + (note if name == "load" else ""))
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
            measured = (f"{as_seconds(min(finished)) if finished else 'timeout'} to "
                        f"{'timeout' if worst is None else as_seconds(worst)} over {len(paper)} example{plural}")
            rows.append((f"`clearance {command.name}` on a paper example, whole process: <= {command.paper} s",
                         measured, False if worst is None else worst <= command.paper))
        worst_analysis = max(row.analysis for row in paper)
        rows.append(("the analysis of a paper example, in process: <= 20 ms",
                     f"{as_seconds(min(row.analysis for row in paper))} to {as_seconds(worst_analysis)}",
                     worst_analysis <= 0.020))
    for size, limit, memory in ((10_000, 10.0, 1024.0), (100_000, 120.0, None)):
        run = by_size.get(("corpus", size))
        target = f"{size:,}-source corpus: <= {limit:.0f} s" + (" and <= 1 GiB peak" if memory else "")
        if run is None or run.status == "skipped":
            rows.append((target, "not run", None))
        elif run.total is None:
            rows.append((target, f"{run.status} after {timeout:.0f} s ({mib(run.peak_mib)} so far)", False))
        else:
            ok = run.total <= limit and (memory is None or (run.peak_mib or 0) <= memory)
            rows.append((target, f"{as_seconds(run.total)}, {mib(run.peak_mib)}", ok))
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
        measured = (f"{run.status} after {timeout:.0f} s" if run.total is None else as_seconds(run.total))
        rows.append(("diamond ladder of depth 40: <= 2 s", measured, run.total is not None and run.total <= 2.0))
    for command in COMMANDS:
        if command.large is None or command.name not in large:
            continue
        seconds, _ = large[command.name]
        measured = f"timeout after {timeout:.0f} s" if seconds is None else as_seconds(seconds)
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
        cells = [row.name, as_seconds(row.analysis)]
        for name in names:
            seconds, code = row.commands[name]
            cells.append("timeout" if seconds is None else f"{as_seconds(seconds)} (exit {code})")
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


def load_averages(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def baseline_mib(runs: list[Run]) -> float | None:
    values = [run.baseline_mib for run in runs if run.baseline_mib]
    return min(values) if values else None
