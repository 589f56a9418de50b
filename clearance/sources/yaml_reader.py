"""Safe YAML reading that keeps positions, refuses duplicate keys and bounds
what a hostile file can make the loader do (alias expansion, depth, size)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clearance.collector import collector_paused
from clearance.exceptions import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Located:
    """A scalar, list or mapping read from YAML, with the line and column it starts at (1-based)."""

    value: Any
    line: int
    column: int
    keys: dict[str, Located] | None = field(default=None, compare=False, repr=False)  # a mapping's keys


class _Refused(yaml.YAMLError):
    """The composer stopped: the file nests too deep or holds too many values."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Bounds:
    """Refuses to compose more than MAX_NODES nodes or to nest deeper than MAX_DEPTH: PyYAML's
    composer recurses once per level (a deeply nested file would exhaust Python's stack) and
    composes the whole file before `_Builder` sees any of it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node (PyYAML's composer), after checking the limits."""
        self.nodes += 1
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise _Refused(self.peek_event().start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            if self.nodes > MAX_NODES:
                raise _Refused(self.peek_event().start_mark, f"the file holds more than {MAX_NODES} values")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, within the bounds."""


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastBoundedLoader(_Bounds, yaml.composer.Composer, CParser, yaml.resolver.Resolver):
        """libyaml's parser (about ten times faster, and not recursive) under PyYAML's composer
        within the bounds: libyaml's own composer could not be bounded."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.depth = 0
            self.nodes = 0

    _LOADER: type = _FastBoundedLoader
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _LOADER = _BoundedLoader


def printable(text: str) -> str:
    """`text` with control and other non-printable characters escaped (`\\n`, `\\x1b`), so that a
    message quoting a value from the file stays on one line and cannot drive the terminal."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


class _Builder:
    """Turns a composed YAML node tree into `Located` values, counting values so
    that aliases cannot expand without bound (the "billion laughs" file)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self.built: dict[int, tuple[Located, int, int]] = {}  # id(node) -> value, size, height
        self.building: set[int] = set()  # the nodes being built: an alias to one of them is a cycle
        self.constructor = yaml.SafeLoader("")  # turns plain scalars into values; one for the whole file

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(printable(message), self.source, mark.line + 1, mark.column + 1, hint)

    def build(self, node: yaml.Node, depth: int = 0) -> Located:
        """The `Located` value of `node`. An alias is the very node it names: it is built once, then
        counted in full each time it recurs, so its expansion is bounded in time and memory alike."""
        if id(node) in self.building:
            raise self.error(node, "an alias refers to the value that contains it",
                             "YAML values cannot nest in themselves")
        if id(node) not in self.built:
            start = self.count
            self.building.add(id(node))
            located, height = self._build(node, depth)
            self.building.discard(id(node))
            self.built[id(node)] = (located, self.count - start, height)
            return located
        located, size, height = self.built[id(node)]
        self._count(node, size)
        if depth + height > MAX_DEPTH:
            raise self.error(node, f"nesting deeper than {MAX_DEPTH} levels")
        return located

    def _count(self, node: yaml.Node, values: int) -> None:
        self.count += values
        if self.count > MAX_NODES:
            raise self.error(node, f"the file expands to more than {MAX_NODES} values",
                             "YAML aliases may be expanding without bound")

    def _build(self, node: yaml.Node, depth: int) -> tuple[Located, int]:
        """A node met for the first time: its value and its height."""
        self._count(node, 1)
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
            children = [child for pair in node.value for child in pair]
            return Located(result, *where, keys), self._height(children)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.build(item, depth + 1) for item in node.value], *where), self._height(node.value)
        return Located(self._scalar(node), *where), 0

    def _height(self, children: list[yaml.Node]) -> int:
        return 1 + max((self.built[id(child)][2] for child in children), default=0)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:"):
            kind = tag.rsplit(":", 1)[1]
            if kind in ("str", "null", "bool", "int", "float"):
                constructor = yaml.SafeLoader.yaml_constructors.get(tag)
                try:
                    return constructor(self.constructor, node)
                except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
                    raise self.error(node, f"a number of {len(node.value)} characters is too long to read",
                                     "quote it if it is text") from None
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
    found = _SURROGATE.search(text)
    if found:  # only text handed over in-process can hold one; a file read as UTF-8 cannot
        surrogate = found.start()
        line = text.count("\n", 0, surrogate) + 1
        raise InputError("invalid text: a lone surrogate is not a Unicode character", source, line,
                         surrogate - text.rfind("\n", 0, surrogate))
    with collector_paused():
        return _parse(text, source)


def _parse(text: str, source: str) -> Located:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except _Refused as exc:
        raise InputError(exc.message, source, exc.mark.line + 1, exc.mark.column + 1, exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = printable(exc.problem or exc.context or "invalid YAML")
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError(f"invalid YAML: {problem}", source, line, column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; it carries an offset, not a mark
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(f"invalid YAML: the character {character} is not allowed ({exc.reason})",
                         source, line, column) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {' '.join(printable(str(exc)).split())}", source) from None
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
