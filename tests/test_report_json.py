"""clearance.report/3 tells releases apart: two releases of one work, each with its index, its
stable key, its own licenses and the findings that are its own."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from clearance.cli import app

PROJECT = """works:
  corpus-a: {type: data, license: CC-BY-NC-SA-4.0}
  corpus-b: {type: data, license: CC-BY-4.0}
steps:
  mixed: {activity: augment, inputs: [corpus-a, corpus-b]}
release:
  - {work: mixed, policy: share}
  - {work: mixed, policy: sell, form: binary}
  - {work: corpus-b, policy: sell}
"""


def test_two_releases_of_one_work_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    data = json.loads(CliRunner().invoke(app, ["check", str(path), "--format", "json"]).stdout)
    assert data["format"] == "clearance.report/3"
    releases = data["releases"]
    assert [r["index"] for r in releases] == [0, 1, 2]
    assert [r["key"] for r in releases] == [
        {"work": "mixed", "policy": "share", "form": "raw", "license": None},
        {"work": "mixed", "policy": "sell", "form": "binary", "license": None},
        {"work": "corpus-b", "policy": "sell", "form": "raw", "license": None}]
    assert [r["compliant"] for r in releases] == [True, False, True]
    assert releases[0]["licenses"] == releases[1]["licenses"] == {"mixed": "CC-BY-NC-SA-4.0"}
    assert releases[2]["licenses"] == {}
    commercial = [f for f in data["findings"] if f.get("right") == "commercial-use"]
    assert commercial and {f["release_index"] for f in commercial} == {1}
    assert all(f["release_key"] == releases[f["release_index"]]["key"] for f in data["findings"])
    for release in releases:
        assert release["findings"] == sum(f["release_index"] == release["index"] for f in data["findings"])
