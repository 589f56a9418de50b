"""`clearance check FILE...`: is each planned release allowed?"""

from __future__ import annotations

from pathlib import Path

import typer

from clearance.cli.common import (
    TEXT,
    TIMEOUT_SECONDS,
    Files,
    Force,
    HfCache,
    Licenses,
    Online,
    Output,
    Quiet,
    Reading,
    ReportFormat,
    Timeout,
    Verbose,
    WorkType,
    choice,
    command_settings,
    fail,
    knowledge_base,
    load_with_releases,
    run_files,
)
from clearance.exceptions import ClearanceError


def check_command(
    files: Files,
    output_format: ReportFormat = TEXT,
    output: Output = None,
    force: Force = False,
    policy: str = typer.Option(None, "--policy", help="override every release's policy: personal, share, sell"),
    form: str = typer.Option(None, "--form", help="override every release's form: raw, binary, saas"),
    license_name: str = typer.Option(None, "--license", help="override every release's intended license"),
    verbose: Verbose = False,
    timeout: Timeout = TIMEOUT_SECONDS,
    reading: Reading = None,
    quiet: Quiet = False,
    hf_cache: HfCache = None,
    work_type: WorkType = None,
    online: Online = False,
    licenses: Licenses = None,
) -> None:
    """Check whether each planned release is allowed; exit 1 when one is not (the worst of the files)."""
    from dataclasses import replace

    from clearance.analysis import analyze
    from clearance.model import READINGS
    from clearance.render import Run
    try:
        settings = command_settings(timeout)  # --timeout bounds the whole command
        kb = knowledge_base(licenses)
        choice(policy, kb.vocabulary.policies, "policy")
        choice(form, kb.vocabulary.forms, "form")
        choice(work_type, ("model", "data"), "--type")
        choice(reading, READINGS, "reading")
    except ClearanceError as error:
        fail(error)

    def analyse(file: Path, progress) -> Run:
        _, project, _ = load_with_releases(file, timeout, hf_cache, work_type, online, settings, reading, licenses)
        # --license may name the project's own custom license, or an AND / WITH expression.
        intended = kb.for_project(project).describe(license_name) if license_name else None
        added = {intended.id: intended} if intended else {}
        releases = tuple(replace(r, policy=policy or r.policy, form=form or r.form,
                                 license=intended.id if intended else r.license) for r in project.releases)
        report = analyze(replace(project, releases=releases, licenses={**project.licenses, **added}), kb, settings,
                         progress=progress)
        return Run(str(file), project, report)

    run_files("check", files, analyse, lambda run: 0 if run.result.compliant else 1, output_format, output,
              force, quiet, verbose)
