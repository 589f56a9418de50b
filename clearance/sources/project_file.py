"""Reads and validates a project file (format version 1, see README) into a
`Project`. Every problem is an `InputError` naming the file, line and key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from clearance.collector import without_collector
from clearance.exceptions import InputError
from clearance.findings import SEVERITY_OF
from clearance.graph import lexicographic_order
from clearance.knowledge_base import UNKNOWN_LICENSE, KnowledgeBase
from clearance.model import (
    DEFAULT_READING,
    READINGS,
    ROLES,
    Input,
    License,
    Permission,
    Project,
    Release,
    Step,
    Waiver,
    Work,
)
from clearance.sources.yaml_reader import Located, parse_yaml, printable, read_text, source_name

TOP_KEYS = ("project", "reading", "licenses", "works", "steps", "release", "waivers", "permissions")
PERMISSION_KEYS = ("work", "grants", "status", "note")
PERMISSION_STATUS = ("requested", "obtained")
WORK_KEYS = ("type", "license", "license_name", "license_link", "form", "name", "url", "notes")
STEP_KEYS = ("activity", "inputs", "using", "data", "type", "form", "license", "name", "notes")
RELEASE_KEYS = ("work", "policy", "form", "license")
WAIVER_KEYS = ("code", "work", "release", "reason", "until")
_WORK_KEY_SET = frozenset(WORK_KEYS)
_WORK_TEXT_FIELDS = frozenset(("name", "url", "notes", "license_link"))
_STEP_KEY_SET = frozenset(STEP_KEYS)
_STEP_TEXT_FIELDS = ("name", "notes")
MODEL_ACTIVITIES = {"moe", "finetune", "merge", "quantize", "distill", "train", "modify"}


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    import difflib  # only for a misspelt word, not on every load
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


class _Reader:
    """Validates the parsed YAML of one project file."""

    def __init__(self, kb: KnowledgeBase, source: str) -> None:
        self.kb = kb
        self.vocabulary = kb.vocabulary
        self.source = source
        self.synthesized: dict[str, License] = {}  # licenses AND / WITH expressions made
        # A license text already read (and found valid) -> (expression, alternatives): a large
        # project names a few licenses thousands of times, and a work like one already read
        # then costs a few lookups (see `work`).
        self.read_licenses: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.work_types = frozenset(self.vocabulary.work_types)
        self.forms = frozenset(self.vocabulary.forms)

    def fail(self, at: Located, message: str, hint: str | None = None) -> InputError:
        return InputError(printable(message), self.source, at.line, at.column, hint and printable(hint))

    def mapping(self, at: Located, what: str) -> dict[str, Located]:
        if not isinstance(at.value, dict):
            raise self.fail(at, f"{what} must be a mapping, not {_kind(at.value)}")
        return at.value

    def keys(self, fields: dict[str, Located], allowed: tuple[str, ...], what: str) -> None:
        for key in fields:
            if key not in allowed:
                hint = _did_you_mean(key, allowed) or f"allowed: {', '.join(allowed)}"
                raise self.fail(fields[key], f"unknown key '{key}' in {what}", hint)

    def string(self, at: Located, what: str) -> str:
        if not isinstance(at.value, str) or not at.value.strip():
            raise self.fail(at, f"{what} must be a non-empty string, not {_kind(at.value)}")
        return at.value

    def identifier(self, at: Located, what: str) -> str:
        """A work id used as a reference: its text as written, so an unquoted `1.50` is '1.50'
        (never the number 1.5, which would name the work '1.5')."""
        return self.string(Located(at.source_text, at.line, at.column), what)

    def choice(self, at: Located, what: str, allowed: tuple[str, ...] | list[str]) -> str:
        value = self.string(at, what)
        if value not in allowed:
            hint = _did_you_mean(value, allowed) or f"one of: {', '.join(allowed)}"
            raise self.fail(at, f"unknown {what} '{value}'", hint)
        return value

    def text(self, at: Located | None, what: str) -> str | None:
        """An optional free-text field (a name, a URL, notes): a string, or a number read as one."""
        if at is None or at.value is None:
            return None
        if isinstance(at.value, bool) or not isinstance(at.value, (str, int, float)):
            raise self.fail(at, f"{what} must be text, not {_kind(at.value)}")
        return str(at.source_text)

    def license(self, at: Located, what: str) -> tuple[str, tuple[str, ...]]:
        text = at.value
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(at.source_text)
        text = self.string(Located(text, at.line, at.column), what)
        try:
            resolution = self.kb.resolve(text)
        except InputError as exc:
            raise self.fail(at, f"{what}: {exc.message}", exc.hint) from None
        if resolution.synthesized:
            self.synthesized.update(resolution.synthesized)
            self.kb = self.kb.including(resolution.synthesized)
        result = " OR ".join(resolution.alternatives), resolution.alternatives
        if isinstance(at.value, str):
            self.read_licenses[at.value] = result
        return result

    def declared_license(self, fields: dict[str, Located], work_id: str) -> tuple[str, tuple[str, ...], str | None]:
        """A work's license; `license: other` with `license_name: X` is the custom license X
        (or LicenseRef-X) when the project or --licenses declares it, and unknown otherwise."""
        at = fields["license"]
        name = self.string(fields["license_name"], "license_name") if "license_name" in fields else None
        if isinstance(at.value, str) and at.value.strip().casefold() == "other" and name:
            for candidate in (name, f"LicenseRef-{name}"):
                if candidate.casefold() in self.kb.names:
                    license_id = self.kb.names[candidate.casefold()]
                    return license_id, (license_id,), name
            return UNKNOWN_LICENSE, (UNKNOWN_LICENSE,), name
        return (*self.license(at, f"license of '{work_id}'"), None)  # license_name only goes with 'other'

    def work(self, work_id: str, at: Located, key: Located | None = None) -> Work:
        """A reused work. One whose type, form and license text were each met (and found valid)
        before, with nothing else but free text, is built from lookups alone; any other goes
        through every check in order (`checked_work`), which names the first problem."""
        fields = at.value
        if fields.__class__ is dict and fields.keys() <= _WORK_KEY_SET and "license_name" not in fields:
            type_at, license_at, form_at = fields.get("type"), fields.get("license"), fields.get("form")
            kind = None if type_at is None else type_at.value
            license_text = None if license_at is None else license_at.value
            form = "raw" if form_at is None else form_at.value
            plain = len(fields) == (type_at is not None) + (license_at is not None) + (form_at is not None)
            if (kind.__class__ is str and kind in self.work_types and form.__class__ is str and form in self.forms
                    and license_text.__class__ is str and license_text in self.read_licenses
                    and (plain or all(_is_text(fields[name].value) for name in fields.keys() & _WORK_TEXT_FIELDS))):
                expression, alternatives = self.read_licenses[license_text]
                name, url = fields.get("name"), fields.get("url")
                where = key or at
                return Work(id=work_id, type=kind, license=expression, alternatives=alternatives, form=form,
                            name=None if name is None or name.value is None else str(name.source_text),
                            url=None if url is None or url.value is None else str(url.source_text),
                            line=where.line, column=where.column)
        return self.checked_work(work_id, at, key)

    def checked_work(self, work_id: str, at: Located, key: Located | None = None) -> Work:
        """A reused work, every field checked in order."""
        fields = self.mapping(at, f"work '{work_id}'")
        self.keys(fields, WORK_KEYS, f"work '{work_id}'")
        for required in ("type", "license"):
            if required not in fields:
                raise self.fail(at, f"work '{work_id}' has no '{required}'")
        expression, alternatives, license_name = self.declared_license(fields, work_id)
        form = self.choice(fields["form"], "form", self.vocabulary.forms) if "form" in fields else "raw"
        self.text(fields.get("notes"), f"the notes of '{work_id}'")
        self.text(fields.get("license_link"), f"the license_link of '{work_id}'")
        return Work(id=work_id, type=self.choice(fields["type"], "type", self.vocabulary.work_types),
                    license=expression, alternatives=alternatives, form=form,
                    name=self.text(fields.get("name"), f"the name of '{work_id}'"),
                    url=self.text(fields.get("url"), f"the url of '{work_id}'"),
                    line=(key or at).line, column=(key or at).column, license_name=license_name)

    def step(self, step_id: str, at: Located, known: set[str], types: dict[str, str],
             key: Located | None = None) -> Step:
        """A step. Each check is first made as a lookup; only when that fails is the check's own
        function called (building its message), so the first problem is named as before."""
        fields = at.value
        if fields.__class__ is not dict:
            fields = self.mapping(at, f"step '{step_id}'")
        if not fields.keys() <= _STEP_KEY_SET:
            self.keys(fields, STEP_KEYS, f"step '{step_id}'")
        if "activity" not in fields:
            raise self.fail(at, f"step '{step_id}' has no 'activity'")
        activity = fields["activity"].value
        if not (activity.__class__ is str and activity in self.vocabulary.activities):
            activity = self.choice(fields["activity"], "activity", tuple(self.vocabulary.activities))
        for name in _STEP_TEXT_FIELDS:  # in this order, so the first problem is named first
            if name in fields and not _is_text(fields[name].value):
                self.text(fields[name], f"the {name} of '{step_id}'")
        inputs = self.step_inputs(step_id, at, fields, known)
        if "type" in fields:
            work_type = self.member(fields["type"], "type", self.work_types, self.vocabulary.work_types)
        else:
            work_type = _default_type(activity, inputs, types)
        form = self.member(fields["form"], "form", self.forms, self.vocabulary.forms) if "form" in fields else "raw"
        license_id = self.license(fields["license"], f"license of '{step_id}'")[1] if "license" in fields else None
        if license_id and len(license_id) > 1:
            raise self.fail(fields["license"], f"the intended license of '{step_id}' must be one license")
        where = key or at
        return Step(step_id, activity, tuple(inputs), work_type, form, license_id[0] if license_id else None,
                    line=where.line, column=where.column)

    def member(self, at: Located, what: str, allowed: frozenset[str], ordered: tuple[str, ...]) -> str:
        """`choice`, as one lookup when the value is allowed."""
        value = at.value
        return value if value.__class__ is str and value in allowed else self.choice(at, what, ordered)

    def step_inputs(self, step_id: str, at: Located, fields: dict[str, Located], known: set[str]) -> list[Input]:
        """The works a step is made from, slot by slot, each defined and listed once."""
        rule = self.vocabulary.activities[fields["activity"].value]
        inputs: list[Input] = []
        seen: set[str] = set()
        for slot, default_role in (("inputs", rule.inputs_role), ("using", "aux"), ("data", "aux")):
            if slot not in fields:
                continue
            items = fields[slot]
            if isinstance(items.value, (str, dict)):
                items = Located([items], items.line, items.column)
            if not isinstance(items.value, list):
                raise self.fail(items, f"'{slot}' of step '{step_id}' must be a list of work ids")
            for item in items.value:
                work_id = item.value
                if work_id.__class__ is str and work_id.strip():
                    role = default_role  # a plain work id (what `input` would check and return)
                else:
                    work_id, role = self.input(item, default_role, step_id)
                if work_id == step_id:
                    raise self.fail(item, f"step '{step_id}' uses itself")
                if work_id not in known:
                    raise self.fail(item, f"step '{step_id}' uses undefined work '{work_id}'",
                                    _did_you_mean(work_id, sorted(known)))
                if work_id in seen:
                    raise self.fail(item, f"step '{step_id}' lists '{work_id}' twice")
                seen.add(work_id)
                inputs.append(Input(work_id, role, slot))
        if not inputs:
            raise self.fail(at, f"step '{step_id}' has no inputs", "list the works it is made from")
        return inputs

    def input(self, item: Located, default_role: str, step_id: str) -> tuple[str, str]:
        value = item.value
        if value.__class__ is str and value.strip():
            return value, default_role  # a plain work id (what `identifier` would check and return)
        if isinstance(value, dict):
            fields = item.value
            self.keys(fields, ("work", "role"), f"an input of step '{step_id}'")
            if "work" not in fields:
                raise self.fail(item, f"an input of step '{step_id}' has no 'work'")
            role = self.choice(fields["role"], "role", ROLES) if "role" in fields else default_role
            return self.identifier(fields["work"], "work"), role
        return self.identifier(item, f"an input of step '{step_id}'"), default_role

    def release(self, at: Located, known: set[str], project: dict[str, Any]) -> Release:
        fields = self.mapping(at, "a release")
        self.keys(fields, RELEASE_KEYS, "a release")
        if "work" not in fields:
            raise self.fail(at, "a release has no 'work'")
        work_id = self.identifier(fields["work"], "work")
        if work_id not in known:
            raise self.fail(fields["work"], f"release of undefined work '{work_id}'",
                            _did_you_mean(work_id, sorted(known)))
        if "policy" not in fields:
            raise self.fail(at, f"the release of '{work_id}' has no 'policy'", "personal, share or sell")
        policy = self.choice(fields["policy"], "policy", self.vocabulary.policies)
        form = (self.choice(fields["form"], "form", self.vocabulary.forms) if "form" in fields
                else project[work_id].form)
        license_id = None
        if "license" in fields:
            alternatives = self.license(fields["license"], f"license of the release of '{work_id}'")[1]
            if len(alternatives) > 1:
                raise self.fail(fields["license"], "the intended license of a release must be one license")
            license_id = alternatives[0]
        return Release(work_id, policy, form, license_id, at.line, at.column)


    def waiver(self, at: Located, known: set[str], released: set[str]) -> Waiver:
        """One entry of `waivers`: {code, work, release (optional), reason, until (optional date)}."""
        fields = self.mapping(at, "a waiver")
        self.keys(fields, WAIVER_KEYS, "a waiver")
        for required in ("code", "work", "reason"):
            if required not in fields:
                raise self.fail(at, f"a waiver has no '{required}'",
                                "say why the risk is accepted" if required == "reason" else None)
        code = self.choice(fields["code"], "finding code", tuple(sorted(SEVERITY_OF)))
        work = self.id(fields["work"], "the work of a waiver")
        if work not in known:
            raise self.fail(fields["work"], f"a waiver names undefined work '{work}'",
                            _did_you_mean(work, sorted(known)))
        release = None
        if "release" in fields:
            release = self.id(fields["release"], "the release of a waiver")
            if release not in released:
                raise self.fail(fields["release"], f"a waiver names '{release}', which no release releases",
                                _did_you_mean(release, sorted(released)) or f"one of: {', '.join(sorted(released))}")
        until = None
        if "until" in fields:
            until = str(fields["until"].value)
            try:
                date.fromisoformat(until)
            except ValueError:
                raise self.fail(fields["until"], f"'until' of a waiver must be a date, not '{until}'",
                                "write it as YYYY-MM-DD") from None
        reason = self.string(fields["reason"], "the reason of a waiver")
        return Waiver(code, work, reason, release, until, at.line, at.column)

    def id(self, at: Located, what: str) -> str:
        """A work id (an unquoted number is read as its text, as written)."""
        return self.identifier(at, what)


def _is_text(value: Any) -> bool:
    """What `_Reader.text` accepts without a word: nothing, a string or a number."""
    return value is None or (value.__class__ in (str, int, float))


def _key(mapping: Located, key: str) -> Located | None:
    """Where `key` is written in `mapping` (its declaration), when the reader kept it."""
    return mapping.keys.get(key) if mapping.keys else None


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _default_type(activity: str, inputs: list[Input], types: dict[str, str]) -> str:
    carried = [types[i.work] for i in inputs if i.role != "aux"]
    if activity in MODEL_ACTIVITIES:
        return "model"
    if activity in ("generate", "embed", "translate"):
        return "data"
    if "model" in carried:
        return "model"
    if "software" in carried:
        return "software"
    return carried[0] if carried else "data"


def read_project(located: Located, kb: KnowledgeBase, source: str) -> Project:
    """Validate parsed YAML and build the `Project` it describes."""
    reader = _Reader(kb, source)
    top = reader.mapping(located, "the top level of a project file")
    reader.keys(top, TOP_KEYS, "the project file")
    custom: dict[str, License] = {}
    definitions: dict = {}
    if "licenses" in top and top["licenses"].value is not None:
        from clearance.sources.license_files import project_licenses
        custom, definitions = project_licenses(kb, top["licenses"], source)
        reader.kb = kb.including(custom)
    if "works" not in top:
        raise reader.fail(located, "the project has no 'works' section", "list the works you reuse")
    works_at = top["works"]
    works_fields = reader.mapping(works_at, "'works'")
    if not works_fields:
        raise reader.fail(works_at, "'works' is empty", "list the works you reuse")
    for work_id, at in works_fields.items():
        if not work_id.strip():
            raise reader.fail(at, "a work id must be a non-empty string")
    declared_at = works_at.keys or {}
    works = {work_id: reader.work(work_id, at, declared_at.get(work_id)) for work_id, at in works_fields.items()}
    steps_fields: dict[str, Located] = {}
    if "steps" in top and top["steps"].value is not None:
        steps_fields = reader.mapping(top["steps"], "'steps'")
    for step_id, at in steps_fields.items():
        if not step_id.strip():
            raise reader.fail(at, "a step id must be a non-empty string")
        if step_id in works:
            raise reader.fail(at, f"'{step_id}' is both a work and a step", "give the step's result its own id")
    known = set(works) | set(steps_fields)
    types = {work_id: work.type for work_id, work in works.items()}
    steps: dict[str, Step] = {}
    for step_id in _step_order(reader, steps_fields, works):
        steps[step_id] = reader.step(step_id, steps_fields[step_id], known, types, _key(top["steps"], step_id))
        types[step_id] = steps[step_id].type
    steps = {step_id: steps[step_id] for step_id in steps_fields}
    nodes = {**works, **steps}
    releases: list[Release] = []
    if "release" in top:
        release_at = top["release"]
        items = release_at.value if isinstance(release_at.value, list) else [release_at]
        if not items:
            raise reader.fail(release_at, "'release' is empty")
        releases = [reader.release(item, known, nodes) for item in items]
    waivers: list[Waiver] = []
    if "waivers" in top and top["waivers"].value is not None:
        waivers_at = top["waivers"]
        if not isinstance(waivers_at.value, list):
            raise reader.fail(waivers_at, "'waivers' must be a list of waivers")
        released = {release.work for release in releases}
        waivers = [reader.waiver(item, known, released) for item in waivers_at.value]
    name_at = top.get("project")
    name = reader.string(name_at, "'project'") if name_at is not None else Path(source).stem
    permissions = _permissions(reader, top.get("permissions"), works)
    for permission in permissions:
        if permission.status == "obtained":
            work = works[permission.work]
            works[permission.work] = replace(work, granted=tuple(dict.fromkeys((*work.granted, *permission.rights))))
    reading = reader.choice(top["reading"], "reading", READINGS) if "reading" in top else DEFAULT_READING
    return Project(name=name, works=works, steps=steps, releases=tuple(releases), source=source,
                   waivers=tuple(waivers), permissions=permissions, reading=reading,
                   licenses={**custom, **reader.synthesized}, definitions=definitions)


def _permissions(reader: _Reader, at: Located | None, works: dict[str, Work]) -> tuple[Permission, ...]:
    """The `permissions` list: rights asked of a work's licensor (`requested`) or given (`obtained`)."""
    if at is None or at.value is None:
        return ()
    if not isinstance(at.value, list):
        raise reader.fail(at, "'permissions' must be a list")
    found = []
    for item in at.value:
        fields = reader.mapping(item, "a permission")
        reader.keys(fields, PERMISSION_KEYS, "a permission")
        for required in ("work", "grants", "status"):
            if required not in fields:
                raise reader.fail(item, f"a permission has no '{required}'")
        work = reader.choice(fields["work"], "work of a permission", sorted(works))
        grants = fields["grants"]
        items = grants.value if isinstance(grants.value, list) else [grants]
        rights = tuple(reader.choice(right, "right", reader.vocabulary.rights) for right in items)
        if not rights:
            raise reader.fail(grants, "a permission grants at least one right")
        status = reader.choice(fields["status"], "permission status", PERMISSION_STATUS)
        found.append(Permission(work, rights, status, reader.text(fields.get("note"), "the note of a permission"),
                                item.line))
    return tuple(found)


def _step_order(reader: _Reader, steps: dict[str, Located], works: dict[str, Work]) -> list[str]:
    """Steps in dependency order (a step's default type depends on its inputs'); names any cycle."""
    after: dict[str, set[str]] = {step_id: set() for step_id in steps}
    for step_id, at in steps.items():
        if not isinstance(at.value, dict):
            continue
        for slot in ("inputs", "using", "data"):
            items = at.value.get(slot)
            if items is None:
                continue
            values = items.value if isinstance(items.value, list) else [items]
            for item in values:
                name = item.value
                if name.__class__ is not str:  # a mapping {work: ...}, or a number read as its text
                    ref = name.get("work") if isinstance(name, dict) else item
                    name = ref.source_text if isinstance(ref, Located) else None
                if name.__class__ is str and name in steps and name != step_id:
                    after[name].add(step_id)
    order = lexicographic_order(after)
    if len(order) == len(steps):
        return order
    import networkx as nx  # only to name the cycle

    graph = nx.DiGraph([(a, b) for a, targets in after.items() for b in sorted(targets)])
    cycle = nx.find_cycle(graph.subgraph(set(steps) - set(order)))
    names = [edge[0] for edge in cycle] + [cycle[0][0]]
    raise reader.fail(steps[cycle[0][0]], "the steps form a cycle: " + " -> ".join(names),
                      "a work cannot be made from itself")


@without_collector
def load_project(path: str | Path, kb: KnowledgeBase) -> Project:
    """Read, parse and validate the project file at `path`."""
    source = source_name(path)
    text = read_text(path)
    return read_project(parse_yaml(text, source), kb, source)


@without_collector
def parse_project(text: str, kb: KnowledgeBase, source: str = "<project>") -> Project:
    """Parse and validate project YAML given as text."""
    return read_project(parse_yaml(text, source), kb, source)


def _located(value: Any) -> Located:
    """Plain data (a project document built in code) as the reader's tree, without positions."""
    if isinstance(value, dict):
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(f"a key must be text, not {_kind(key)} ({printable(repr(key))})", "<mapping>")
            items[key] = _located(item)
        return Located(items, None, None)  # type: ignore[arg-type]
    if isinstance(value, (list, tuple)):
        return Located([_located(item) for item in value], None, None)  # type: ignore[arg-type]
    return Located(value, None, None)  # type: ignore[arg-type]


@without_collector
def read_mapping(data: Any, kb: KnowledgeBase, source: str = "<mapping>") -> Project:
    """Validate a project document given as plain data (what a project file's YAML reads as) and
    build its `Project`, by the very rules a project file is read with. Ids must be strings: a
    number has no text as written to keep."""
    if not isinstance(data, dict):
        raise InputError(f"a project document must be a mapping, not {_kind(data)}", source)
    return read_project(_located(data), kb, source)


def _document(project: Project) -> dict[str, Any]:
    """The document of a `Project` built in code, every field as given (nothing looked up)."""
    def step(value: Step) -> dict[str, Any]:
        fields: dict[str, Any] = {"activity": value.activity, "type": value.type, "form": value.form}
        for given in value.inputs:
            fields.setdefault(given.slot, []).append({"work": given.work, "role": given.role})
        if value.license:
            fields["license"] = value.license
        return fields

    works = {key: {"type": w.type, "license": w.license, "form": w.form,
                   **{name: getattr(w, name) for name in ("name", "url") if getattr(w, name)}}
             for key, w in project.works.items()}
    data: dict[str, Any] = {"project": project.name, "works": works,
                            "steps": {key: step(value) for key, value in project.steps.items()}}
    if project.releases:
        data["release"] = [{"work": r.work, "policy": r.policy, "form": r.form,
                            **({"license": r.license} if r.license else {})} for r in project.releases]
    if project.waivers:
        data["waivers"] = [{"code": w.code, "work": w.work, "reason": w.reason,
                            **({"release": w.release} if w.release else {}),
                            **({"until": w.until} if w.until else {})} for w in project.waivers]
    return data


def validate_project(project: Project, kb: KnowledgeBase) -> Project:
    """A `Project` built in code, checked by the project file's rules (unknown policy, form, type,
    activity or license, undefined or duplicate ids, cycles, ...): `InputError` on the first
    problem, else the project as the loader would have built it (alternatives resolved)."""
    from dataclasses import fields, replace
    if not isinstance(project, Project):
        raise InputError(f"not a Project: {type(project).__name__}")
    for work_id, work in project.works.items():
        if not isinstance(work, Work) or work.id != work_id:
            raise InputError(f"work '{printable(str(work_id))}' is not a Work of that id", project.source)
    for step_id, step in project.steps.items():
        if not isinstance(step, Step) or step.id != step_id:
            raise InputError(f"step '{printable(str(step_id))}' is not a Step of that id", project.source)
    try:
        checked = read_mapping(_document(project), kb, project.source)
    except AttributeError as error:  # a field of the wrong kind of object
        raise InputError(f"the project is malformed: {error}", project.source) from None
    extra = {f.name: getattr(project, f.name) for f in fields(Project) if f.name in ("source", "source_warnings")}
    return replace(checked, **extra)
