"""Reads a Hugging Face model or dataset card: a `README.md` whose YAML front matter (between two
`---` lines) holds `license`, `base_model`, `base_model_relation`, `datasets`, `source_datasets`.
The front matter goes through the same bounded YAML reader as project files, with the file's own
line numbers kept, so an error points at FILE:LINE:COL of the card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clearance.exceptions import InputError
from clearance.sources.yaml_reader import Located, parse_yaml, printable, read_text

# Fields only dataset cards carry (the Hub's dataset card metadata).
DATASET_FIELDS = ("dataset_info", "configs", "task_categories", "size_categories", "source_datasets", "pretty_name")
RELATIONS = ("finetune", "adapter", "merge", "quantized")


@dataclass(frozen=True)
class Ref:
    """A repository id named by a card or config, and where it is named."""

    id: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Card:
    """What clearance reads from one card."""

    path: str
    license: str | None
    license_name: str | None
    license_line: int | None
    base_models: tuple[Ref, ...]
    relation: str | None
    datasets: tuple[Ref, ...]
    source_datasets: tuple[Ref, ...]
    looks_like_dataset: bool


def front_matter(text: str, source: str) -> str | None:
    """The front matter of `text` with every other line blanked, so that YAML positions are the
    file's; None when the text has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").strip() != "---":
        return None
    for number in range(1, len(lines)):
        if lines[number].rstrip("\r").strip() in ("---", "..."):
            return "\n" + "\n".join(lines[1:number]) + "\n"
    raise InputError("the card's front matter has no closing '---' line", source, 1, 1,
                     "a card starts with YAML between two '---' lines")


def _strings(at: Located | None, what: str, source: str) -> tuple[Ref, ...]:
    """A string or a list of strings, as references with their positions."""
    if at is None or at.value is None:
        return ()
    items = at.value if isinstance(at.value, list) else [at]
    refs = []
    for item in items:
        value = item.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"'{what}' must be a repository id or a list of them", source, item.line, item.column)
        refs.append(Ref(value.strip(), item.line, item.column))
    return tuple(refs)


def _text(at: Located | None, what: str, source: str) -> str | None:
    if at is None or at.value is None:
        return None
    if isinstance(at.value, list):  # a list: alternatives (dual licensing), docs/hub.md
        parts = [_text(item, what, source) for item in at.value]
        return " OR ".join(p for p in parts if p) or None
    if isinstance(at.value, bool) or not isinstance(at.value, (str, int, float)):
        raise InputError(f"'{what}' must be text", source, at.line, at.column)
    return str(at.value).strip() or None


def parse_card(text: str, source: str) -> Card:
    """Parse the text of a card; raise `InputError` with a position on a malformed one."""
    matter = front_matter(text, source)
    if matter is None:
        raise InputError("the card has no YAML front matter", source, 1, 1,
                         "a card starts with '---', its metadata, then '---'")
    if not matter.strip():
        fields: dict[str, Located] = {}
    else:
        top = parse_yaml(matter, source)
        if not isinstance(top.value, dict):
            raise InputError("the card's front matter must be a mapping", source, top.line, top.column)
        fields = top.value
    relation_at = fields.get("base_model_relation")
    relation = _text(relation_at, "base_model_relation", source)
    if relation is not None and relation not in RELATIONS:
        raise InputError(f"unknown base_model_relation '{printable(relation)}'", source, relation_at.line,
                         relation_at.column, f"one of: {', '.join(RELATIONS)}")
    license_at = fields.get("license")
    return Card(
        path=source,
        license=_text(license_at, "license", source),
        license_name=_text(fields.get("license_name"), "license_name", source),
        license_line=license_at.line if license_at else None,
        base_models=_strings(fields.get("base_model"), "base_model", source),
        relation=relation,
        datasets=_strings(fields.get("datasets"), "datasets", source),
        source_datasets=_strings(fields.get("source_datasets"), "source_datasets", source),
        looks_like_dataset=any(name in fields for name in DATASET_FIELDS),
    )


def read_card(path: Path) -> Card:
    """Read the card at `path` (a README.md)."""
    return parse_card(read_text(path), str(path))
