"""Tells what a path given on the command line is (a project file, a Hugging Face card or card
folder, a CycloneDX BOM, an SPDX 3 document) from its name and content, and loads it with the
reader of its format. Readers are imported only when their format is met, so a plain project file
costs no more than before."""

from __future__ import annotations

from pathlib import Path

from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Project

HUB_FILES = ("README.md", "adapter_config.json", "mergekit_config.yml", "mergekit_moe_config.yml")
_SNIFF = 64 * 1024


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", str(path)) from None


def detect(path: Path) -> str:
    """One of: project, hub, cyclonedx, spdx."""
    try:
        if path.is_dir():
            return "hub"
        if not path.is_file():
            return "project"  # the project reader says what is wrong with it (a device, a pipe, stdin)
    except OSError:  # e.g. a folder on the way that may not be searched: the reader names the error
        return "project"
    name = path.name
    if name.endswith((".yaml", ".yml")) and name not in HUB_FILES:
        return "project"
    if name in HUB_FILES or name.endswith((".md", ".gguf")):
        return "hub"
    head = _head(path).lstrip()
    if head.startswith("{"):
        if '"bomFormat"' in head and "CycloneDX" in head:
            return "cyclonedx"
        if '"@context"' in head and "spdx" in head.casefold():
            return "spdx"
        raise InputError("JSON that is neither a CycloneDX BOM nor an SPDX 3 document", str(path), 1, 1,
                         "CycloneDX has \"bomFormat\": \"CycloneDX\"; SPDX 3 JSON-LD an \"@context\" of spdx.org")
    if head.startswith("---") and "\n---" in head[3:] and "works:" not in head:
        return "hub"
    return "project"


def load_any(path: str | Path, kb: KnowledgeBase, hf_cache: str | Path | None = None,
             work_type: str | None = None, online: bool = False) -> Project:
    """The project at `path`, whatever its format."""
    path = Path(path)
    kind = detect(path)
    if kind == "project":
        from clearance.sources.project_file import load_project
        return load_project(path, kb)
    if kind == "hub":
        from clearance.sources.hub import load_hub
        folder = path.parent if path.is_file() and path.name != "README.md" and not path.name.endswith(".md") \
            else path
        return load_hub(folder, kb, hf_cache, work_type, online)
    if kind == "cyclonedx":
        from clearance.sources.cyclonedx import load_cyclonedx
        return load_cyclonedx(path, kb)
    from clearance.sources.spdx3 import load_spdx
    return load_spdx(path, kb)
