"""The reader's fast path (libyaml's own composer, issue 16) builds exactly the tree the bounded
path builds, and gives up wherever the bounded path would refuse the file, so that every message
stays the bounded path's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearance.exceptions import InputError
from clearance.sources import yaml_reader
from clearance.sources.yaml_reader import Located, node_bound, parse_yaml

from examples import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(path for path in EXAMPLES.rglob("*.yaml")) + sorted((ROOT / "licenses").glob("*.yaml"))[:8]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [":", ": ", "- ", "-", "[", "]", "{", "}", ",", "*a", "\t", "\n", "  ", "   ", "#", "'", '"', "|", ">",
          "? ", "?", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "~", "null", "yes", "no", "1e999", "0x1F",
          "2001-12-14", "9" * 30, "\x85", "\u2028", "\u2029", "\r\n", "\r", "1.50", ".inf", "-.NaN", "+1", "010",
          "a", "b", "work", "MIT", "x: y", "- a", "[a, b]", "{a: b}", "[a: b]", "{a, b}", "=", "\"q\\n\"", "''"]
CRAFTED = [
    "a: 1\nb: 1.50\nc: yes\nd: ~\ne:\nf: 2001-12-14\ng: 0x10\nh: '1.50'\n1.50: key\nyes: k\n",
    "- - - a\n  - b\n- [x, {y: z}, [p: q]]\n- {a, b}\n- ? k\n  : v\n",
    "a:\n  b:\n    c: |\n      text\n    d: >\n      folded\n",
    "a: [1, 2, {b: [3, {c: d}]}]\r\nb: x\u2028c: y\x85d: z\n",
    "= : value\nv: =\nm: <<\n",
]


def tree(located: Located) -> object:
    """Everything a `Located` holds, keys and types included, as plain nested data."""
    value = located.value
    if isinstance(value, dict):
        inner: object = {key: (tree(located.keys[key]), tree(item)) for key, item in value.items()}
    elif isinstance(value, list):
        inner = [tree(item) for item in value]
    else:
        inner = (type(value).__name__, value)
    return (located.line, located.column, located.text, inner)


def bounded(text: str) -> Located | InputError:
    try:
        return yaml_reader._read_bounded(text, "x.yaml")
    except InputError as error:
        return error


def nodes(node: yaml.Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, yaml.MappingNode):
        return 1 + sum(nodes(key) + nodes(value) for key, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return 1 + sum(nodes(item) for item in node.value)
    return 1


def agrees(text: str) -> None:
    """The fast path reads `text` as the bounded path does, or gives up where that one refuses."""
    fast, slow = yaml_reader._read_fast(text), bounded(text)
    if isinstance(slow, InputError):
        assert fast is None, slow
    elif fast is not None:
        assert tree(fast) == tree(slow)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_example_reads_the_same_on_both_paths(path: Path):
    text = path.read_text(encoding="utf-8")
    fast = yaml_reader._read_fast(text)
    if "&" not in text and "!" not in text:
        assert fast is not None
        assert tree(fast) == tree(bounded(text))


@pytest.mark.parametrize("text", CRAFTED)
def test_scalars_keys_and_positions_agree(text: str):
    fast = yaml_reader._read_fast(text)
    assert fast is not None
    assert tree(fast) == tree(bounded(text))
    assert fast == bounded(text)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_random_yaml_agrees_and_the_node_bound_holds(text: str):
    agrees(text)
    try:
        composed = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    assert nodes(composed) <= node_bound(text)


@pytest.mark.parametrize("text,message", [
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("a: &x [1]\nb: *x\nc: *x\n", None),
    ("a: !!int 5\n", "unsupported YAML tag !!int"),
    ("~: 1\n", "a key must be text, not empty"),
    ("<<: {a: 1}\n", "merge keys (<<) are not supported"),
    ("[" * 70 + "]" * 70, "nesting deeper than 64 levels"),
    ("[" * 1500 + "]" * 1500, "exceeded maximum nesting depth"),  # libyaml's scanner, ahead of the composer
    ("".join(" " * level + "a:\n" for level in range(80)), "nesting deeper than 64 levels"),
    ("a: 1\n---\nb: 2\n", "invalid YAML"),
    ("a: *nowhere\n", "invalid YAML"),
    ("a: " + "9" * 5000 + "\n", "too long to read"),
])
def test_what_the_bounded_path_refuses_is_refused_with_its_message(text: str, message: str | None):
    slow = bounded(text)
    if message is None:
        assert tree(parse_yaml(text, "x.yaml")) == tree(slow)
        return
    assert isinstance(slow, InputError) and message in str(slow)
    assert yaml_reader._read_fast(text) is None
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "x.yaml")
    assert str(caught.value) == str(slow)


def test_more_nodes_than_the_bound_allows_goes_the_bounded_way(monkeypatch):
    text = "[" + ", ".join("x" for _ in range(400)) + "]"
    monkeypatch.setattr(yaml_reader, "MAX_NODES", 300)
    assert node_bound(text) > 300
    assert yaml_reader._read_fast(text) is None
    with pytest.raises(InputError, match="holds more than 300 values"):
        parse_yaml(text, "x.yaml")


def test_located_keeps_its_dataclass_manners():
    first = Located({"a": Located(1, 1, 4, text="1")}, 1, 1, {"a": Located("a", 1, 1)})
    second = Located({"a": Located(1, 1, 4, text="1")}, 1, 1, None)
    assert first == second and not first != second  # keys are not compared
    assert first != Located({}, 1, 1)
    assert Located(1.5, 2, 3, text="1.50").source_text == "1.50"
    assert hash(Located("x", 1, 2)) == hash(Located("x", 1, 2, {}))
    import pickle
    assert pickle.loads(pickle.dumps(first)) == first


# The validator's lookups (a work like one already read, a step's checks as lookups) against the
# checks made one by one: the same project, and the same first problem.
VALID = """project: p
works:
  a: {type: data, license: MIT, name: A, url: 'http://a'}
  b: {type: data, license: MIT, name: 1.50, notes: n}
  c: {type: data, license: MIT OR Apache-2.0, form: raw}
  d: {type: model, license: MIT OR Apache-2.0, license_link: x}
  e: {type: data, license: MIT AND CC-BY-4.0}
  f: {type: data, license: MIT AND CC-BY-4.0}
  g: {type: data, license: other, license_name: Mine}
steps:
  s1: {activity: combine, inputs: [a, b, c], name: S, notes: 2}
  s2: {activity: finetune, inputs: [d], data: [s1, e, f], form: raw, type: model}
release: {work: s2, policy: share}
"""
BROKEN = ["  h: {type: data, license: MIT, name: [x]}", "  h: {type: dataa, license: MIT}",
          "  h: {type: data, license: MIT, form: bogus}", "  h: {type: data, license: MIT, colour: red}",
          "  h: {type: data, license: MIT, name: true}", "  h: {type: data}", "  h: [MIT]",
          "  h: {type: [data], license: MIT}",
          "  h: {type: data, license: {MIT: 1}}"]
BROKEN_STEPS = ["  s3: {activity: combine, inputs: [a], name: [x], notes: [y]}",
                "  s3: {activity: combin, inputs: [a]}",
                "  s3: {activity: combine, inputs: [a], type: modle}", "  s3: {activity: combine, inputs: [a, a]}",
                "  s3: {activity: combine, inputs: [a], form: [raw]}", "  s3: {activity: [combine], inputs: [a]}",
                "  s3: {activity: combine, inputs: [a], colour: red}", "  s3: {activity: combine}",
                "  s3: [combine]", "  s3: {activity: combine, inputs: [a], notes: {x: 1}}"]


def _checked_one_by_one(monkeypatch):
    from clearance.sources import project_file

    reader = project_file._Reader
    monkeypatch.setattr(reader, "work", reader.checked_work)
    monkeypatch.setattr(reader, "member", lambda self, at, what, allowed, ordered: self.choice(at, what, ordered))
    monkeypatch.setattr(project_file, "_is_text", lambda value: False)  # every free text through `text`


def _read(kb, text: str) -> object:
    from clearance.sources.project_file import parse_project

    try:
        return parse_project(text, kb, "p.yaml")
    except InputError as error:
        return str(error)


@pytest.mark.parametrize("edit", [None, "  h: {type: data, license: MIT, license_name: X}", *BROKEN, *BROKEN_STEPS])
def test_the_validators_lookups_read_what_the_checks_read(kb, monkeypatch, edit: str | None):
    text = VALID
    if edit:  # a work goes at the end of `works`, a step at the end of `steps`
        anchor = "steps:" if " h:" in edit else "release:"
        text = text.replace(anchor, edit + "\n" + anchor)
    fast = _read(kb, text)
    _checked_one_by_one(monkeypatch)
    assert _read(kb, text) == fast
    assert isinstance(fast, str) == (edit in BROKEN or edit in BROKEN_STEPS), fast
