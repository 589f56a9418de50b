"""Writes a project as a CycloneDX 1.6 ML-BOM, through cyclonedx-python-lib (imported only here):
one component per work (`machine-learning-model`, `data`, or `library` for software), its declared
license and, where the analysis determined one, its concluded license; lineage as
`pedigree.ancestors`, training data as `modelCard.modelParameters.datasets` references and every
input as a dependency; the findings as annotations. The released work is `metadata.component`.
What CycloneDX has no field for (the activity, each input's slot and role, the planned release)
goes in `clearance:` properties, so that importing the BOM gives the project back.

The output is deterministic: the serial number is derived from the content, and the one
timestamp CycloneDX requires (on annotations) is SOURCE_DATE_EPOCH, else the epoch."""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timezone

from clearance.analysis import Report
from clearance.model import Project
from clearance.render.escape import json_text
from clearance.sources import bom_common as props

KIND = {"model": "machine-learning-model", "data": "data", "software": "library"}


def timestamp() -> str:
    """The timestamp written where a format requires one: SOURCE_DATE_EPOCH, else the epoch."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split(work_id: str) -> tuple[str | None, str]:
    group, slash, name = work_id.partition("/")
    return (group, name) if slash and group and name else (None, work_id)


def _licenses(ids: tuple[str, ...], concluded: str | None):
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
    from cyclonedx.spdx import is_supported_id

    def one(lic_id: str, acknowledgement):
        if is_supported_id(lic_id):
            return DisjunctiveLicense(id=lic_id, acknowledgement=acknowledgement)
        return DisjunctiveLicense(name=lic_id, acknowledgement=acknowledgement)

    chosen = [one(i, LicenseAcknowledgement.DECLARED) for i in ids]
    if concluded:
        chosen.append(one(concluded, LicenseAcknowledgement.CONCLUDED))
    return chosen


def _component(project: Project, work_id: str, concluded: str | None, ancestors: list):
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    group, name = _split(work_id)
    work = project.works.get(work_id)
    declared = work.alternatives if work else ((project.steps[work_id].license,) if project.steps[work_id].license
                                               else ())
    component = Component(
        type=ComponentType(KIND[project.type_of(work_id)]), name=name, group=group, bom_ref=work_id,
        licenses=_licenses(declared, concluded),
        properties=[Property(name=k, value=v) for k, v in props.step_properties(project, work_id).items()])
    if ancestors:
        component.pedigree = Pedigree(ancestors=ancestors)
    return component


def _ancestor(project: Project, work_id: str):
    from cyclonedx.model.component import Component, ComponentType
    group, name = _split(work_id)
    return Component(type=ComponentType(KIND[project.type_of(work_id)]), name=name, group=group)


def concluded_licenses(report: Report | None) -> dict[str, str]:
    """The concluded license of each derived work: none where no component imposes one (any license
    may be chosen; the Unlicense the analysis picks is only the least restrictive choice)."""
    if report is None:
        return {}
    from clearance.render.summary import free_works
    free = free_works(report)
    return {work: lic for work, lic in report.licenses.items() if lic and work not in free}


def export_cyclonedx(project: Project, report: Report | None = None) -> str:
    """The CycloneDX 1.6 JSON of `project` (with the analysis' licenses and findings when given)."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.output.json import JsonV1Dot6
    concluded = concluded_licenses(report)
    root = project.releases[0].work if project.releases else next(iter(project.works))
    components = {}
    for work_id in [*project.works, *project.steps]:
        step = project.steps.get(work_id)
        ancestors = [_ancestor(project, i.work) for i in step.inputs if i.slot == "inputs"] if step else []
        components[work_id] = _component(project, work_id, concluded.get(work_id), ancestors)
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, "clearance:" + repr(props_digest(project))))
    bom.metadata.component = components[root]
    for work_id, component in components.items():
        if work_id != root:
            bom.components.add(component)
    for work_id, step in project.steps.items():
        bom.register_dependency(components[work_id], [components[i.work] for i in step.inputs])
    data = json.loads(JsonV1Dot6(bom).output_as_string())
    data["metadata"].pop("timestamp", None)
    _add_model_cards(data, project)
    if report is not None:
        data["annotations"] = _annotations(report)
    # Not validated here: jsonschema's uniqueItems is quadratic (30 s for 1,000 components); the
    # tests validate the export of every fixture and example against the 1.6 schema (`validate`).
    return json_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def props_digest(project: Project) -> tuple:
    """What the serial number is derived from: every work, step and release, in order."""
    return (project.name, tuple(sorted((w.id, w.license, w.type) for w in project.works.values())),
            tuple(sorted((s.id, s.activity, tuple((i.work, i.role, i.slot) for i in s.inputs))
                         for s in project.steps.values())),
            tuple((r.work, r.policy, r.form, r.license) for r in project.releases))


def _add_model_cards(data: dict, project: Project) -> None:
    """modelCard.modelParameters.datasets of each model (the library cannot write modelCard)."""
    for component in [data["metadata"]["component"], *data.get("components", [])]:
        step = project.steps.get(component.get("bom-ref"))
        if step is None or step.type != "model":
            continue
        datasets = [{"ref": i.work} for i in step.inputs if i.slot == "data" and project.type_of(i.work) == "data"]
        if datasets:
            component["modelCard"] = {"modelParameters": {"datasets": datasets}}


def _annotations(report: Report) -> list[dict]:
    annotations = []
    for number, finding in enumerate(report.findings, 1):
        annotations.append({
            "bom-ref": f"clearance-finding-{number}",
            "subjects": sorted({finding.work, finding.release}),
            "annotator": {"component": {"type": "application", "name": "clearance"}},
            "timestamp": timestamp(),
            "text": f"[{finding.severity}] [{finding.code}] release {finding.release}: {finding.message}",
        })
    return annotations


def validate(text: str) -> str | None:
    """Why `text` is not a valid CycloneDX 1.6 JSON BOM, or None when it is (cyclonedx-python-lib's
    validator, against the official schema)."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    return None if error is None else str(error)
