"""Project files: good ones load; every kind of bad one is one clear InputError
with the file and, where known, the line."""

from __future__ import annotations

import textwrap

import pytest

from clearance.exceptions import InputError
from clearance.sources.project_file import load_project, parse_project

GOOD = """
project: demo
works:
  C4AI-Command-R+:   {type: model, license: cc-by-nc-4.0}
  MPT-7B Chat (v2):  {type: model, license: MIT OR Apache-2.0}
  data:              {type: data,  license: CC0-1.0}
steps:
  tuned: {activity: finetune, inputs: ["C4AI-Command-R+"], data: [data]}
  merged: {activity: merge, inputs: [tuned, {work: "MPT-7B Chat (v2)", role: mix}]}
release:
  - {work: merged, policy: personal}
  - {work: data, policy: share, form: binary}
"""


def test_good_project_loads(kb):
    project = parse_project(GOOD, kb)
    assert set(project.works) == {"C4AI-Command-R+", "MPT-7B Chat (v2)", "data"}
    assert project.works["MPT-7B Chat (v2)"].alternatives == ("MIT", "Apache-2.0")
    assert project.works["C4AI-Command-R+"].license == "CC-BY-NC-4.0"
    assert project.steps["tuned"].type == "model"
    assert [r.policy for r in project.releases] == ["personal", "share"]
    assert project.releases[1].form == "binary"


BAD = [
    ("empty", "", "the file is empty", None),
    ("not a mapping", "- a\n- b\n", "must be a mapping", 1),
    ("yaml syntax", "works: {a: [1, 2}\n", "invalid YAML", 1),
    ("tab", "works:\n\ta: 1\n", "tab", 2),
    ("no works", "project: x\n", "no 'works'", 1),
    ("empty works", "works: {}\n", "'works' is empty", 1),
    ("unknown top key", "works: {a: {type: data, license: MIT}}\nrelease_: {work: a, policy: share}\n",
     "did you mean 'release'", 2),
    ("unknown work key", "works:\n  a: {type: data, licence: MIT}\n", "did you mean 'license'", 2),
    ("missing license", "works:\n  a: {type: data}\n", "has no 'license'", 2),
    ("unknown license", "works:\n  a: {type: data, license: CC-BY-NC-4}\n", "unknown license 'CC-BY-NC-4'", 2),
    ("malformed expression", "works:\n  a: {type: data, license: MIT OR (}\n", "malformed license expression", 2),
    ("unknown type", "works:\n  a: {type: dataset, license: MIT}\n", "unknown type 'dataset'", 2),
    ("unknown form", "works:\n  a: {type: data, license: MIT, form: api}\n", "unknown form 'api'", 2),
    ("unknown activity",
     "works:\n  a: {type: data, license: MIT}\nsteps:\n  b: {activity: finetuned, inputs: [a]}\n",
     "did you mean 'finetune'", 4),
    ("unknown role",
     "works:\n  a: {type: data, license: MIT}\nsteps:\n  b: {activity: combine, inputs: [{work: a, role: main}]}\n",
     "unknown role 'main'", 4),
    ("undefined input",
     "works:\n  apple: {type: data, license: MIT}\nsteps:\n  b: {activity: combine, inputs: [appel]}\n",
     "undefined work 'appel'", 4),
    ("self use", "works:\n  a: {type: data, license: MIT}\nsteps:\n  b: {activity: combine, inputs: [a, b]}\n",
     "uses itself", 4),
    ("cycle", "works:\n  a: {type: data, license: MIT}\nsteps:\n  b: {activity: combine, inputs: [a, c]}\n"
     "  c: {activity: combine, inputs: [b]}\n", "cycle: b -> c -> b", None),
    ("duplicate key", "works:\n  a: {type: data, license: MIT}\n  a: {type: model, license: MIT}\n",
     "duplicate key 'a'", 3),
    ("work and step", "works:\n  a: {type: data, license: MIT}\nsteps:\n  a: {activity: copy, inputs: [a]}\n",
     "both a work and a step", 4),
    ("release of undefined", "works:\n  a: {type: data, license: MIT}\nrelease: {work: b, policy: share}\n",
     "release of undefined work 'b'", 3),
    ("unknown policy", "works:\n  a: {type: data, license: MIT}\nrelease: {work: a, policy: publish}\n",
     "unknown policy 'publish'", 3),
    ("wrong value type", "works:\n  a: {type: [data], license: MIT}\n", "must be a non-empty string", 2),
    ("python tag", "works: !!python/object/apply:os.system ['echo hacked']\n", "unsupported YAML tag", 1),
    ("unknown exception", "works:\n  a: {type: data, license: MIT WITH No-such-exception}\n",
     "unknown license exception 'No-such-exception'", 2),
    ("no inputs", "works:\n  a: {type: data, license: MIT}\nsteps:\n  b: {activity: combine}\n", "has no inputs", 4),
]


@pytest.mark.parametrize("text, message, line", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_project_is_one_clear_error(kb, text, message, line):
    with pytest.raises(InputError) as caught:
        parse_project(textwrap.dedent(text), kb, "p.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("p.yaml")
    if line is not None:
        assert caught.value.line == line


def test_billion_laughs_is_refused_quickly(kb):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 12):
        lines.append(f"a{index}: &a{index} [" + ", ".join([f"*a{index - 1}"] * 10) + "]")
    lines.append("works: *a11")
    with pytest.raises(InputError, match="expands to more than"):
        parse_project("\n".join(lines) + "\n", kb, "laughs.yaml")


def test_deep_nesting_is_refused(kb):
    with pytest.raises(InputError, match="nesting deeper"):
        parse_project("works: " + "[" * 100 + "]" * 100 + "\n", kb)


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01binary", "binary file"),
    (b"works: \xff\xfe\n", "not UTF-8"),
])
def test_unreadable_files(kb, tmp_path, content, message):
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_project(path, kb)


def test_missing_file_and_directory(kb, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_project(tmp_path / "absent.yaml", kb)
    with pytest.raises(InputError, match="is a directory"):
        load_project(tmp_path, kb)


def test_a_tab_between_values_on_a_line_is_accepted(kb):
    """YAML lets a tab separate values inside a line; only indentation must use spaces."""
    project = parse_project("works:\n  a: {type:\tdata, license: MIT}\n", kb)
    assert project.works["a"].type == "data"


def test_a_lone_surrogate_in_text_is_refused_with_its_position(kb):
    with pytest.raises(InputError) as caught:
        parse_project("works:\n  a: {type: data, license: \ud800}\n", kb)
    assert caught.value.line == 2 and "surrogate" in caught.value.message
