"""`clearance notice FILE [--release WORK] [-o NOTICE.md]`: the notice file a release must ship with."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from clearance.cli.common import TIMEOUT_SECONDS, File, Force, Quiet, Timeout, fail, load_with_releases
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress
from clearance.render.escape import shown


def notice_command(
    file: File,
    release: str = typer.Option(None, "--release", help="the released work whose notice to write "
                                "(default: every release, one after the other)"),
    destination: Path = typer.Option(None, "--output", "-o", help="write the notice to this file (atomically)"),
    force: Force = False,
    timeout: Timeout = TIMEOUT_SECONDS,
    quiet: Quiet = False,
) -> None:
    """Write the attribution and notice file a release must ship with: each component, its license and
    URL, the license texts, notices and statements of changes its license requires."""
    from clearance.analysis import analyze
    from clearance.atomic import check_destination, write_atomic
    from clearance.notice import notices_of
    from clearance.render.notice import render_notice
    try:
        if destination is not None:
            check_destination(destination, (file,), force)  # refuse before the analysis, not after
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = load_with_releases(file, timeout)
            planned = [r.work for r in project.releases]
            if release is not None and release not in planned:
                raise InputError(f"no release of '{release}' is planned", str(file),
                                 hint=f"one of: {', '.join(planned)}")
            report = analyze(project, kb, settings, progress=progress.update)
        notices = notices_of(report, kb, release)
        text = render_notice(notices)
        if destination is not None:
            write_atomic(destination, text, (file,), force)
    except ClearanceError as error:
        fail(error)
    for notice in notices:
        if not notice.compliant:
            typer.echo(shown(f"clearance: note: the release of {notice.release} is not compliant; "
                             f"see: clearance check {file}"), err=True)
    if destination is None:
        sys.stdout.write(text)
    else:
        typer.echo(shown(f"wrote {destination}"), err=True)
