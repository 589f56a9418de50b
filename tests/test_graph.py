"""`clearance graph` and the lineage renderers (SVG, DOT, Mermaid): every work drawn with its
license, roles drawn distinctly, errors marked, and every id escaped for each syntax."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

import clearance
from clearance.cli import app
from clearance.render.dot import lineage_dot
from clearance.render.lineage import lineage_of, marks_of
from clearance.render.markup import visible
from clearance.render.mermaid import lineage_mermaid
from clearance.render.svg import lineage_svg

from examples import PAPER_CASES
from hostile import BIDI, BROKEN, NASTY, PUNCT, write_hostile

SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()


def _nodes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("data-work"): g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()}


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda c: c.name)
def test_svg_of_each_paper_case_draws_every_work_and_marks_the_errors(case, kb):
    report = clearance.check(case.path)
    nodes = _nodes(lineage_svg(lineage_of(report.project, kb, report.licenses), marks_of(report)))
    assert set(nodes) == set(report.project.works) | set(report.project.steps)
    marked = {work for work, g in nodes.items() if "conflict" in g.get("class").split()}
    assert {work for _, work, _ in case.errors} <= marked
    assert bool(marked) == (not case.compliant)
    for work, declared in report.project.works.items():
        assert nodes[work].get("data-license") == " OR ".join(declared.alternatives)
    for step, lic in case.licenses.items():
        assert nodes[step].get("data-license") == (lic or "no license (conflict)")


def test_roles_are_drawn_distinctly_and_explained_in_the_legend(kb):
    report = clearance.check(PAPER_CASES[0].path)
    root = ET.fromstring(lineage_svg(lineage_of(report.project, kb, report.licenses), marks_of(report)))
    edges = [p for p in root.iter(f"{SVG}path") if p.get("data-role")]
    dashes = {p.get("data-role"): p.get("stroke-dasharray") for p in edges}
    assert set(dashes) == {"mix", "sub", "aux"} and len(set(dashes.values())) == 3
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    words = " ".join(t.text for t in legend.iter(f"{SVG}text"))
    assert all(role in words for role in ("mix", "sub", "aux")) and "non-commercial" in words
    # the path arXiv -> arXiv-translated -> corpus of the commercial-use error is red
    red = {(p.get("data-source"), p.get("data-target")) for p in edges if "conflict-path" in p.get("class")}
    assert {("arXiv", "arXiv-translated"), ("arXiv-translated", "corpus")} <= red
    assert ("BigTranslate", "arXiv-translated") not in red


def test_svg_escapes_every_id(tmp_path, kb):
    report = clearance.check(write_hostile(tmp_path))
    svg = lineage_svg(lineage_of(report.project, kb, report.licenses), marks_of(report))
    assert "\u202e" not in svg and "</script>" not in svg
    nodes = _nodes(svg)  # well-formed XML whatever the ids hold
    assert set(nodes) == {NASTY, visible(BIDI), PUNCT, BROKEN}
    assert "conflict" in nodes[NASTY].get("class")


def _dot_strings(line: str) -> list[str]:
    """The quoted strings of a DOT line, unescaped the way Graphviz reads them (only \\" is an escape
    of the string itself; other backslashes stay for the label's own escapes)."""
    return [match.replace('\\"', '"') for match in re.findall(r'"((?:[^"\\]|\\.)*)"', line)]


def test_dot_quotes_every_label(tmp_path, kb):
    report = clearance.check(write_hostile(tmp_path))
    dot = lineage_dot(lineage_of(report.project, kb, report.licenses), marks_of(report))
    lines = dot.splitlines()
    assert lines[0] == 'digraph "<i>hostile</i> & co" {' and lines[-1] == "}"
    statement = re.compile(r'^  (n\d+( -> n\d+)? \[.*\];|rankdir=LR;|(node|edge) \[.*\];)$')
    assert all(statement.match(line) for line in lines[1:-1]), dot
    labels = [_dot_strings(line)[0] for line in lines if "label=" in line]
    # In a label, \\ is a backslash and \n a line break: no \N, \G or \L escape of Graphviz can form.
    shown = [re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), label) for label in labels]
    ids = {text.split("\n")[0] for text in shown}
    assert {NASTY, visible(BIDI), PUNCT, "out"} <= ids
    assert any(text.startswith("out\ncome\n") for text in shown)
    assert 'color="#c8102e"' in dot


def test_mermaid_writes_every_special_character_as_an_entity(tmp_path, kb):
    report = clearance.check(write_hostile(tmp_path))
    text = lineage_mermaid(lineage_of(report.project, kb, report.licenses), marks_of(report))
    labels = re.findall(r'^  n\d+\["(.*)"\]:::f_[a-z_]+$', text, re.MULTILINE)
    assert len(labels) == 4
    for label in labels:
        assert re.fullmatch(r"[A-Za-z0-9 _.,:/()+\-#;<>]*", label.replace("<br/>", "")), label
        assert '"' not in label and "[" not in label and "|" not in label
    decoded = {re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label).split("<br/>")[0] for label in labels}
    assert decoded == {NASTY, visible(BIDI), PUNCT, BROKEN}
    assert re.search(r"^  class (n\d+,?)+ conflict$", text, re.MULTILINE)


def test_mermaid_arrows_differ_by_role(kb):
    report = clearance.check(PAPER_CASES[0].path)
    text = lineage_mermaid(lineage_of(report.project, kb, report.licenses))
    assert "-->|mix|" in text and "==>|sub|" in text and "-.->|aux|" in text


@pytest.mark.parametrize(("form", "mark"), [("dot", "c8102e"), ("mermaid", " conflict"), ("svg", ' conflict"')])
def test_graph_command(form, mark):
    path = str(PAPER_CASES[0].path)
    plain = runner.invoke(app, ["graph", path, "--format", form])
    checked = runner.invoke(app, ["graph", path, "--format", form, "--check"])
    assert plain.exit_code == 0 and checked.exit_code == 0
    assert "arXiv-translated" in plain.stdout and "LGPLLR" in checked.stdout
    assert mark not in plain.stdout and mark in checked.stdout
    assert runner.invoke(app, ["graph", path, "--format", form]).stdout == plain.stdout


def test_graph_command_bad_input(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("works: {a: {type: data, license: NoSuch-1.0}}\n")
    result = runner.invoke(app, ["graph", str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.output and "Traceback" not in result.output
    assert runner.invoke(app, ["graph", str(bad), "--format", "png"]).exit_code == 2
