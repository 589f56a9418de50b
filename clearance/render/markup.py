"""Escaping for the markup renderers (HTML, SVG, DOT, Mermaid): whatever a project file holds,
an id is shown as text and can never open a tag, close an attribute or reorder the text around it."""

from __future__ import annotations

import html
import re

# C0 and C1 controls (tab and newline aside), bidirectional controls, line and paragraph
# separators, and code points XML 1.0 cannot carry: shown as \uXXXX instead.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` with every invisible or direction-changing control written out as \\uXXXX."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def text(value: object) -> str:
    """`value` as the text of an HTML or XML element."""
    return html.escape(visible(str(value)), quote=False)


def attr(value: object) -> str:
    """`value` as an HTML or XML attribute value (to go between double quotes); line breaks and tabs
    are kept as character references, which attribute normalisation leaves alone."""
    escaped = html.escape(visible(str(value)), quote=True)
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
