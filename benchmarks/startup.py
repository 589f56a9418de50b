"""The start-up table: what a small `clearance check` costs as a whole process, beside the bare
interpreter and the imports it cannot avoid, all measured in one run on an installed wheel.

    python -m benchmarks.startup              # builds the wheel, installs it in a fresh venv, measures
    python -m benchmarks.startup --repeat 40  # more runs per row

An editable install is not what users run (its `.pth` finder costs about 20 ms per start), so the
wheel is built and installed, with its dependencies, into a virtual environment of its own.
Every row is run `--repeat` times, round-robin across rows, so that a change in the machine's
load during the run reaches every row alike; the table gives medians and each row's ratio to
`python -c pass` measured in the same run.

The reference ModelGo tool cannot be fetched on this machine, so the target is stated as a ratio
to the bare interpreter (issue 16: at most 9x `python -c pass`; the reference is about 13x)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAPER = ROOT / "examples" / "paper"
TARGET_RATIO = 9.0
TARGET_IN_PROCESS = 0.005
# What every `clearance check` must import whatever clearance does (the design card's dependencies).
FLOOR = "import z3, yaml, typer, license_expression"

IN_PROCESS = """
import json, statistics, sys, time
from clearance.analysis import analyze
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import load_project
kb = load_knowledge_base()
out = {}
for name in sys.argv[2:]:
    project = load_project(name, kb)
    analyze(project, kb)
    times = []
    for _ in range(int(sys.argv[1])):
        start = time.perf_counter()
        analyze(load_project(name, kb), kb)
        times.append(time.perf_counter() - start)
    out[name] = statistics.median(times)
print(json.dumps(out))
"""


def install_wheel(folder: Path) -> Path:
    """Build the wheel of this checkout and install it, with its dependencies, in a fresh venv
    under `folder`; the venv's python."""
    wheels = folder / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True)
    (wheel,) = wheels.glob("clearance-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, stderr=subprocess.DEVNULL)
    return python


def rows(python: Path) -> dict[str, list[str]]:
    """The commands of the table, by label."""
    clearance = str(python.parent / "clearance")
    table = {
        "python -c pass": [str(python), "-c", "pass"],
        "import z3": [str(python), "-c", "import z3"],
        "import yaml": [str(python), "-c", "import yaml"],
        "import typer": [str(python), "-c", "import typer"],
        "import networkx": [str(python), "-c", "import networkx"],
        "import license_expression": [str(python), "-c", "import license_expression"],
        FLOOR: [str(python), "-c", "import z3, yaml, typer, license_expression"],
        "clearance --version": [clearance, "--version"],
    }
    for case in sorted(PAPER.glob("*.yaml")):
        table[f"clearance check {case.stem}"] = [clearance, "check", "--quiet", str(case)]
    return table


def measure(table: dict[str, list[str]], repeat: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command, the rows run round-robin `repeat` times."""
    times: dict[str, list[float]] = {label: [] for label in table}
    for _ in range(repeat):
        for label, argv in table.items():
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(values) for label, values in times.items()}


def in_process(python: Path, repeat: int, cwd: Path) -> dict[str, float]:
    """Median seconds of loading and analysing each paper case in process (after a warm-up)."""
    cases = [str(case) for case in sorted(PAPER.glob("*.yaml"))]
    completed = subprocess.run([str(python), "-c", IN_PROCESS, str(repeat), *cases], capture_output=True,
                               text=True, check=True, cwd=cwd)
    return {Path(name).stem: seconds for name, seconds in json.loads(completed.stdout).items()}


def markdown(medians: dict[str, float], analysis: dict[str, float]) -> str:
    """The start-up table and the in-process table, with targets."""
    bare = medians["python -c pass"]
    out = ["| command | median | × `python -c pass` | target |", "|---|---|---|---|"]
    for label, seconds in medians.items():
        ratio = seconds / bare
        target = ""
        if label.startswith("clearance check"):
            target = f"≤ {TARGET_RATIO:g}× {'met' if ratio <= TARGET_RATIO else 'MISSED'}"
        out.append(f"| `{label}` | {seconds * 1000:.0f} ms | {ratio:.1f} | {target} |")
    floor = medians[FLOOR]
    checks = [seconds for label, seconds in medians.items() if label.startswith("clearance check")]
    out += ["", f"The dependencies alone (`{FLOOR}`) take {floor / bare:.1f}× `python -c pass`; a check's median "
            f"is {statistics.median(checks) / bare:.1f}×, of which clearance's own share (the check minus "
            f"that floor) is {(statistics.median(checks) - floor) * 1000:.0f} ms."]
    out += ["", "| paper case, in process (load + analyse) | median | target |", "|---|---|---|"]
    for case, seconds in analysis.items():
        met = "met" if seconds <= TARGET_IN_PROCESS else "MISSED"
        out.append(f"| {case} | {seconds * 1000:.1f} ms | ≤ {TARGET_IN_PROCESS * 1000:g} ms {met} |")
    whole = statistics.median(analysis.values())
    out.append(f"| median of the cases | {whole * 1000:.1f} ms | ≤ {TARGET_IN_PROCESS * 1000:g} ms "
               f"{'met' if whole <= TARGET_IN_PROCESS else 'MISSED'} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build, install, measure, print the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of each row (default 20)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="clearance-startup-") as folder:
        print("[benchmarks] building and installing the wheel ...", file=sys.stderr, flush=True)
        python = install_wheel(Path(folder))
        print("[benchmarks] measuring ...", file=sys.stderr, flush=True)
        # Never from the repository root: `python -c` puts the working folder on sys.path, and
        # the root's encodings/ would shadow the standard library's.
        medians = measure(rows(python), args.repeat, Path(folder))
        analysis = in_process(python, args.repeat, Path(folder))
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    sys.stdout.write(markdown(medians, analysis) + f"\nLoad average at the end (1 / 5 / 15 min): {load}.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
