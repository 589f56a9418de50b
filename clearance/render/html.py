"""The report as one self-contained HTML file: the lineage drawn as inline SVG with the conflicts
outlined, then per release its verdict, licenses, errors with their chains of reasons, warnings,
notices and obligations, and the report's JSON embedded for reuse. Nothing is fetched from anywhere:
no script, style sheet, font or image comes from outside, and the page's content security policy
forbids it."""

from __future__ import annotations

import json

from clearance.analysis import ReleaseResult, Report
from clearance.collector import without_collector
from clearance.findings import SEVERITIES, Finding
from clearance.graph import PATH_HEAD
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project
from clearance.render.escape import json_text
from clearance.render.lineage import Marks, lineage_of, marks_of
from clearance.render.markup import attr, text
from clearance.render.report import DISCLAIMER, HEADINGS, report_json
from clearance.render.summary import derived_words, free_works, license_words, travelling
from clearance.render.svg import lineage_svg
from clearance.wording import FORMS, POLICIES, chain

POLICY = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 80rem;
       padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
.disclaimer { color: #444; font-style: italic; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
.figure { overflow-x: auto; border: 1px solid #ddd; padding: .5rem; background: #fff; }
.verdict { font-weight: bold; padding: 0 .4rem; border-radius: 3px; }
.verdict.compliant { background: #d8f0d2; } .verdict.not-compliant { background: #f9d3d9; color: #8a0018; }
.finding { margin-bottom: .6rem; } .finding.error { border-left: 4px solid #c8102e; padding-left: .6rem; }
.code { font-family: monospace; background: #f2f2f2; padding: 0 .3rem; }
.because { color: #333; margin: .2rem 0; } .path { font-family: monospace; color: #333; }
.waived { opacity: .7; }
ul.obligations { list-style: none; padding-left: .5rem; }
""".strip()


def _json_script(data: dict | list) -> str:
    """JSON an HTML parser cannot end early: '<', '>' and '&' are written as \\u escapes, so no id
    can close the script element; U+2028 and U+2029 likewise."""
    raw = json_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False))
    for char in "<>&\u2028\u2029":
        raw = raw.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/json" id="clearance-data">\n{raw}\n</script>'


def _finding(finding: Finding) -> str:
    more = f" (and {len(finding.group) - 1} more like {finding.work})" if finding.group else ""
    works = json.dumps(sorted({finding.work, *finding.works, *finding.group}), ensure_ascii=False)
    parts = [f'<li class="finding {finding.severity}" data-code="{attr(finding.code)}" '
             f'data-work="{attr(finding.work)}" data-works="{attr(works)}">',
             f'<span class="code">{text(finding.code)}</span> {text(finding.message + more)}']
    if finding.severity == "error" and len(finding.path) > 1:
        parts.append(f'<div class="path">path: {text(chain(finding.path, finding.path_elided, PATH_HEAD))}</div>')
    if finding.because:
        items = "".join(f"<li>{text(sentence)}</li>" for sentence in finding.because)
        if finding.severity == "error":
            parts.append(f'<ol class="because">{items}</ol>')
        else:
            parts.append(f'<details><summary>why</summary><ol class="because">{items}</ol></details>')
    parts.append("</li>")
    return "".join(parts)


def _release(project: Project, result: ReleaseResult) -> str:
    release = result.release
    verdict = "compliant" if result.compliant else "not-compliant"
    out = [f'<section class="release" data-release="{attr(release.work)}" data-verdict="{verdict}">',
           f"<h2>Release of {text(release.work)}, {POLICIES[release.policy]} {FORMS[release.form]}: "
           f'<span class="verdict {verdict}">{verdict.replace("-", " ").upper()}</span></h2>',
           f"<p>License of {text(release.work)}: <b>{text(license_words(project, result))}</b></p>"]
    with_it = travelling(result)
    if with_it:
        out.append(f'<p class="license-note">{text(with_it)}</p>')
    derived = {work: derived_words(result, work) for work in result.licenses if work != release.work}
    if derived:
        rows = "".join(f'<tr data-work="{attr(w)}"><td>{text(w)}</td><td>{text(words)}</td></tr>'
                       for w, words in sorted(derived.items()))
        out.append(f"<h3>Licenses of intermediate works</h3><table><tr><th>work</th><th>license</th></tr>{rows}"
                   "</table>")
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        out.append(f"<h3>{HEADINGS[severity]} ({len(group)})</h3>")
        if severity == "restriction":
            items = "".join(f'<li class="finding restriction" data-code="{attr(f.code)}" data-work="{attr(f.work)}">'
                            f'<label><input type="checkbox"> <span class="code">{text(f.code)}</span> '
                            f"{text(f.message)}</label></li>" for f in group)
            out.append(f'<ul class="obligations">{items}</ul>')
        else:
            out.append(f'<ol class="findings {severity}">{"".join(_finding(f) for f in group)}</ol>')
    if result.conflicts_capped:
        out.append("<p>The license conflicts listed may not be all of them: see <code>clearance explain --max</code>."
                   "</p>")
    out.append("</section>")
    return "\n".join(out)


def _license_cell(result: ReleaseResult) -> str:
    if result.determination:
        return derived_words(result, result.release.work)
    return result.license or "none (conflict)"


def _summary(report: Report) -> str:
    rows = []
    for result in report.releases:
        release, verdict = result.release, "compliant" if result.compliant else "not-compliant"
        counts = [sum(f.severity == severity for f in result.findings) for severity in SEVERITIES]
        rows.append(f'<tr><td>{text(release.work)}</td><td>{POLICIES[release.policy]} {FORMS[release.form]}</td>'
                    f'<td><span class="verdict {verdict}">{verdict.replace("-", " ")}</span></td>'
                    f"<td>{text(_license_cell(result))}</td>"
                    + "".join(f"<td>{count}</td>" for count in counts) + "</tr>")
    heads = "".join(f"<th>{HEADINGS[severity].split()[0].lower()}</th>" for severity in SEVERITIES)
    return (f"<table><tr><th>release</th><th>how</th><th>verdict</th><th>license</th>{heads}</tr>"
            + "".join(rows) + "</table>")


def _article(report: Report, kb: KnowledgeBase, number: int) -> list[str]:
    """The summary, the lineage and the releases of one report."""
    lineage = lineage_of(report.project, kb, report.licenses, free_works(report))
    svg = lineage_svg(lineage, marks_of(report), standalone=False, prefix=f"r{number}-")
    parts = [f'<section class="summary"><h2>Summary</h2>{_summary(report)}</section>',
             '<section class="lineage-figure"><h2>Lineage</h2><p>Each box is a work, coloured by the family of '
             "its license; a red outline marks a work an error rests on, a red line the path by which it reaches "
             f'the release; a thick black outline marks a released work.</p><div class="figure">{svg}</div>'
             "</section>"]
    if not report.releases:
        parts.append("<p>No release is planned: add a 'release' section to check one.</p>")
    return parts + [_release(report.project, result) for result in report.releases]


@without_collector
def render_html(report: Report, kb: KnowledgeBase | None = None) -> str:
    """The HTML report of `report`: the same project gives the same bytes."""
    return render_page([("", report)], kb)


@without_collector
def render_page(reports: list[tuple[str, Report]], kb: KnowledgeBase | None = None) -> str:
    """One page for the reports of one or several files, (path as given, report) each; the data
    embedded is the report's JSON, or for several files an array of them with their `file`."""
    kb = kb or _knowledge_base()
    files = [(source, report.project, _article(report, kb, number), report_json(report))
             for number, (source, report) in enumerate(reports, 1)]
    return _page("License report", files)


def _knowledge_base() -> KnowledgeBase:
    from clearance.knowledge_base import load_knowledge_base
    return load_knowledge_base()


def _page(heading: str, files: list[tuple[str, Project, list[str], dict]]) -> str:
    """The page around the articles of each file: (path as given, project, article, JSON data)."""
    single = len(files) == 1
    title = files[0][1].name if single else f"{len(files)} project files"
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>clearance: {text(title)}</title>", f"<style>{STYLE}</style></head><body>",
             f"<header><h1>{heading}: {text(title)}</h1>",
             f'<p class="disclaimer">{text(DISCLAIMER)}</p></header>']
    for source, project, article, _ in files:
        if single:
            parts += article
            continue
        parts += [f'<article class="file" data-file="{attr(source)}"><h1>{text(source)}: '
                  f"{text(project.name)}</h1>", *article, "</article>"]
    data = files[0][3] if single else [{**data, "file": source} for source, _, _, data in files]
    parts += [_json_script(data), "</body></html>"]
    return "\n".join(parts) + "\n"


def _conflicts(project: Project, explained: list, kb: KnowledgeBase, number: int) -> list[str]:
    """The lineage with the works of every conflict outlined, then each release's conflicts."""
    works: dict[str, set[str]] = {}
    for item in explained:
        for conflict in item.conflicts:
            for work in {conflict.work, *conflict.works, *conflict.group}:
                works.setdefault(work, set()).add(conflict.code)
    marks = Marks({work: tuple(sorted(codes)) for work, codes in sorted(works.items())})
    svg = lineage_svg(lineage_of(project, kb), marks, standalone=False, prefix=f"r{number}-")
    parts = ['<section class="lineage-figure"><h2>Lineage</h2><p>A red outline marks a work a conflict rests '
             f'on.</p><div class="figure">{svg}</div></section>']
    for item in explained:
        release = item.release
        count = len(item.conflicts)
        parts.append(f'<section class="release" data-release="{attr(release.work)}" data-conflicts="{count}">'
                     f"<h2>Release of {text(release.work)}, {POLICIES[release.policy]} {FORMS[release.form]}: "
                     f"{count or 'no'} conflict{'' if count == 1 else 's'}</h2>")
        items = []
        for conflict in item.conflicts:
            more = f" (and {len(conflict.group) - 1} more like {conflict.work})" if conflict.group else ""
            reasons = "".join(f"<li>{text(sentence)}</li>" for sentence in conflict.because)
            items.append(f'<li class="finding error" data-code="{attr(conflict.code)}" '
                         f'data-work="{attr(conflict.work)}"><span class="code">{text(conflict.code)}</span> '
                         f'{text(conflict.message + more)}<ol class="because">{reasons}</ol></li>')
        if items:
            parts.append(f'<ol class="findings error">{"".join(items)}</ol>')
        if item.capped:
            parts.append("<p>These are the first conflicts: there may be more (raise <code>--max</code>).</p>")
        parts.append("</section>")
    return parts


def check(runs: list, options: object) -> str:
    """The `html` format of `check` (clearance.render registry): one page for every file checked."""
    return render_page([(run.source, run.result) for run in runs])


@without_collector
def explain(runs: list, options: object) -> str:
    """The `html` format of `explain`: the lineage with the works of the conflicts outlined, and every
    conflict of each release with its chain of reasons; the clearance.reasons JSON embedded."""
    from clearance.render.advice import explain_json
    kb = _knowledge_base()
    files = [(run.source, run.project, _conflicts(run.project, run.result, kb, number),
              json.loads(explain_json(run.project, run.result))) for number, run in enumerate(runs, 1)]
    return _page("Conflicts", files)
