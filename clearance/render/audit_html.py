"""The summary of `clearance audit` as one self-contained HTML page: counts and rates of the verdicts,
bar charts (inline SVG) of the top conflicting pairs and of the inconsistency rate of each base-model
family, and the lineage of one chosen repository drawn by the lineage renderer with its conflicts
outlined. Like the check report (clearance/render/html.py) it fetches nothing: no script, style sheet,
font or image from outside, and its content security policy forbids them. Every id, license and name
goes through clearance.render.markup (built on clearance.render.escape).

The summary is the dict of the audit library (`clearance.audit-summary/1`, docs/audit.md; keys used
here: `repositories`, `problems`, `counts`, `top_pairs`, `families`, `codes`, `suggested`); a missing key
is drawn as empty, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearance.collector import without_collector
from clearance.render.html import POLICY, _json_script
from clearance.render.markup import attr, text
from clearance.render.report import DISCLAIMER
from clearance.render.svg import CHAR_WIDTH, cells

VERDICTS = (("compliant", "compliant", "#3d8b37"), ("not-compliant", "not compliant", "#c8102e"),
            ("unknown", "unknown (lineage unresolved or license unknown)", "#8c8c8c"),
            ("invalid", "invalid (the row cannot be read)", "#d98e04"),
            ("inconclusive", "inconclusive (the solver timed out)", "#5b7db1"))
TOP = 15  # bars per chart; the tables below them list the same rows
MAX_LABEL = 52  # characters of a bar's label; the whole label is in its tooltip
CHART_WIDTH = 760.0
BAR_HEIGHT = 18.0
BAR_GAP = 6.0
VALUE_WIDTH = 190.0
STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 80rem;
       padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.disclaimer { color: #444; font-style: italic; }
table { border-collapse: collapse; margin-top: .6rem; } td, th { border: 1px solid #ccc; padding: .2rem .6rem;
       text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.figure { overflow-x: auto; border: 1px solid #ddd; padding: .5rem; background: #fff; }
.chart text { font: 12px "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #111; }
.chart .axis { stroke: #999; stroke-width: 1; }
code { background: #f2f2f2; padding: 0 .3rem; }
""".strip()


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its segments (value, colour, name) drawn end to end, the value
    written after it, and the attributes that name what it stands for (`data-*`)."""

    label: str
    segments: tuple[tuple[float, str, str], ...]
    shown: str
    tip: str
    data: tuple[tuple[str, str], ...] = ()


def _cut(value: str) -> str:
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "\u2026"


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else text(value)


def _rate(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def bar_chart(name: str, title: str, bars: list[Bar], scale: float | None = None) -> str:
    """A horizontal bar chart as inline SVG: one row per bar, its label on the left, its segments
    scaled to `scale` (the largest bar's total by default), its value on the right."""
    label_width = max((cells(_cut(bar.label)) for bar in bars), default=10) * CHAR_WIDTH + 16
    area = max(CHART_WIDTH - label_width - VALUE_WIDTH, 160.0)
    scale = scale or max((sum(v for v, _, _ in bar.segments) for bar in bars), default=0) or 1
    height = 12 + len(bars) * (BAR_HEIGHT + BAR_GAP)
    width = label_width + area + VALUE_WIDTH
    out = [f'<svg class="chart" data-chart="{attr(name)}" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{attr(title)}"><title>{text(title)}</title>',
           f'<line class="axis" x1="{label_width:.1f}" y1="4" x2="{label_width:.1f}" y2="{height - 4:.1f}"/>']
    for number, bar in enumerate(bars):
        y = 8 + number * (BAR_HEIGHT + BAR_GAP)
        data = "".join(f' data-{key}="{attr(value)}"' for key, value in bar.data)
        parts = [f'<g class="bar" data-label="{attr(bar.label)}" data-value="{attr(bar.shown)}"{data}>',
                 f"<title>{text(bar.tip)}</title>",
                 f'<text x="{label_width - 8:.1f}" y="{y + 13:.1f}" text-anchor="end">{text(_cut(bar.label))}</text>']
        x = label_width
        for value, colour, segment in bar.segments:
            length = area * value / scale
            if value > 0:
                length = max(length, 1.0)  # a non-zero count stays visible
                parts.append(f'<rect class="segment" data-segment="{attr(segment)}" x="{x:.1f}" y="{y:.1f}" '
                             f'width="{length:.1f}" height="{BAR_HEIGHT:.0f}" fill="{colour}"/>')
            x += length
        parts.append(f'<text class="value" x="{x + 6:.1f}" y="{y + 13:.1f}">{text(bar.shown)}</text></g>')
        out.append("".join(parts))
    out.append("</svg>")
    return "\n".join(out)


def _verdicts(summary: dict) -> str:
    total = summary.get("repositories", 0)
    verdicts = summary.get("counts", {})
    bars = []
    for key, label, colour in VERDICTS:
        count = verdicts.get(key, 0)
        bars.append(Bar(label.split(" (")[0], ((count, colour, key),), f"{count:,} ({_rate(count, total)})",
                        f"{label}: {count:,} of {total:,}", (("verdict", key),)))
    rows = "".join(f'<tr data-verdict="{key}"><td>{text(label)}</td><td class="n">{_count(verdicts.get(key, 0))}</td>'
                   f'<td class="n">{_rate(verdicts.get(key, 0), total)}</td></tr>' for key, label, _ in VERDICTS)
    problems = summary.get("problems")
    distinct = f" ({problems:,} distinct problems solved)" if isinstance(problems, int) else ""
    return (f'<section class="verdicts"><h2>Verdicts of {total:,} repositories{distinct}</h2>'
            f'<div class="figure">{bar_chart("verdicts", "Verdicts", bars, total or None)}</div>'
            f"<table><tr><th>verdict</th><th>repositories</th><th>rate</th></tr>{rows}</table></section>")


def _example(repo_id: object) -> str:
    return f"<code>{text(repo_id)}</code>" if repo_id else ""


def _pair_label(pair: dict) -> str:
    return f"{pair.get('declared')} \u00d7 {pair.get('upstream')} ({pair.get('relation')})"


def _pairs(summary: dict) -> str:
    pairs = list(summary.get("top_pairs", []))[:TOP]
    bars = [Bar(_pair_label(pair), ((pair.get("count", 0), "#c8102e", "count"),), f"{pair.get('count', 0):,}",
                f"declared {pair.get('declared')}, upstream {pair.get('upstream')}, by {pair.get('relation')}: "
                f"{pair.get('count', 0):,} repositories, for example {pair.get('example')}",
                (("declared", str(pair.get("declared"))), ("upstream", str(pair.get("upstream"))),
                 ("relation", str(pair.get("relation"))), ("example", str(pair.get("example")))))
            for pair in pairs]
    if not bars:
        return '<section class="pairs"><h2>Top conflicting pairs</h2><p>No conflicting pair was found.</p></section>'
    rows = "".join(f"<tr><td>{text(pair.get('declared'))}</td><td>{text(pair.get('upstream'))}</td>"
                   f"<td>{text(pair.get('relation'))}</td><td class=\"n\">{_count(pair.get('count', 0))}</td>"
                   f"<td><code>{text(pair.get('example'))}</code></td></tr>" for pair in pairs)
    return ('<section class="pairs"><h2>Top conflicting pairs</h2><p>Declared license \u00d7 upstream license '
            "(relation): how many repositories declare the first over an upstream work under the second.</p>"
            f'<div class="figure">{bar_chart("pairs", "Top conflicting pairs", bars)}</div>'
            "<table><tr><th>declared</th><th>upstream</th><th>relation</th><th>repositories</th><th>example</th></tr>"
            f"{rows}</table></section>")


def _family_bar(family: dict) -> Bar:
    total = family.get("models", 0)
    bad, unknown = family.get("not_compliant", 0), family.get("unknown", 0)
    name = str(family.get("family"))
    share = (100 * bad / total if total else 0.0, 100 * unknown / total if total else 0.0)
    return Bar(name, ((share[0], "#c8102e", "not-compliant"), (share[1], "#8c8c8c", "unknown")),
               f"{_rate(bad, total)} + {_rate(unknown, total)} of {total:,}",
               f"{name}: {bad:,} not compliant and {unknown:,} unknown of {total:,} models",
               (("family", name),))


def _families(summary: dict) -> str:
    families = sorted(summary.get("families", []), key=lambda f: (-f.get("models", 0), str(f.get("family"))))
    families = families[:TOP]
    if not families:
        return '<section class="families"><h2>Inconsistency per base-model family</h2><p>No family.</p></section>'
    chart = bar_chart("families", "Inconsistency per base-model family", [_family_bar(f) for f in families], 100.0)
    rows = "".join(f"<tr><td>{text(f.get('family'))}</td><td class=\"n\">{_count(f.get('models', 0))}</td>"
                   f"<td class=\"n\">{_count(f.get('not_compliant', 0))}</td>"
                   f"<td class=\"n\">{_count(f.get('unknown', 0))}</td>"
                   f"<td class=\"n\">{_rate(f.get('not_compliant', 0), f.get('models', 0))}</td>"
                   f"<td>{_example(f.get('example'))}</td></tr>" for f in families)
    return ('<section class="families"><h2>Inconsistency per base-model family</h2><p>Of the repositories '
            "descending from each family's base models, the share not compliant (red) and unknown (grey), "
            f'largest families first.</p><div class="figure">{chart}</div><table><tr><th>family</th>'
            "<th>models</th><th>not compliant</th><th>unknown</th><th>inconsistency rate</th><th>example</th></tr>"
            f"{rows}</table></section>")


def _picture(picture: tuple | None, kb) -> str:
    """The lineage of the chosen repository, (project, report) of its check."""
    if picture is None:
        return ""
    from clearance.render.lineage import lineage_of, marks_of
    from clearance.render.svg import lineage_svg
    project, report = picture
    if kb is None:
        from clearance.knowledge_base import load_knowledge_base
        kb = load_knowledge_base()
    svg = lineage_svg(lineage_of(project, kb, report.licenses), marks_of(report), standalone=False, prefix="p-")
    chosen = project.releases[0].work if project.releases else project.name
    verdict = "compliant" if report.compliant else "not compliant"
    return (f'<section class="lineage-figure" data-repository="{attr(chosen)}"><h2>Lineage of {text(chosen)}: '
            f"{verdict}</h2><p>Each box is a work, coloured by the family of its license; a red outline marks a "
            "work an error rests on, a red line the path by which it reaches the release.</p>"
            f'<div class="figure">{svg}</div></section>')


def _codes(summary: dict) -> str:
    """The error codes (repositories each) as a chart, and the least-risk licenses suggested."""
    codes = list(summary.get("codes", {}).items())[:TOP]
    suggested = list(summary.get("suggested", {}).items())[:TOP]
    if not codes and not suggested:
        return ""
    parts = ['<section class="codes"><h2>Errors and suggestions</h2>']
    if codes:
        bars = [Bar(code, ((count, "#6b4c9a", "count"),), f"{count:,}", f"{code}: {count:,} repositories",
                    (("code", code),)) for code, count in codes]
        parts.append(f'<p>Repositories with each error code.</p><div class="figure">'
                     f'{bar_chart("codes", "Error codes", bars)}</div>')
    if suggested:
        rows = "".join(f'<tr><td>{text(lic)}</td><td class="n">{_count(count)}</td></tr>' for lic, count in suggested)
        parts.append("<p>The least-risk license the repositories that are not compliant could have declared:</p>"
                     f"<table><tr><th>license</th><th>repositories</th></tr>{rows}</table>")
    parts.append("</section>")
    return "".join(parts)


def render(summary: dict, picture: tuple | None = None, kb=None) -> str:
    """The html output of `clearance audit` (clearance/render/audit.py calls it once every result is
    in): the page of `summary`, with the lineage of `picture` = (project, report) of the repository
    chosen (`--show`, by default the example of the top conflicting pair)."""
    return render_audit(summary, picture, kb)


@without_collector
def render_audit(summary: dict, picture: tuple | None = None, kb=None, title: str = "Hub audit") -> str:
    """The HTML page of an audit `summary`, with the lineage of `picture` = (project, report) of one
    chosen repository when given; `kb` draws its license families. The same input gives the same bytes."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>clearance: {text(title)}</title>", f"<style>{STYLE}</style></head><body>",
             f"<header><h1>clearance audit: {text(title)}</h1>",
             f'<p class="disclaimer">{text(DISCLAIMER)}</p></header>',
             _verdicts(summary), _pairs(summary), _families(summary), _picture(picture, kb), _codes(summary),
             _json_script(summary), "</body></html>"]
    return "\n".join(part for part in parts if part) + "\n"
