"""What the readable reports (text, markdown) show of a check: each release's verdict and
counts, and each finding once, with the releases it stands in."""

from __future__ import annotations

from dataclasses import dataclass

from clearance.analysis import ReleaseResult, Report
from clearance.findings import SEVERITIES, Finding
from clearance.model import Project
from clearance.wording import POLICIES, released_as

NEEDED_BY = ", which releasing "  # where a rights-not-granted message starts naming its release


@dataclass(frozen=True)
class Shown:
    """One finding as shown once: `finding` (of the first release it stands in) and `releases`,
    every release it stands in."""

    finding: Finding
    releases: tuple[str, ...]

    @property
    def headline(self) -> str:
        """The message without the release it names when it stands in several."""
        message = self.finding.message
        if len(self.releases) > 1 and NEEDED_BY in message:
            return message.split(NEEDED_BY, 1)[0]
        return message


def release_heading(project: Project, result: ReleaseResult) -> str:
    """'corpus, sold as files'."""
    release = result.release
    return f"{release.work}, {POLICIES[release.policy]} {released_as(release.form, project.type_of(release.work))}"


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity (waived errors counted apart, as 'waived')."""
    found = {severity: 0 for severity in (*SEVERITIES, "waived")}
    for finding in findings:
        found["waived" if finding.waiver and finding.is_error else finding.severity] += 1
    return found


def counts_text(findings: list[Finding]) -> str:
    """'3 errors, 1 warning, 4 notices, 10 obligations'."""
    names = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "notice": ("notice", "notices"),
             "restriction": ("obligation", "obligations"), "waived": ("waived", "waived")}
    parts = [f"{count} {names[kind][count != 1]}" for kind, count in counts(findings).items()
             if count or kind == "error"]
    return ", ".join(parts)


def merged(report: Report) -> list[Shown]:
    """Every finding of the report once: a finding that stands in several releases (same code,
    work, license, detail and waiver) is shown with all of them."""
    shown: dict[tuple, list] = {}
    for result in report.releases:
        for finding in result.findings:
            at = None if finding.at == result.release.work else finding.at  # "at the release" is every release
            key = (finding.code, finding.work, finding.license, finding.right, finding.activity, at,
                   finding.group, finding.level, finding.waiver)
            if key in shown:
                shown[key][1].append(result.release.work)
            else:
                shown[key] = [finding, [result.release.work]]
    items = [Shown(finding, tuple(dict.fromkeys(releases))) for finding, releases in shown.values()]
    return sorted(items, key=lambda item: item.finding.sort_key())
