"""Making text from a project safe to print (a minimal version; see the README of issue 13's
escaping work, which may extend it): `shown` for text and terminals, `markdown` for markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def shown(text: str) -> str:
    """`text` with every character that is not printable written as a visible escape (`\\x1b`,
    `\\u202e`, `\\n`), so that it stays on one line and cannot drive a terminal or reorder text."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def markdown(text: str) -> str:
    """`shown(text)` with markdown's markup characters backslash-escaped: an id cannot open a
    link, a table cell, emphasis or raw HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", shown(text))
