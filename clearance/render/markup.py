"""Escaping for the markup renderers (HTML, SVG, DOT, Mermaid): whatever a project file holds,
an id is shown as text and can never open a tag, close an attribute or reorder the text around it."""

from __future__ import annotations

import html

from clearance.render.escape import shown


def visible(text: str) -> str:
    """`text` with every invisible or direction-changing character written out (`\\x1b`, `\\u202e`) by
    clearance.render.escape.shown, the one escaping function; line breaks stay, for the
    markup to encode."""
    return shown(text, keep="\n")


def text(value: object) -> str:
    """`value` as the text of an HTML or XML element."""
    return html.escape(visible(str(value)), quote=False)


def attr(value: object) -> str:
    """`value` as an HTML or XML attribute value (to go between double quotes); line breaks and tabs
    are kept as character references, which attribute normalisation leaves alone."""
    escaped = html.escape(visible(str(value)), quote=True)
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
