"""The `markdown` format, for a pull-request comment or $GITHUB_STEP_SUMMARY: a verdict line
per release, a table of errors then one of warnings, the obligations as a checklist, notices
folded away, and the lineage as a Mermaid block (GitHub draws it). Every value from a project
goes through `escape.markdown` (or the Mermaid label escaping), so no id can break the table."""

from __future__ import annotations

from clearance.analysis import Report
from clearance.render import RenderOptions, Run
from clearance.render.escape import markdown as md
from clearance.render.escape import shown
from clearance.render.report import DISCLAIMER
from clearance.render.summary import Shown, counts_text, free_works, license_words, merged, release_heading, travelling


def _cell(text: str) -> str:
    """A table cell: markdown-escaped (pipes included), on one line."""
    return md(" ".join(text.split()))


def _table(items: list[Shown], several: bool) -> list[str]:
    head = "| Code | Work | License | " + ("Releases | " if several else "") + "Finding |"
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for item in items:
        finding = item.finding
        message = _cell(item.headline)
        if finding.waiver:
            message = f"~~{message}~~ **waived**: {_cell(finding.waiver.reason)}"
        works = ", ".join(finding.group) if finding.group else finding.work
        releases = f"{_cell(', '.join(item.releases))} | " if several else ""
        lines.append(f"| `{finding.code}` | {_cell(works)} | {_cell(finding.license or '')} | {releases}{message} |")
    return lines


def _lineage(report: Report) -> list[str]:
    """The lineage as a Mermaid flowchart (clearance/render/mermaid.py): each work with its license,
    mix, sub and aux inputs drawn apart, the works and links of the errors marked."""
    from clearance.knowledge_base import load_knowledge_base
    from clearance.render.lineage import lineage_of, marks_of
    from clearance.render.mermaid import lineage_mermaid
    lineage = lineage_of(report.project, load_knowledge_base(), report.licenses, free_works(report))
    chart = lineage_mermaid(lineage, marks_of(report)).rstrip("\n")
    return ["<details><summary>Lineage</summary>", "", "```mermaid", chart, "```", "", "</details>"]


def _report(report: Report, source: str, several_files: bool) -> list[str]:
    title = f"clearance: {md(report.project.name)}"
    lines = [f"{'###' if several_files else '##'} {title}", "", f"`{shown(source.replace('`', ''))}`", ""]
    for result in report.releases:
        mark = ":white_check_mark:" if result.compliant else ":x:"
        verdict = "compliant" if result.compliant else "not compliant"
        lic = md(license_words(report.project, result))
        lines.append(f"- {mark} **{md(release_heading(report.project, result))}**: {verdict}, {lic} "
                     f"({counts_text(result.findings)})")
        with_it = travelling(result)
        if with_it:
            lines.append(f"  - {_cell(with_it)}")
    items = merged(report)
    several = len(report.releases) > 1
    for severity, heading in (("error", "Errors"), ("warning", "Warnings")):
        group = [item for item in items if item.finding.severity == severity]
        if group:
            lines += ["", f"#### {heading} ({len(group)})", "", *_table(group, several)]
    notices = [item for item in items if item.finding.severity == "notice"]
    if notices:
        lines += ["", f"<details><summary>Notices ({len(notices)})</summary>", ""]
        lines += [f"- `{item.finding.code}` {_cell(item.headline)}" for item in notices]
        lines += ["", "</details>"]
    duties = [item for item in items if item.finding.severity == "restriction"]
    if duties:
        lines += ["", f"#### Obligations ({len(duties)})", ""]
        for item in duties:
            where = f" ({_cell(', '.join(item.releases))})" if several else ""
            lines.append(f"- [ ] {_cell(item.finding.message)}{where}")
    lines += ["", *_lineage(report)]
    return lines


def check(runs: list[Run], options: RenderOptions) -> str:
    """The markdown report of every file checked."""
    lines: list[str] = []
    if len(runs) > 1:
        failing = sum(1 for run in runs if not run.result.compliant)
        lines += [f"## clearance: {len(runs)} files, {failing} not compliant", ""]
    for run in runs:
        lines += [*_report(run.result, run.source, len(runs) > 1), ""]
    lines.append(f"> {DISCLAIMER}")
    return "\n".join(lines) + "\n"


def explain(runs: list[Run], options: RenderOptions) -> str:
    """Every conflict of every file, as lists of reasons."""
    lines: list[str] = []
    for run in runs:
        lines += [f"## clearance explain: {md(run.project.name)}", "", f"`{shown(run.source.replace('`', ''))}`", ""]
        for item in run.result:
            lines.append(f"### {md(item.release.work)}: {len(item.conflicts)} conflict(s)"
                         + (" (there may be more)" if item.capped else ""))
            for number, conflict in enumerate(item.conflicts, 1):
                lines += ["", f"{number}. `{conflict.code}` {_cell(conflict.message)}"]
                lines += [f"   - {_cell(sentence)}" for sentence in conflict.because]
            lines.append("")
    lines.append(f"> {DISCLAIMER}")
    return "\n".join(lines) + "\n"


def suggest(runs: list[Run], options: RenderOptions) -> str:
    """Release licenses and fixes of every file."""
    from clearance.render.advice import change_text
    lines: list[str] = []
    number = 0
    for run in runs:
        lines += [f"## clearance suggest: {md(run.project.name)}", "", f"`{shown(run.source.replace('`', ''))}`", ""]
        for item in run.result:
            verdict = "compliant" if item.compliant else "not compliant"
            lines.append(f"### {md(item.work)}: {verdict}")
            if item.licenses:
                names = ", ".join(f"{md(lic)} (risk {risk})" for lic, risk in item.licenses[:10])
                lines += ["", f"Licenses it could go under: {names}"]
            if item.fixes:
                lines += ["", "Fixes, cheapest first (`clearance suggest --apply N --output FILE`):", ""]
            for fix in item.fixes:
                number += 1
                lines.append(f"{number}. (cost {fix.cost}) " + "; ".join(_cell(change_text(c)) for c in fix.changes))
            lines.append("")
    lines.append(f"> {DISCLAIMER}")
    return "\n".join(lines) + "\n"
