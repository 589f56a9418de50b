"""From a Hugging Face card (and the adapter, mergekit and GGUF files beside it) to a project.

The card's repository is the released work, shared raw under the card's declared license. Its
`base_model` and `base_model_relation` become a step (finetune, adapter: finetune, merge,
quantized: quantize; no relation: finetune), its `datasets` that step's training data. Every
reference is looked up in the local cache and followed recursively; one that is not there becomes
a work of unknown license naming the id and where it was looked for (docs/hub.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Origin, Project
from clearance.sources import hf_cache, mergekit, peft
from clearance.sources.gguf import gguf_bases, read_gguf_metadata
from clearance.sources.hf_card import Card, Ref, read_card
from clearance.sources.lineage import Node, resolve, to_project

ACTIVITY = {"finetune": "finetune", "adapter": "finetune", "merge": "merge", "quantized": "quantize"}
# source_datasets values that name how a dataset was made, not a dataset it was made from
NOT_REFERENCES = {"original", "extended", "other", "crowdsourced", "found", "expert-generated",
                  "machine-generated", "unknown"}


@dataclass
class _Files:
    """What the files beside a card say."""

    bases: list[Ref] = field(default_factory=list)
    relation: str | None = None
    license: str | None = None
    named_by: str | None = None


def card_path(path: Path) -> Path:
    """The README.md a card path stands for: the file itself, one in a folder, or the snapshot
    `refs/main` names in a cache repository folder."""
    if path.is_file():
        return path
    if (path / "README.md").is_file():
        return path / "README.md"
    located = hf_cache.locate(path)
    if located and (path / "snapshots").is_dir():
        snap = hf_cache.snapshot(path.parent, located[1], located[0])
        if snap and (snap / "README.md").is_file():
            return snap / "README.md"
    raise InputError("is a directory, not a project file (and no README.md card is in it)", str(path))


class HubReader:
    """Reads one card and everything it references, into `Node`s."""

    def __init__(self, kb: KnowledgeBase, caches: list[Path], work_type: str | None, online: bool) -> None:
        self.kb, self.caches, self.work_type, self.online = kb, caches, work_type, online
        self.nodes: dict[str, Node] = {}
        self.warnings: list[tuple[str, str, str]] = []
        self.stack: list[str] = []

    def find(self, repo_id: str, kind: str) -> Path | None:
        for cache in self.caches:
            snap = hf_cache.snapshot(cache, repo_id, kind)
            if snap is not None:
                return snap
        if self.online:
            from clearance.sources.online import fetch_card
            return fetch_card(repo_id, kind, self.caches[0])
        return None

    def visit(self, ref: Ref, kind: str, named_in: str) -> None:
        """Read the repository `ref` names (a model or a dataset), once."""
        if ref.id in self.stack:
            cycle = self.stack[self.stack.index(ref.id):] + [ref.id]
            raise InputError("the lineage forms a cycle: " + " -> ".join(cycle), named_in, ref.line, ref.column,
                             "a model cannot be its own base")
        if ref.id in self.nodes:
            return
        if not self.load(ref.id, kind):
            self.nodes[ref.id] = Node(ref.id, kind, None, origin=Origin(named_in, line=ref.line),
                                      missing=self.missing(ref.id, kind))

    def load(self, repo_id: str, kind: str) -> bool:
        """Read the repository `repo_id` (its card, then what it references); False when it is not
        there. `clearance audit` reads repositories from a dump instead (clearance/audit/lineage.py)."""
        snap = self.find(repo_id, kind)
        if snap is None or not (snap / "README.md").is_file():
            return False
        self.read(snap / "README.md", repo_id, kind)
        return True

    def missing(self, repo_id: str, kind: str) -> str:
        """Why a referenced repository is a work of unknown license: where it was looked for."""
        where = ", ".join(str(c / hf_cache.repo_folder(repo_id, kind)) for c in self.caches)
        return f"'{repo_id}' is not in the local Hugging Face cache (looked in {where})"

    def read(self, path: Path, repo_id: str, kind: str | None) -> None:
        """Read the card at `path` as repository `repo_id`, then what it references."""
        card = read_card(path)
        if kind is None:
            kind = self.work_type or ("data" if card.looks_like_dataset else "model")
        source = str(path)
        self.stack.append(repo_id)
        node = self._dataset(card, repo_id, source) if kind == "data" else self._model(card, repo_id, path.parent)
        self.nodes[repo_id] = node
        self.stack.pop()

    def _model(self, card: Card, repo_id: str, folder: Path) -> Node:
        source = card.path
        files = self._files(folder)
        bases = list(card.base_models)
        if files.bases and {r.id for r in files.bases} != {r.id for r in card.base_models}:
            if card.base_models:
                self.warnings.append(("metadata-mismatch", repo_id,
                                      f"the card names base {_ids(card.base_models)} but {files.named_by} names "
                                      f"{_ids(files.bases)}; both are read as bases"))
            bases += [r for r in files.bases if r.id not in {b.id for b in bases}]
        if files.license and card.license and not self._same_license(card, files.license):
            self.warnings.append(("metadata-mismatch", repo_id,
                                  f"the card declares license '{card.license}' but {files.named_by} says "
                                  f"'{files.license}'; the card's is used"))
        relation = card.relation or files.relation
        line = bases[0].line if bases and bases[0].line else card.license_line
        node = Node(repo_id, "model", card.license or files.license, card.license_name,
                    origin=Origin(source, line=line))
        for base in bases:
            self.visit(base, "model", base_source(base, source, files))
        for dataset in card.datasets:
            self.visit(dataset, "data", source)
        if bases:
            node.activity = ACTIVITY[relation or "finetune"]
            node.inputs = [b.id for b in bases]
            node.data = [d.id for d in card.datasets]
        elif card.datasets:
            node.activity, node.data = "train", [d.id for d in card.datasets]
        return node

    def _dataset(self, card: Card, repo_id: str, source: str) -> Node:
        node = Node(repo_id, "data", card.license, card.license_name, origin=Origin(source, line=card.license_line))
        modified, copied = [], []
        for ref in card.source_datasets:
            how, _, name = ref.id.partition("|")
            if not name:
                how, name = "copy", how
            if name.casefold() in NOT_REFERENCES:
                continue
            target = Ref(name.strip(), ref.line, ref.column)
            (copied if how == "copy" else modified).append(target)
        for target in modified + copied:
            self.visit(target, "data", source)
        if modified or copied:
            # a subset copies its sources; anything else (extended|X) is a modification of them
            node.activity = "modify" if modified else "copy"
            node.inputs = list(dict.fromkeys(t.id for t in modified + copied))
        return node

    def _files(self, folder: Path) -> _Files:
        files = _Files()
        adapter = folder / peft.FILE_NAME
        if adapter.is_file():
            files.bases, files.relation, files.named_by = list(peft.read_adapter(adapter)), "adapter", str(adapter)
        for name in mergekit.FILE_NAMES:
            if (folder / name).is_file():
                files.bases += list(mergekit.read_merge(folder / name))
                files.relation, files.named_by = "merge", str(folder / name)
        for gguf in sorted(folder.glob("*.gguf")):
            metadata = read_gguf_metadata(gguf)
            named = gguf_bases(metadata)
            if named:
                files.bases += [Ref(b) for b in named if b not in {r.id for r in files.bases}]
                files.relation = files.relation or "quantized"
            if isinstance(metadata.get("general.license"), str):
                files.license = metadata["general.license"]
            files.named_by = files.named_by or str(gguf)
        return files

    def _same_license(self, card: Card, other: str) -> bool:
        mine, theirs = resolve(self.kb, card.license, card.license_name), resolve(self.kb, other)
        if mine is None or theirs is None:
            return card.license.casefold() == other.casefold()
        return set(mine) == set(theirs)


def base_source(base: Ref, card_source: str, files: _Files) -> str:
    """The file that names `base`: the card when it gives a position, else the config file."""
    return card_source if base.line is not None or not files.named_by else files.named_by


def _ids(refs) -> str:
    return ", ".join(r.id for r in refs)


def load_hub(path: Path, kb: KnowledgeBase, hf_cache_option: str | Path | None = None,
             work_type: str | None = None, online: bool = False) -> Project:
    """The project a card (a README.md, its folder, or a cache repository folder) describes."""
    readme = card_path(path)
    located = hf_cache.locate(readme.resolve())
    caches = [hf_cache.cache_dir(hf_cache_option)]
    own = hf_cache.cache_of(readme.resolve())
    if own is not None and own not in caches and hf_cache_option is None:
        caches.insert(0, own)
    if located:
        kind, repo_id = located
    else:
        kind, repo_id = None, (path if path.is_dir() else readme.parent).resolve().name
    reader = HubReader(kb, caches, work_type, online)
    reader.read(readme, repo_id, work_type or kind)
    return to_project(reader.nodes, repo_id, kb, str(path), reader.warnings)
