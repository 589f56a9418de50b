"""A project whose ids and name hold everything a markup renderer must escape: quotes, tags, a
closing script tag, a right-to-left override, a line break, backslash escapes of DOT, Mermaid
punctuation and entity-like text."""

from __future__ import annotations

from pathlib import Path

NASTY = 'a"b</script><b>x'
BIDI = "\u202eevil\\N{x}"
PUNCT = "[y]|z #1; `q` &amp; *em*"
BROKEN = "out\ncome"
HOSTILE_YAML = r'''project: "<i>hostile</i> & co"
works:
  "a\"b</script><b>x": {type: data, license: CC-BY-NC-4.0, url: "https://example.org/a?b=<c>"}
  "\u202eevil\\N{x}": {type: model, license: MIT}
  "[y]|z #1; `q` &amp; *em*": {type: data, license: CC-BY-4.0}
steps:
  "out\ncome": {activity: combine, inputs: ["a\"b</script><b>x", "[y]|z #1; `q` &amp; *em*"],
                using: ["\u202eevil\\N{x}"]}
release: {work: "out\ncome", policy: sell, form: raw}
'''


def write_hostile(folder: Path) -> Path:
    """The hostile project file in `folder`."""
    path = folder / "hostile.yaml"
    path.write_text(HOSTILE_YAML, encoding="utf-8")
    return path
