"""What the CycloneDX and SPDX readers and writers share: how a BOM written by clearance records
what a BOM has no field for (a step's activity, the slot and role of each input, the planned
release), so that export then import gives the same project back; and how a BOM element becomes
a work id."""

from __future__ import annotations

import json
import re
from typing import Any

from clearance.exceptions import InputError
from clearance.model import Project

PREFIX = "clearance:"
ACTIVITY = PREFIX + "activity"
INPUTS = PREFIX + "inputs"
RELEASE = PREFIX + "release"
ID = PREFIX + "id"
TYPE = PREFIX + "type"
FORM = PREFIX + "form"


_POSITIONS: dict[int, tuple[str, dict[tuple[str, str], tuple[int, int]]]] = {}
_PAIR = re.compile(r'"(bom-ref|spdxId|@id|bomFormat)"\s*:\s*("(?:[^"\\]|\\.)*")')


def _index(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each `"key": "value"` of the keys that name elements first stands: one pass over the
    text, whatever the number of elements looked up (a BOM of 100,000 components too)."""
    cached = _POSITIONS.get(id(text))
    if cached is not None and cached[0] is text:
        return cached[1]
    found: dict[tuple[str, str], tuple[int, int]] = {}
    line, line_start, scanned = 1, 0, 0
    for match in _PAIR.finditer(text):
        newlines = text.count("\n", scanned, match.start())
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, match.start()) + 1
        scanned = match.start()
        try:
            value = json.loads(match.group(2))
        except ValueError:
            continue
        found.setdefault((match.group(1), value), (line, match.start() - line_start + 1))
    _POSITIONS.clear()  # one document at a time: the cache only spares re-scanning it
    _POSITIONS[id(text)] = (text, found)
    return found


def element_position(text: str, key: str, value: str) -> tuple[int | None, int | None]:
    """The line and column where `"key": "value"` stands in a JSON text, so that a message or a
    SARIF result can point at the element a work came from."""
    return _index(text).get((key, value), (None, None))


def element_line(text: str, key: str, value: str) -> int | None:
    """The line of `"key": "value"` in a JSON text (see `element_position`)."""
    return element_position(text, key, value)[0]


def step_properties(project: Project, work_id: str) -> dict[str, str]:
    """The clearance properties of one work or step of `project`."""
    props = {ID: work_id, TYPE: project.type_of(work_id)}
    if project.form_of(work_id) != "raw":
        props[FORM] = project.form_of(work_id)
    step = project.steps.get(work_id)
    if step is not None:
        props[ACTIVITY] = step.activity
        props[INPUTS] = json.dumps([[i.work, i.role, i.slot] for i in step.inputs], separators=(",", ":"))
    for release in project.releases:
        if release.work == work_id:
            props[RELEASE] = json.dumps({"policy": release.policy, "form": release.form,
                                         "license": release.license}, sort_keys=True, separators=(",", ":"))
    return props


def apply(node, named: dict[str, str], source: str, line: int | None) -> None:
    """Set what the clearance properties `named` record on `node` (a lineage Node)."""
    if INPUTS in named:
        node.exact = parse_inputs(named[INPUTS], source, line)
    for key, attribute in ((ACTIVITY, "activity"), (TYPE, "type"), (FORM, "form")):
        if key in named:
            setattr(node, attribute, named[key])


def parse_inputs(value: str, source: str, line: int | None) -> list[tuple[str, str, str]]:
    """The inputs a `clearance:inputs` property records."""
    try:
        items = json.loads(value)
        if not isinstance(items, list) or not all(
                isinstance(i, list) and len(i) == 3 and all(isinstance(p, str) for p in i) for i in items):
            raise ValueError
    except ValueError:
        raise InputError(f"the property {INPUTS} must be a JSON list of [work, role, slot]", source, line) from None
    return [tuple(i) for i in items]


def parse_release(value: str, source: str, line: int | None) -> dict[str, Any]:
    """The release a `clearance:release` property records."""
    try:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        raise InputError(f"the property {RELEASE} must be a JSON object", source, line) from None
    return data
