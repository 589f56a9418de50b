"""The HTML report: self-contained (nothing fetched from anywhere), the lineage with every work and
the conflicts marked, every release's verdict, findings and obligations, the report's JSON embedded,
and every id escaped."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

import clearance
from clearance.cli import app
from clearance.render.html import render_html
from clearance.render.markup import visible
from clearance.render.report import report_json

from examples import PAPER_CASES
from hostile import BIDI, BROKEN, NASTY, PUNCT, write_hostile

runner = CliRunner()


class Page(HTMLParser):
    """The elements of a page: (tag, attributes) in document order, and the text of each script."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def having(self, tag: str, css_class: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and css_class in a.get("class", "").split()]


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda c: c.name)
def test_html_of_each_paper_case(case, kb):
    report = clearance.check(case.path)
    text = render_html(report, kb)
    page = Page(text)
    nodes = {a["data-work"]: a for a in page.having("g", "node")}
    assert set(nodes) == set(report.project.works) | set(report.project.steps)
    marked = {work for work, a in nodes.items() if "conflict" in a["class"].split()}
    assert {work for _, work, _ in case.errors} <= marked
    releases = page.having("section", "release")
    assert [a["data-release"] for a in releases] == [r.release.work for r in report.releases]
    assert [a["data-verdict"] == "compliant" for a in releases] == [r.compliant for r in report.releases]
    errors = page.having("li", "error")
    assert {(a["data-code"], a["data-work"]) for a in errors} >= {(code, work) for code, work, _ in case.errors}
    assert len(page.having("li", "restriction")) == sum(f.severity == "restriction" for f in report.findings)
    assert json.loads(page.scripts[0]) == json.loads(json.dumps(report_json(report)))
    assert render_html(clearance.check(case.path), kb) == text


def test_html_fetches_nothing(kb):
    text = render_html(clearance.check(PAPER_CASES[2].path), kb)
    page = Page(text)
    assert "://" not in text and "@import" not in text and "@font-face" not in text
    assert not re.search(r"url\((?!#)", text)
    assert not [a for _, a in page.elements if {"src", "href", "xlink:href", "srcset", "action"} & set(a)]
    assert [a.get("type") for t, a in page.elements if t == "script"] == ["application/json"]
    policy = [a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv")]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'"]
    assert not [t for t, _ in page.elements if t in ("link", "img", "iframe", "object", "embed", "base")]


def test_html_escapes_every_id(tmp_path, kb):
    report = clearance.check(write_hostile(tmp_path))
    text = render_html(report, kb)
    page = Page(text)
    assert "\u202e" not in text
    # the page's own <b> is one per release (its license): no id and no project name opened a tag
    assert [t for t, _ in page.elements if t in ("b", "i")] == ["b"] * len(report.releases)
    assert len(page.scripts) == 1 and text.count("</script>") == 1
    data = json.loads(page.scripts[0])
    assert {f["work"] for f in data["findings"]} >= {NASTY, PUNCT}
    assert data["project"] == "<i>hostile</i> & co"
    nodes = {a["data-work"] for a in page.having("g", "node")}
    assert nodes == {NASTY, visible(BIDI), PUNCT, BROKEN}
    works = [json.loads(a["data-works"]) for a in page.having("li", "error")]
    assert [NASTY] in works


def test_check_format_html():
    result = runner.invoke(app, ["check", str(PAPER_CASES[0].path), "--format", "html"])
    assert result.exit_code == 1
    assert result.stdout.startswith("<!DOCTYPE html>") and 'id="clearance-data"' in result.stdout


def test_several_files_share_one_page():
    files = [str(PAPER_CASES[0].path), str(PAPER_CASES[4].path)]
    result = runner.invoke(app, ["check", *files, "--format", "html"])
    assert result.exit_code == 1
    page = Page(result.stdout)
    assert [a["data-file"] for t, a in page.elements if t == "article"] == files
    assert [item["file"] for item in json.loads(page.scripts[0])] == files
    ids = [a["id"] for _, a in page.elements if "id" in a]
    assert len(ids) == len(set(ids))  # each drawing's arrow markers have ids of their own


def test_explain_format_html():
    case = next(c for c in PAPER_CASES if c.name == "IV(b)")
    result = runner.invoke(app, ["explain", str(case.path), "--format", "html"])
    assert result.exit_code == 1
    page = Page(result.stdout)
    marked = {a["data-work"] for a in page.having("g", "conflict")}
    assert {"Llama2", "BigTranslate"} <= marked and "BERT" not in marked
    conflicts = {(a["data-code"], a["data-work"]) for a in page.having("li", "error")}
    assert conflicts == {(code, work) for code, work, _ in case.errors}
    assert json.loads(page.scripts[0])["format"].startswith("clearance.reasons")
    assert "://" not in result.stdout
