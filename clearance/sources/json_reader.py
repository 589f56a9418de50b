"""Reads a JSON file (an adapter config, a BOM) under the same bounds as project files: size,
nesting and duplicate keys, with FILE:LINE:COL on a syntax error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clearance.exceptions import InputError
from clearance.sources.yaml_reader import MAX_DEPTH, printable, read_text


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{printable(key)}'")
        result[key] = value
    return result


def _depth(text: str) -> tuple[int, int] | None:
    """The offset where nesting first passes MAX_DEPTH, outside strings; None when it never does."""
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return offset, depth
        elif char in "]}":
            depth -= 1
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_json(text: str, source: str) -> Any:
    """Parse JSON text; raise `InputError` with a position on any problem."""
    deep = _depth(text)
    if deep is not None:
        raise InputError(f"nesting deeper than {MAX_DEPTH} levels", source, *_position(text, deep[0]))
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", source, exc.lineno, exc.colno) from None
    except ValueError as exc:  # a duplicate key (json gives no position for it)
        raise InputError(f"invalid JSON: {printable(str(exc))}", source) from None


def read_json(path: Path) -> Any:
    """Read and parse the JSON file at `path`."""
    return parse_json(read_text(path), str(path))
