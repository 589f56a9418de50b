"""The neutral form every metadata reader (cards, BOMs) produces before it becomes a `Project`: a
node per work, naming what it was made from and how, and one function that turns the nodes into
the same domain model a project file gives. License names are resolved here, once, for all readers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clearance.exceptions import InputError, UnknownLicenseError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Input, Origin, Project, Release, Step, Work

UNKNOWN = ("unknown", "noassertion", "none-given")


@dataclass
class Node:
    """One work as metadata describes it. `activity` None: a reused work; otherwise a step made
    from `inputs` (carried into it) and `data` (consumed: training data)."""

    id: str
    type: str
    license: str | None
    license_name: str | None = None
    activity: str | None = None
    inputs: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    origin: Origin | None = None
    missing: str | None = None
    using: list[str] = field(default_factory=list)
    form: str = "raw"
    # (work, role, slot) of each input, when the metadata records them exactly (a BOM clearance wrote)
    exact: list[tuple[str, str, str]] | None = None


def _custom(kb: KnowledgeBase, name: str) -> tuple[str, ...] | None:
    for candidate in (name if name.startswith("LicenseRef-") else f"LicenseRef-{name}", name):
        try:
            return (kb.get(candidate).id,)
        except UnknownLicenseError:
            continue
    return None


def _unref(kb: KnowledgeBase, expression: str) -> str:
    """`expression` with each `LicenseRef-X` that stands for a knowledge-base license replaced by
    its id: a BOM names a license SPDX does not list (Llama-3.1) as LicenseRef-Llama-3.1."""
    sanitized = {re.sub(r"[^A-Za-z0-9.-]", "-", lic_id).casefold(): lic_id for lic_id in kb.licenses}

    def replace(match: re.Match) -> str:
        token, bare = match.group(0), match.group(0)[len("LicenseRef-"):]
        for candidate in (token, bare):
            try:
                return kb.get(candidate).id
            except UnknownLicenseError:
                continue
        return sanitized.get(bare.casefold(), token)

    return re.sub(r"LicenseRef-[A-Za-z0-9.\-]+", replace, expression)


def resolve(kb: KnowledgeBase, declared: str | None, name: str | None = None) -> tuple[str, ...] | None:
    """The knowledge-base ids a declared license names (a Hugging Face id, an SPDX id or expression,
    `LicenseRef-X`, or `other` with a `license_name`); None when nobody can tell which license it is."""
    if declared is None or declared.casefold() in UNKNOWN:
        return None
    if declared.casefold() == "other":
        return _custom(kb, name) if name else None
    if "LicenseRef-" in declared:
        declared = _unref(kb, declared)
    try:
        return kb.alternatives(declared)
    except UnknownLicenseError:
        return _custom(kb, declared)


def _unknown_id(kb: KnowledgeBase) -> str | None:
    """The knowledge base's id for a license nobody knows, when it has one."""
    try:
        return kb.get("unknown").id
    except UnknownLicenseError:
        return None


def why_unknown(node: Node) -> str:
    """Why the license of `node` cannot be told, in words for a message or a comment."""
    if node.missing:
        return node.missing
    if node.license and node.license.casefold() == "other":
        return (f"it declares 'other' with license_name '{node.license_name}', which no custom license defines"
                if node.license_name else "it declares 'other' and names no license")
    if node.license:
        return f"it declares '{node.license}', which clearance does not know"
    return "it declares no license"


def _work(kb: KnowledgeBase, node: Node) -> Work:
    ids = resolve(kb, node.license, node.license_name)
    if ids is None:
        unknown = _unknown_id(kb)
        if unknown is None:
            where = node.origin
            raise InputError(f"the license of '{node.id}' is unknown: {why_unknown(node)}",
                             where.path if where else None, where.line if where else None,
                             hint="put its card in the cache given by --hf-cache, or declare it in a project file")
        ids = (unknown,)
    return Work(id=node.id, type=node.type, license=" OR ".join(ids), alternatives=ids, form=node.form,
                origin=node.origin, unknown_because=why_unknown(node) if ids == (_unknown_id(kb),) else None,
                line=node.origin.line if node.origin else None)


def _intended(kb: KnowledgeBase, node: Node) -> str | None:
    if node.license is None:
        return None  # nothing declared: the analysis determines the license
    ids = resolve(kb, node.license, node.license_name)
    if ids is None:
        return _unknown_id(kb)
    return ids[0] if len(ids) == 1 else None


def to_project(nodes: dict[str, Node], root: str, kb: KnowledgeBase, source: str,
               warnings: list[tuple[str, str, str]] | None = None, releases: tuple[Release, ...] = (),
               name: str | None = None, everything: bool = False) -> Project:
    """The project `nodes` describe, releasing `root` (shared raw under its declared license),
    or making the `releases` given. With `everything`, nodes `root` does not reach are kept too."""
    kb_rules = kb.vocabulary.activities
    works: dict[str, Work] = {}
    steps: dict[str, Step] = {}
    for node in nodes.values():
        _check(node, kb, source)
        for parent in [i[0] for i in node.exact or ()] + node.inputs + node.data + node.using:
            if parent not in nodes:
                where = node.origin or Origin(source)
                raise InputError(f"'{node.id}' is made from '{parent}', which the document does not describe",
                                 where.path, where.line, where.column)
    for node_id in _order(nodes, [root, *(nodes if everything else ())]):
        node = nodes[node_id]
        if node.activity is None:
            works[node.id] = _work(kb, node)
            continue
        if node.exact is not None:
            inputs = tuple(Input(work, role, slot) for work, role, slot in node.exact)
        else:
            role = kb_rules[node.activity].inputs_role
            inputs = tuple(Input(i, role, "inputs") for i in node.inputs)
            inputs += tuple(Input(d, "aux", "data") for d in dict.fromkeys(node.data) if d not in node.inputs)
            inputs += tuple(Input(u, "aux", "using") for u in dict.fromkeys(node.using)
                            if u not in node.inputs and u not in node.data)
        steps[node.id] = Step(node.id, node.activity, inputs, node.type, node.form, _intended(kb, node),
                              node.origin.line if node.origin else None, node.origin)
    if not releases:
        root_node = nodes[root]
        releases = (Release(root, "share", "raw", _intended(kb, root_node) if root_node.activity else None),)
    return Project(name=name or root, works=works, steps=steps, releases=releases, source=source,
                   source_warnings=tuple(warnings or ()))


def _check(node: Node, kb: KnowledgeBase, source: str) -> None:
    """Values a BOM's clearance properties recorded must be of the vocabulary."""
    vocabulary = kb.vocabulary
    where = node.origin or Origin(source)
    for value, allowed, what in ((node.type, vocabulary.work_types, "type"), (node.form, vocabulary.forms, "form"),
                                 (node.activity, (None, *vocabulary.activities), "activity")):
        if value not in allowed:
            raise InputError(f"unknown {what} '{value}' for '{node.id}'", where.path, where.line, where.column,
                             f"one of: {', '.join(a for a in allowed if a)}")
    for _work, role, slot in node.exact or ():
        if role not in ("mix", "sub", "aux") or slot not in ("inputs", "using", "data"):
            raise InputError(f"an input of '{node.id}' has role '{role}' and slot '{slot}'", where.path, where.line,
                             where.column, "roles: mix, sub, aux; slots: inputs, using, data")


def _order(nodes: dict[str, Node], roots: list[str]) -> list[str]:
    """Every node reachable from `roots`, each after what it is made from (inputs in the order named)."""
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(root, False) for root in reversed(roots)]
    while stack:
        node_id, done = stack.pop()
        if done:
            order.append(node_id)
            continue
        if node_id in seen:
            continue
        seen.add(node_id)
        stack.append((node_id, True))
        node = nodes[node_id]
        parents = [i[0] for i in node.exact] if node.exact is not None else node.inputs + node.data + node.using
        for parent in reversed(parents):
            if parent not in seen:
                stack.append((parent, False))
    return order
