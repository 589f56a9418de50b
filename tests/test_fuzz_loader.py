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
          "works", "steps", "release", "policy", "form", "license", "type", "activity", "role", "work"]
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
