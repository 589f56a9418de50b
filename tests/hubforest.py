"""A small deterministic generator of hub-like repositories for the audit tests: base models,
fine-tunes, adapters, merges and quantizations up to depth 4, datasets under NC and SA licenses,
`other` and unknown licenses, and bases missing from the dump. It writes the same repositories as
a JSON Lines dump and as a Hugging Face cache of cards."""

from __future__ import annotations

import json
import random
from pathlib import Path

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


def card_text(row: dict) -> str:
    """The README.md card of a row: its fields as YAML front matter."""
    lines = ["---"]
    for field in ("license", "license_name", "base_model", "base_model_relation", "datasets", "tags"):
        value = row.get(field)
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{field}:")
            lines += [f"- {json.dumps(item)}" for item in value]
        else:
            lines.append(f"{field}: {json.dumps(value)}")
    if row.get("type") == "dataset":
        lines.append("pretty_name: generated")
    return "\n".join(lines + ["---", "", f"# {row['id']}", ""])


def folder_of(row: dict) -> str:
    """The cache folder of a row's repository."""
    prefix = "datasets" if row.get("type") == "dataset" else "models"
    return f"{prefix}--{row['id'].replace('/', '--')}"


def write_cache(rows: list[dict], cache: Path) -> Path:
    """The rows as a Hugging Face cache: one snapshot per repository, named by refs/main."""
    sha = "0123456789abcdef0123456789abcdef01234567"
    for row in rows:
        root = cache / folder_of(row)
        (root / "snapshots" / sha).mkdir(parents=True)
        (root / "refs").mkdir()
        (root / "refs" / "main").write_text(sha, encoding="utf-8")
        (root / "snapshots" / sha / "README.md").write_text(card_text(row), encoding="utf-8")
    return cache
