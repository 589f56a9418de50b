"""`clearance audit PATH...`: every repository of a dump, a folder of cards or a Hugging Face
cache, checked as `clearance check` checks its card; one analysis per distinct problem."""

from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path

import typer

from clearance.cli.common import (
    TIMEOUT_SECONDS,
    Force,
    HfCache,
    Licenses,
    Output,
    Quiet,
    Reading,
    check_timeout,
    choice,
    fail,
    knowledge_base,
)
from clearance.exceptions import ClearanceError
from clearance.render.escape import shown

SHOWN_INVALID = 10  # invalid rows named on stderr; every one is in the results


class AuditFormat(str, Enum):
    """The output formats of `clearance audit`."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


def audit_command(
    paths: list[Path] = typer.Argument(..., help="JSON Lines or Parquet dumps, folders of cards, Hugging Face caches"),
    output_format: AuditFormat = typer.Option(AuditFormat.text, "--format", help="text, json, jsonl, csv or html"),
    output: Output = None,
    force: Force = False,
    hf_cache: HfCache = None,
    reading: Reading = None,
    timeout: float = typer.Option(TIMEOUT_SECONDS, "--timeout", help="seconds each distinct problem may take "
                                  "(exit 3)"),
    quiet: Quiet = False,
    licenses: Licenses = None,
    timings: bool = typer.Option(False, "--timings", help="print the time spent reading, grouping, solving and "
                                 "writing as one JSON line on stderr"),
    show: str = typer.Option(None, "--show", help="html: the repository whose lineage is drawn"),
    jobs: int = typer.Option(0, "--jobs", help="solve the distinct problems in N worker processes (0: in this one)"),
    scheduler: str = typer.Option(None, "--scheduler", help="solve them on the Dask cluster of this scheduler "
                                  "(tcp://HOST:8786; pip install 'clearance\\[cluster]')"),
) -> None:
    """Check every repository's declared license against its lineage; exit 1 when one is not compliant."""
    from clearance.audit.inputs import read_index
    from clearance.audit.run import Audit, worse
    from clearance.audit.summary import Summary
    from clearance.model import READINGS
    from clearance.render import audit as outputs
    started = time.perf_counter()
    try:
        choice(reading, READINGS, "reading")
        check_timeout(timeout)  # in the words of the other commands, before anything is read
        kb = knowledge_base(licenses)
        index = read_index(paths, kb, hf_cache)
        read = time.perf_counter() - started
        audit = Audit(index, kb, reading, timeout)
        write = outputs.html_writer(audit, show) if output_format is AuditFormat.html else outputs.WRITERS[
            output_format.value]
        if output is not None:
            from clearance.atomic import check_destination
            check_destination(output, paths, force)
        if jobs or scheduler:
            _solve_elsewhere(audit, jobs, scheduler, licenses)
    except ClearanceError as error:
        fail(error)
    code = 0
    invalid: list[str] = []

    def results(progress):
        nonlocal code
        for result in audit.results(progress):
            code = worse(code, result.verdict)
            if result.verdict == "invalid":
                invalid.append(result.message or "")
            yield result

    try:
        with _progress(len(index), not quiet) as progress:
            if output is None:
                write(results(progress), Summary(), sys.stdout)
            else:
                from clearance.atomic import open_atomic
                with open_atomic(output, paths, force) as stream:
                    write(results(progress), Summary(), stream)
    except ClearanceError as error:
        fail(error)
    if timings:
        total = time.perf_counter() - started
        seconds = {"read": read, **audit.timings, "write": total - read - sum(audit.timings.values()), "total": total}
        typer.echo(json.dumps({"repositories": len(index), "problems": len(audit.answers),
                               "variants": len(audit.variants), "fallbacks": audit.fallbacks,
                               "seconds": {name: round(value, 3) for name, value in seconds.items()}}), err=True)
    for message in invalid[:SHOWN_INVALID]:
        typer.echo(f"clearance: {shown(message)}", err=True)
    if len(invalid) > SHOWN_INVALID:
        typer.echo(f"clearance: {len(invalid)} rows invalid in all (each is in the results)", err=True)
    raise typer.Exit(code)


def _solve_elsewhere(audit, jobs: int, scheduler: str | None, licenses: Path | None) -> None:
    """Every distinct problem solved by worker processes or a Dask cluster before the results
    stream (clearance/audit/pool.py); the answers are the serial ones."""
    from clearance.audit.pool import executor, solve_all
    from clearance.exceptions import InputError
    if jobs < 0:
        raise InputError(f"--jobs must be 0 or more, not {jobs}")
    try:
        with executor(jobs or 1, scheduler) as workers:
            solve_all(audit, workers, str(licenses) if licenses else None)
    except OSError as error:  # the scheduler cannot be reached
        raise InputError(f"--scheduler {scheduler}: {error}", hint="start one with `dask scheduler`") from None


class _progress:
    """rich's progress bar on a terminal's stderr; nothing otherwise (a callable doing nothing)."""

    def __init__(self, total: int, wanted: bool) -> None:
        self.total, self.bar, self.task = total, None, None
        if wanted and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress
            self.bar = Progress(console=Console(stderr=True), transient=True)

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.start()
        self.task = self.bar.add_task("auditing", total=self.total)
        return self.update

    def update(self, done: int) -> None:
        if done % 1000 == 0 or done == self.total:
            self.bar.update(self.task, completed=done)  # type: ignore[union-attr]

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
