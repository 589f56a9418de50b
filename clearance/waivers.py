"""Waivers: risks a team has reviewed and accepts (the project file's `waivers:`).

A waived finding stays in the report, marked with its waiver; it no longer makes
its release non-compliant. A waiver whose date has passed waives nothing, and a
waiver that matches no finding is a mistake to notice: both are warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clearance.findings import Finding
from clearance.model import Project, Release, Waiver


def _where(waiver: Waiver) -> str:
    return f"line {waiver.line}" if waiver.line else "the project file"


def _applies(waiver: Waiver, release: Release) -> bool:
    return waiver.release is None or waiver.release == release.work


def _expired(waiver: Waiver, today: date) -> bool:
    return waiver.until is not None and date.fromisoformat(waiver.until) < today


def _waive(finding: Finding, waivers: list[Waiver]) -> Waiver | None:
    """The first waiver that covers `finding`: every work the finding stands for is waived for its code."""
    matching = [w for w in waivers if w.code == finding.code]
    covered = {w.work for w in matching}
    if matching and set(finding.group or (finding.work,)) <= covered:
        return next(w for w in matching if w.work in (finding.work, *finding.group))
    return None


def _warning(code: str, release: Release, waiver: Waiver, message: str) -> Finding:
    because = (f"the waiver at {_where(waiver)} waives {waiver.code} on {waiver.work}"
               + (f" in the release of {waiver.release}" if waiver.release else ""),
               f"its reason: {waiver.reason}")
    return Finding(code, release.work, waiver.work, None, message, (waiver.work,), (), because,
                   at=f"waiver:{waiver.line or 0}")


def apply_waivers(project: Project, release: Release, findings: list[Finding], today: date,
                  used: set[Waiver]) -> list[Finding]:
    """The findings of one release with the project's waivers applied, plus a warning for each
    expired waiver; adds the waivers that matched to `used` (for `unused_waivers`)."""
    live, result = [], []
    for waiver in project.waivers:
        if not _applies(waiver, release):
            continue
        if _expired(waiver, today):
            result.append(_warning("waiver-expired", release, waiver,
                                   f"the waiver of {waiver.code} on {waiver.work} expired on {waiver.until}; "
                                   "it waives nothing"))
            used.add(waiver)  # an expired waiver is reported as expired, not also as unused
        else:
            live.append(waiver)
    for finding in findings:
        waiver = _waive(finding, live)
        if waiver is not None:
            used.add(waiver)
            finding = replace(finding, waiver=waiver)
        result.append(finding)
    return sorted(result, key=Finding.sort_key)


def unused_waivers(project: Project, release: Release, used: set[Waiver]) -> list[Finding]:
    """A warning in `release` for each waiver that applies to it and matched no finding anywhere."""
    return [_warning("waiver-unused", release, waiver,
                     f"the waiver of {waiver.code} on {waiver.work} matches no finding")
            for waiver in project.waivers if waiver not in used and _applies(waiver, release)]


def waiver_of(finding: Finding, project: Project) -> Waiver | None:
    """The waiver a `waiver-expired` or `waiver-unused` finding is about (None for other findings)."""
    if not finding.code.startswith("waiver-") or not (finding.at or "").startswith("waiver:"):
        return None
    line = int(finding.at.split(":", 1)[1]) or None
    return next((w for w in project.waivers if w.line == line and w.work == finding.work), None)
