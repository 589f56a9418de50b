"""Finds repositories in a local Hugging Face cache (the layout huggingface_hub writes):
`models--ORG--NAME/snapshots/<sha>/README.md`, `datasets--ORG--NAME/...`, `refs/main` holding the
sha. Nothing here touches the network or imports huggingface_hub."""

from __future__ import annotations

import os
from pathlib import Path

KIND_PREFIX = {"model": "models", "data": "datasets"}


def cache_dir(option: str | Path | None = None) -> Path:
    """The cache: `--hf-cache DIR`, else HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub."""
    if option:
        return Path(option)
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    return Path.home() / ".cache" / "huggingface" / "hub"


def repo_folder(repo_id: str, kind: str) -> str:
    """The cache folder name of a repository: `models--ORG--NAME`."""
    return f"{KIND_PREFIX[kind]}--{repo_id.replace('/', '--')}"


def snapshot(cache: Path, repo_id: str, kind: str) -> Path | None:
    """The snapshot folder of `repo_id` (the one `refs/main` names, else the only one), or None."""
    if not repo_id or ".." in repo_id.split("/") or repo_id.startswith("/"):
        return None
    root = cache / repo_folder(repo_id, kind)
    snapshots = root / "snapshots"
    if not snapshots.is_dir():
        return None
    ref = root / "refs" / "main"
    if ref.is_file():
        sha = ref.read_text(encoding="utf-8", errors="replace").strip()
        if sha and "/" not in sha and (snapshots / sha).is_dir():
            return snapshots / sha
    found = sorted(p for p in snapshots.iterdir() if p.is_dir())
    return found[0] if len(found) == 1 else None


def locate(path: Path) -> tuple[str, str] | None:
    """(kind, repo id) when `path` (a snapshot folder, a repo folder or a file in one) lies in a
    cache; None otherwise."""
    for part in (path, *path.parents):
        name = part.name
        for kind, prefix in KIND_PREFIX.items():
            if name.startswith(prefix + "--") and name.count("--") >= 1:
                return kind, name[len(prefix) + 2:].replace("--", "/")
    return None


def cache_of(path: Path) -> Path | None:
    """The cache folder holding `path`, when it lies in one."""
    for part in (path, *path.parents):
        if any(part.name.startswith(prefix + "--") for prefix in KIND_PREFIX.values()):
            return part.parent
    return None
