"""Edits the text of a project file to apply a fix (`suggest --apply`), keeping what
the user wrote: comments, key order, flow style, notes, names, urls and the license
spellings chosen. The edit is made on ruamel.yaml's round-trip tree; the lines the
edit does not touch are then taken verbatim from the original, so that the file
differs from the original only where the fix changes it.

A replacement adds a placeholder work `replacement-for-<id>` with a note saying
what it must grant and rewires the steps to it; the replaced work keeps its
declared license. A seek-permission change adds a `permissions` record with
`status: requested`, which the analysis does not count until it says `obtained`.
ruamel.yaml is imported only here, so only `--apply` loads it."""

from __future__ import annotations

import difflib
import io
from typing import Any

from clearance.changes import Change, replacement_id
from clearance.exceptions import InputError
from clearance.model import Project
from clearance.wording import RIGHTS

SLOTS = ("inputs", "using", "data")
PERMISSIONS_COMMENT = ("rights asked of a licensor beyond the license: only status 'obtained' counts;\n"
                       "change it when the written permission or commercial license is in hand")


def _yaml():
    from ruamel.yaml import YAML
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a line the user wrote on one
    return yaml


def _dump(yaml, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def edit_project_text(text: str, project: Project, index: int, changes: tuple[Change, ...]) -> str:
    """The text of the project file `text` (which describes `project`) with `changes` made for
    release number `index`. Raises `InputError` when a change cannot be written."""
    from ruamel.yaml.util import load_yaml_guess_indent
    yaml = _yaml()
    _, sequence, offset = load_yaml_guess_indent(text)  # what it guesses is the indent of sequences
    offset = offset or 0
    yaml.indent(mapping=_mapping_indent(text), sequence=max(sequence or 2, offset + 2), offset=offset)
    base = _dump(yaml, yaml.load(text))
    data = yaml.load(text)
    _Editor(data, project, index).apply(changes)
    return _minimal(text, base, _dump(yaml, data))


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested mapping key of `text` (2 when there is none)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, following in zip(lines, lines[1:], strict=False):
        if not line.startswith(" ") and line.rstrip().endswith(":"):
            spaces = len(following) - len(following.lstrip(" "))
            if spaces and not following.lstrip().startswith("- "):
                return spaces
    return 2


def _minimal(original: str, base: str, edited: str) -> str:
    """`edited` as a change of `original`: where ruamel's rendering of the unchanged file (`base`)
    matches the original line for line, the lines the edit leaves alone are the original's."""
    ours, theirs = original.splitlines(keepends=True), base.splitlines(keepends=True)
    if len(ours) != len(theirs):
        return edited
    result: list[str] = []
    matcher = difflib.SequenceMatcher(None, theirs, edited.splitlines(keepends=True), autojunk=False)
    new = edited.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        result.extend(ours[i1:i2] if tag == "equal" else new[j1:j2])
    merged = "".join(result)
    # Lines of the original beside lines in ruamel's indentation must still mean the same: else the
    # whole of ruamel's rendering is used (comments and order kept, some spacing normalised).
    import yaml
    try:
        same = yaml.safe_load(merged) == yaml.safe_load(edited)
    except yaml.YAMLError:
        same = False
    return merged if same else edited


def _same(value: Any, work_id: str) -> bool:
    return value is not None and not isinstance(value, (dict, list)) and str(value) == work_id


class _Editor:
    """Applies changes to the round-trip tree of one project file."""

    def __init__(self, data: Any, project: Project, index: int) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        self.map, self.seq = CommentedMap, CommentedSeq
        self.data, self.project, self.index = data, project, index
        self.works = data["works"]
        self.steps = data.get("steps") or {}

    def apply(self, changes: tuple[Change, ...]) -> None:
        for change in changes:
            handler = getattr(self, "_" + change.kind.replace("-", "_"), None)
            if handler is None:
                raise InputError(f"cannot write a change of kind '{change.kind}'")
            handler(change)

    # -- releases -------------------------------------------------------------------------------
    def _releases(self) -> list:
        release = self.data["release"]
        return list(release) if isinstance(release, list) else [release]

    def _set_release(self, key: str, value: str) -> None:
        self._releases()[self.index][key] = value

    def _policy(self, change: Change) -> None:
        self._set_release("policy", change.to)

    def _form(self, change: Change) -> None:
        self._set_release("form", change.to)

    _serve_instead = _form

    def _license(self, change: Change) -> None:
        release = self._releases()[self.index]
        if _same(release.get("work"), change.work) and "license" in release:
            release["license"] = change.to
        step = self._step(change.work)
        if step is not None and "license" in step:
            step["license"] = change.to

    # -- steps ----------------------------------------------------------------------------------
    def _step(self, step_id: str) -> Any:
        return next((fields for key, fields in self.steps.items() if str(key) == step_id), None)

    def _items(self, fields: Any, slot: str) -> list:
        """The items of `slot` as a list in the tree (a single item becomes a list of one)."""
        value = fields[slot]
        if not isinstance(value, list):
            seq = self.seq([value])
            seq.fa.set_flow_style()
            fields[slot] = value = seq
        return value

    def _rename(self, old: str, new: str) -> None:
        for fields in self.steps.values():
            for slot in SLOTS:
                if slot not in fields:
                    continue
                items = self._items(fields, slot)
                for position, item in enumerate(items):
                    if isinstance(item, dict) and _same(item.get("work"), old):
                        item["work"] = new
                    elif _same(item, old):
                        items[position] = new
        for release in self._releases():
            if _same(release.get("work"), old):
                release["work"] = new

    def _take(self, fields: Any, work_id: str, slots: tuple[str, ...] = SLOTS) -> bool:
        """Remove `work_id` from the given slots of a step; True when it was there."""
        taken = False
        for slot in slots:
            if slot not in fields:
                continue
            items = self._items(fields, slot)
            for position in reversed(range(len(items))):
                item = items[position]
                if _same(item.get("work") if isinstance(item, dict) else item, work_id):
                    del items[position]
                    taken = True
            if not items:
                del fields[slot]
        return taken

    def _replace(self, change: Change) -> None:
        if change.to is None:
            raise InputError(f"no license is named for the replacement of '{change.work}'",
                             hint="find a source under a license that grants what is missing, then declare it")
        for work_id in change.works:
            new = replacement_id(self.project, work_id)
            key = next(key for key in self.works if str(key) == work_id)
            old = self.works[key]
            declared = self.project.works[work_id].license
            fields = self.map([("type", self.project.works[work_id].type), ("license", change.to)])
            if self.project.works[work_id].form != "raw":
                fields["form"] = self.project.works[work_id].form
            fields["notes"] = (f"placeholder: {change.why}, e.g. under {change.to}; it takes the place of "
                               f"{work_id} ({declared}). Declare the real source here.")
            if getattr(old, "fa", None) is not None and old.fa.flow_style():
                fields.fa.set_flow_style()
            self.works.insert(list(self.works).index(key) + 1, new, fields)
            self._rename(work_id, new)
            self.project = _with_work(self.project, new)

    def _drop(self, change: Change) -> None:
        from clearance.changes import apply_changes
        after = apply_changes(self.project, self.index, (change,))
        for work_id in change.works:
            _delete(self.works, work_id)
        for step_id in list(self.project.steps):
            if step_id not in after.steps:
                _delete(self.steps, step_id)
            elif after.steps[step_id].inputs != self.project.steps[step_id].inputs:
                for work_id in {g.work for g in self.project.steps[step_id].inputs} - \
                        {g.work for g in after.steps[step_id].inputs}:
                    self._take(self._step(step_id), work_id)
        self.project = after

    def _move_to_aux(self, change: Change) -> None:
        for work_id in change.works:
            for fields in self.steps.values():
                if self._take(fields, work_id, ("inputs", "data")):
                    if "using" in fields:
                        self._items(fields, "using").append(work_id)
                    else:
                        seq = self.seq([work_id])
                        seq.fa.set_flow_style()
                        fields["using"] = seq

    def _separate_release(self, change: Change) -> None:
        self._take(self._step(change.to or ""), change.work, ("inputs",))
        release = self._releases()[self.index]
        added = self.map([("work", change.work), ("policy", release.get("policy")),
                          ("form", self.project.form_of(change.work))])
        if isinstance(self.data["release"], list):
            self.data["release"].append(added)
        else:
            self.data["release"] = self.seq([self.data["release"], added])

    def _seek_permission(self, change: Change) -> None:
        if "permissions" not in self.data or self.data["permissions"] is None:
            self.data["permissions"] = self.seq()
            self.data.yaml_set_comment_before_after_key("permissions", before=PERMISSIONS_COMMENT)
        for work_id in change.works:
            grants = self.seq(change.rights)
            grants.fa.set_flow_style()
            rights = " and ".join(RIGHTS[right] for right in change.rights)
            record = self.map([("work", work_id), ("grants", grants), ("status", "requested"),
                               ("note", f"ask the licensor of {work_id} for {rights}: a written permission or a "
                                        "commercial license")])
            self.data["permissions"].append(record)


def _with_work(project: Project, work_id: str) -> Project:
    """`project` knowing that `work_id` is taken (so the next placeholder gets another id)."""
    from dataclasses import replace

    from clearance.model import Work
    return replace(project, works={**project.works, work_id: Work(work_id, "data", "", ())})


def _delete(mapping: Any, key_id: str) -> None:
    """Delete a key, keeping the full-line comments that follow its entry (they belong to the next)."""
    keys = [key for key in mapping if str(key) == key_id]
    if not keys:
        return
    key = keys[0]
    position = list(mapping).index(key)
    comment = mapping.ca.items.pop(key, None)
    del mapping[key]
    token = comment[2] if comment and len(comment) > 2 else None
    if token is not None and "\n" in token.value and position > 0:
        previous = list(mapping)[position - 1]
        kept = token.value.split("\n", 1)[1]
        if kept.strip() and previous not in mapping.ca.items:
            token.value = "\n" + kept
            mapping.ca.items[previous] = [None, None, token, None]
