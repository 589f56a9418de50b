"""The one place that makes text from a project safe to print. Every renderer and every message
passes what a project file (or a card, a BOM, a command line) says through these functions, so
that no id can change what a report shows.

- `shown(text)`: for text and terminals. Control characters (ESC and the terminal sequences it
  starts, CR, newlines, tabs, C1 controls), bidi overrides and isolates (U+202E), zero-width and
  other format characters, line and paragraph separators and unassigned or private code points are
  written as visible escapes (`\\x1b`, `\\n`, `\\u202e`); everything printable stays as it is.
- `json_text(text)`: for JSON already made by `json.dumps`: the same characters as `\\uXXXX`
  escapes inside the strings, so the values stay exact and the bytes hold none of them raw.
- `markdown(text)` and `html(text)`: `shown`, then the markup characters of the format escaped.

clearance/render/markup.py (HTML, SVG, DOT, Mermaid) and the notice's markdown build on `shown`.
A renderer of a new format (SARIF, markdown, HTML, ...) uses one of these for every id, license,
message, path and name it prints; tests/test_hostile_ids.py feeds hostile ids to every command
and format and checks the bytes.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def shown(text: str, keep: str = "") -> str:
    """`text` with every character that is not printable written as a visible escape (`\\x1b`,
    `\\u202e`, `\\n`), so that it stays on one line and cannot drive a terminal or reorder text.
    Characters in `keep` (markup renderers keep tabs and line breaks, which they encode) stay."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in keep else _escape(char) for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # JSON writes a code point beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(dumped: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with every character `shown` would
    escape written as `\\uXXXX` (json.dumps escapes only those below U+0020): the same JSON
    values, and bytes that hold no control, bidi or other invisible character raw."""
    lines = dumped.split("\n")  # the newlines of the layout; those inside strings are escaped already
    for index, line in enumerate(lines):
        if not line.isprintable():
            lines[index] = "".join(char if char.isprintable() else _json_escape(char) for char in line)
    return "\n".join(lines)


def markdown(text: str) -> str:
    """`shown(text)` with markdown's markup characters backslash-escaped: an id cannot open a
    link, a table cell, emphasis or raw HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", shown(text))


def html(text: str) -> str:
    """`shown(text)`, HTML-escaped (quotes too, so it is safe inside an attribute)."""
    import html as _html  # here: only the HTML formats need it, and it costs a text check's start-up

    return _html.escape(shown(text), quote=True)
