"""No id can change what a report shows: a project whose ids hold terminal escapes, a hidden-text
sequence, a fake verdict line, bidi overrides, zero-width and C1 characters goes through every
command and every format, and no byte of the output (or of stderr) is a raw control, bidi or
other invisible character. Escaping is done by clearance.render.escape, the one function."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.render import FORMATS
from clearance.render.escape import json_text, shown

HIDE = "\x1b[8m"
FAKE = "a\nRelease of corpus, sold as raw weights or data: COMPLIANT\n"
IDS = {
    "hidden": f"x{HIDE}NOT COMPLIANT\x1b[0m",
    "fake": FAKE,
    "bidi": "\u202eTNAILPMOC\u202c",
    "invisible": "z\u200b\u2066w\u2069\x85\x9b2J\u2028\u2029\r\t",
}
WORKS = "\n".join(f'  "{json.dumps(ident)[1:-1]}": {{type: data, license: {lic}}}'
                  for ident, lic in zip(IDS.values(), ["CC-BY-NC-4.0", "MIT", "CC-BY-SA-4.0", "GPL-3.0-only"],
                                        strict=True))
REFS = ", ".join(f'"{json.dumps(ident)[1:-1]}"' for ident in IDS.values())
PROJECT = (f'project: "p\\e]0;title\\a"\nworks:\n{WORKS}\nsteps:\n'
           f'  "out\\e[2K\\rcome": {{activity: augment, inputs: [{REFS}]}}\n'
           'release: {work: "out\\e[2K\\rcome", policy: sell}\n')
runner = CliRunner()


def raw_unsafe(text: str) -> list[str]:
    """The characters of `text` a terminal or an editor would act on or hide: controls other than
    the layout's newline, format characters (bidi, zero-width), line and paragraph separators."""
    return sorted({char for char in text if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")})


def formats_of(command: str) -> list[str]:
    found = []
    for name, module in FORMATS.items():
        if importlib.util.find_spec(f"clearance.render.{module}") is None:
            continue  # a format announced before its renderer lands
        if hasattr(importlib.import_module(f"clearance.render.{module}"), command):
            found.append(name)
    return found


CALLS = [[command, "--format", name] for command in ("check", "explain", "suggest") for name in formats_of(command)]
CALLS += [["validate"], ["notice"], ["graph", "--format", "dot"], ["graph", "--format", "mermaid"],
          ["graph", "--format", "svg"], ["export", "--format", "cyclonedx"], ["export", "--format", "spdx"]]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "project.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def test_the_project_really_holds_the_hostile_ids(hostile: Path, kb) -> None:
    from clearance.sources.project_file import load_project
    project = load_project(hostile, kb)
    assert set(IDS.values()) <= set(project.works) and "out\x1b[2K\rcome" in project.steps


@pytest.mark.parametrize("call", CALLS, ids=" ".join)
def test_no_raw_control_or_bidi_character_reaches_the_output(hostile: Path, call: list[str]) -> None:
    if call[0] == "export":
        pytest.importorskip("cyclonedx" if call[-1] == "cyclonedx" else "spdx_python_model")
    result = runner.invoke(app, [call[0], str(hostile), *call[1:]])
    assert result.exit_code in (0, 1), result.output
    assert result.stdout and not raw_unsafe(result.stdout), raw_unsafe(result.stdout)
    assert not raw_unsafe(result.stderr)


def test_the_text_report_shows_the_ids_escaped_and_the_true_verdict(hostile: Path) -> None:
    result = runner.invoke(app, ["check", str(hostile)])
    out = result.stdout
    assert result.exit_code == 1
    assert "\\x1b[8mNOT COMPLIANT" in out and "\\u202eTNAILPMOC" in out
    verdicts = [line for line in out.splitlines() if line.startswith(("COMPLIANT", "NOT COMPLIANT", "Release of"))]
    assert len(verdicts) == 1 and verdicts[0].startswith("NOT COMPLIANT"), verdicts  # no forged verdict line
    assert "a\\nRelease of corpus" in out and "\nRelease of corpus" not in out


def test_json_keeps_the_exact_ids(hostile: Path) -> None:
    """JSON escapes them as \\uXXXX: the values read back exactly."""
    data = json.loads(runner.invoke(app, ["check", str(hostile), "--format", "json"]).stdout)
    works = {work for finding in data["findings"] for work in finding["works"]}
    assert set(IDS.values()) <= works


def test_the_escaping_functions() -> None:
    assert shown("a\x1b[8mb\u202e\n") == "a\\x1b[8mb\\u202e\\n"
    assert shown("café ok") == "café ok"
    dumped = json.dumps({"k": "\u202e\x85\U000e0041é"}, ensure_ascii=False)
    assert not raw_unsafe(json_text(dumped)) and json.loads(json_text(dumped)) == json.loads(dumped)


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl", "csv", "html"])
def test_no_raw_control_or_bidi_character_reaches_an_audit(tmp_path: Path, output_format: str) -> None:
    rows = [{"id": "org/base", "type": "model", "license": "llama3.1"}]
    rows += [{"id": ident, "type": "model", "license": "apache-2.0", "base_model": "org/base"}
             for ident in IDS.values()]
    rows.append({"id": "org/child", "type": "model", "license": "mit", "base_model": IDS["hidden"],
                 "datasets": [IDS["bidi"]]})
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = runner.invoke(app, ["audit", str(dump), "--format", output_format])
    assert result.exit_code == 1, result.output
    assert result.stdout and not raw_unsafe(result.stdout), raw_unsafe(result.stdout)
    assert not raw_unsafe(result.stderr)
    if output_format == "jsonl":
        found = {json.loads(line).get("id") for line in result.stdout.splitlines()}
        # the values stay exact (the dump reader strips surrounding white space): only their bytes are escaped
        assert {ident.strip() for ident in IDS.values()} <= found
