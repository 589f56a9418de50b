"""`suggest --apply`: the fix is written into the user's own file (comments, order, flow
style, notes and license spellings kept), never by relabelling a work's license, and no
write path can lose the input file."""

from __future__ import annotations

import errno
import json
import os
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from clearance.advice import fit_for
from clearance.analysis import release_compliant
from clearance.apply import as_if_obtained
from clearance.cli import app
from clearance.sources.project_file import load_project, parse_project

from examples import EXAMPLES

runner = CliRunner()

COMMENTED = """\
# A corpus sold as raw data. This comment must survive.
project: "Commented corpus"
works:
  # the crawl: non-commercial
  forum-posts:  {type: data,  license: cc-by-nc-4.0, url: "https://example.org/forum", notes: crawled in 2024}
  lexicon:      {type: data,  license: CC-BY-4.0}   # an end-of-line comment
  tokenizer:
    type: software
    license: Apache-2.0
    name: "the tokenizer"
steps:
  corpus:
    activity: combine
    inputs: [forum-posts, lexicon]
    using: [tokenizer]
    notes: the combined corpus
release:
  work: corpus
  policy: sell
  form: raw
"""


def _write(tmp_path, text: str = COMMENTED, name: str = "project.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fixes(path) -> list[dict]:
    result = runner.invoke(app, ["suggest", str(path), "--format", "json"])
    return [fix for release in json.loads(result.output)["releases"] for fix in release["fixes"]]


def _number(path, kind: str) -> int:
    return next(fix["number"] for fix in _fixes(path)
                if [change["kind"] for change in fix["changes"]] == [kind])


def test_replacement_keeps_the_file_and_adds_a_placeholder(tmp_path, kb):
    path = _write(tmp_path)
    out = tmp_path / "fixed.yaml"
    result = runner.invoke(app, ["suggest", str(path), "--apply", str(_number(path, "replace")), "--output", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    removed = [line for line in COMMENTED.splitlines() if line not in written.splitlines()]
    # Only the lines the fix changes differ: the step's inputs, nothing else.
    assert removed == ["    inputs: [forum-posts, lexicon]"], removed
    assert "    inputs: [replacement-for-forum-posts, lexicon]" in written
    for kept in ("# A corpus sold as raw data. This comment must survive.", "# the crawl: non-commercial",
                 "# an end-of-line comment", "license: cc-by-nc-4.0", 'name: "the tokenizer"', "notes: crawled in 2024",
                 'url: "https://example.org/forum"', "notes: the combined corpus"):
        assert kept in written, kept
    fixed = load_project(out, kb)
    # The replaced work keeps its declared license; a new placeholder work stands in its place.
    assert fixed.works["forum-posts"].license == "CC-BY-NC-4.0"
    placeholder = fixed.works["replacement-for-forum-posts"]
    assert placeholder.type == "data" and placeholder.license in kb.advice.replacements["data"]
    assert not any(g.work == "forum-posts" for step in fixed.steps.values() for g in step.inputs)
    notes = yaml.safe_load(written)["works"]["replacement-for-forum-posts"]["notes"]
    assert "placeholder" in notes and "grants commercial use" in notes and "forum-posts (CC-BY-NC-4.0)" in notes
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0


def test_seek_permission_is_recorded_as_requested_and_does_not_pass_silently(tmp_path, kb):
    path = _write(tmp_path)
    number = _number(path, "seek-permission")
    assert number == len(_fixes(path)), "a fix that needs the licensor is ranked last"
    out = tmp_path / "asked.yaml"
    result = runner.invoke(app, ["suggest", str(path), "--apply", str(number), "--output", str(out), "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == "clearance.apply/1" and report["written"] == str(out) and report["fix"] == number
    assert report["compliant"] is False and report["needs_licensor"] is True
    assert report["pending_permissions"] == [{"work": "forum-posts", "grants": ["commercial-use"]}]
    asked = load_project(out, kb)
    assert asked.works["forum-posts"].license == "CC-BY-NC-4.0"
    assert runner.invoke(app, ["check", str(out)]).exit_code == 1  # not obtained yet: still not compliant
    assert release_compliant(as_if_obtained(asked), kb, 0)
    obtained = out.read_text(encoding="utf-8").replace("status: requested", "status: obtained")
    assert release_compliant(parse_project(obtained, kb), kb, 0)


def test_a_full_disk_mid_write_leaves_the_input_intact(tmp_path, monkeypatch):
    path = _write(tmp_path)
    before = path.read_bytes()
    real_fdopen = os.fdopen

    class FullDisk:
        """A stream that takes a few bytes and then finds the disk full."""

        def __init__(self, stream):
            self.stream = stream

        def write(self, text):
            self.stream.write(text[:10])
            self.stream.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    monkeypatch.setattr("clearance.atomic.os.fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--in-place"])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert path.read_bytes() == before
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["project.yaml"]  # no temporary file left


def test_a_failed_fsync_or_rename_leaves_the_input_intact(tmp_path, monkeypatch):
    path = _write(tmp_path)
    before = path.read_bytes()
    for name in ("fsync", "replace"):
        with monkeypatch.context() as patch:
            def fail(*args, **kwargs):
                raise OSError(errno.EIO, "Input/output error")
            patch.setattr(f"clearance.atomic.os.{name}", fail)
            result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--in-place"])
        assert result.exit_code == 2, result.output
        assert path.read_bytes() == before
        assert sorted(entry.name for entry in tmp_path.iterdir()) == ["project.yaml"]


def test_output_refusals(tmp_path):
    path = _write(tmp_path)
    before = path.read_bytes()
    existing = _write(tmp_path, "unrelated: true\n", "existing.yaml")
    target = _write(tmp_path, "the target of a link\n", "target.txt")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    cases = [(existing, "it exists"), (path, "it is the input file"), (link, "it is a symlink")]
    for output, why in cases:
        result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--output", str(output)])
        assert result.exit_code == 2 and f"refusing to overwrite {output}: {why}" in result.output, result.output
    assert existing.read_text() == "unrelated: true\n" and target.read_text() == "the target of a link\n"
    # --force replaces an existing file, and a symlink itself (never what it points to) ...
    forced = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--output", str(existing), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "works:" in existing.read_text()
    assert runner.invoke(app, ["suggest", str(path), "--apply", "1", "--output", str(link), "--force"]).exit_code == 0
    assert not link.is_symlink() and target.read_text() == "the target of a link\n"
    # ... but never the input: that is what --in-place says.
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--output", str(path), "--force"])
    assert result.exit_code == 2 and "--in-place" in result.output
    assert path.read_bytes() == before
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--in-place", "--output", str(existing)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--in-place"])
    assert result.exit_code == 0 and path.read_bytes() != before
    assert "# A corpus sold as raw data. This comment must survive." in path.read_text()


def test_timeout_is_a_deadline_for_the_whole_command(tmp_path):
    path = _write(tmp_path)
    result = runner.invoke(app, ["suggest", str(path), "--timeout", "0.0001"])
    assert result.exit_code == 3 and "--timeout" in result.output
    assert runner.invoke(app, ["suggest", str(path), "--budget", "0"]).exit_code == 2


SENSIBLE_FIRST = {"replace", "license", "serve-instead", "form", "policy", "move-to-aux", "separate-release", "drop"}
NON_COMPLIANT = [path for path in sorted(EXAMPLES.glob("*/*.yaml"))
                 if runner.invoke(app, ["check", str(path), "-q"]).exit_code == 1]


def test_the_examples_include_the_everyday_projects():
    names = {path.name for path in NON_COMPLIANT}
    assert {"llama31-finetune-nc-api.yaml", "code-model-gpl-agpl.yaml", "case1a-corpus-combination.yaml"} <= names


@pytest.mark.parametrize("path", NON_COMPLIANT, ids=lambda p: p.stem)
def test_first_fix_is_acceptable_and_applies_truthfully(kb, tmp_path, path):
    [first, *_] = _fixes(path)
    kinds = {change["kind"] for change in first["changes"]}
    assert kinds <= SENSIBLE_FIRST and not first["needs_licensor"] and first["appliable"], first
    project = load_project(path, kb)
    for change in first["changes"]:
        if change["kind"] == "replace":  # a curated, production-grade license of the same kind of work
            work_type = project.works[change["work"]].type
            assert change["to"] in kb.advice.replacements[work_type]
            assert fit_for(kb.licenses[change["to"]], work_type)
    out = tmp_path / "fixed.yaml"
    result = runner.invoke(app, ["suggest", str(path), "--apply", "1", "--output", str(out)])
    assert result.exit_code == 0, result.output
    original, written = path.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert all(line in written.splitlines() for line in comments), "every comment is kept"
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
    # Every work that is still declared keeps its license as the user spelled it.
    before, after = yaml.safe_load(original)["works"], yaml.safe_load(written)["works"]
    for work_id, fields in after.items():
        if work_id in before:
            assert fields["license"] == before[work_id]["license"], work_id
        else:
            assert work_id.startswith("replacement-for-") and "placeholder" in fields["notes"]


def test_the_replacement_table_is_checked_against_the_knowledge_base(tmp_path):
    from clearance.exceptions import KnowledgeBaseError
    from clearance.knowledge_base import load_knowledge_base
    source = Path(str(resources.files("clearance.licenses")))
    shutil.copytree(source, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    table = yaml.safe_load((tmp_path / "replacements.yaml").read_text())
    table["model"] += ["MRL-0.1", "Grok-2-Community"]  # research-only; revocable
    table["software"] += ["ODbL-1.0"]  # a database license
    table["data"] += ["No-Such-License"]
    (tmp_path / "replacements.yaml").write_text(yaml.safe_dump(table))
    policy = yaml.safe_load((tmp_path / "policy.yaml").read_text())
    policy["costs"]["replace"] = -1
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    problems = "\n".join(caught.value.problems)
    for expected in ("model: 'MRL-0.1' is not fit", "model: 'Grok-2-Community' is not fit",
                     "software: 'ODbL-1.0' is not fit", "'No-Such-License' is not a license",
                     "costs.replace: needs a whole number"):
        assert expected in problems


def test_the_cost_model_is_data_that_changes_the_ranking(tmp_path, kb):
    from clearance.knowledge_base import load_knowledge_base
    from clearance.suggest import suggest
    source = Path(str(resources.files("clearance.licenses")))
    shutil.copytree(source, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = EXAMPLES / "paper" / "case2b-moe-noderivs.yaml"
    [item] = suggest(load_project(path, kb), kb)
    assert item.fixes[0].changes[0].kind == "serve-instead"
    policy = yaml.safe_load((tmp_path / "policy.yaml").read_text())
    policy["costs"]["serve-instead"] = 40
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    changed = load_knowledge_base(tmp_path)
    [item] = suggest(load_project(path, changed), changed)
    assert item.fixes[0].changes[0].kind == "replace"
    assert all(fix.cost != 40 for fix in item.fixes[:-1] if fix.changes[0].kind != "serve-instead")


@pytest.mark.parametrize("indent", [2, 4])
def test_block_lists_in_the_users_indentation_change_one_line(tmp_path, indent):
    pad = " " * indent
    text = (f"works:\n{pad}forum:   {{type: data, license: CC-BY-NC-4.0}}   # nc\n"
            f"{pad}lex:     {{type: data, license: CC-BY-4.0}}\nsteps:\n{pad}corpus:\n{pad * 2}activity: combine\n"
            f"{pad * 2}inputs:\n{pad * 3}- forum   # the forum\n{pad * 3}- lex\n"
            f"release:\n{pad}work: corpus\n{pad}policy: sell\n")
    path = _write(tmp_path, text)
    out = tmp_path / "fixed.yaml"
    assert runner.invoke(app, ["suggest", str(path), "--apply", str(_number(path, "replace")),
                               "--output", str(out)]).exit_code == 0
    written = out.read_text().splitlines()
    assert [line for line in text.splitlines() if line not in written] == [f"{pad * 3}- forum   # the forum"]
    assert f"{pad * 3}- replacement-for-forum # the forum" in written
    assert len(written) == len(text.splitlines()) + 1  # and the placeholder
