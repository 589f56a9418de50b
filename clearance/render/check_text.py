"""The text report of `check`, read at a glance: a summary line per release first, then each
finding once (with the releases it stands in), its first reason and what to do about it;
`--verbose` gives every reason. Colour only when asked (a terminal without NO_COLOR)."""

from __future__ import annotations

from clearance.analysis import Report
from clearance.collector import without_collector
from clearance.graph import PATH_HEAD
from clearance.render import RenderOptions
from clearance.render.codes import text_of
from clearance.render.escape import shown
from clearance.render.report import DISCLAIMER, HEADINGS
from clearance.render.summary import (
    DUTIES,
    Shown,
    counts_text,
    derived_words,
    license_words,
    merged,
    release_heading,
    travelling,
)
from clearance.wording import chain

COLOURS = {"error": "31", "warning": "33", "notice": "36", "restriction": "0", "ok": "32", "dim": "2", "bold": "1"}
SHOWN_PER_GROUP = 3


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, colour: str) -> str:
        return f"\x1b[{COLOURS[colour]}m{text}\x1b[0m" if self.on else text


def first_reason(because: tuple[str, ...]) -> str | None:
    """The reason that says most: the first that cites a clause, else the first that is not a bare
    'X is licensed L' fact."""
    cited = [sentence for sentence in because if sentence.endswith(")") and " is licensed " not in sentence]
    plain = [sentence for sentence in because if " is licensed " not in sentence]
    return (cited or plain or list(because) or [None])[0]


def _finding_lines(item: Shown, releases: int, options: RenderOptions, paint: _Paint) -> list[str]:
    finding = item.finding
    more = ""
    if finding.group:
        others = [w for w in finding.group if w != finding.work]
        if len(others) > SHOWN_PER_GROUP:
            more = f" (also {', '.join(others[:SHOWN_PER_GROUP])} and {len(others) - SHOWN_PER_GROUP} more)"
        elif "," not in finding.message:
            more = f" (also {', '.join(others)})"
    code = paint(f"[{finding.code}]", finding.severity)
    waived = ""
    if finding.waiver:
        until = f" until {finding.waiver.until}" if finding.waiver.until else ""
        waived = " " + paint(f"WAIVED{until}: {shown(finding.waiver.reason)}", "dim")
    lines = [f"  {code} {shown(item.headline)}{shown(more)}{waived}"]
    if releases > 1:
        lines.append(f"      in: {shown(', '.join(item.releases))}")
    if finding.is_error or options.verbose:
        if len(finding.path) > 1:
            lines.append(f"      path: {shown(chain(finding.path, finding.path_elided, PATH_HEAD))}")
        reasons = finding.because if options.verbose else [r for r in [first_reason(finding.because)] if r]
        lines.extend(f"      because {shown(sentence)}" for sentence in reasons)
    if finding.is_error or finding.code.startswith("waiver-"):
        lines.append(f"      fix: {text_of(finding.code).help}")
    return lines


def _obligation_lines(items: list[Shown], releases: int) -> list[str]:
    """Obligations and restrictions, one line per component: what its license asks of the release."""
    duties: dict[tuple[str, str | None, tuple[str, ...]], list[str]] = {}
    for item in items:
        finding = item.finding
        key = (finding.work, finding.license, item.releases if releases > 1 else ())
        duties.setdefault(key, []).append(DUTIES.get(finding.code, finding.code))
    lines = []
    for (work, lic, where), what in sorted(duties.items(), key=lambda pair: pair[0][0].casefold()):
        scope = f" (in {', '.join(where)})" if where else ""
        lines.append(f"  {shown(work)} ({shown(lic or '?')}){shown(scope)}: {', '.join(dict.fromkeys(what))}")
    return lines


def _licenses(report: Report) -> list[str]:
    """The determined license of each derived work; a work determined differently in different
    releases says so."""
    seen: dict[str, dict[str, list[str]]] = {}
    for result in report.releases:
        for work in result.licenses:
            if work != result.release.work:
                seen.setdefault(work, {}).setdefault(derived_words(result, work), []).append(result.release.work)
    lines = []
    for work in sorted(seen):
        variants = seen[work]
        if len(variants) == 1:
            lines.append(f"  {shown(work)}: {shown(next(iter(variants)))}")
        else:
            parts = [f"{words} in {', '.join(rels)}" for words, rels in variants.items()]
            lines.append(f"  {shown(work)}: {shown('; '.join(parts))}")
    return lines


READING_LINES = {"text": "text (the license texts, where they are explicit)",
                 "paper": "paper (the ModelGo paper's case-study reading, departures from the texts included)"}


@without_collector
def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    """The whole text report of one project."""
    paint = _Paint(options.colour)
    lines = [f"Project: {shown(report.project.name)}", ""]
    if not report.releases:
        lines.append("No release is planned: add a 'release' section to check one.")
    for result in report.releases:
        verdict = paint("COMPLIANT", "ok") if result.compliant else paint("NOT COMPLIANT", "error")
        lic = license_words(report.project, result)
        lines.append(f"{verdict}: {shown(release_heading(report.project, result))}, {shown(lic)} "
                     f"({counts_text(result.findings)})")
        with_it = travelling(result)
        if with_it:
            lines.append(f"  {shown(with_it)}")
    lines.append(f"Reading: {READING_LINES[report.reading]}")
    derived = _licenses(report)
    if derived:
        lines += ["", "Licenses of intermediate works:", *derived]
    items = merged(report)
    for severity, heading in HEADINGS.items():
        group = [item for item in items if item.finding.severity == severity]
        if group and severity == "restriction" and not options.verbose:
            lines += ["", paint(f"{heading} ({len(group)}):", "bold"), *_obligation_lines(group, len(report.releases))]
        elif group:
            lines += ["", paint(f"{heading} ({len(group)}):", "bold")]
            for item in group:
                lines += _finding_lines(item, len(report.releases), options, paint)
    if any(result.conflicts_capped for result in report.releases):
        lines += ["", "(the license conflicts listed may not be all of them: see clearance explain --max)"]
    if not options.verbose and any(item.finding.is_error for item in items):
        lines += ["", "Every reason of each finding: clearance check --verbose; fixes: clearance suggest."]
    lines += ["", DISCLAIMER]
    return "\n".join(lines) + "\n"
