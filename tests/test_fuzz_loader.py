"""Fuzzing the project loader: random text, random bytes and random mutations of the paper's
examples either load or raise a `ClearanceError` with a one-line message, never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearance.exceptions import ClearanceError
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import load_project, parse_project

from examples import EXAMPLES

KB = load_knowledge_base()
PAPER = [path.read_text(encoding="utf-8") for path in sorted((EXAMPLES / "paper").glob("*.yaml"))]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Pieces of YAML syntax and of the project format, and characters that have bitten YAML loaders.
TOKENS = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object/apply:os.system ['id']", "!x ",
          "\t", "\n", "  ", "#", "'", '"', "|", ">", "? ", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "~", "null",
          "yes", "1e999", "0x1F", "2001-12-14", "9" * 5000, "\x00", "\x07", "\x85", "\u2028", "\ufeff", "\ud800",
          " OR ", " AND ", " WITH ", "MIT", "GPL-3.0", "Llama2", "mix", "sub", "aux", "inputs", "using", "data",
          "works", "steps", "release", "policy", "form", "license", "type", "activity", "role", "work",
          "!!bool ", "!!int ", "!!float ", "!!str ", "!!null ", "!!binary ", "!!timestamp ", "!!map ", "!!seq ",
          "!!set ", "!!omap ", "! ", "!<tag:yaml.org,2002:int> ", "0x10", "010", "0o17", "1_000", "1.50", "1e3",
          ".inf", "-.NaN", "+1", "\u2029"]
YAMLISH = st.text(alphabet=st.sampled_from(list(" \n\t:-[]{},&*!|>'\"#%@`?~.0123456789abcdefwork")), max_size=200)


def loads_or_refuses(text: str) -> None:
    """Load `text`; any failure must be a `ClearanceError` whose message is one line."""
    try:
        parse_project(text, KB, "fuzz.yaml")
    except ClearanceError as error:
        assert "\n" not in str(error) and "\r" not in str(error), str(error)


@st.composite
def mutations(draw: st.DrawFn) -> str:
    """A paper example with a few random edits: cut, insert, duplicate or swap lines, replace a character."""
    text = draw(st.sampled_from(PAPER))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        edit = draw(st.sampled_from(["cut", "insert", "duplicate line", "swap lines", "replace"]))
        if edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif edit == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS) | st.text(max_size=5)) + text[at:]
        elif edit == "replace":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at + 1:]
        else:
            lines = text.splitlines(keepends=True)
            first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if edit == "duplicate line":
                lines.insert(second, lines[first])
            else:
                lines[first], lines[second] = lines[second], lines[first]
            text = "".join(lines)
    return text


@FUZZ
@given(st.text(max_size=300) | YAMLISH)
def test_random_text(text: str) -> None:
    """Arbitrary text, and text made of YAML's syntax characters."""
    loads_or_refuses(text)


@FUZZ
@given(mutations())
def test_mutated_examples(text: str) -> None:
    """The paper's examples with random edits: near-valid files reach deep into the loader."""
    loads_or_refuses(text)


@FUZZ
@given(st.binary(max_size=300) | mutations().map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_random_bytes_from_a_file(data: bytes) -> None:
    """Arbitrary bytes in a file: binary, non-UTF-8 and valid text alike."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        try:
            load_project(path, KB)
        except ClearanceError as error:
            assert "\n" not in str(error), str(error)


TAGS = st.sampled_from(["!!bool", "!!int", "!!float", "!!null", "!!str", "!!binary", "!!timestamp", "!!python/none",
                        "!local", "!<tag:yaml.org,2002:int>"])
SCALARS = st.sampled_from(["MIT", "''", "yes", "1.5", "0x10", "~", "2001-12-14", "[a]", "{a: 1}"])


@FUZZ
@given(st.sampled_from(["type", "license", "form", "notes", "name"]), TAGS, SCALARS)
def test_tagged_scalars(key: str, tag: str, value: str) -> None:
    """An explicit tag on any field is refused with one line (or, for !!str, read as text)."""
    loads_or_refuses(f"works:\n  a: {{type: data, license: MIT, {key}: {tag} {value}}}\n")


NUMBER_LIKE = (st.integers(-10**6, 10**6).flatmap(lambda n: st.sampled_from([str(n), hex(n), f"{n:_}", f"0{abs(n)}",
                                                                            f"{n}.0", f"{n}e1", f"+{abs(n)}"]))
               | st.floats(allow_nan=False, allow_infinity=False).map(repr)
               | st.sampled_from([".inf", "-.inf", ".nan", "1.50", "1.5", "0o17", "true", "No", "on"]))


@FUZZ
@given(NUMBER_LIKE, st.booleans())
def test_number_like_ids_keep_their_text(text: str, quoted_key: bool) -> None:
    """An unquoted id or reference is its text as written: `1.50` names the work '1.50'."""
    key = f"'{text}'" if quoted_key else text
    project = parse_project(f"works:\n  {key}: {{type: data, license: MIT}}\n"
                            f"steps:\n  s: {{activity: copy, inputs: [{text}]}}\n"
                            f"release: {{work: {text}, policy: share}}\n", KB, "fuzz.yaml")
    assert list(project.works) == [text]
    assert project.steps["s"].inputs[0].work == text and project.releases[0].work == text
