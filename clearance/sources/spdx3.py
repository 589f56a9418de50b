"""Reads an SPDX 3.0.1 JSON-LD document (AI and Dataset profiles) into a project, through
spdx-python-model (imported only here, when a document is read).

`ai_AIPackage` elements are models, `dataset_DatasetPackage` elements data (`software_Package`
software, when something is made with it). Relationships: `hasDeclaredLicense` gives a work's
license (`hasConcludedLicense` is an analysis' answer, not an input, and is skipped);
`ancestorOf` / `descendantOf` what a work was made from; `trainedOn` its training data;
`testedOn` and `usesTool` what it was evaluated on or built with (used, not carried). The
document's `rootElement` is the released work."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Origin, Project, Release
from clearance.sources import bom_common as props
from clearance.sources.json_reader import parse_json
from clearance.sources.lineage import Node, to_project
from clearance.sources.yaml_reader import printable, read_text

KINDS = {"ai_AIPackage": "model", "dataset_DatasetPackage": "data", "software_Package": "software"}


def _model():
    from spdx_python_model import v3_0_1
    return v3_0_1


def _id(value: Any) -> str:
    return value if isinstance(value, str) else value._id


def _license_text(element: Any) -> str | None:
    expression = getattr(element, "simplelicensing_licenseExpression", None)
    if expression:
        return expression
    identifier = _id(element)
    if "spdx.org/licenses/" in identifier:  # a listed license, named by its IRI
        return identifier.rsplit("/", 1)[1]
    return getattr(element, "name", None) or None


class _Reader:
    def __init__(self, objects: Any, text: str, source: str) -> None:
        self.objects, self.text, self.source = objects, text, source
        self.nodes: dict[str, Node] = {}
        self.by_spdx: dict[str, str] = {}
        self.notes: dict[str, dict[str, str]] = {}

    def position(self, spdx_id: str) -> tuple[int | None, int | None]:
        found = props.element_position(self.text, "spdxId", spdx_id)
        return found if found[0] else props.element_position(self.text, "@id", spdx_id)

    def line(self, spdx_id: str) -> int | None:
        return self.position(spdx_id)[0]

    def packages(self, model: Any) -> None:
        for type_name, kind in KINDS.items():
            for element in self.objects.foreach_type(getattr(model, type_name)):
                if type(element).__name__ != type_name:
                    continue  # ai_AIPackage is a software_Package too
                spdx_id = _id(element)
                work_id = element.name or spdx_id
                if work_id in self.nodes:
                    raise InputError(f"two elements are named '{printable(work_id)}'", self.source,
                                     *self.position(spdx_id))
                line, column = self.position(spdx_id)
                origin = Origin(self.source, spdx_id, line, column=column)
                self.nodes[work_id] = Node(work_id, kind, None, origin=origin)
                self.by_spdx[spdx_id] = work_id

    def work(self, value: Any, relationship: Any) -> str:
        spdx_id = _id(value)
        if spdx_id not in self.by_spdx:
            raise InputError(f"a {relationship.relationshipType.rsplit('/', 1)[-1]} relationship names "
                             f"'{printable(spdx_id)}', which is no package of the document",
                             self.source, *self.position(_id(relationship)))
        return self.by_spdx[spdx_id]

    def relationships(self, model: Any) -> None:
        kinds = model.RelationshipType
        for rel in self.objects.foreach_type(model.Relationship):
            kind = rel.relationshipType
            if kind == kinds.hasConcludedLicense or kind not in (
                    kinds.hasDeclaredLicense, kinds.ancestorOf, kinds.descendantOf, kinds.trainedOn,
                    kinds.testedOn, kinds.usesTool):
                continue
            if _id(rel.from_) not in self.by_spdx and kind != kinds.ancestorOf:
                continue  # about an element that is not a work (a file, a snippet)
            if kind == kinds.hasDeclaredLicense:
                texts = [t for t in (_license_text(self.objects.find_by_id(_id(t)) or t) for t in rel.to) if t]
                self.nodes[self.by_spdx[_id(rel.from_)]].license = " OR ".join(texts) or None
            elif kind == kinds.ancestorOf:
                ancestor = self.work(rel.from_, rel)
                for target in rel.to:
                    self.nodes[self.work(target, rel)].inputs.append(ancestor)
            else:
                node = self.nodes[self.by_spdx[_id(rel.from_)]]
                targets = [self.work(t, rel) for t in rel.to]
                {kinds.descendantOf: node.inputs, kinds.trainedOn: node.data}.get(kind, node.using).extend(targets)

    def annotations(self, model: Any) -> None:
        """The clearance: properties a document clearance wrote records (activity, inputs, release)."""
        for note in self.objects.foreach_type(model.Annotation):
            statement = note.statement or ""
            match = re.match(r"(clearance:[a-z]+)=(.*)\Z", statement, re.S)
            if match and _id(note.subject) in self.by_spdx:
                self.notes.setdefault(self.by_spdx[_id(note.subject)], {})[match.group(1)] = match.group(2)
        for work_id, named in self.notes.items():
            props.apply(self.nodes[work_id], named, self.source, self.nodes[work_id].origin.line)

    def finish(self) -> None:
        for node in self.nodes.values():
            node.inputs = list(dict.fromkeys(node.inputs))
            if node.activity is None and (node.inputs or node.data or node.using or node.exact):
                node.activity = ("finetune" if node.inputs else "train") if node.type == "model" else "modify"


def load_spdx(path: Path, kb: KnowledgeBase) -> Project:
    """The project an SPDX 3 JSON-LD document describes."""
    source = str(path)
    text = read_text(path)
    raw = parse_json(text, source)
    if not isinstance(raw, dict) or "@context" not in raw:
        raise InputError("not an SPDX 3 JSON-LD document (no \"@context\")", source, 1, 1)
    model = _model()
    objects = model.SHACLObjectSet()
    try:
        model.JSONLDDeserializer().deserialize_data(raw, objects)
    except Exception as error:  # the library raises many kinds on a malformed document
        raise InputError(f"invalid SPDX 3 document: {printable(' '.join(str(error).split()))[:300]}", source) \
            from None
    reader = _Reader(objects, text, source)
    reader.packages(model)
    if not reader.nodes:
        raise InputError("the document holds no ai_AIPackage or dataset_DatasetPackage", source)
    reader.relationships(model)
    reader.annotations(model)
    reader.finish()
    roots = [reader.by_spdx[_id(e)] for doc in objects.foreach_type(model.SpdxDocument)
             for e in doc.rootElement if _id(e) in reader.by_spdx]
    if not roots:
        raise InputError("the document's rootElement names no AI or dataset package: clearance cannot tell "
                         "which work is released", source, hint="set SpdxDocument.rootElement")
    releases = []
    for work_id in roots:
        named = reader.notes.get(work_id, {})
        if props.RELEASE in named:
            data = props.parse_release(named[props.RELEASE], source, reader.nodes[work_id].origin.line)
            releases.append(Release(work_id, data.get("policy", "share"), data.get("form", "raw"), data.get("license")))
    return to_project(reader.nodes, roots[0], kb, source, releases=tuple(releases), everything=True)
