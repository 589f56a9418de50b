"""Safe YAML reading that keeps positions, refuses duplicate keys and bounds
what a hostile file can make the loader do (alias expansion, depth, size)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clearance.exceptions import InputError

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Located:
    """A scalar, list or mapping read from YAML, with the line and column it starts at (1-based)."""

    value: Any
    line: int
    column: int


class _Builder:
    """Turns a composed YAML node tree into `Located` values, counting nodes so
    that aliases cannot expand without bound (the "billion laughs" file)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(message, self.source, mark.line + 1, mark.column + 1, hint)

    def build(self, node: yaml.Node, depth: int = 0) -> Located:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, f"the file expands to more than {MAX_NODES} values",
                             "YAML aliases may be expanding without bound")
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting deeper than {MAX_DEPTH} levels")
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            raise self.error(node, f"unsupported YAML tag {node.tag}", "only plain values, lists and mappings are read")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Located] = {}
            keys: dict[str, Located] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.error(key_node, "merge keys (<<) are not supported", "write the keys out")
                key = self.build(key_node, depth + 1)
                if not isinstance(key.value, str):
                    raise self.error(key_node, f"a key must be a string, not {key.value!r}",
                                     "quote it")
                if key.value in result:
                    first = keys[key.value]
                    raise self.error(key_node, f"duplicate key '{key.value}'",
                                     f"first defined on line {first.line}")
                keys[key.value] = key
                result[key.value] = self.build(value_node, depth + 1)
            return Located(result, *where)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.build(item, depth + 1) for item in node.value], *where)
        return Located(self._scalar(node), *where)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:"):
            kind = tag.rsplit(":", 1)[1]
            if kind in ("str", "null", "bool", "int", "float"):
                constructor = yaml.SafeLoader.yaml_constructors.get(tag)
                return constructor(yaml.SafeLoader(""), node)
            if kind in ("timestamp", "binary"):
                return node.value
        raise self.error(node, f"unsupported YAML tag {tag}", "only plain values, lists and mappings are read")


def parse_yaml(text: str, source: str) -> Located:
    """Parse YAML text into `Located` values; raise `InputError` with a position on any problem."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                raise InputError("a tab is used for indentation", source, number, indent.index("\t") + 1,
                                 "YAML indents with spaces")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError(f"invalid YAML: {problem}", source, line, column) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", source) from None
    if node is None:
        raise InputError("the file is empty", source, hint="a project needs at least a 'works' section")
    return _Builder(source).build(node)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, with clear errors for what is not one."""
    source = str(path)
    if not path.exists():
        raise InputError("no such file", source)
    if path.is_dir():
        raise InputError("is a directory, not a project file", source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"the file is {size} bytes; the limit is {MAX_FILE_BYTES}", source)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source) from None
    if b"\x00" in data:
        raise InputError("is a binary file, not YAML text", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", source) from None


def plain(located: Located) -> Any:
    """Strip positions: the plain Python value of a `Located` tree."""
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
