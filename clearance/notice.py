"""What the notice file of a release must hold (`clearance notice`): each component whose license
asks for something to ship with the release (its license text, its notices, a statement of changes,
an attribution shown to users, ...), that license's name and URL, the component's URL, and what
exactly is required, read off the obligation and restriction findings of a report. Any restriction
code, including ones this module has no wording for, is carried over with the finding's message."""

from __future__ import annotations

from dataclasses import dataclass

from clearance.analysis import ReleaseResult, Report
from clearance.determination import release_phrase
from clearance.knowledge_base import KnowledgeBase

# Obligations that put something into the notice file, in the order the file lists them.
NOTICE_CODES = ("include-license", "include-notice", "state-changes", "attribution-display")


@dataclass(frozen=True)
class Duty:
    """One thing the release must do for one component: `code` is the finding's code, `message` its
    wording (for the first work of a group: the others share it) and `clause` the license clause the
    duty comes from (the last reason of the finding)."""

    code: str
    message: str
    clause: str


@dataclass(frozen=True)
class Component:
    """A work the release is made from, under a license that asks for something."""

    work: str
    name: str | None
    type: str
    url: str | None
    license: str
    license_name: str
    license_url: str | None
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class Notice:
    """The notice of one release: its components (by id) and the other restrictions that travel with it."""

    project: str
    release: str
    policy: str
    form: str
    license: str | None
    compliant: bool
    components: tuple[Component, ...]
    restrictions: tuple[tuple[str, tuple[str, ...], str], ...]  # (code, works, message)
    license_words: str = ""  # how the report words the release's license (clearance/determination.py)


def _duties(result: ReleaseResult) -> tuple[dict[str, dict[tuple[str, str], Duty]], dict[str, str]]:
    """The duties of each component work, and the license id of each (grouped findings expanded)."""
    duties: dict[str, dict[tuple[str, str], Duty]] = {}
    licenses: dict[str, str] = {}
    for finding in result.findings:
        if finding.severity != "restriction" or finding.code not in NOTICE_CODES:
            continue
        clause = finding.because[-1] if finding.because else ""
        for work in finding.group or (finding.work,):
            duties.setdefault(work, {}).setdefault((finding.code, clause), Duty(finding.code, finding.message, clause))
            if finding.license:
                licenses[work] = finding.license
    return duties, licenses


def notice_of(report: Report, kb: KnowledgeBase, result: ReleaseResult) -> Notice:
    """The notice of one release of `report`."""
    project = report.project
    duties, licenses = _duties(result)
    components = []
    for work in sorted(duties, key=lambda w: (w.casefold(), w)):
        declared = project.works.get(work)
        lic = kb.licenses.get(licenses.get(work, ""))
        order = {code: index for index, code in enumerate(NOTICE_CODES)}
        listed = sorted(duties[work].values(), key=lambda d: (order.get(d.code, len(order)), d.code, d.message))
        components.append(Component(
            work, declared.name if declared else None, project.type_of(work), declared.url if declared else None,
            licenses.get(work, ""), lic.name if lic else licenses.get(work, ""), lic.url if lic else None,
            tuple(listed)))
    others = sorted({(f.code, tuple(f.group or (f.work,)), f.message) for f in result.findings
                     if f.severity == "restriction" and f.code not in NOTICE_CODES})
    release = result.release
    return Notice(project.name, release.work, release.policy, release.form, result.license, result.compliant,
                  tuple(components), tuple(others), release_phrase(result))


def notices_of(report: Report, kb: KnowledgeBase, release: str | None = None) -> list[Notice]:
    """The notice of every release of `report`, or of the one of work `release` (None when it has none)."""
    return [notice_of(report, kb, result) for result in report.releases
            if release is None or result.release.work == release]
