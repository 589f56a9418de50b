"""Reads a PEFT adapter's `adapter_config.json`: the base model it adapts
(`base_model_name_or_path`)."""

from __future__ import annotations

from pathlib import Path

from clearance.exceptions import InputError
from clearance.sources.hf_card import Ref
from clearance.sources.json_reader import read_json

FILE_NAME = "adapter_config.json"


def read_adapter(path: Path) -> tuple[Ref, ...]:
    """The base model(s) an adapter config names."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError("an adapter config must be a JSON object", str(path), 1, 1)
    base = data.get("base_model_name_or_path")
    if base is None:
        return ()
    if not isinstance(base, str) or not base.strip():
        raise InputError("'base_model_name_or_path' must be a repository id", str(path))
    return (Ref(base.strip()),)
