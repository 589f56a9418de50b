"""A snapshot of the knowledge base's YAML files as JSON, built when the package is built.

Parsing sixty YAML files is most of the start-up of a small `clearance check`; reading the same
data as JSON costs a thirtieth of it. The snapshot holds only the parsed data, never objects or
code: the loader runs the same checks on it as on the YAML, so loading stays exactly as strict.
It records a digest of the files it was made from, and it is used only while the files still
have that digest: an edited license file is read from its YAML, never from a stale snapshot.

This module imports nothing of clearance's, so that the build (setup.py) can run it alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

try:  # BLAKE2 as hashlib has it, without importing hashlib (which loads OpenSSL: ms of every start)
    from _blake2 import blake2b
except ImportError:
    from hashlib import blake2b

SNAPSHOT_NAME = "snapshot.json"
FORMAT = "clearance.kb-snapshot/2"  # 2: the digest is BLAKE2b (it was SHA-256)


def yaml_files(folder: Any) -> list[str]:
    """The relative paths of every YAML file under `folder` (a Path or an importlib Traversable), sorted."""
    found: list[str] = []

    def walk(entry: Any, prefix: str) -> None:
        for child in entry.iterdir():
            name = prefix + child.name
            if child.is_dir():
                if not child.name.startswith(("_", ".")):
                    walk(child, name + "/")
            elif child.name.endswith(".yaml"):
                found.append(name)

    walk(folder, "")
    return sorted(found)


def _entry(folder: Any, relative: str) -> Any:
    entry = folder
    for part in relative.split("/"):
        entry = entry.joinpath(part)
    return entry


def digest(folder: Any, names: list[str] | None = None) -> str:
    """A digest of the names and bytes of the YAML files under `folder`."""
    hashed = blake2b()
    for name in yaml_files(folder) if names is None else names:
        data = _entry(folder, name).read_bytes()
        hashed.update(f"{name}\0{len(data)}\0".encode())
        hashed.update(data)
    return hashed.hexdigest()


def build_snapshot(folder: Any) -> dict[str, Any]:
    """The snapshot of the YAML files under `folder`: their parsed data and their digest.
    A file that does not parse is left out, so that the loader reads it and reports it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files: dict[str, Any] = {}
    names = yaml_files(folder)
    for name in names:
        try:
            files[name] = yaml.load(_entry(folder, name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        except yaml.YAMLError:
            continue
    return {"format": FORMAT, "digest": digest(folder, names), "files": files}


def write_snapshot(folder: Path, destination: Path) -> None:
    """Write the snapshot of `folder` to `destination` (deterministic bytes)."""
    # Key order is kept as in the YAML: the loader keeps it (rights and terms are shown in file order).
    text = json.dumps(build_snapshot(folder), ensure_ascii=False, separators=(",", ":"), default=str)
    destination.write_text(text, encoding="utf-8")


def read_snapshot(folder: Any) -> dict[str, Any]:
    """The parsed YAML files of `folder` from its snapshot, or {} when there is none or it no
    longer matches the files (they were edited since the build)."""
    entry = folder.joinpath(SNAPSHOT_NAME)
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("digest") != digest(folder):
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}
