"""What the readable reports (text, markdown) show of a check: each release's verdict and
counts, and each finding once, with the releases it stands in."""

from __future__ import annotations

from dataclasses import dataclass

from clearance.analysis import ReleaseResult, Report
from clearance.determination import conflict_note, release_phrase, short_phrase
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


DUTIES = {"include-license": "include the license text", "include-notice": "keep its notices",
          "state-changes": "state the changes", "use-restrictions": "pass on its use restrictions",
          "runtime-restrictions": "meet its runtime restrictions",
          "pass-on-terms": "give recipients its terms and use restrictions",
          "attribution-display": "display its attribution",
          "name-prefix": "name derived models as it says", "user-threshold": "mind its user threshold"}
TRAVELLING_SHOWN = 3  # components named on a release's line; the obligations section lists every one


def license_words(project: Project, result: ReleaseResult) -> str:
    """How a release's license reads after its verdict: 'under GPL-3.0-only', 'no license imposed:
    your choice; least restrictive: Unlicense', or the license a conflict leaves (clearance/determination.py)."""
    return release_phrase(result)


def derived_words(result: ReleaseResult, work: str) -> str:
    """The determined license of derived `work` in a list or a table cell."""
    return short_phrase(result.determined.get(work)) if work in result.determined else (
        result.licenses.get(work) or "none (conflict)")


def travelling(result: ReleaseResult) -> str | None:
    """The line under a release's verdict: for a release no license is imposed on, the obligations and
    restrictions that travel with its components whatever license is chosen ('model-a (MIT): include the
    license text, ...'); for a conflicting license, what it is; None otherwise."""
    determined = result.determination
    if determined is not None and determined.conflicting:
        return conflict_note(determined)
    if determined is None or not determined.free:
        return None
    duties: dict[tuple[str, str], list[str]] = {}
    for finding in result.findings:
        if finding.severity == "restriction":
            duties.setdefault((finding.work, finding.license or "?"), []).append(DUTIES.get(finding.code, finding.code))
    if not duties:
        return "nothing travels with its components"
    parts = [f"{work} ({lic}): {', '.join(dict.fromkeys(what))}"
             for (work, lic), what in sorted(duties.items(), key=lambda pair: pair[0][0].casefold())]
    more = len(parts) - TRAVELLING_SHOWN
    shown = parts[:TRAVELLING_SHOWN] + ([f"and {more} more component(s), listed below"] if more > 0 else [])
    return "whatever license is chosen, these travel with its components: " + "; ".join(shown)


def free_works(report: Report) -> frozenset[str]:
    """The derived works no license is imposed on, in every release that reaches them."""
    seen: dict[str, bool] = {}
    for result in report.releases:
        for work, determined in result.determined.items():
            seen[work] = seen.get(work, True) and determined.free
    return frozenset(work for work, free in seen.items() if free)
