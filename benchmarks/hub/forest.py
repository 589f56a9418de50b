"""A deterministic, seeded generator of hub-like forests: a Hugging Face Hub metadata dump, one
repository a JSON line (`id`, `type`, `license`, `license_name`, `base_model`, `base_model_relation`,
`datasets`, `tags`), the shape `clearance audit` reads.

The shape follows what studies of the Hub report: a few dozen famous base models (Llama 3.x, Gemma,
Mistral, Qwen, Phi, Stable Diffusion, BLOOM, ...) fine-tuned, adapted and quantized into long tails;
most derivatives one step from their base, fewer deeper (up to depth 6: 62, 22, 9, 4, 2 and 1 % of
derivatives at depths 1 to 6); merges of 2 to 4 parents of one family; nearly half the models with no
base_model (trained from scratch, or their card does not say); a fifth of derivatives naming
datasets; datasets under permissive, share-alike and non-commercial licenses, reused with a heavy
skew; licenses copied from the base, changed, `other` with a `license_name`, `unknown`, or missing;
and references to repositories absent from the dump (deleted or private bases and datasets). Every
license id is one the knowledge base maps (licenses/id-map.yaml).

Rows are written as they are made, in blocks written back to front, so that a child often comes
before its parent (a real dump is ordered by id or downloads, not by lineage): memory holds a few
small arrays per repository, never the rows. The same size and seed always give the same bytes."""

from __future__ import annotations

import json
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

DEFAULT_SEED = 20241201
MAX_DEPTH = 6
BLOCK = 4096  # rows written back to front per block

# (family, Hub license id or ("other", license_name), weight of its derivatives, its famous bases)
FAMILIES: tuple[tuple[str, Any, int, tuple[str, ...]], ...] = (
    ("llama3.1", "llama3.1", 16, ("meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct",
                                   "meta-llama/Llama-3.1-70B-Instruct")),
    ("llama3", "llama3", 8, ("meta-llama/Meta-Llama-3-8B", "meta-llama/Meta-Llama-3-8B-Instruct")),
    ("llama3.2", "llama3.2", 8, ("meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.2-3B-Instruct")),
    ("gemma", "gemma", 8, ("google/gemma-2-9b", "google/gemma-2-2b-it", "google/gemma-7b")),
    ("mistral", "apache-2.0", 12, ("mistralai/Mistral-7B-v0.1", "mistralai/Mistral-7B-Instruct-v0.2")),
    ("qwen", "apache-2.0", 12, ("Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2-1.5B")),
    ("qwen-research", ("other", "qwen-research"), 3, ("Qwen/Qwen2.5-3B", "Qwen/Qwen1.5-72B")),
    ("phi", "mit", 6, ("microsoft/phi-2", "microsoft/Phi-3-mini-4k-instruct")),
    ("bert", "apache-2.0", 6, ("google-bert/bert-base-uncased", "FacebookAI/roberta-base")),
    ("stable-diffusion", "creativeml-openrail-m", 6, ("runwayml/stable-diffusion-v1-5",
                                                      "CompVis/stable-diffusion-v1-4")),
    ("openrail", "openrail", 3, ("stabilityai/stable-diffusion-2-1", "openrail-lab/base-model")),
    ("bloom", "bigscience-openrail-m", 2, ("bigscience/bloomz-560m", "bigscience/bloomz-7b1")),
    ("command-r", "cc-by-nc-4.0", 2, ("CohereForAI/c4ai-command-r-v01", "CohereForAI/aya-23-8B")),
)
SCRATCH = "scratch"  # models trained from scratch: a family of their own

# (license, weight): None is a missing license; ("other", NAME) is `license: other` with a license_name.
OTHER_NAMES = ("qwen-research", "tongyi-qianwen", "deepseek", "flux-1-dev-non-commercial-license", "llama3")
SCRATCH_MIX = (("apache-2.0", 22), ("mit", 12), (None, 40), ("cc-by-4.0", 6), ("cc-by-nc-4.0", 5), ("other", 5),
               ("openrail", 4), ("unknown", 4), ("gpl-3.0", 2), ("bigscience-openrail-m", 2),
               ("creativeml-openrail-m", 2), ("cc-by-sa-4.0", 2), ("llama3.1", 2))
# A derivative's license: "same" copies its (first) parent's declared license, whatever it is.
DERIVED_MIX = (("same", 45), ("apache-2.0", 15), ("mit", 6), (None, 20), ("cc-by-nc-4.0", 3), ("other", 4),
               ("unknown", 2), ("openrail", 2), ("cc-by-4.0", 3), ("llama3.1", 1), ("gemma", 1))
QUANTIZED_MIX = (("same", 85), (None, 10), ("other", 5))
DATASET_MIX = (("cc-by-4.0", 18), ("apache-2.0", 14), ("mit", 12), ("cc-by-sa-4.0", 9), ("cc-by-nc-4.0", 9),
               ("cc-by-nc-sa-4.0", 5), ("odc-by", 5), ("cc0-1.0", 6), ("cc-by-sa-3.0", 2), ("openrail", 2),
               ("odbl", 1), ("other", 4), ("unknown", 3), (None, 10))
# How a derivative was made; None: the card gives no base_model_relation.
RELATIONS = (("finetune", 35), ("adapter", 20), ("quantized", 20), ("merge", 8), (None, 17))
DEPTHS = ((1, 62), (2, 22), (3, 9), (4, 4), (5, 2), (6, 1))  # a derivative's depth below its root
DATASET_SHARE = 0.12  # of all repositories
SCRATCH_SHARE = 0.45  # of all models: no base_model
GHOST_SHARE = 0.02  # of base references: to a repository absent from the dump
GHOST_DATASET_SHARE = 0.03  # of dataset references
WITH_DATA = 0.2  # of fine-tunes, adapters and unrelated derivatives: they name training data
SCRATCH_WITH_DATA = 0.25
GHOSTS = 400  # distinct absent repositories
USERS = 2000  # distinct owners of derivatives
SUFFIX = {"finetune": "ft", "adapter": "lora", "quantized": "GGUF", "merge": "merge", None: "tuned"}


def _table(mix: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[int]]:
    values = [value for value, _ in mix]
    total, cumulative = 0, []
    for _, weight in mix:
        total += weight
        cumulative.append(total)
    return values, cumulative


@dataclass
class Stats:
    """What a generated dump holds, counted as it is written (for the mix test and the report)."""

    rows: int = 0
    models: int = 0
    datasets: int = 0
    licenses: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    depths: dict[int, int] = field(default_factory=dict)
    merge_parents: dict[int, int] = field(default_factory=dict)
    ghost_bases: int = 0
    ghost_datasets: int = 0

    def count(self, table: dict, key: Any) -> None:
        """Add one to `table[key]`."""
        table[key] = table.get(key, 0) + 1


class Forest:
    """The generator's state: for each model made so far its family, depth and declared license, and
    per family and depth the models a new derivative can hang from."""

    def __init__(self, size: int, seed: int) -> None:
        self.size, self.rng = size, random.Random(seed)
        self.families = [family for family, *_ in FAMILIES] + [SCRATCH]
        self.licenses: list[Any] = []  # distinct declared licenses; models refer to them by number
        self.license_numbers: dict[Any, int] = {}
        self.model_ids: list[str] = []
        self.model_family = array("B")
        self.model_depth = array("B")
        self.model_license = array("H")
        self.pools = [[array("I") for _ in range(MAX_DEPTH)] for _ in self.families]
        self.datasets = 0
        self.dataset_ids: list[str] = []
        self.stats = Stats()
        self.tables = {name: _table(mix) for name, mix in (
            ("scratch", SCRATCH_MIX), ("derived", DERIVED_MIX), ("quantized", QUANTIZED_MIX),
            ("dataset", DATASET_MIX), ("relation", RELATIONS), ("depth", DEPTHS))}
        self.family_table = _table(tuple((index, weight) for index, (_, _, weight, _) in enumerate(FAMILIES)))

    def pick(self, name: str) -> Any:
        """A value of the mix `name`, drawn with its weights."""
        values, cumulative = self.tables[name]
        return values[self._index(cumulative)]

    def _index(self, cumulative: list[int]) -> int:
        point, low = self.rng.random() * cumulative[-1], 0
        while cumulative[low] <= point:
            low += 1
        return low

    def license_of(self, name: str) -> Any:
        """A license of the mix `name`; `other` gets one of the usual license_names."""
        lic = self.pick(name)
        return ("other", self.rng.choice(OTHER_NAMES)) if lic == "other" else lic

    def _license_number(self, lic: Any) -> int:
        if lic not in self.license_numbers:
            self.license_numbers[lic] = len(self.licenses)
            self.licenses.append(lic)
        return self.license_numbers[lic]

    def add_model(self, repo_id: str, family: int, depth: int, lic: Any, base: bool = True) -> None:
        """Remember a model, and offer it as a base to derivatives one level deeper when `base` (a
        quantized model is rarely fine-tuned again)."""
        number = len(self.model_ids)
        self.model_ids.append(repo_id)
        self.model_family.append(family)
        self.model_depth.append(depth)
        self.model_license.append(self._license_number(lic))
        if depth < MAX_DEPTH and base:
            self.pools[family][depth].append(number)

    def parent(self, family: int, depth: int) -> int:
        """A model of `family` at `depth - 1` (or the deepest level below it that has one)."""
        for level in range(depth - 1, -1, -1):
            pool = self.pools[family][level]
            if pool:
                if level == 0:  # famous bases: the first ones are the most used
                    return pool[int(len(pool) * self.rng.random() ** 2)]
                return pool[int(len(pool) * self.rng.random())]
        raise AssertionError("every family has its bases")

    def ghost(self, family: str) -> str:
        """A repository the dump does not hold (deleted, private or mistyped)."""
        number = int(GHOSTS * self.rng.random())
        return f"removed-{number:03d}/{family}-{number:03d}"

    def dataset_refs(self) -> list[str]:
        """One to three training datasets, the popular ones used most, some absent from the dump."""
        count = 1 + (self.rng.random() > 0.65) + (self.rng.random() > 0.9)
        refs: list[str] = []
        for _ in range(count):
            if self.rng.random() < GHOST_DATASET_SHARE or not self.dataset_ids:
                self.stats.ghost_datasets += 1
                number = int(GHOSTS * self.rng.random())
                ref = f"removed-data/corpus-{number:03d}"
            else:
                ref = self.dataset_ids[int(len(self.dataset_ids) * self.rng.random() ** 3)]
            if ref not in refs:
                refs.append(ref)
        return refs


def _row(repo_id: str, kind: str, lic: Any, bases: list[str] | None = None, relation: str | None = None,
         datasets: list[str] | None = None, extra_tags: tuple[str, ...] = (), as_list: bool = False) -> dict[str, Any]:
    """One repository as the Hub's API lists it: absent fields left out, tags as the Hub derives them;
    a single base is a string unless `as_list`."""
    row: dict[str, Any] = {"id": repo_id, "type": kind}
    tags = list(extra_tags)
    if isinstance(lic, tuple):
        row["license"], row["license_name"] = lic
    elif lic is not None:
        row["license"] = lic
    if "license" in row:
        tags.append(f"license:{row['license']}")
    if bases:
        row["base_model"] = bases[0] if len(bases) == 1 and not as_list else bases
        if relation is not None:
            row["base_model_relation"] = relation
        tags += [f"base_model:{relation or 'finetune'}:{base}" for base in bases]
    if datasets:
        row["datasets"] = datasets
        tags += [f"dataset:{name}" for name in datasets]
    row["tags"] = tags
    return row


def _dataset(forest: Forest, number: int) -> dict[str, Any]:
    owner = f"user{int(USERS * forest.rng.random()):04d}"
    repo_id = f"{owner}/dataset-{number:07d}"
    forest.dataset_ids.append(repo_id)
    lic = forest.license_of("dataset")
    forest.stats.datasets += 1
    return _row(repo_id, "dataset", lic)


def _famous(forest: Forest) -> Iterator[dict[str, Any]]:
    for family, (_, lic, _, bases) in enumerate(FAMILIES):
        for repo_id in bases:
            forest.add_model(repo_id, family, 0, lic)
            yield _row(repo_id, "model", lic, extra_tags=("transformers", "safetensors"))


def _scratch(forest: Forest, number: int) -> dict[str, Any]:
    owner = f"user{int(USERS * forest.rng.random()):04d}"
    repo_id = f"{owner}/scratch-{number:07d}"
    lic = forest.license_of("scratch")
    forest.add_model(repo_id, len(FAMILIES), 0, lic)
    data = forest.dataset_refs() if forest.rng.random() < SCRATCH_WITH_DATA else None
    return _row(repo_id, "model", lic, datasets=data, extra_tags=("transformers",))


def _derived(forest: Forest, number: int) -> dict[str, Any]:
    rng, stats = forest.rng, forest.stats
    family = forest.family_table[0][forest._index(forest.family_table[1])]
    if rng.random() < 0.05:  # derivatives of models trained from scratch
        family = len(FAMILIES)
    relation = forest.pick("relation")
    depth = forest.pick("depth")
    first = forest.parent(family, depth)
    parents = [first]
    if relation == "merge":
        wanted = rng.choice((2, 2, 2, 3, 4))
        for _ in range(4 * wanted):  # a small family may offer fewer distinct parents
            other = forest.parent(family, rng.randint(1, depth))
            if other not in parents:
                parents.append(other)
            if len(parents) == wanted:
                break
        if len(parents) == 1:
            relation = "finetune"
    depth = 1 + max(forest.model_depth[p] for p in parents)
    bases = []
    for parent in parents:
        if rng.random() < GHOST_SHARE:
            stats.ghost_bases += 1
            bases.append(forest.ghost(forest.families[family]))
        else:
            bases.append(forest.model_ids[parent])
    inherited = forest.licenses[forest.model_license[first]]
    lic = forest.license_of("quantized" if relation == "quantized" else "derived")
    lic = inherited if lic == "same" else lic
    owner = f"user{int(USERS * rng.random()):04d}"
    repo_id = f"{owner}/{forest.families[family]}-{SUFFIX[relation]}-{number:07d}"
    forest.add_model(repo_id, family, depth, lic, base=relation != "quantized")
    data = None
    if relation in ("finetune", "adapter", None) and rng.random() < WITH_DATA:
        data = forest.dataset_refs()
    stats.count(stats.relations, relation or "absent")
    stats.count(stats.depths, depth)
    if relation == "merge":
        stats.count(stats.merge_parents, len(bases))
    tags = {"quantized": ("gguf",), "adapter": ("peft", "safetensors"), "merge": ("mergekit", "merge")}
    return _row(repo_id, "model", lic, bases, relation, data, tags.get(relation, ("transformers",)),
                as_list=rng.random() < 0.1)


def rows(size: int, seed: int = DEFAULT_SEED, forest: Forest | None = None) -> Iterator[dict[str, Any]]:
    """The `size` repositories of the forest of `seed`, in the order they are made (famous bases
    first, then datasets, scratch models and derivatives mixed)."""
    forest = forest or Forest(size, seed)
    made = 0
    for row in _famous(forest):
        if made == size:
            return
        made += 1
        yield row
    rng = forest.rng
    for number in range(made, size):
        draw = rng.random()
        if draw < DATASET_SHARE or number < made + 8:  # a few datasets before the first fine-tune
            yield _dataset(forest, number)
        elif draw < DATASET_SHARE + (1 - DATASET_SHARE) * SCRATCH_SHARE:
            yield _scratch(forest, number)
        else:
            yield _derived(forest, number)


def write(size: int, out: IO[str], seed: int = DEFAULT_SEED) -> Stats:
    """Write the forest as JSON Lines to `out`, in blocks written back to front; its `Stats`."""
    forest = Forest(size, seed)
    stats = forest.stats
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    block: list[str] = []
    for row in rows(size, seed, forest):
        stats.rows += 1
        stats.count(stats.licenses, row.get("license", "(missing)"))
        block.append(encode(row))
        if len(block) == BLOCK:
            out.write("\n".join(reversed(block)) + "\n")
            block.clear()
    if block:
        out.write("\n".join(reversed(block)) + "\n")
    stats.models = stats.rows - stats.datasets
    return stats
