"""Markdown for pull requests: verdict lines, tables that hold whatever the ids say, a checklist
and a Mermaid block, checked by parsing it as GitHub-flavoured markdown does (tables on)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from clearance.cli import app

from examples import PAPER_CASES

runner = CliRunner()
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rows(text: str) -> list[list[str]]:
    """The body rows of every table, as the text of their cells."""
    tokens = PARSER.parse(text)
    found, row, inside = [], None, False
    for token in tokens:
        if token.type == "tbody_open":
            inside = True
        elif token.type == "tbody_close":
            inside = False
        elif inside and token.type == "tr_open":
            row = []
        elif inside and token.type == "tr_close":
            found.append(row)
        elif inside and token.type == "inline":
            row.append(token.content)
    return found


def test_paper_case_markdown_has_verdicts_tables_checklist_and_mermaid():
    case = next(case for case in PAPER_CASES if case.name == "I(a)")
    result = runner.invoke(app, ["check", str(case.path), "--format", "markdown"])
    assert result.exit_code == 1
    text = result.stdout
    assert ":x: **corpus, sold as files**: not compliant" in text
    body = rows(text)
    assert len(body) == len(case.errors)  # one table (errors), one row per error
    assert all(len(row) == 4 for row in body)
    assert {row[1] for row in body} == {r"Deep\-sequoia", "FreeLaw", "arXiv"}
    assert text.count("- [ ] ") == 10
    fence = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert fence.startswith("flowchart LR") and "class " in fence  # the conflicting works are marked
    html = PARSER.render(text)
    assert '<code class="language-mermaid">' in html and "<table>" in html


def test_hostile_ids_cannot_break_the_table(tmp_path):
    evil = r'"a|b\nc<img src=x>`*_[x](y)\x07\u202e"'  # YAML double quotes: a newline, BEL and a bidi override
    path = tmp_path / "evil.yaml"
    path.write_text(f"works:\n  {evil}: {{type: data, license: CC-BY-NC-4.0}}\n"
                    f"steps:\n  out: {{activity: combine, inputs: [{evil}]}}\n"
                    "release: {work: out, policy: sell}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "markdown"])
    assert result.exit_code == 1, result.output
    text = result.stdout
    assert "\u0007" not in text and "\u202e" not in text
    body = rows(text)
    assert len(body) == 1 and len(body[0]) == 4
    assert "|" in body[0][1] and "<img" not in PARSER.render(text)


def test_several_releases_show_each_finding_once_with_its_releases(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("works:\n  nc: {type: data, license: CC-BY-NC-4.0}\n"
                    "steps:\n  a: {activity: combine, inputs: [nc]}\n"
                    "release:\n  - {work: a, policy: sell}\n  - {work: a, policy: sell, form: saas}\n",
                    encoding="utf-8")
    text = runner.invoke(app, ["check", str(path), "--format", "markdown"]).stdout
    body = rows(text)
    assert len(body) == 1 and len(body[0]) == 5  # the Releases column appears
    assert text.count("- :x:") == 2


def test_explain_and_suggest_in_markdown():
    case = next(case for case in PAPER_CASES if case.name == "II(b)")
    explained = runner.invoke(app, ["explain", str(case.path), "--format", "markdown"])
    assert explained.exit_code == 1 and "1. `rights-not-granted`" in explained.stdout
    suggested = runner.invoke(app, ["suggest", str(case.path), "--format", "markdown"])
    assert suggested.exit_code == 1 and "1. (cost" in suggested.stdout
