"""`clearance notice`: the notice file of the paper's CASE I(a), what it lists and what it says it
cannot know; written atomically, never over an existing file without --force."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import clearance
from clearance.cli import app
from clearance.notice import notices_of
from clearance.render.notice import md, render_notice

from examples import PAPER_CASES
from hostile import NASTY, PUNCT, write_hostile

runner = CliRunner()
CASE_1A = PAPER_CASES[0]


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return {part.split("\n", 1)[0]: part for part in parts[1:]}


def test_notice_of_case_1a(kb):
    report = clearance.check(CASE_1A.path)
    (notice,) = notices_of(report, kb)
    assert notice.release == "corpus" and notice.license == "LGPLLR" and not notice.compliant
    components = {c.work: c for c in notice.components}
    # BigTranslate is only used (aux) to translate: nothing of it ships with the corpus.
    assert set(components) == {"arXiv", "StackExchange", "Deep-sequoia", "FreeLaw"}
    duties = {(c.work, d.code) for c in notice.components for d in c.duties}
    assert {(work, code) for code, work in CASE_1A.restrictions} <= duties  # what the paper reports
    assert {("FreeLaw", "state-changes"), ("Deep-sequoia", "state-changes")}.isdisjoint(duties)
    assert components["arXiv"].license_url == kb.licenses["CC-BY-NC-SA-4.0"].url
    text = render_notice([notice])
    sections = _sections(text)
    assert list(sections) == ["arXiv", "Deep-sequoia", "FreeLaw", "StackExchange", "What this file cannot know"]
    free_law = sections["FreeLaw"]
    assert kb.licenses["CC-BY-ND-4.0"].name in free_law and kb.licenses["CC-BY-ND-4.0"].url in free_law
    assert "Include a copy of the license text" in free_law and "copy them here from FreeLaw" in free_law
    assert "State the changes made to arXiv" in sections["arXiv"]
    assert "copyright lines" in sections["What this file cannot know"]
    assert "not legal advice" in text


def test_notice_command_writes_atomically_and_never_over_a_file(tmp_path):
    target = tmp_path / "NOTICE.md"
    first = runner.invoke(app, ["notice", str(CASE_1A.path), "-o", str(target)])
    assert first.exit_code == 0, first.output
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Notices for corpus") and "## FreeLaw" in written
    assert [p.name for p in tmp_path.iterdir()] == ["NOTICE.md"]  # no temporary file left
    target.write_text("mine\n")
    refused = runner.invoke(app, ["notice", str(CASE_1A.path), "-o", str(target)])
    assert refused.exit_code == 2 and "--force" in refused.output and target.read_text() == "mine\n"
    forced = runner.invoke(app, ["notice", str(CASE_1A.path), "-o", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8") == written
    stdout = runner.invoke(app, ["notice", str(CASE_1A.path)])
    assert stdout.exit_code == 0 and stdout.stdout == written
    into_input = runner.invoke(app, ["notice", str(CASE_1A.path), "-o", str(CASE_1A.path), "--force"])
    assert into_input.exit_code == 2


def test_notice_of_one_release_among_several(tmp_path):
    project = tmp_path / "two.yaml"
    project.write_text("works:\n  code: {type: software, license: Apache-2.0}\n"
                       "  data: {type: data, license: CC-BY-4.0}\n"
                       "steps:\n  model: {activity: train, inputs: [data], using: [code], type: model}\n"
                       "release:\n  - {work: model, policy: share, form: raw}\n  - {work: code, policy: share}\n")
    both = runner.invoke(app, ["notice", str(project)])
    assert both.exit_code == 0 and both.stdout.count("# Notices for") == 2
    one = runner.invoke(app, ["notice", str(project), "--release", "code"])
    assert one.exit_code == 0 and one.stdout.count("# Notices for") == 1 and "## code" in one.stdout
    assert "Apache-2.0" in one.stdout
    unknown = runner.invoke(app, ["notice", str(project), "--release", "nope"])
    assert unknown.exit_code == 2 and "one of: model, code" in unknown.output


def test_a_personal_release_needs_no_notice(tmp_path):
    project = tmp_path / "p.yaml"
    project.write_text("works:\n  d: {type: data, license: CC-BY-4.0}\nsteps:\n  e: {activity: copy, inputs: [d]}\n"
                       "release: {work: e, policy: personal}\n")
    result = runner.invoke(app, ["notice", str(project)])
    assert result.exit_code == 0 and "No license of the works it is made from asks" in result.stdout


def test_restrictions_of_any_code_travel_with_the_notice(kb):
    case_3 = next(case for case in PAPER_CASES if case.name == "III")
    text = render_notice(notices_of(clearance.check(case_3.path), kb))
    travel = _sections(text)["Restrictions that travel with the release"]
    assert "use-restrictions (Stable-Diffusion)" in travel


def test_notice_escapes_markdown(tmp_path, kb):
    text = render_notice(notices_of(clearance.check(write_hostile(tmp_path)), kb))
    assert "\u202e" not in text and "<b>" not in text and "</script>" not in text
    assert f"## {md(NASTY)}" in text and f"## {md(PUNCT)}" in text
    assert md("*em* [l](u) <x> `c` | #h \\") == r"\*em\* \[l\](u) \<x\> \`c\` \| \#h \\"
    assert "https://example.org/a?b=\\<c\\>" in text  # the work's own URL, escaped


def test_notice_is_deterministic(kb):
    assert render_notice(notices_of(clearance.check(CASE_1A.path), kb)) == \
        render_notice(notices_of(clearance.check(CASE_1A.path), kb))


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda c: c.name)
def test_every_obligation_of_a_release_is_in_its_notice(case, kb):
    report = clearance.check(case.path)
    for notice, result in zip(notices_of(report, kb), report.releases, strict=True):
        listed = {(c.work, d.code) for c in notice.components for d in c.duties}
        listed |= {(w, code) for code, works, _ in notice.restrictions for w in works}
        expected = {(w, f.code) for f in result.findings if f.severity == "restriction" for w in f.group or (f.work,)}
        assert listed == expected
