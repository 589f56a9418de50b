"""Bad input, one table: every malformed or hostile project file the command line may be given.

Each case runs the real command line (in process) on a file built in a temporary folder and
expects exit code 2, nothing on stdout, and exactly one line on stderr:
`clearance: FILE:LINE:COL: message (hint)` where the problem has a position, `clearance: FILE:
message` where it has none (a missing file, an empty one). The message must name the specific
problem (with its did-you-mean hint where there is one), and nothing may escape as an exception.
A few cases also run as `python -m clearance` in a subprocess."""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.sources import yaml_reader as yamlsource

W = "works:\n  a: {type: data, license: MIT}\n"
APPLE = "works:\n  apple: {type: data, license: MIT}\n"
R = "release: {work: a, policy: share}\n"
Content = str | bytes | Callable[[Path], Path]


@dataclass(frozen=True)
class Bad:
    """One bad input: the file's content (or a function making the path), what the message must
    say, and where: (line, column), a line, or None when the problem has no position."""

    name: str
    content: Content
    message: str
    at: tuple[int, int] | int | None
    commands: tuple[str, ...] = ("check", "validate")
    limits: tuple[tuple[str, int], ...] = ()

    def path(self, folder: Path) -> Path:
        """Build the input in `folder` and return its path."""
        if callable(self.content):
            return self.content(folder)
        path = folder / "project.yaml"
        if isinstance(self.content, bytes):
            path.write_bytes(self.content)
        else:
            path.write_text(self.content, encoding="utf-8")
        return path


def _missing(folder: Path) -> Path:
    return folder / "absent.yaml"


def _directory(folder: Path) -> Path:
    (folder / "project.yaml").mkdir()
    return folder / "project.yaml"


def _oversized(folder: Path) -> Path:
    path = folder / "project.yaml"
    path.write_bytes(W.encode() + b"#" * yamlsource.MAX_FILE_BYTES)
    return path


def _device(folder: Path) -> Path:
    return Path("/dev/zero")


def _fifo(folder: Path) -> Path:
    path = folder / "project.yaml"
    os.mkfifo(path)  # no writer: opening it for reading the ordinary way would block for ever
    return path


def _under_a_file(folder: Path) -> Path:
    (folder / "project.yaml").write_text(W + R, encoding="utf-8")
    return folder / "project.yaml" / "inner.yaml"


def _laughs() -> str:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\nworks: *lol9\n"


def _step(text: str) -> str:
    return f"{W}steps:\n  b: {text}\n"


def _named(name: str, content: str | bytes) -> Callable[[Path], Path]:
    """An input of another format, under the name that tells it (README.md, bom.json)."""
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path
    return make


def _beside(name: str, content: str | bytes) -> Callable[[Path], Path]:
    """A config or GGUF file beside a valid card; the path given is the file itself."""
    def make(folder: Path) -> Path:
        (folder / "README.md").write_text("---\nlicense: mit\n---\n")
        return _named(name, content)(folder)
    return make


_CDX = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"component": '
_SPDX = ('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [\n'
         '{"type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2025-01-01T00:00:00Z",'
         ' "createdBy": ["urn:a"]},\n{"type": "Organization", "spdxId": "urn:a", "creationInfo": "_:c"},\n'
         '{"type": "ai_AIPackage", "spdxId": "urn:m", "name": "m", "creationInfo": "_:c"},\n')

BAD = [
    # Hugging Face cards and the files beside them, CycloneDX and SPDX 3 documents
    Bad("card: front matter not closed", _named("README.md", "---\nlicense: mit\n"),
        "the card's front matter has no closing '---' line", (1, 1)),
    Bad("card: invalid YAML", _named("README.md", "---\nlicense: [mit\n---\n"), "invalid YAML", 3),
    Bad("card: base_model not an id", _named("README.md", "---\nlicense: mit\nbase_model: {a: 1}\n---\n"),
        "'base_model' must be a repository id or a list of them", (3, 13)),
    Bad("card: unknown relation",
        _named("README.md", "---\nlicense: mit\nbase_model: x/y\nbase_model_relation: finetuned\n---\n"),
        "unknown base_model_relation 'finetuned' (one of: finetune, adapter, merge, quantized)", (4, 22)),
    Bad("card: license not text", _named("README.md", "---\nlicense: {a: 1}\n---\n"), "'license' must be text",
        (2, 10)),
    Bad("card: no front matter", _named("README.md", "# A model\n"), "the card has no YAML front matter", (1, 1)),
    Bad("adapter config: invalid JSON", _beside("adapter_config.json", '{"base_model_name_or_path": "x",\n}'),
        "invalid JSON: Expecting property name", (2, 1)),
    Bad("adapter config: base not a string", _beside("adapter_config.json", '{"base_model_name_or_path": 7}'),
        "'base_model_name_or_path' must be a repository id", None),
    Bad("mergekit: models not a list", _beside("mergekit_config.yml", "merge_method: slerp\nmodels: x/y\n"),
        "'models' must be a list", (2, 9)),
    Bad("mergekit: invalid YAML", _beside("mergekit_config.yml", "models: [x\n"), "invalid YAML", 2),
    Bad("gguf: truncated header", _beside("model.gguf", b"GGUF\x03\x00\x00\x00\x00"),
        "invalid GGUF header: it ends before the metadata does", None),
    Bad("gguf: not GGUF", _beside("model.gguf", b"GGML" + bytes(20)), "not a GGUF file", None),
    Bad("json: neither BOM", _named("x.json", '{"a": 1}'), "JSON that is neither a CycloneDX BOM nor an SPDX 3",
        (1, 1)),
    Bad("cyclonedx: invalid JSON", _named("bom.json", '{"bomFormat": "CycloneDX",\n "specVersion": }'),
        "invalid JSON: Expecting value", (2, 17)),
    Bad("cyclonedx: no metadata component", _named("bom.json", '{"bomFormat": "CycloneDX", "specVersion": "1.6"}'),
        "the BOM has no metadata.component", 1),
    Bad("cyclonedx: unknown activity", _named("bom.json", _CDX + '\n{"type": "machine-learning-model", '
        '"bom-ref": "m", "name": "m", "properties": [{"name": "clearance:activity", "value": "bake"}]}}}'),
        "unknown activity 'bake' for 'm'", 2),
    Bad("cyclonedx: not ML", _named("bom.json", _CDX + '{"type": "library", "name": "x"}}}'),
        "metadata.component is not a machine-learning-model or data component", 1),
    Bad("spdx: relationship to an unknown element", _named("doc.json", _SPDX +
        '{"type": "Relationship", "spdxId": "urn:r", "creationInfo": "_:c", "from": "urn:m", '
        '"relationshipType": "trainedOn", "to": ["urn:nothing"]},\n'
        '{"type": "SpdxDocument", "spdxId": "urn:d", "creationInfo": "_:c", "rootElement": ["urn:m"]}]}'),
        "names 'urn:nothing', which is no package of the document", 5),
    Bad("spdx: no root element", _named("doc.json", _SPDX +
        '{"type": "SpdxDocument", "spdxId": "urn:d", "creationInfo": "_:c"}]}'),
        "the document's rootElement names no AI or dataset package", None),
    # YAML syntax
    Bad("yaml: unclosed bracket", "works: {a: [1, 2}\n", "invalid YAML: did not find expected ',' or ']'", (1, 17)),
    Bad("yaml: unclosed quote", 'works:\n  a: {type: "data, license: MIT}\n', "invalid YAML: found unexpected end", 3),
    Bad("yaml: bad indentation", "works:\n  a: {type: data, license: MIT}\n b: 1\n", "invalid YAML", 3),
    Bad("yaml: a second document", f"{W}---\n{W}", "invalid YAML: but found another document", (3, 1)),
    Bad("yaml: control character", "works:\n  a: {type: data, license: MIT\x07}\n",
        "invalid YAML: the character #x0007 is not allowed", (2, 31)),
    Bad("tab indentation", "works:\n\ta: {type: data, license: MIT}\n",
        "a tab is used for indentation (YAML indents with spaces)", (2, 1)),
    # empty, or not a mapping
    Bad("empty file", "", "the file is empty (a project needs at least a 'works' section)", None),
    Bad("only comments", "# works: none yet\n\n", "the file is empty", None),
    Bad("top level is a list", "- a\n- b\n", "the top level of a project file must be a mapping, not a list", (1, 1)),
    Bad("top level is a string", "works\n", "the top level of a project file must be a mapping, not a string",
        (1, 1)),
    # missing or mistyped sections
    Bad("no works section", "project: demo\n", "the project has no 'works' section (list the works you reuse)",
        (1, 1)),
    Bad("works is empty", "works: {}\n", "'works' is empty (list the works you reuse)", (1, 8)),
    Bad("works is null", "works:\n", "'works' must be a mapping, not empty", 1),
    Bad("works is a list", "works: [a, b]\n", "'works' must be a mapping, not a list", (1, 8)),
    Bad("steps is a list", W + "steps: [a]\n", "'steps' must be a mapping, not a list", (3, 8)),
    Bad("release is a string", W + "release: a\n", "a release must be a mapping, not a string", (3, 10)),
    Bad("release is an empty list", W + "release: []\n", "'release' is empty", (3, 10)),
    Bad("no release to check", W, "the project plans no release (add a 'release' section)", None,
        commands=("check",)),
    # missing or mistyped fields
    Bad("work without type", "works:\n  a: {license: MIT}\n", "work 'a' has no 'type'", (2, 6)),
    Bad("work without license", "works:\n  a: {type: data}\n", "work 'a' has no 'license'", (2, 6)),
    Bad("work is a string", "works:\n  a: MIT\n", "work 'a' must be a mapping, not a string", (2, 6)),
    Bad("step without activity", _step("{inputs: [a]}"), "step 'b' has no 'activity'", (4, 6)),
    Bad("step without inputs", _step("{activity: combine}"),
        "step 'b' has no inputs (list the works it is made from)", (4, 6)),
    Bad("step is a string", _step("combine"), "step 'b' must be a mapping, not a string", (4, 6)),
    Bad("input without work", _step("{activity: combine, inputs: [{role: mix}]}"),
        "an input of step 'b' has no 'work'", (4, 35)),
    Bad("release without work", W + "release: {policy: share}\n", "a release has no 'work'", (3, 10)),
    Bad("release without policy", W + "release: {work: a}\n",
        "the release of 'a' has no 'policy' (personal, share or sell)", (3, 10)),
    # unknown keys, with did-you-mean
    Bad("unknown top-level key", W + "relase: {work: a, policy: share}\n",
        "unknown key 'relase' in the project file (did you mean 'release'?)", 3),
    Bad("unknown work key", "works:\n  a: {type: data, licence: MIT}\n",
        "unknown key 'licence' in work 'a' (did you mean 'license'?)", 2),
    Bad("unknown step key", _step("{activity: combine, input: [a]}"),
        "unknown key 'input' in step 'b' (did you mean 'inputs'?)", 4),
    Bad("unknown release key", W + "release: {work: a, polcy: share}\n",
        "unknown key 'polcy' in a release (did you mean 'policy'?)", 3),
    Bad("unknown input key", _step("{activity: combine, inputs: [{work: a, rol: mix}]}"),
        "unknown key 'rol' in an input of step 'b' (did you mean 'role'?)", 4),
    Bad("unknown key, nothing close", "works:\n  a: {type: data, license: MIT, zzz: 1}\n",
        "unknown key 'zzz' in work 'a' (allowed: type, license, license_name, license_link, form, name, url, "
        "notes)", 2),
    # unknown licenses, with did-you-mean over ids and aliases
    Bad("unknown license id", "works:\n  a: {type: data, license: CC-BY-NC-4}\n",
        "license of 'a': unknown license 'CC-BY-NC-4' (did you mean CC-BY-NC-4.0", (2, 28)),
    Bad("misspelt alias", "works:\n  a: {type: model, license: Lama2}\n",
        "unknown license 'Lama2' (did you mean Llama-2", (2, 29)),
    Bad("misspelt hub id", "works:\n  a: {type: model, license: llama3.11}\n",
        "unknown license 'llama3.11' (did you mean Llama-3.1", 2),
    Bad("unknown license inside OR", "works:\n  a: {type: data, license: MIT OR Apache-2}\n",
        "unknown license 'Apache-2' (did you mean Apache-2.0?)", 2),
    Bad("unknown license, nothing close", "works:\n  a: {type: data, license: xyz}\n",
        "unknown license 'xyz' (see 'clearance licenses')", 2),
    Bad("unknown step license", _step("{activity: combine, inputs: [a], license: Apache-3.0}"),
        "license of 'b': unknown license 'Apache-3.0' (did you mean Apache-2.0", 4),
    Bad("unknown release license", W + "release: {work: a, policy: share, license: Apache}\n",
        "license of the release of 'a': unknown license 'Apache' (did you mean Apache-2.0?)", 3),
    # malformed or unsupported license expressions
    Bad("dangling OR", "works:\n  a: {type: data, license: MIT OR}\n",
        "license of 'a': malformed license expression 'MIT OR'", (2, 28)),
    Bad("unbalanced parenthesis", "works:\n  a: {type: data, license: (MIT}\n",
        "malformed license expression '(MIT'", 2),
    Bad("double OR", "works:\n  a: {type: data, license: MIT OR OR Apache-2.0}\n",
        "malformed license expression 'MIT OR OR Apache-2.0'", 2),
    Bad("slash between licenses", "works:\n  a: {type: data, license: MIT/Apache-2.0}\n",
        "malformed license expression 'MIT/Apache-2.0'", 2),
    Bad("unknown exception", "works:\n  a: {type: software, license: GPL-2.0-only WITH Classpath-exception-3.0}\n",
        "unknown license exception 'Classpath-exception-3.0' (did you mean Classpath-exception-2.0?)", 2),
    Bad("exception to another license", "works:\n  a: {type: software, license: MIT WITH LLVM-exception}\n",
        "LLVM-exception is an exception to Apache-2.0, not to MIT", 2),
    Bad("exception without WITH", "works:\n  a: {type: software, license: MIT AND Bison-exception-2.2}\n",
        "'Bison-exception-2.2' is a license exception: write it after WITH", 2),
    Bad("empty license", "works:\n  a: {type: data, license: ''}\n",
        "license of 'a' must be a non-empty string, not an empty string", 2),
    Bad("OR as a step license", _step("{activity: combine, inputs: [a], license: MIT OR Apache-2.0}"),
        "the intended license of 'b' must be one license", 4),
    Bad("OR as a release license", W + "release: {work: a, policy: share, license: MIT OR Apache-2.0}\n",
        "the intended license of a release must be one license", 3),
    # unknown activities, roles, policies, forms and types
    Bad("unknown activity", _step("{activity: finetuned, inputs: [a]}"),
        "unknown activity 'finetuned' (did you mean 'finetune'?)", (4, 17)),
    Bad("unknown activity, nothing close", _step("{activity: xyzzy, inputs: [a]}"),
        "unknown activity 'xyzzy' (one of: copy, combine,", 4),
    Bad("unknown role", _step("{activity: combine, inputs: [{work: a, role: mixx}]}"),
        "unknown role 'mixx' (did you mean 'mix'?)", 4),
    Bad("unknown policy", W + "release: {work: a, policy: sel}\n", "unknown policy 'sel' (did you mean 'sell'?)",
        (3, 28)),
    Bad("unknown policy, nothing close", W + "release: {work: a, policy: publish}\n",
        "unknown policy 'publish' (one of: personal, share, sell)", 3),
    Bad("unknown work form", "works:\n  a: {type: data, license: MIT, form: api}\n",
        "unknown form 'api' (one of: raw, binary, saas)", 2),
    Bad("unknown step form", _step("{activity: combine, inputs: [a], form: binray}"),
        "unknown form 'binray' (did you mean 'binary'?)", 4),
    Bad("unknown release form", W + "release: {work: a, policy: share, form: sas}\n",
        "unknown form 'sas' (did you mean 'saas'?)", 3),
    Bad("unknown work type", "works:\n  a: {type: modle, license: MIT}\n",
        "unknown type 'modle' (did you mean 'model'?)", (2, 13)),
    Bad("unknown step type", _step("{activity: combine, inputs: [a], type: dataset}"),
        "unknown type 'dataset' (did you mean 'data'?)", 4),
    # references
    Bad("undefined input", APPLE + "steps:\n  b: {activity: combine, inputs: [appel]}\n",
        "step 'b' uses undefined work 'appel' (did you mean 'apple'?)", (4, 35)),
    Bad("undefined model used", _step("{activity: translate, inputs: [a], using: [translator]}"),
        "step 'b' uses undefined work 'translator'", 4),
    Bad("undefined data", _step("{activity: finetune, inputs: [a], data: [corpus]}"),
        "step 'b' uses undefined work 'corpus'", 4),
    Bad("release of an undefined work", APPLE + "release: {work: appel, policy: share}\n",
        "release of undefined work 'appel' (did you mean 'apple'?)", (3, 17)),
    # cycles and self-use
    Bad("cycle of two steps", W + "steps:\n  b: {activity: combine, inputs: [a, c]}\n"
        "  c: {activity: combine, inputs: [b]}\n",
        "the steps form a cycle: b -> c -> b (a work cannot be made from itself)", 4),
    Bad("cycle through using and data", W + "steps:\n  b: {activity: finetune, inputs: [a], data: [d]}\n"
        "  c: {activity: generate, using: [b]}\n  d: {activity: translate, inputs: [a], using: [c]}\n",
        "the steps form a cycle: b -> c -> d -> b", 4),
    Bad("step uses itself", _step("{activity: combine, inputs: [a, b]}"), "step 'b' uses itself", (4, 38)),
    Bad("step uses itself as a tool", _step("{activity: translate, inputs: [a], using: [b]}"),
        "step 'b' uses itself", 4),
    # duplicates
    Bad("duplicate work", W + "  a: {type: model, license: MIT}\n", "duplicate key 'a' (first defined on line 2)",
        (3, 3)),
    Bad("duplicate step", _step("{activity: combine, inputs: [a]}") + "  b: {activity: copy, inputs: [a]}\n",
        "duplicate key 'b' (first defined on line 4)", (5, 3)),
    Bad("duplicate field", "works:\n  a: {type: data, license: MIT, license: GPL-3.0}\n",
        "duplicate key 'license' (first defined on line 2)", (2, 33)),
    Bad("duplicate section", W + W, "duplicate key 'works' (first defined on line 1)", (3, 1)),
    Bad("same id for a work and a step", W + "steps:\n  a: {activity: copy, inputs: [a]}\n",
        "'a' is both a work and a step (give the step's result its own id)", (4, 6)),
    Bad("same input twice", _step("{activity: combine, inputs: [a], data: [a]}"), "step 'b' lists 'a' twice", 4),
    # wrong value types
    Bad("type is a list", "works:\n  a: {type: [data], license: MIT}\n", "type must be a non-empty string, not a list",
        (2, 13)),
    Bad("license is a list", "works:\n  a: {type: data, license: [MIT]}\n",
        "license of 'a' must be a non-empty string, not a list", 2),
    Bad("license is a boolean", "works:\n  a: {type: data, license: yes}\n",
        "license of 'a' must be a non-empty string, not a boolean", 2),
    Bad("activity is a number", _step("{activity: 3, inputs: [a]}"),
        "activity must be a non-empty string, not a number", 4),
    Bad("inputs is a number", _step("{activity: combine, inputs: 3}"),
        "'inputs' of step 'b' must be a list of work ids", 4),
    Bad("unquoted true is the id 'true'", _step("{activity: combine, inputs: [true]}"),
        "step 'b' uses undefined work 'true'", 4),
    Bad("an empty input", _step("{activity: combine, inputs: [a, ]}") + "  c: {activity: copy, inputs: [~]}\n",
        "an input of step 'c' must be a non-empty string, not empty", 5),
    Bad("input is a list", _step("{activity: combine, inputs: [[a]]}"),
        "an input of step 'b' must be a non-empty string, not a list", 4),
    Bad("release work is a list", W + "release: {work: [a], policy: share}\n",
        "work must be a non-empty string, not a list", 3),
    Bad("project name is a list", "project: [demo]\n" + W, "'project' must be a non-empty string, not a list", 1),
    Bad("work name is a list", "works:\n  a: {type: data, license: MIT, name: [x]}\n",
        "the name of 'a' must be text, not a list", 2),
    Bad("step notes are a mapping", _step("{activity: combine, inputs: [a], notes: {x: 1}}"),
        "the notes of 'b' must be text, not a mapping", 4),
    Bad("key is a list", "works:\n  ? [a, b]\n  : {type: data, license: MIT}\n",
        "a key must be text, not a list (quote it)", (2, 5)),
    Bad("key is a mapping", "works:\n  {a: 1}: {type: data, license: MIT}\n",
        "a key must be text, not a mapping (quote it)", (2, 3)),
    Bad("number-like ids are text, 1.5 is not 1.50", "works:\n  '1.5': {type: data, license: MIT}\n"
        "steps:\n  b: {activity: combine, inputs: [1.50]}\n", "step 'b' uses undefined work '1.50'", (4, 35)),
    Bad("hex id is its text", "works:\n  '16': {type: data, license: MIT}\nsteps:\n  b: {activity: copy, inputs: "
        "[0x10]}\n", "step 'b' uses undefined work '0x10'", 4),
    Bad("octal-looking id is its text", "works:\n  '8': {type: data, license: MIT}\n"
        "release: {work: 010, policy: share}\n", "release of undefined work '010'", (3, 17)),
    Bad("underscored number id is its text", "works:\n  1_000: {type: data, license: MIT}\n  1000: {type: data, "
        "license: MIT}\n  '1_000': {type: data, license: MIT}\n", "duplicate key '1_000' (first defined on line 2)",
        (4, 3)),
    Bad("empty work id", "works:\n  '': {type: data, license: MIT}\n", "a work id must be a non-empty string", 2),
    Bad("blank step id", W + "steps:\n  ' ': {activity: copy, inputs: [a]}\n", "a step id must be a non-empty string",
        4),
    Bad("number too long", "works:\n  a: {type: data, license: " + "9" * 5000 + "}\n",
        "a number of 5000 characters is too long to read (quote it if it is text)", (2, 28)),
    Bad("newline in a value", 'works:\n  a: {type: "da\\nta", license: MIT}\n', "unknown type 'da\\nta'", 2),
    Bad("terminal escape in a value", 'works:\n  a: {type: "\\e[2J", license: MIT}\n',
        "unknown type '\\x1b[2J'", 2),
    # files
    Bad("missing file", _missing, "no such file", None),
    Bad("a directory", _directory, "is a directory, not a project file", None),
    Bad("binary content", b"\x7fELF\x02\x01\x01\x00\x00\x00", "is a binary file, not YAML text", None),
    Bad("not UTF-8", b"works:\n  a: {type: data, license: MIT \xff}\n", "is not UTF-8 text (byte 38)", None),
    Bad("latin-1 text", "works:\n  caf\u00e9: {type: data, license: MIT}\n".encode("latin-1"),
        "is not UTF-8 text (byte 12)", None),
    Bad("a device (/dev/zero)", _device, "is not a regular file (a device, a pipe or a socket) (to read from a pipe, "
        "give '-'", None),
    Bad("a FIFO with no writer", _fifo, "is not a regular file (a device, a pipe or a socket)", None),
    Bad("a path through a file", _under_a_file, "cannot be read: not a directory", None),
    Bad("UTF-16 with a BOM, read and positioned", "works:\n  a: {type: data, license: MITT}\n".encode("utf-16"),
        "unknown license 'MITT' (did you mean MIT?)", (2, 28)),
    Bad("UTF-32 with a BOM, read and positioned", "works:\n  a: {type: data, license: MITT}\n".encode("utf-32-be")
        .join([codecs.BOM_UTF32_BE, b""]), "unknown license 'MITT' (did you mean MIT?)", (2, 28)),
    Bad("UTF-16 BOM, then a lone surrogate", codecs.BOM_UTF16_LE + "works:".encode("utf-16-le") + b"\x00\xd8",
        "is not UTF-16 text, though it starts as such (byte 14)", None),
    Bad("UTF-16 without a BOM", "works:\n".encode("utf-16-le"), "is a binary file, not YAML text", None),
    Bad("line separator counts as a line", 'project: "x\u2028y"\nworks:\n  a: {type: data, license: MIT\x07}\n',
        "invalid YAML: the character #x0007 is not allowed", (4, 31)),
    Bad("next line (NEL) counts as a line", 'project: "x\x85y"\nworks:\n  a: {type: data, license: MITT}\n',
        "unknown license 'MITT'", (4, 28)),
    Bad("paragraph separator before a tab", "# a\u2029b: 1\nworks:\n\ta: {type: data, license: MIT}\n",
        "a tab is used for indentation", (4, 1)),
    Bad("form feed is not a line break", "# a\x0c\nworks:\n  a: {type: data, license: MIT}\n",
        "the character #x000c is not allowed", (1, 4)),
    Bad("column after non-ASCII text", "works:\n  caf\u00e9\u00e9: {type: data, license: MIT\x07}\n",
        "the character #x0007 is not allowed", (2, 35)),  # libyaml counts bytes: 37
    # hostile YAML
    Bad("python object tag", "works: !!python/object:os.system {}\n",
        "unsupported YAML tag !!python/object:os.system (only plain values, lists and mappings are read)", (1, 8)),
    Bad("python apply tag", "works:\n  a: {type: !!python/object/apply:os.system ['id'], license: MIT}\n",
        "unsupported YAML tag !!python/object/apply:os.system", (2, 13)),
    Bad("bool tag", "works:\n  a: {type: data, license: !!bool MIT}\n", "unsupported YAML tag !!bool", (2, 28)),
    Bad("int tag on an empty string", "works:\n  a: {type: data, license: MIT, notes: !!int ''}\n",
        "unsupported YAML tag !!int", (2, 40)),
    Bad("float tag", W + "release: {work: a, policy: !!float share}\n", "unsupported YAML tag !!float", 3),
    Bad("null tag on a key", "works:\n  !!null a: {type: data, license: MIT}\n", "unsupported YAML tag !!null", 2),
    Bad("binary tag", "works:\n  a: {type: data, license: !!binary TUlU}\n", "unsupported YAML tag !!binary", 2),
    Bad("set tag", "works: !!set {a}\n", "unsupported YAML tag !!set", (1, 8)),
    Bad("timestamp tag", "works:\n  a: {type: data, license: MIT, notes: !!timestamp 2001-12-14}\n",
        "unsupported YAML tag !!timestamp", 2),
    Bad("python name tag", "works: !!python/name:os.system ''\n", "unsupported YAML tag", (1, 8)),
    Bad("local tag", "works: !include other.yaml\n", "unsupported YAML tag !include", (1, 8)),
    Bad("merge key", "base: &base {type: data}\nworks:\n  a: {<<: *base, license: MIT}\n",
        "merge keys (<<) are not supported (write the keys out)", 3),
    Bad("billion laughs", _laughs(),
        f"the file expands to more than {yamlsource.MAX_NODES} values (YAML aliases may be expanding without bound)",
        6),  # the line whose expansion passes MAX_NODES
    Bad("recursive alias", "works: &loop [*loop]\n",
        "an alias refers to the value that contains it (YAML values cannot nest in themselves)", (1, 8)),
    Bad("deep nesting", "works: " + "[" * 100 + "]" * 100 + "\n", "nesting deeper than 64 levels", 1),
    Bad("deep nesting through an alias", "deep: &deep " + "[" * 60 + "]" * 60 + "\nworks: [[[[[[*deep]]]]]]\n",
        "nesting deeper than 64 levels", 1),
    Bad("very deep nesting", "works: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n",
        "nesting deeper than 64 levels", 1),
    Bad("deep block nesting", "works:\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(1, 100)),
        "nesting deeper than 64 levels", 65),
    Bad("oversized file", _oversized,
        f"the file is {len(W) + yamlsource.MAX_FILE_BYTES} bytes; the limit is {yamlsource.MAX_FILE_BYTES}", None),
    Bad("too many values", "works: [" + "a, " * 2000 + "]\n", "the file holds more than 1000 values", 1,
        limits=(("MAX_NODES", 1000),)),
]

runner = CliRunner()
PARAMETERS = [(case, command) for case in BAD for command in case.commands]


def _where(path: Path, at: tuple[int, int] | int | None) -> str:
    if at is None:
        return re.escape(f"{path}: ")
    if isinstance(at, int):
        return re.escape(f"{path}:{at}:") + r"\d+: "
    return re.escape(f"{path}:{at[0]}:{at[1]}: ")


def test_every_case_has_a_unique_name() -> None:
    """Case names are test ids: each must say which case failed."""
    assert len({case.name for case in BAD}) == len(BAD)


@pytest.mark.parametrize("case, command", PARAMETERS, ids=[f"{command}: {case.name}" for case, command in PARAMETERS])
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Bad,
                                             command: str) -> None:
    """Exit 2, no output, one line `clearance: FILE[:LINE:COL]: message (hint)`, within seconds."""
    for name, value in case.limits:
        monkeypatch.setattr(yamlsource, name, value)
    path = case.path(tmp_path)
    started = time.monotonic()
    result = runner.invoke(app, [command, str(path)])
    assert time.monotonic() - started < 10
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.match("clearance: " + _where(path, case.at), lines[0]), lines[0]
    assert case.message in lines[0]


SUBPROCESS = ["python apply tag", "billion laughs", "very deep nesting", "misspelt alias"]


@pytest.mark.parametrize("name", SUBPROCESS)
def test_python_m_clearance_gives_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    """The same through a fresh interpreter: `python -m clearance check FILE`."""
    case = next(case for case in BAD if case.name == name)
    path = case.path(tmp_path)
    result = subprocess.run([sys.executable, "-m", "clearance", "check", str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and re.match("clearance: " + _where(path, case.at), lines[0]), lines
    assert case.message in lines[0]


def test_a_python_tag_runs_no_code(tmp_path: Path) -> None:
    """Safe loading only: an `os.system` call in a tag is refused, not run."""
    project = tmp_path / "project.yaml"
    project.write_text("works: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "clearance", "check", str(project)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "unsupported YAML tag" in result.stderr
    assert not (tmp_path / "pwned").exists()


def _one_line_exit_2(result, source: str, message: str) -> None:
    assert result.exit_code == 2 and result.stdout == "", result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"clearance: {source}") and message in lines[0], lines


@pytest.mark.parametrize("command", ["check", "validate"])
def test_stdin_is_read_for_dash(command: str) -> None:
    """`-` reads the project from standard input; its messages name `<stdin>`."""
    good = runner.invoke(app, [command, "-"], input=W + R)
    assert good.exit_code == 0, good.output
    bad = runner.invoke(app, [command, "-"], input=W + "release: {work: b, policy: share}\n")
    _one_line_exit_2(bad, "<stdin>:3:17: ", "release of undefined work 'b'")


def test_stdin_has_the_same_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1000)
    result = runner.invoke(app, ["check", "-"], input=W + R + "#" * 2000)
    _one_line_exit_2(result, "<stdin>: ", "it holds more than 1000 bytes; the limit is 1000")


def test_stdin_from_dev_zero_is_refused_in_bounded_memory() -> None:
    """An endless standard input is read up to the limit, then refused: memory stays bounded."""
    code = ("import resource, subprocess, sys\n"
            "with open('/dev/zero', 'rb') as zero:\n"
            "    run = subprocess.run([sys.executable, '-m', 'clearance', 'check', '-'], stdin=zero,\n"
            "                         capture_output=True, text=True, timeout=120)\n"
            "print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, run.stderr.strip())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=150)
    code_, max_rss_kib, message = result.stdout.split(" ", 2)
    assert code_ == "2" and message.startswith("clearance: <stdin>: it holds more than"), result.stdout
    assert int(max_rss_kib) < 400 * 1024  # the limit (32 MiB) read twice over at most, plus the interpreter


def test_a_file_in_an_unreadable_folder(tmp_path: Path) -> None:
    """Permission denied on the way to the file: one line, exit 2. Root may read anything, so a
    root run takes the effective user id of nobody for the call (after a first run has imported
    everything the command needs)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "project.yaml"
    path.write_text(W + R, encoding="utf-8")
    readable = tmp_path / "readable.yaml"
    readable.write_text(W + R, encoding="utf-8")
    for parent in [tmp_path, *tmp_path.parents]:
        if parent.stat().st_mode & 0o111 != 0o111:
            parent.chmod(parent.stat().st_mode | 0o111)  # nobody may reach tmp_path; the lock is below it
    folder.chmod(0)
    try:
        for command in ("check", "validate"):
            assert runner.invoke(app, [command, str(readable)]).exit_code == 0
            if os.geteuid() == 0:
                os.seteuid(65534)
            try:
                result = runner.invoke(app, [command, str(path)])
            finally:
                if os.getuid() == 0:
                    os.seteuid(0)
            _one_line_exit_2(result, f"{path}: ", "cannot be read: permission denied")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "0", "-1"])
@pytest.mark.parametrize("command", ["check", "explain", "suggest", "audit"])
def test_bad_timeouts_are_exit_2(tmp_path: Path, command: str, value: str) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(W + R, encoding="utf-8")
    result = runner.invoke(app, [command, str(path), "--timeout", value])
    _one_line_exit_2(result, "", "--timeout must be a positive number of seconds, at most 1000000")


def _clearance(*args: str, **options) -> subprocess.CompletedProcess:
    streams = {} if "stdout" in options else {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "clearance", *args], text=True, timeout=120, **streams, **options)


@pytest.mark.parametrize("args, message", [
    (["check"], "clearance check: Missing argument 'files'. (see 'clearance check --help')"),
    (["chek", "x.yaml"], "clearance: No such command 'chek'"),
    (["check", "x.yaml", "--format", "pdf"], "clearance check: Invalid value for '--format': 'pdf'"),
    (["check", "x.yaml", "--timeout", "soon"], "Invalid value for '--timeout': 'soon' is not a valid float"),
    (["check", "x.yaml", "--bogus"], "No such option: --bogus"),
])
def test_usage_errors_are_one_line(args: list[str], message: str) -> None:
    """Not typer's box of help: one line, exit 2."""
    result = _clearance(*args)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("clearance: ") and message in lines[0], lines


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text("works:\n  caf\u00e9: {type: data, license: MIT}\nrelease: {work: caf\u00e9, policy: share}\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["check", "validate", "explain"])
def test_output_to_a_full_disk_is_exit_2(tmp_path: Path, command: str) -> None:
    with open("/dev/full", "w") as full:
        result = _clearance(command, str(_project(tmp_path)), stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2 and result.stderr == "clearance: cannot write the output: no space left on device\n"


@pytest.mark.parametrize("command", ["check", "validate"])
def test_output_to_a_closed_stdout_is_exit_2(tmp_path: Path, command: str) -> None:
    code = (f"import os, subprocess, sys; os.close(1); r = subprocess.run([sys.executable, '-m', 'clearance', "
            f"{command!r}, {str(_project(tmp_path))!r}]); sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stderr == "clearance: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize("command", ["check", "explain", "validate"])
def test_output_the_encoding_cannot_show_is_exit_2(tmp_path: Path, command: str) -> None:
    result = _clearance(command, str(_project(tmp_path)), env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("clearance: cannot write the output: the output's encoding (ascii) cannot show")
    assert len(result.stderr.splitlines()) == 1
    assert ("or write it with --output" in result.stderr) == (command != "validate")  # the hint names what there is


def test_a_license_the_encoding_cannot_show_is_exit_2() -> None:
    """`licenses show` quotes clauses with curly quotes; under ascii that is exit 2, not UTF-8 anyway."""
    result = _clearance("licenses", "show", "Apache-2.0", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("clearance: cannot write the output: the output's encoding (ascii) cannot show")
    assert result.stderr.endswith("(set PYTHONIOENCODING=utf-8)\n")
