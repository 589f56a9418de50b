"""The hub audit benchmark: for each size, a generated dump (benchmarks/hub/forest.py), the physical
floor (reading the dump alone: every line through `json.loads`, in a process of its own) and
`clearance audit DUMP --format jsonl -o RESULTS` as a subprocess of the installed package, timed
wall-clock, its peak resident set (the kernel's rusage of the child, and the sum over the child and
every process under it, sampled from /proc: with `--jobs` the workers are not the child's own
children, so the rusage leaves them out), its distinct problems from the summary line, and its
time split from `--timings` when the command has it. Then the growth exponent between successive
sizes and a Markdown table (docs/benchmarks.md, "Hub audit")."""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.hub import forest

FLOOR = """
import json, sys, time
started = time.perf_counter()
with open(sys.argv[1], "rb") as dump:
    raw = dump.read()
read = time.perf_counter() - started
del raw
started = time.perf_counter()
rows = 0
with open(sys.argv[1], encoding="utf-8") as dump:
    for line in dump:
        json.loads(line)
        rows += 1
print(json.dumps({"bytes": read, "json": time.perf_counter() - started, "rows": rows}))
"""
PHASES = ("read", "group", "solve", "write", "total")  # the time split `clearance audit --timings` prints
# what `--timings` counts rather than times: analyses made for other id orders, and analyses made
# again in a fresh z3 context
COUNTS = ("variants", "fallbacks")
# A size too large to audit in full on a shared machine is measured in a worker through the
# library: reading and grouping in full, then a sample of its distinct problems solved, evenly
# spread over the order they are met in. The solve time is extrapolated: problems x mean.
SAMPLE = """
import json, resource, sys, time
from pathlib import Path
from clearance.audit.inputs import read_index
from clearance.audit.problem import ALONE
from clearance.audit.run import Audit
from clearance.knowledge_base import load_knowledge_base
kb = load_knowledge_base()
started = time.perf_counter()
index = read_index([Path(sys.argv[1])], kb, None)
read = time.perf_counter() - started
audit = Audit(index, kb)
started = time.perf_counter()
keys = list(dict.fromkeys(audit.problems.key(row) for row in index.order if isinstance(row, int)))
keys = [key for key in keys if key != ALONE]
group = time.perf_counter() - started
step = max(1, len(keys) // int(sys.argv[2]))
sample = keys[::step][: int(sys.argv[2])]
started = time.perf_counter()
for key in sample:
    audit._solve(audit.problems.representative[key])
solved = time.perf_counter() - started
print(json.dumps({"read": read, "group": group, "problems": len(keys), "sampled": len(sample),
                  "mean": solved / len(sample), "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""
TARGET_SECONDS, TARGET_BYTES = 300.0, 4 << 30  # issue 17, at 1,000,000 repositories


@dataclass
class Measure:
    """One size: the dump, the floor, and the audit."""

    size: int
    dump_bytes: int = 0
    generate_seconds: float | None = None
    floor_bytes_seconds: float = 0.0
    floor_json_seconds: float = 0.0
    wall_seconds: float | None = None
    peak_rss: int = 0
    peak_tree_rss: int = 0  # the audit and every process under it (its workers), summed, sampled
    exit_code: int | None = None
    problems: int | None = None
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    error: str | None = None
    estimated: bool = False  # wall_seconds extrapolated from a sample of the distinct problems
    sampled: int = 0

    @property
    def peak(self) -> int:
        """The peak the memory target is read against: with workers, the sum over all processes."""
        return max(self.peak_rss, self.peak_tree_rss)

    @property
    def ratio(self) -> float | None:
        """Audit wall time over the floor (json.loads of every line)."""
        if self.wall_seconds is None or not self.floor_json_seconds:
            return None
        return self.wall_seconds / self.floor_json_seconds


def _parents() -> dict[int, int]:
    """The parent of every process /proc lists now."""
    found = {}
    for folder in Path("/proc").iterdir():
        if folder.name.isdigit():
            try:
                stat = (folder / "stat").read_text()
            except OSError:  # it ended meanwhile
                continue
            # pid (comm) state ppid ...: the command may hold spaces and parentheses
            found[int(folder.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def tree_rss(pid: int) -> int:
    """The resident bytes of process `pid` and of every process under it, summed (pages they share,
    such as the interpreter's, count once in each: an upper bound); 0 when it has ended."""
    parents = _parents()
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    total, pending = 0, [pid]
    while pending:
        process = pending.pop()
        pending.extend(children.get(process, ()))
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024  # kB
                break
    return total


def clearance_command() -> list[str]:
    """The installed `clearance` of this interpreter's environment."""
    beside = Path(sys.executable).parent / "clearance"
    return [str(beside)] if beside.exists() else [shutil.which("clearance") or "clearance"]


def has_option(option: str) -> bool:
    """Whether `clearance audit` offers `option` (the time split needs `--timings`)."""
    result = subprocess.run([*clearance_command(), "audit", "--help"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}, check=False)
    return option in result.stdout


def dump_for(size: int, seed: int, out_dir: Path, measure: Measure) -> Path:
    """The dump of `size` rows (generated once per size and seed, then reused)."""
    path = out_dir / f"hub-{size}-{seed}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            forest.write(size, out, seed)
        partial.rename(path)
        measure.generate_seconds = time.perf_counter() - started
    measure.dump_bytes = path.stat().st_size
    return path


def floor(path: Path) -> tuple[float, float]:
    """Seconds to read the dump's bytes, and to json.loads each of its lines, in a fresh process."""
    result = subprocess.run([sys.executable, "-c", FLOOR, str(path)], capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    return data["bytes"], data["json"]


def _summary(results: Path) -> dict:
    """The last line of the jsonl results: the summary."""
    with open(results, "rb") as stream:
        stream.seek(0, os.SEEK_END)
        stream.seek(max(0, stream.tell() - (1 << 20)))
        last = stream.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return json.loads(last)


def _timings(stderr: str) -> dict:
    for line in reversed(stderr.splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):  # {"repositories", "problems", "seconds": {"read", "group", "solve", ...}}
            return {**{k: v for k, v in data.items() if k != "seconds"}, **data.get("seconds", {})}
    return {}


def audit(path: Path, results: Path, measure: Measure, timeout: float, timings: bool, jobs: int = 0) -> None:
    """Run `clearance audit` on `path` and record its wall time, peak RSS, summary and time split."""
    results.unlink(missing_ok=True)
    command = [*clearance_command(), "audit", str(path), "--format", "jsonl", "-o", str(results), "-q"]
    if timings:
        command.append("--timings")
    if jobs:
        command += ["--jobs", str(jobs)]
    errors = results.with_suffix(".stderr")
    measure.load_before = os.getloadavg()
    started = time.perf_counter()
    with open(errors, "w", encoding="utf-8") as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        deadline = started + timeout
        sampled = 0.0
        while True:
            if time.perf_counter() - sampled >= 0.25:
                sampled = time.perf_counter()
                measure.peak_tree_rss = max(measure.peak_tree_rss, tree_rss(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                measure.error = f"timeout after {timeout:.0f} s"
                break
            time.sleep(0.05)
    measure.wall_seconds = time.perf_counter() - started
    measure.load_after = os.getloadavg()
    child.returncode = os.waitstatus_to_exitcode(status)
    measure.exit_code = child.returncode
    measure.peak_rss = usage.ru_maxrss * 1024  # KiB on Linux
    stderr = errors.read_text(encoding="utf-8", errors="replace")
    if measure.error is None and child.returncode not in (0, 1):
        measure.error = f"exit {child.returncode}: {stderr.strip()[-300:]}"
        return
    if measure.error is None:
        summary = _summary(results)
        measure.problems, measure.counts = summary.get("problems"), summary.get("counts", {})
        measure.timings = _timings(stderr) if timings else {}


def estimate(path: Path, measure: Measure, sample: int, write_per_row: float) -> None:
    """Measure `path` through the library with `sample` distinct problems solved, and extrapolate
    the audit's wall time: read + group + problems x mean solve + rows x `write_per_row`."""
    measure.load_before = os.getloadavg()
    started = time.perf_counter()
    # run from the dump's folder: `-c` puts the working directory first on sys.path, and the
    # repository root's clearance/ must not shadow the installed package
    result = subprocess.run([sys.executable, "-c", SAMPLE, str(path.resolve()), str(sample)], capture_output=True,
                            text=True, check=False, cwd=path.resolve().parent)
    measure.load_after = os.getloadavg()
    if result.returncode:
        measure.error = f"sample failed: {result.stderr.strip()[-300:]}"
        return
    data = json.loads(result.stdout)
    solve = data["problems"] * data["mean"]
    write = measure.size * write_per_row
    measure.problems, measure.sampled, measure.peak_rss = data["problems"], data["sampled"], data["peak"]
    measure.timings = {"read": data["read"], "group": data["group"], "solve": solve, "write": write,
                       "total": data["read"] + data["group"] + solve + write,
                       "sample seconds": time.perf_counter() - started, "ms per problem": 1000 * data["mean"]}
    measure.wall_seconds, measure.estimated = measure.timings["total"], True


def growth(measures: list[Measure]) -> list[float | None]:
    """k in time ~ size^k between each size and the one before (None for the first)."""
    out: list[float | None] = [None]
    for before, after in zip(measures, measures[1:], strict=False):
        if before.wall_seconds and after.wall_seconds and not before.error and not after.error:
            out.append(math.log(after.wall_seconds / before.wall_seconds) / math.log(after.size / before.size))
        else:
            out.append(None)
    return out


def machine() -> str:
    """The machine, in one line."""
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 30)
    return (f"{os.cpu_count()} CPUs ({model}), {memory:.1f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def table(measures: list[Measure]) -> str:
    """The Markdown table of the measures."""
    found = {key for m in measures if not m.estimated
             for key, value in m.timings.items() if isinstance(value, int | float)}
    counts = [key for key in COUNTS if key in found]  # numbers of analyses, not seconds
    keys = [key for key in PHASES if key in found] + sorted(found - set(PHASES) - {"problems", "repositories", *COUNTS})
    head = ["repositories", "dump", "floor: json.loads", "audit wall", "× floor", "peak RSS",
            "peak RSS, all processes", "distinct problems",
            *keys, *counts, "growth k", "load avg (1 min, before → after)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for measure, k in zip(measures, growth(measures), strict=True):
        wall = measure.error or _seconds(measure.wall_seconds)
        if measure.estimated and not measure.error:
            wall = f"≈ {wall} (estimated: {measure.sampled:,} problems sampled)"
        ratio = "–" if measure.ratio is None else f"{measure.ratio:.1f}"
        cells = [f"{measure.size:,}", f"{measure.dump_bytes / (1 << 20):.1f} MiB", _seconds(measure.floor_json_seconds),
                 wall, ratio, f"{measure.peak_rss / (1 << 20):,.0f} MiB",
                 f"{measure.peak_tree_rss / (1 << 20):,.0f} MiB" if measure.peak_tree_rss else "–",
                 "–" if measure.problems is None else f"{measure.problems:,}",
                 *(_seconds(measure.timings.get(key)) for key in keys),
                 *("–" if measure.timings.get(key) is None else f"{measure.timings[key]:,}" for key in counts),
                 "–" if k is None else f"{k:.2f}", f"{measure.load_before[0]:.2f} → {measure.load_after[0]:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def verdict(measures: list[Measure]) -> str:
    """Which of issue 17's targets the largest size meets."""
    largest = measures[-1]
    ks = [k for k in growth(measures) if k is not None]
    if largest.wall_seconds is None or largest.error:
        return f"largest size ({largest.size:,}): {largest.error or 'not run'}"
    scale = largest.size / 1_000_000
    time_ok = largest.wall_seconds <= TARGET_SECONDS * scale
    memory_ok = largest.peak <= TARGET_BYTES
    linear = all(k <= 1.08 for k in ks)  # as docs/benchmarks.md reads "no worse than linear" (x10 -> at most x12)
    target = "5 min" if scale == 1 else f"{TARGET_SECONDS * scale:.0f} s, the 1,000,000 target scaled"
    how = f"≈ {largest.wall_seconds:.1f} s, estimated from {largest.sampled:,} sampled problems" \
        if largest.estimated else f"{largest.wall_seconds:.1f} s"
    return (f"{largest.size:,} repositories: {how} ({'meets' if time_ok else 'misses'} "
            f"{target}), peak {largest.peak / (1 << 30):.2f} GiB "
            f"({'meets' if memory_ok else 'misses'} 4 GiB), growth k = {', '.join(f'{k:.2f}' for k in ks) or '–'} "
            f"({'no worse than linear' if linear else 'worse than linear'})")


def run(sizes: list[int], seed: int, out_dir: Path, timeout: float, jobs: int = 0, sample_above: int = 0,
        sample: int = 1000) -> list[Measure]:
    """Measure every size, smallest first; a size after one that timed out is still measured; a size
    above `sample_above` (when set) is estimated from `sample` of its distinct problems."""
    out_dir.mkdir(parents=True, exist_ok=True)
    timings = has_option("--timings")
    measures = []
    for size in sizes:
        measure = Measure(size)
        path = dump_for(size, seed, out_dir, measure)
        measure.floor_bytes_seconds, measure.floor_json_seconds = floor(path)
        full = [m for m in measures if not m.estimated and not m.error and m.timings.get("write")]
        if sample_above and size > sample_above and full:
            estimate(path, measure, sample, full[-1].timings["write"] / full[-1].size)
        else:
            audit(path, out_dir / f"results-{size}.jsonl", measure, timeout, timings, jobs)
        print(f"{size:>9,}: {_seconds(measure.wall_seconds)} (floor {measure.floor_json_seconds:.2f} s), "
              f"{measure.peak / (1 << 20):.0f} MiB, {measure.problems} problems, load "
              f"{measure.load_after[0]:.2f}{', ' + measure.error if measure.error else ''}", file=sys.stderr)
        measures.append(measure)
    return measures


def report(measures: list[Measure], seed: int, jobs: int = 0) -> str:
    """The Markdown report of a run."""
    return (f"Machine: {machine()}.\n\nSeed {seed}; `clearance audit DUMP --format jsonl -o RESULTS -q"
            f"{' --timings' if any(m.timings for m in measures) else ''}{f' --jobs {jobs}' if jobs else ''}` as a "
            f"subprocess.\n\n{table(measures)}\n"
            f"{verdict(measures)}\n")


def to_json(measures: list[Measure]) -> list[dict]:
    """The raw measures."""
    return [{**asdict(m), "ratio": m.ratio, "growth": k} for m, k in zip(measures, growth(measures), strict=True)]

