"""The canonical problem of each repository: its lineage within the index, written without ids.

A node's lineage is listed in the order `lineage.to_project` lists the works and steps of the
project (depth first, each work after what it is made from, parents in the order named). The key
gives, for each position of that list, the node's label (type, activity, the licenses its
declaration resolves to, whether it declares none) and the positions of its inputs and data. Two
repositories with the same key have the same project up to a renaming of ids, hence one analysis
(docs/audit.md has the argument). Keys are hash-consed (one number per distinct key), and each
node's list is made from its parents' lists, each computed once: the cost is the sum of the
lineage sizes, linear in the number of repositories when lineages are bounded (the hub's are).

A node whose lineage reaches a cycle, a row that cannot be read, or the same id as a model and a
dataset, gets no key: it is read alone by the card reader's walk (`lineage.project_of`), which
reports the cycle or the bad row exactly as `clearance check` does."""

from __future__ import annotations

from functools import lru_cache

from clearance.audit.dump import Entry
from clearance.audit.index import Index
from clearance.sources.lineage import resolve

ALONE = -1  # the key of a node read alone


class Problems:
    """Keys, lineage orders and base-model families of the nodes of an index, memoised."""

    def __init__(self, index: Index, kb) -> None:
        self.index, self.kb = index, kb
        size = len(index.ids)
        self.keys: list[int | None] = [None] * size
        self.orders: list[tuple[int, ...] | None] = [None] * size
        self.families: list[int | None] = [None] * size
        self.distinct: dict[tuple, int] = {}
        self.representative: list[int] = []
        self._key_of: list[tuple] = []  # problem -> its key
        self._suggestion_keys: dict[int, tuple] = {}
        self._labels: dict[tuple, int] = {}
        self._node_labels: list[int | None] = [None] * size
        self.resolved = lru_cache(maxsize=None)(self._resolve)

    def _resolve(self, declared: str | None, name: str | None) -> tuple[str, ...] | None:
        return resolve(self.kb, declared, name)

    def label(self, number: int) -> int:
        """The number of what the key says of one node without its parents."""
        entry = self.index.entries[number]
        kind = self.index.kinds[number]
        if entry is None:
            label = (kind, None, None, True)
        else:
            label = (kind, entry.activity, self.resolved(entry.license, entry.license_name), entry.license is None,
                     len(entry.inputs))
        return self._labels.setdefault(label, len(self._labels))

    def key(self, number: int) -> int:
        """The problem number of node `number` (ALONE when it must be read alone)."""
        if self.keys[number] is None:
            self._walk(number)
        return self.keys[number]  # type: ignore[return-value]

    def _walk(self, start: int) -> None:
        """Compute keys for `start` and every ancestor not yet done, without recursion."""
        parents, keys = self.index.parents, self.keys
        on_stack: set[int] = set()
        stack: list[tuple[int, int]] = [(start, 0)]
        on_stack.add(start)
        while stack:
            node, next_parent = stack[-1]
            mine = parents[node]
            while next_parent < len(mine) and keys[mine[next_parent]] is not None:
                next_parent += 1
            if next_parent < len(mine):
                parent = mine[next_parent]
                stack[-1] = (node, next_parent + 1)
                if parent in on_stack:  # a cycle: keys[parent] stays None until it is finished
                    continue
                on_stack.add(parent)
                stack.append((parent, 0))
                continue
            stack.pop()
            self._finish(node, on_stack)  # still on the stack: a parent that is itself is a cycle
            on_stack.discard(node)

    def _finish(self, node: int, on_stack: set[int]) -> None:
        index = self.index
        mine = index.parents[node]
        entry = index.entries[node]
        if (entry is not None and not isinstance(entry, Entry)) or any(
                p in on_stack or self.keys[p] == ALONE for p in mine):
            self.keys[node] = ALONE
            return
        order: list[int] = []
        seen: set[int] = set()
        orders = self.orders
        for parent in mine:
            for member in orders[parent]:  # type: ignore[union-attr]
                if member not in seen:
                    seen.add(member)
                    order.append(member)
        order.append(node)
        ids = index.ids
        if len({ids[member] for member in order}) != len(order):
            self.keys[node] = ALONE  # one id both a model and a dataset: the card reader's walk decides
            return
        position = {member: at for at, member in enumerate(order)}
        labels = self._labels_of
        key = tuple((labels(member), tuple(position[p] for p in index.parents[member])) for member in order)
        number = self.distinct.get(key)
        if number is None:
            number = self.distinct[key] = len(self.distinct)
            self.representative.append(node)
            self._key_of.append(key)
        self.keys[node] = number
        self.orders[node] = tuple(order)
        kind = index.kinds[node]
        self.families[node] = (self.families[mine[0]] if kind == "model" and entry is not None and entry.inputs
                               else node)

    def suggestion_key(self, problem: int) -> tuple:
        """What the least-risk license of `problem`'s release depends on: its key without the
        released repository's declared license, when that license is neither one nobody knows nor a
        license the project adds to the knowledge base (an AND or WITH expression); else the problem.

        The suggestion (`release_licenses.least_risk_release_license`) is asked with the release's license
        left open and the released work's `intended` declaration set aside; what its declaration
        still does is add an unknown goal or a synthesized license (excluded here). Two problems
        with this key are then one suggestion question up to a renaming of ids, and whether a
        license holds does not depend on the ids: the same first license (docs/audit.md)."""
        found = self._suggestion_keys.get(problem)
        if found is None:
            found = self._suggestion_keys[problem] = self._suggestion_key(problem)
        return found

    def _suggestion_key(self, problem: int) -> tuple:
        entry = self.index.entries[self.representative[problem]]
        if not isinstance(entry, Entry) or entry.activity is None or not self._open(entry):
            return ("problem", problem)
        *lineage, (_, parents) = self._key_of[problem]
        return ("release", tuple(lineage), self.index.kinds[self.representative[problem]], entry.activity,
                len(entry.inputs), parents)

    def _open(self, entry: Entry) -> bool:
        """True when the declared license of a made work takes no part in its suggestion question:
        none declared, a choice (the analysis determines it), or one license the knowledge base
        holds and knows (the card reader's `lineage._intended`)."""
        if entry.license is None:
            return True
        ids = self.resolved(entry.license, entry.license_name)
        if ids is None:
            return False  # a license nobody knows: an unknown goal no license lifts
        return len(ids) != 1 or (ids[0] in self.kb.licenses and not self.kb.is_unknown(ids[0]))

    def _labels_of(self, number: int) -> int:
        label = self._node_labels[number]
        if label is None:
            label = self._node_labels[number] = self.label(number)
        return label

    def order(self, number: int) -> tuple[int, ...]:
        """The lineage of a node with a key, in the project's order (the node last)."""
        self.key(number)
        return self.orders[number] or ()
