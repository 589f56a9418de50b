"""Reads a CycloneDX 1.6 JSON BOM (an ML-BOM) into a project, through cyclonedx-python-lib
(imported only here, when a BOM is read).

Components of type `machine-learning-model` and `data` are works; their `licenses` (`license.id`,
`license.name`, `expression`; a concluded license is the tool's answer, not an input, and is
skipped) are the declared licenses; `pedigree.ancestors` are what a work was made from;
`modelCard.modelParameters.datasets` references are its training data; top-level `dependencies`
add models (as bases) and data (as training data). The library drops `modelCard` when it reads a
BOM, so that part is read from the JSON. `metadata.component` is the released work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Origin, Project, Release
from clearance.sources import bom_common as props
from clearance.sources.json_reader import parse_json
from clearance.sources.lineage import Node, to_project
from clearance.sources.yaml_reader import printable, read_text

ML_TYPES = {"machine-learning-model": "model", "data": "data"}


def _library():
    try:
        from cyclonedx.model.bom import Bom
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading CycloneDX needs cyclonedx-python-lib", hint="pip install cyclonedx-python-lib") \
            from None
    return Bom


def _license(component: Any) -> str | None:
    """The declared license of a component, as one expression."""
    parts = []
    for lic in component.licenses:
        acknowledgement = getattr(lic, "acknowledgement", None)
        if acknowledgement is not None and str(getattr(acknowledgement, "value", acknowledgement)) == "concluded":
            continue
        text = getattr(lic, "value", None) or getattr(lic, "id", None) or getattr(lic, "name", None)
        if text:
            parts.append(f"({text})" if " " in text.strip() and len(component.licenses) > 1 else text)
    return " OR ".join(parts) or None


def _raw_components(raw: dict) -> list[dict]:
    """Every component object of the JSON (metadata, top level, nested, ancestors)."""
    found: list[dict] = []
    todo = [c for c in [raw.get("metadata", {}).get("component")] + list(raw.get("components", [])) if c]
    while todo:
        item = todo.pop()
        if not isinstance(item, dict):
            continue
        found.append(item)
        todo += list(item.get("components", []) or [])
        todo += list((item.get("pedigree") or {}).get("ancestors", []) or [])
    return found


class _Reader:
    def __init__(self, raw: dict, text: str, source: str) -> None:
        self.raw, self.text, self.source = raw, text, source
        self.nodes: dict[str, Node] = {}
        self.by_ref: dict[str, str] = {}
        self.by_name: dict[tuple, str] = {}
        self.cards = {c.get("bom-ref"): c.get("modelCard") for c in _raw_components(raw) if c.get("modelCard")}
        self.listed: dict[tuple, Any] = {}

    def index(self, components: list[Any]) -> None:
        """Know the listed components by name first: an ancestor without a bom-ref names one of them."""
        for component in components:
            self.listed.setdefault((component.group, component.name, component.version), component)

    def work_id(self, component: Any) -> str:
        named = {p.name: p.value for p in component.properties}
        if props.ID in named:
            return named[props.ID]
        name = component.name
        return f"{component.group}/{name}" if component.group else name

    def add(self, component: Any) -> str | None:
        """The work id of a component (adding its node), or None when it is not an ML work."""
        kind = ML_TYPES.get(str(component.type.value))
        ref = str(component.bom_ref.value) if component.bom_ref and component.bom_ref.value else None
        if ref in self.by_ref:
            return self.by_ref[ref]
        key = (component.group, component.name, component.version)
        if ref is None and key in self.by_name:
            return self.by_name[key]
        listed = self.listed.get(key)
        if ref is None and listed is not None and listed is not component:  # an ancestor copying a component
            return self.add(listed)
        named = {p.name: p.value for p in component.properties}
        kind = named.get(props.TYPE, kind)
        if kind is None:
            return None
        work_id = self.work_id(component)
        if work_id in self.nodes:
            raise InputError(f"two components stand for the work '{printable(work_id)}'", self.source,
                             *(props.element_position(self.text, "bom-ref", ref) if ref else (None, None)),
                             hint="give them distinct names or groups")
        line, column = props.element_position(self.text, "bom-ref", ref) if ref else (None, None)
        node = Node(work_id, kind, _license(component), origin=Origin(self.source, ref, line, column=column))
        self.nodes[work_id] = node
        if ref:
            self.by_ref[ref] = work_id
        self.by_name.setdefault(key, work_id)
        if component.pedigree:
            node.inputs += [a for a in (self.add(c) for c in component.pedigree.ancestors) if a]
        for child in component.components:
            self.add(child)
        card = self.cards.get(ref) or {}
        for dataset in ((card.get("modelParameters") or {}).get("datasets") or []):
            self.dataset(node, dataset)
        props.apply(node, named, self.source, line)
        return work_id

    def dataset(self, node: Node, dataset: Any) -> None:
        if isinstance(dataset, dict) and isinstance(dataset.get("ref"), str):
            node.data.append(dataset["ref"])  # resolved once every component is known
        elif isinstance(dataset, dict) and isinstance(dataset.get("name"), str):
            data_id = dataset["name"]
            self.nodes.setdefault(data_id, Node(data_id, "data", None, origin=Origin(self.source, data_id),
                                                missing="the model card describes it inline, with no license"))
            node.data.append(data_id)
        else:
            raise InputError("a modelCard dataset must be a {\"ref\": ...} or a named dataset", self.source,
                             *props.element_position(self.text, "bom-ref", node.origin.element or ""))

    def finish(self, bom: Any) -> None:
        """Resolve dataset references and dependencies, and give each derived work its activity."""
        for node in self.nodes.values():
            node.data = [self.by_ref.get(d, d) for d in node.data]
        for dependency in bom.dependencies:
            source = self.by_ref.get(str(dependency.ref.value))
            if source is None:
                continue
            node = self.nodes[source]
            for target in dependency.dependencies:
                target_id = self.by_ref.get(str(target.ref.value))
                if target_id is None or target_id in node.inputs or target_id in node.data or target_id == source:
                    continue
                (node.data if self.nodes[target_id].type == "data" and node.type == "model"
                 else node.inputs).append(target_id)
        for node in self.nodes.values():
            if node.activity is None and (node.inputs or node.data or node.exact):
                node.activity = ("finetune" if node.inputs else "train") if node.type == "model" else "modify"


def _release(root: Any, work_id: str, reader: _Reader) -> tuple[Release, ...]:
    named = {p.name: p.value for p in root.properties}
    if props.RELEASE not in named:
        return ()
    data = props.parse_release(named[props.RELEASE], reader.source, reader.nodes[work_id].origin.line)
    return (Release(work_id, data.get("policy", "share"), data.get("form", "raw"), data.get("license")),)


def load_cyclonedx(path: Path, kb: KnowledgeBase) -> Project:
    """The project a CycloneDX JSON BOM describes."""
    source = str(path)
    text = read_text(path)
    raw = parse_json(text, source)
    if not isinstance(raw, dict) or raw.get("bomFormat") != "CycloneDX":
        raise InputError("not a CycloneDX BOM (no \"bomFormat\": \"CycloneDX\")", source, 1, 1)
    if not isinstance(raw.get("metadata"), dict) or not isinstance(raw["metadata"].get("component"), dict):
        raise InputError("the BOM has no metadata.component: clearance cannot tell which work is released",
                         source, *props.element_position(text, "bomFormat", "CycloneDX"),
                         hint="name the released model in metadata.component")
    try:
        bom = _library().from_json(raw)
    except Exception as error:  # the library raises many kinds on a malformed BOM
        raise InputError(f"invalid CycloneDX BOM: {printable(' '.join(str(error).split()))[:300]}", source) from None
    reader = _Reader(raw, text, source)
    reader.index([bom.metadata.component, *bom.components])
    root_id = reader.add(bom.metadata.component)
    if root_id is None:
        raise InputError("metadata.component is not a machine-learning-model or data component", source,
                         *props.element_position(text, "bomFormat", "CycloneDX"))
    for component in bom.components:
        reader.add(component)
    reader.finish(bom)
    releases = _release(bom.metadata.component, root_id, reader)
    for component in bom.components:
        work_id = reader.by_ref.get(str(component.bom_ref.value)) if component.bom_ref else None
        if work_id and work_id != root_id:
            releases += _release(component, work_id, reader)
    return to_project(reader.nodes, root_id, kb, source, releases=releases, everything=True)
