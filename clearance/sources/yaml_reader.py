"""Safe YAML reading that keeps positions, refuses duplicate keys and bounds
what a hostile file can make the loader do (alias expansion, depth, size)."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from clearance.collector import collector_paused
from clearance.exceptions import InputError
from clearance.render.escape import shown

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
# Tags a file may write out: the defaults of plain text, lists and mappings. Any other explicit
# tag (`!!bool MIT`, `!!int ""`, `!!python/object`) is refused before anything is constructed.
_EXPLICIT_TAGS = (None, "!", "tag:yaml.org,2002:str", *_COLLECTION_TAGS)
_TAG_HINT = "only plain values, lists and mappings are read"
STDIN = "-"
STDIN_SOURCE = "<stdin>"
# What YAML counts as a line break (YAML 1.1, which PyYAML and libyaml follow), so that positions
# counted here agree with the marks the parser gives.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


class Located(tuple):
    """A scalar, list or mapping read from YAML, with the line and column it starts at (1-based):
    `value`, `line`, `column`, `keys` (a mapping's keys, as `Located` values) and `text` (a
    scalar's source text: `1.50` is the float 1.5 but the text '1.50').

    A tuple, immutable, because a large project has hundreds of thousands of them and a tuple is
    made in one call; equality and hashing leave `keys` out, as a dataclass field with
    `compare=False` would."""

    __slots__ = ()

    def __new__(cls, value: Any, line: int, column: int, keys: dict[str, Located] | None = None,
                text: str | None = None) -> Located:
        return tuple.__new__(cls, (value, line, column, keys, text))

    value = property(itemgetter(0), doc="The value: a dict of `Located`, a list of `Located`, or a scalar.")
    line = property(itemgetter(1), doc="The 1-based line it starts on.")
    column = property(itemgetter(2), doc="The 1-based column it starts at.")
    keys = property(itemgetter(3), doc="A mapping's keys (as `Located`), by name; None otherwise.")
    text = property(itemgetter(4), doc="A scalar's source text; None otherwise.")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Located):
            return NotImplemented
        return (self[0], self[1], self[2], self[4]) == (other[0], other[1], other[2], other[4])

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((self[0], self[1], self[2], self[4]))

    def __repr__(self) -> str:
        return f"Located(value={self[0]!r}, line={self[1]!r}, column={self[2]!r}, text={self[4]!r})"

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    @property
    def source_text(self) -> Any:
        """The value, except that a scalar the file left unquoted is its text as written: an id
        or a reference keeps what the file says (`1.50` stays '1.50', `0x10` stays '0x10', `yes`
        stays 'yes'). An empty value (`~`, `null`, nothing) stays None: it names nothing."""
        if self[4] is not None and self[0] is not None and not isinstance(self[0], str):
            return self[4]
        return self[0]


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
        """Compose one node (PyYAML's composer), after checking the limits and the tag."""
        self.nodes += 1
        self.depth += 1
        try:
            event = self.peek_event()
            if self.depth > MAX_DEPTH + 1:
                raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            if self.nodes > MAX_NODES:
                raise _Refused(event.start_mark, f"the file holds more than {MAX_NODES} values")
            tag = getattr(event, "tag", None)
            if tag not in _EXPLICIT_TAGS:
                raise _Refused(event.start_mark, f"unsupported YAML tag {_tag_name(tag)}", _TAG_HINT)
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


def _tag_name(tag: str) -> str:
    """A tag as the file wrote it: `!!bool`, not `tag:yaml.org,2002:bool`."""
    standard = "tag:yaml.org,2002:"
    return printable("!!" + tag[len(standard):] if tag.startswith(standard) else tag)


def printable(text: str) -> str:
    """`text` with control and other non-printable characters escaped (`\\n`, `\\x1b`), so that a
    message quoting a value from the file stays on one line and cannot drive the terminal
    (clearance.render.escape.shown: the one escaping function)."""
    return shown(text)


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
                name = key.source_text  # an unquoted key is its text: `1.50:` is the key '1.50'
                if not isinstance(name, str):
                    raise self.error(key_node, f"a key must be text, not {_kind(key.value)}", "quote it")
                if name in result:
                    first = keys[name]
                    raise self.error(key_node, f"duplicate key '{name}'", f"first defined on line {first.line}")
                keys[name] = key
                result[name] = self.build(value_node, depth + 1)
            children = [child for pair in node.value for child in pair]
            return Located(result, *where, keys), self._height(children)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.build(item, depth + 1) for item in node.value], *where), self._height(node.value)
        return Located(self._scalar(node), *where, text=node.value), 0

    def _height(self, children: list[yaml.Node]) -> int:
        return 1 + max((self.built[id(child)][2] for child in children), default=0)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """A plain scalar's value; explicit tags were refused while composing, so the tag is the one
        YAML resolved from the text. Timestamps and the like stay text."""
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
            return node.value
        raise self.error(node, f"unsupported YAML tag {_tag_name(tag)}", _TAG_HINT)


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character `offset`, counting lines as YAML does (CR LF, CR,
    LF, NEL, LS and PS each end a line), so they agree with the parser's own marks."""
    line, start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, found.end()
    return line, offset - start + 1


def parse_yaml(text: str, source: str) -> Located:
    """Parse YAML text into `Located` values; raise `InputError` with a position on any problem."""
    if "\t" in text:
        for number, line in enumerate(_LINE_BREAK.split(text), 1):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                raise InputError("a tab is used for indentation", source, number, indent.index("\t") + 1,
                                 "YAML indents with spaces")
    found = _SURROGATE.search(text)
    if found:  # only text handed over in-process can hold one; a file read as UTF-8 cannot
        raise InputError("invalid text: a lone surrogate is not a Unicode character", source,
                         *position(text, found.start()))
    with collector_paused():
        return _parse(text, source)


_STR, _NULL, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"
_BLANKS = (" ", "\t", "\r", "\n", "\x85", "\u2028", "\u2029")
_new = tuple.__new__


class _Fallback(Exception):
    """The fast path met something only the bounded path names as it always has."""


@cache
def _libyaml_bounds_nesting() -> bool:
    """True when libyaml refuses deep nesting itself (0.2.6 and later stop at 1,000 levels), so
    that its own recursive composer cannot exhaust the stack on a hostile file."""
    if not yaml.__with_libyaml__:
        return False
    try:
        yaml.compose("[" * 1100 + "]" * 1100, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return True
    return False  # pragma: no cover - an older libyaml


def node_bound(text: str) -> int:
    """An upper bound on the nodes YAML `text` composes to: a node is the root, a block sequence
    entry (`-` then a blank), a mapping entry's key and value (`:` or `?`), or up to three nodes
    (a single-pair mapping, its key and value) per flow entry (`,`, or the first after `[` or `{`).
    Characters inside scalars only raise the bound."""
    dashes = sum(text.count("-" + blank) for blank in _BLANKS) + text.endswith("-")
    entries = text.count(",") + text.count("[") + text.count("{")
    return 1 + dashes + 2 * (text.count(":") + text.count("?")) + 3 * entries


def _fast_path_applies(text: str) -> bool:
    """libyaml's own composer can read `text` within the bounds: it bounds nesting itself, the
    text has no anchor (`&`: so no alias to count or cycle to find) and no tag (`!`: the tag
    check needs the events), and it cannot compose to more than MAX_NODES nodes."""
    return "&" not in text and "!" not in text and _libyaml_bounds_nesting() and node_bound(text) <= MAX_NODES


def _fast(node: yaml.Node, depth: int, constructor: yaml.SafeLoader) -> Located:
    """The `Located` value of a node composed by libyaml, for a file without anchors (so every
    node is met once): what `_Builder` builds, or `_Fallback` where `_Builder` would refuse."""
    if depth > MAX_DEPTH:
        raise _Fallback
    mark = node.start_mark
    kind = node.__class__
    if kind is yaml.ScalarNode:
        tag, text = node.tag, node.value
        value = text if tag == _STR else None if tag == _NULL else _scalar_value(node, constructor)
        return _new(Located, (value, mark.line + 1, mark.column + 1, None, text))
    if node.tag not in _COLLECTION_TAGS:
        raise _Fallback
    if kind is yaml.MappingNode:
        result: dict[str, Located] = {}
        keys: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag in (_NULL, _MERGE):
                raise _Fallback  # a key that is not text, or a merge key
            name = key_node.value  # an unquoted key is its text: `1.50:` is the key '1.50'
            if name in result:
                raise _Fallback  # a duplicate key
            keys[name] = _fast(key_node, depth + 1, constructor)
            result[name] = _fast(value_node, depth + 1, constructor)
        return _new(Located, (result, mark.line + 1, mark.column + 1, keys, None))
    items = [_fast(item, depth + 1, constructor) for item in node.value]
    return _new(Located, (items, mark.line + 1, mark.column + 1, None, None))


def _scalar_value(node: yaml.ScalarNode, constructor: yaml.SafeLoader) -> Any:
    """A resolved plain scalar's value (bool, int, float); timestamps and the like stay text."""
    tag = node.tag
    if tag.startswith("tag:yaml.org,2002:") and tag.rsplit(":", 1)[1] in ("bool", "int", "float"):
        return yaml.SafeLoader.yaml_constructors[tag](constructor, node)  # ValueError: see _Builder
    if tag.startswith("tag:yaml.org,2002:"):
        return node.value
    raise _Fallback


def _read_fast(text: str) -> Located | None:
    """The tree of `text` read by libyaml's parser and composer, or None where the bounded path
    must read it (it names every problem: the fast path gives up on any)."""
    if not _fast_path_applies(text):
        return None
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        return None if node is None else _fast(node, 0, yaml.SafeLoader(""))
    except Exception:  # noqa: BLE001 - whatever it is, the bounded path reads the file again and names it
        return None


def _parse(text: str, source: str) -> Located:
    fast = _read_fast(text)
    return fast if fast is not None else _read_bounded(text, source)


def _read_bounded(text: str, source: str) -> Located:
    """The tree of `text` read by libyaml's parser under PyYAML's composer within the bounds,
    every problem raised as an `InputError` with its position."""
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
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(f"invalid YAML: the character {character} is not allowed ({exc.reason})",
                         source, *position(text, _char_offset(text, exc))) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {' '.join(printable(str(exc)).split())}", source) from None
    if node is None:
        raise InputError("the file is empty", source, hint="a project needs at least a 'works' section")
    return _Builder(source).build(node)


def _char_offset(text: str, error: yaml.reader.ReaderError) -> int:
    """The character offset of a reader error: libyaml counts UTF-8 bytes, PyYAML characters."""
    offset = error.position
    if 0 <= offset < len(text) and ord(text[offset]) == error.character:
        return offset
    in_chars = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    return in_chars if in_chars < len(text) else offset


def source_name(path: str | Path) -> str:
    """How messages name `path`: `-` is standard input."""
    return STDIN_SOURCE if str(path) == STDIN else str(path)


def read_text(path: str | Path) -> str:
    """Read a text file (UTF-8, or UTF-16 or UTF-32 with a byte-order mark), or standard input for
    `-`, with clear errors for what is not one. At most MAX_FILE_BYTES + 1 bytes are ever read,
    and only a regular file is opened: a device or a pipe could be endless, or block for ever."""
    source = source_name(path)
    data = _read_stdin() if str(path) == STDIN else _read_file(Path(path))
    return decode_text(data, source)


def _read_file(path: Path) -> bytes:
    source = str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, not a project file", source)
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a device, a pipe or a socket)", source,
                             hint=f"to read from a pipe, give '{STDIN}' and send the project to standard input")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)  # non-blocking: swapped for a FIFO since the stat, it cannot hang
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {(exc.strerror or 'error').lower()}", source) from None
    with open(descriptor, "rb", buffering=0) as handle:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise InputError("is not a regular file (a device, a pipe or a socket)", source)
            if status.st_size > MAX_FILE_BYTES:
                raise InputError(f"the file is {status.st_size} bytes; the limit is {MAX_FILE_BYTES}", source)
            return _bounded(handle, source)
        except OSError as exc:
            raise InputError(f"cannot be read: {(exc.strerror or 'error').lower()}", source) from None


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("cannot be read: there is no standard input", STDIN_SOURCE)
    try:
        return _bounded(stream, STDIN_SOURCE)
    except OSError as exc:
        raise InputError(f"cannot be read: {(exc.strerror or 'error').lower()}", STDIN_SOURCE) from None


def _bounded(handle: Any, source: str) -> bytes:
    """Everything `handle` holds, or an error as soon as it holds more than MAX_FILE_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_FILE_BYTES:
        chunk = handle.read(min(1 << 20, MAX_FILE_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise InputError(f"it holds more than {MAX_FILE_BYTES} bytes; the limit is {MAX_FILE_BYTES}", source)


def decode_text(data: bytes, source: str) -> str:
    """The text of `data`: UTF-16 and UTF-32 by their byte-order mark, UTF-8 (with or without one)
    otherwise; an error names what it is instead."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"is not {name} text, though it starts as such (byte {exc.start})",
                                 source) from None
    if b"\x00" in data:
        raise InputError("is a binary file, not YAML text", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", source) from None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else type(value).__name__


def plain(located: Located) -> Any:
    """Strip positions: the plain Python value of a `Located` tree."""
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
