"""Writes a project as an SPDX 3.0.1 JSON-LD document, through spdx-python-model (imported only
here): an `ai_AIPackage` per model, a `dataset_DatasetPackage` per dataset, a `software_Package`
per piece of software; `hasDeclaredLicense` and, where the analysis determined one,
`hasConcludedLicense`; lineage as `ancestorOf`, training data as `trainedOn`, tools as
`usesTool`; the findings as review annotations. What SPDX has no field for (the activity, each
input's slot and role, the planned release) goes in `clearance:` annotations, so that importing
the document gives the project back. Deterministic: ids come from the work ids, the creation
time is SOURCE_DATE_EPOCH, else the epoch."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from urllib.parse import quote

from clearance.analysis import Report
from clearance.exceptions import InputError
from clearance.model import Project
from clearance.render.cyclonedx import concluded_licenses, timestamp
from clearance.render.escape import json_text
from clearance.sources import bom_common as props

BASE = "urn:clearance:"


def license_ref(lic_id: str) -> str:
    """An SPDX expression part for a knowledge-base id: the id itself when SPDX lists it, else a
    LicenseRef- of it (an id SPDX does not know, such as Llama-3.1)."""
    from license_expression import get_spdx_licensing
    if lic_id in _spdx_ids(get_spdx_licensing):
        return lic_id
    return "LicenseRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", lic_id)


_SPDX: set[str] = set()


def _spdx_ids(licensing_factory) -> set[str]:
    if not _SPDX:
        _SPDX.update(symbol.key for symbol in licensing_factory().known_symbols.values())
    return _SPDX


class _Writer:
    def __init__(self, project: Project) -> None:
        from spdx_python_model import v3_0_1 as model
        self.m, self.project = model, project
        created = datetime.strptime(timestamp(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        self.info = model.CreationInfo(specVersion="3.0.1", created=created, createdBy=[BASE + "agent"])
        self.agent = model.SoftwareAgent(spdxId=BASE + "agent", name="clearance", creationInfo=self.info)
        self.info.createdBy = [self.agent]
        self.elements: list = [self.agent]
        self.packages: dict[str, object] = {}
        self.count = 0

    def next_id(self, kind: str) -> str:
        self.count += 1
        return f"{BASE}{kind}-{self.count}"

    def add(self, element):
        self.elements.append(element)
        return element

    def package(self, work_id: str):
        m = self.m
        kind = self.project.type_of(work_id)
        spdx_id = BASE + "work:" + quote(work_id, safe="")
        if kind == "model":
            element = m.ai_AIPackage(spdxId=spdx_id, name=work_id, creationInfo=self.info,
                                     software_primaryPurpose=m.software_SoftwarePurpose.model)
        elif kind == "data":
            element = m.dataset_DatasetPackage(spdxId=spdx_id, name=work_id, creationInfo=self.info,
                                               software_primaryPurpose=m.software_SoftwarePurpose.data,
                                               dataset_datasetType=[m.dataset_DatasetType.other])
        else:
            element = m.software_Package(spdxId=spdx_id, name=work_id, creationInfo=self.info,
                                         software_primaryPurpose=m.software_SoftwarePurpose.library)
        self.packages[work_id] = self.add(element)
        return element

    def relate(self, source, kind: str, targets: list) -> None:
        if targets:
            self.add(self.m.Relationship(spdxId=self.next_id("relationship"), creationInfo=self.info, from_=source,
                                         to=targets, relationshipType=getattr(self.m.RelationshipType, kind)))

    def license(self, package, ids: tuple[str, ...], kind: str) -> None:
        expression = " OR ".join(license_ref(i) for i in ids)
        element = self.add(self.m.simplelicensing_LicenseExpression(
            spdxId=self.next_id("license"), creationInfo=self.info, simplelicensing_licenseExpression=expression))
        self.relate(package, kind, [element])

    def note(self, subject, statement: str, review: bool = False) -> None:
        kind = self.m.AnnotationType.review if review else self.m.AnnotationType.other
        self.add(self.m.Annotation(spdxId=self.next_id("annotation"), creationInfo=self.info, subject=subject,
                                   annotationType=kind, statement=statement))


def export_spdx(project: Project, report: Report | None = None) -> str:
    """The SPDX 3.0.1 JSON-LD of `project` (with the analysis' licenses and findings when given)."""
    writer = _Writer(project)
    concluded = concluded_licenses(report)  # none where no component imposes a license
    for work_id in [*project.works, *project.steps]:
        package = writer.package(work_id)
        work = project.works.get(work_id)
        declared = work.alternatives if work else tuple(filter(None, [project.steps[work_id].license]))
        if declared:
            writer.license(package, declared, "hasDeclaredLicense")
        if work_id in concluded:
            writer.license(package, (concluded[work_id],), "hasConcludedLicense")
        for key, value in props.step_properties(project, work_id).items():
            if key != props.ID:
                writer.note(package, f"{key}={value}")
    for work_id, step in project.steps.items():
        package = writer.packages[work_id]
        for given in step.inputs:
            if given.slot == "inputs":
                writer.relate(writer.packages[given.work], "ancestorOf", [package])
        writer.relate(package, "trainedOn", [writer.packages[i.work] for i in step.inputs if i.slot == "data"])
        writer.relate(package, "usesTool", [writer.packages[i.work] for i in step.inputs if i.slot == "using"])
    for finding in (report.findings if report else ()):
        writer.note(writer.packages[finding.release],
                    f"[{finding.severity}] [{finding.code}] {finding.work}: {finding.message}", review=True)
    return _write(writer, project)


def _write(writer: _Writer, project: Project) -> str:
    m = writer.m
    roots = [writer.packages[r.work] for r in project.releases] or [next(iter(writer.packages.values()))]
    profiles = [m.ProfileIdentifierType.core, m.ProfileIdentifierType.software, m.ProfileIdentifierType.ai,
                m.ProfileIdentifierType.dataset, m.ProfileIdentifierType.simpleLicensing]
    document = m.SpdxDocument(spdxId=BASE + "document", creationInfo=writer.info, name=project.name,
                              rootElement=list(dict.fromkeys(roots)), element=list(writer.elements),
                              profileConformance=profiles)
    objects = m.SHACLObjectSet()
    for element in [*writer.elements, document]:
        objects.add(element)
    buffer = io.BytesIO()
    m.JSONLDSerializer().write(objects, buffer, indent=2)
    text = json_text(json.dumps(json.loads(buffer.getvalue()), indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
    check = m.SHACLObjectSet()
    try:  # the library checks every property's type and every reference as it reads
        m.JSONLDDeserializer().deserialize_data(json.loads(text), check)
    except Exception as error:  # a bug of ours, not of the input
        raise InputError(f"the SPDX document written does not read back: {error}") from None
    return text
