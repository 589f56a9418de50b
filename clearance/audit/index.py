"""The first pass of an audit: every repository of the inputs in a compact index. A node is a
number; `ids`, `kinds` and `entries` are lists by number; `parents` lists, by number, the nodes a
node is made from (its inputs, then its training data), in the order the card reader visits them.
A reference to a repository the inputs do not hold is looked up in the `--hf-cache`, else becomes
a missing node (`entries[n] is None`): a work of unknown license, as the card reader makes it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from clearance.audit.dump import Bad, Entry


class Index:
    """Repositories by number, and the audited rows in input order."""

    def __init__(self, kb=None, caches: Iterable[Path] = ()) -> None:
        self.kb, self.caches = kb, list(caches)
        self.ids: list[str] = []
        self.kinds: list[str] = []
        self.entries: list[Entry | Bad | None] = []
        self.parents: list[tuple[int, ...]] = []
        self.number: dict[str, dict[str, int]] = {"model": {}, "data": {}}
        self.order: list[int | Bad] = []  # the audited rows: a node, or a row that names no node of its own
        self.duplicates = 0

    def __len__(self) -> int:
        return len(self.order)

    def _new(self, kind: str, repo_id: str, entry: Entry | Bad | None) -> int:
        number = len(self.ids)
        self.ids.append(repo_id)
        self.kinds.append(kind)
        self.entries.append(entry)
        self.number[kind][repo_id] = number
        return number

    def add(self, item: tuple[str, str, Entry] | Bad) -> None:
        """Add one row of an input (a repository, or a row that cannot be read)."""
        if isinstance(item, Bad):
            if item.id is None or item.kind is None or item.id in self.number[item.kind]:
                self.order.append(item)
            else:
                self.order.append(self._new(item.kind, item.id, item))
            return
        kind, repo_id, entry = item
        first = self.number[kind].get(repo_id)
        if first is not None:
            self.duplicates += 1
            seen = self.entries[first]
            where = f"{seen.source}:{seen.line}" if seen is not None and seen.line else "an earlier row"
            self.order.append(Bad(None, repo_id, entry.source, entry.line,
                                  f"'{repo_id}' is listed again (first at {where}); the first row is audited"))
            return
        self.order.append(self._new(kind, repo_id, entry))

    def lookup(self, kind: str, repo_id: str) -> int | None:
        """The node of `repo_id` as a `kind` (model or data), or None."""
        return self.number[kind].get(repo_id)

    def link(self) -> None:
        """Number every reference: each node's parents, reading referenced cards from the caches and
        making a missing node for a reference found nowhere."""
        from clearance.audit.cards import cached_card
        done = len(self.parents)
        while done < len(self.ids):
            entry = self.entries[done]
            parents: list[int] = []
            if isinstance(entry, Entry):
                input_kind = entry.kind  # a model is made from models, a dataset from datasets
                for kind, refs in ((input_kind, entry.inputs), ("data", entry.data)):
                    for ref in refs:
                        number = self.number[kind].get(ref)
                        if number is None:
                            found = next((f for f in (cached_card(c, ref, kind, self.kb) for c in self.caches)
                                          if f is not None), None)
                            if isinstance(found, tuple):
                                found = found[2]
                            number = self._new(kind, ref, found)
                        parents.append(number)
            self.parents.append(tuple(parents))
            done += 1


def build_index(items: Iterable[tuple[str, str, Entry] | Bad], kb=None, caches: Iterable[Path] = ()) -> Index:
    """The index of `items` (rows of one or more inputs, in order), linked."""
    index = Index(kb, caches)
    for item in items:
        index.add(item)
    index.link()
    return index
