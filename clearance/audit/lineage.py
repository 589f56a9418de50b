"""One repository of the index as the project `clearance check` builds from its card: the card
reader's own walk (`HubReader.visit`: the cycle check, the missing references) over the index
instead of a cache, then `lineage.to_project`. The audit builds one such project per distinct
problem, never one per repository."""

from __future__ import annotations

from clearance.audit.dump import Bad, Entry
from clearance.audit.index import Index
from clearance.exceptions import InputError
from clearance.model import Origin, Project
from clearance.sources.hf_card import Ref
from clearance.sources.hub import HubReader
from clearance.sources.lineage import Node, to_project


class IndexReader(HubReader):
    """The card reader, reading repositories from an audit's index."""

    def __init__(self, index: Index, kb) -> None:
        super().__init__(kb, [], None, False)
        self.index = index

    def load(self, repo_id: str, kind: str) -> bool:
        number = self.index.lookup(kind, repo_id)
        entry = None if number is None else self.index.entries[number]
        if entry is None:
            return False
        if isinstance(entry, Bad):
            raise InputError(f"'{repo_id}' cannot be read: {entry.message}", entry.source, entry.line, entry.column)
        self.read_entry(entry, repo_id)
        return True

    def read_entry(self, entry: Entry, repo_id: str) -> None:
        """Read `entry` as repository `repo_id`, then what it references (as `HubReader.read` does)."""
        self.stack.append(repo_id)
        self.warnings.extend(entry.warnings)
        origin = Origin(entry.source, line=entry.line)
        node = Node(repo_id, entry.kind, entry.license, entry.license_name, activity=entry.activity,
                    inputs=list(entry.inputs), data=list(entry.data), origin=origin)
        for ref in entry.inputs:
            self.visit(Ref(ref, entry.line), entry.kind, entry.source)
        for ref in entry.data:
            self.visit(Ref(ref, entry.line), "data", entry.source)
        self.nodes[repo_id] = node
        self.stack.pop()

    def missing(self, repo_id: str, kind: str) -> str:
        where = " or the --hf-cache" if self.index.caches else ""
        what = "dataset" if kind == "data" else "model"
        return f"'{repo_id}' is not in the audited inputs{where} (no {what} of that id)"


def project_of(index: Index, number: int, kb, reading: str | None = None) -> Project:
    """The project `clearance check` would build for node `number`: its release shared raw under its
    declared license, its lineage as the card reader reads it. `InputError` for a cycle or a
    repository of the lineage that cannot be read."""
    from dataclasses import replace
    entry = index.entries[number]
    repo_id = index.ids[number]
    if isinstance(entry, Bad):
        raise InputError(entry.message, entry.source, entry.line, entry.column)
    if entry is None:
        raise InputError(f"'{repo_id}' is not in the audited inputs")
    reader = IndexReader(index, kb)
    reader.read_entry(entry, repo_id)
    project = to_project(reader.nodes, repo_id, kb, entry.source, reader.warnings)
    return replace(project, reading=reading) if reading else project
