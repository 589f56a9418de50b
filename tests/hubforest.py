"""A small deterministic generator of hub-like repositories for the audit tests: base models,
fine-tunes, adapters, merges and quantizations up to depth 4, datasets under NC and SA licenses,
`other` and unknown licenses, and bases missing from the dump. It writes the same repositories as
a JSON Lines dump and as a Hugging Face cache of cards."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.hub.cards import card_text, folder_of, write_cache  # noqa: F401 (the tests use them from here)

MODEL_LICENSES = (("apache-2.0", 30), ("mit", 8), ("llama3.1", 16), ("gemma", 8), ("cc-by-nc-4.0", 6),
                  ("openrail", 5), ("other", 3), ("unknown", 2), (None, 3), ("cc-by-sa-4.0", 2))
DATA_LICENSES = (("apache-2.0", 4), ("cc-by-4.0", 4), ("cc-by-nc-4.0", 3), ("cc-by-sa-4.0", 3), ("odc-by", 2),
                 ("mit", 2), (None, 1))
RELATIONS = ((None, 4), ("finetune", 4), ("adapter", 2), ("merge", 2), ("quantized", 2))


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def forest(count: int, seed: int = 17, depth_limit: int = 4, keep: float = 0.5, with_data: float = 0.35,
           root_share: float = 0.0, derived: float = 0.8) -> list[dict]:
    """`count` repositories (about one in twelve a dataset), in a shuffled order: lineages up to
    `depth_limit` deep, a derivative keeping its base's license with probability `keep`."""
    rng = random.Random(seed)
    rows: list[dict] = []
    datasets = [f"data{i % 5}/set-{i}" for i in range(max(3, count // 12))]
    for name in datasets:
        row = {"id": name, "type": "dataset"}
        lic = _pick(rng, DATA_LICENSES)
        if lic:
            row["license"] = lic
        rows.append(row)
    models: list[tuple[str, int, str | None]] = []  # id, depth, license
    for number in range(count - len(datasets)):
        name = f"org{number % 11}/model-{number}"
        row: dict = {"id": name, "type": "model"}
        lic = _pick(rng, MODEL_LICENSES)
        depth = 0
        if models and rng.random() < derived:
            relation = _pick(rng, RELATIONS)
            shallow = [m for m in models if m[1] < depth_limit]
            if rng.random() < root_share:  # most derivatives are made from a few base models
                shallow = [m for m in models if m[1] == 0] or shallow
            parents = rng.sample(shallow, min(len(shallow), rng.randint(2, 3))) if relation == "merge" else \
                [rng.choice(shallow)]
            bases = [p[0] for p in parents]
            if rng.random() < 0.04:
                bases[0] = f"gone/model-{rng.randint(0, 9)}"
            row["base_model"] = bases if relation == "merge" or rng.random() < 0.2 else bases[0]
            if relation:
                row["base_model_relation"] = relation
            if rng.random() < keep:
                lic = parents[0][2]  # most derivatives keep their base's license
            depth = 1 + max(p[1] for p in parents)
        if rng.random() < with_data:
            row["datasets"] = rng.sample(datasets, rng.randint(1, 2))
        if lic:
            row["license"] = lic
            if lic == "other":
                row["license_name"] = "some-research-license"
        row["tags"] = ["text-generation"]
        models.append((name, depth, lic))
        rows.append(row)
    rng.shuffle(rows)
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    """The rows as a JSON Lines dump."""
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path




def hub_dump(path: Path, size: int) -> Path:
    """A dump of `size` repositories of the benchmark's hub generator (benchmarks/hub/forest.py:
    merges, deep chains, missing bases), written to `path`."""
    from benchmarks.hub import forest as hub
    with open(path, "w", encoding="utf-8") as out:
        hub.write(size, out)
    return path
