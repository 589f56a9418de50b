"""A dump's rows as Hugging Face model and dataset cards in a cache folder, so that the card reader
(`clearance check CARD --hf-cache CACHE`) can read what `clearance audit` reads from the dump: the
audit tests and `python -m benchmarks.hub verify` compare the two."""

from __future__ import annotations

import json
from pathlib import Path


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
