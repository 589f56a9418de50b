"""Reads a mergekit config (`mergekit_config.yml` or `mergekit_moe_config.yml`): the models a
merge is made of (`base_model`, `models[].model`, `slices[].sources[].model`,
`experts[].source_model`)."""

from __future__ import annotations

from pathlib import Path

from clearance.exceptions import InputError
from clearance.sources.hf_card import Ref
from clearance.sources.yaml_reader import Located, parse_yaml, read_text

FILE_NAMES = ("mergekit_config.yml", "mergekit_moe_config.yml")


def _model(at: Located, source: str) -> Ref:
    value = at.value
    if isinstance(value, dict):  # `model: {model: {path: X}}` in older configs
        inner = value.get("path") or value.get("model")
        if inner is None:
            raise InputError("a model entry has no 'path'", source, at.line, at.column)
        return _model(inner, source)
    if not isinstance(value, str) or not value.strip():
        raise InputError("a model must be a repository id", source, at.line, at.column)
    return Ref(value.strip().split("+", 1)[0], at.line, at.column)  # "base+lora" names a LoRA on a base


def _list(top: dict[str, Located], key: str, source: str) -> list[Located]:
    at = top.get(key)
    if at is None or at.value is None:
        return []
    if not isinstance(at.value, list):
        raise InputError(f"'{key}' must be a list", source, at.line, at.column)
    return at.value


def _entries(items: list[Located], field: str, source: str) -> list[Ref]:
    refs = []
    for item in items:
        if not isinstance(item.value, dict):
            raise InputError(f"an entry must be a mapping with '{field}'", source, item.line, item.column)
        if field in item.value:
            refs.append(_model(item.value[field], source))
    return refs


def read_merge(path: Path) -> tuple[Ref, ...]:
    """Every model a merge config names, each once, in the order named."""
    source = str(path)
    top = parse_yaml(read_text(path), source)
    if not isinstance(top.value, dict):
        raise InputError("a mergekit config must be a mapping", source, top.line, top.column)
    fields = top.value
    refs: list[Ref] = []
    if "base_model" in fields and fields["base_model"].value is not None:
        refs.append(_model(fields["base_model"], source))
    refs += _entries(_list(fields, "models", source), "model", source)
    for slice_at in _list(fields, "slices", source):
        if not isinstance(slice_at.value, dict):
            raise InputError("a slice must be a mapping with 'sources'", source, slice_at.line, slice_at.column)
        refs += _entries(_list(slice_at.value, "sources", source), "model", source)
    refs += _entries(_list(fields, "experts", source), "source_model", source)
    unique: dict[str, Ref] = {}
    for ref in refs:
        unique.setdefault(ref.id, ref)
    return tuple(unique.values())
