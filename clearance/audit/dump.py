"""Reading a metadata dump: one repository a row, as JSON Lines or Parquet, with the fields `id`,
`type` (model|dataset), `license`, `license_name`, `base_model` (a string or a list),
`base_model_relation`, `datasets` (a list), `tags`; a dataset row may carry `source_datasets`.

Each row becomes the `Card` the card reader would have read from that repository's README.md and
then the `Node` the card reader makes of it (clearance/sources/hub.py), so a row means exactly
what the same metadata means in a card (docs/hub.md). A row that cannot be read is a `Bad` row,
with FILE:LINE and the reason; it is reported, never dropped (docs/audit.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from clearance.exceptions import InputError
from clearance.sources.hf_card import RELATIONS, Card, Ref
from clearance.sources.hub import HubReader, _Files
from clearance.sources.lineage import Node
from clearance.sources.yaml_reader import printable

TYPES = {"model": "model", "dataset": "data", "data": "data"}
COLUMNS = ("id", "type", "license", "license_name", "base_model", "base_model_relation", "datasets", "tags",
           "source_datasets")


class Entry(NamedTuple):
    """One repository, compactly: the card reader's node of it, with strings interned."""

    kind: str  # model | data
    license: str | None
    license_name: str | None
    activity: str | None
    inputs: tuple[str, ...]
    data: tuple[str, ...]
    source: str
    line: int | None
    warnings: tuple[tuple[str, str, str], ...] = ()


class Bad(NamedTuple):
    """A row (or card) that cannot be read: where, and why."""

    kind: str | None
    id: str | None
    source: str
    line: int | None
    message: str
    column: int | None = None

    def where(self) -> str:
        """FILE:LINE (or FILE:LINE:COL) of the row."""
        if not self.line:
            return self.source
        return f"{self.source}:{self.line}" + (f":{self.column}" if self.column else "")


class _Flat(HubReader):
    """The card reader, made to read one card alone: references are not followed (the audit
    resolves them in its index) and, for a row of a dump, there are no files beside the card."""

    def visit(self, ref: Ref, kind: str, named_in: str) -> None:
        """References are resolved by the audit's index, not here."""

    def _files(self, folder: Path | None) -> _Files:
        return _Files() if folder is None else super()._files(folder)


def entry_of_card(card: Card, repo_id: str, kind: str, folder: Path | None, line: int | None = None,
                  kb=None) -> Entry:
    """The entry of the repository `repo_id` whose card is `card` (the files in `folder` beside it;
    `kb` tells a GGUF file's license from the card's)."""
    reader = _Flat(kb, [], None, False)
    node: Node = reader._dataset(card, repo_id, card.path) if kind == "data" else reader._model(card, repo_id, folder)
    intern = sys.intern
    return Entry(kind, _interned(node.license), _interned(node.license_name), node.activity,
                 tuple(intern(i) for i in node.inputs), tuple(intern(d) for d in node.data), card.path,
                 line if line is not None else (node.origin.line if node.origin else None),
                 tuple(reader.warnings))


def _interned(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


def _text(value, what: str) -> str | None:
    """A field read as the card reader reads text: a list is a choice (OR), numbers are text."""
    if value is None:
        return None
    if isinstance(value, list):
        parts = [_text(item, what) for item in value]
        return " OR ".join(p for p in parts if p) or None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"'{what}' must be text")
    return str(value).strip() or None


def _refs(value, what: str, line: int) -> tuple[Ref, ...]:
    """A string or a list of strings, as references (the card reader's `base_model`, `datasets`)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    refs = []
    for item in items:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"'{what}' must be a repository id or a list of them")
        refs.append(Ref(item.strip(), line))
    return tuple(refs)


def row_entry(row, source: str, line: int) -> tuple[str, str, Entry]:
    """(kind, id, entry) of one row; `ValueError` with the reason when the row is malformed."""
    if not isinstance(row, dict):
        raise ValueError("a row must be a JSON object")
    repo_id = row.get("id")
    if not isinstance(repo_id, str) or not repo_id.strip():
        raise ValueError("a row needs an 'id': the repository id")
    repo_id = repo_id.strip()
    declared_type = row.get("type") or "model"
    kind = TYPES.get(declared_type) if isinstance(declared_type, str) else None
    if kind is None:
        raise ValueError(f"'type' must be model or dataset, not {printable(str(declared_type))!r}")
    relation = _text(row.get("base_model_relation"), "base_model_relation")
    if relation is not None and relation not in RELATIONS:
        raise ValueError(f"unknown base_model_relation '{printable(relation)}' (one of: {', '.join(RELATIONS)})")
    tags = row.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        raise ValueError("'tags' must be a list of strings")
    license_id = _text(row.get("license"), "license")
    card = Card(path=source, license=license_id, license_name=_text(row.get("license_name"), "license_name"),
                license_line=line, base_models=_refs(row.get("base_model"), "base_model", line), relation=relation,
                datasets=_refs(row.get("datasets"), "datasets", line),
                source_datasets=_refs(row.get("source_datasets"), "source_datasets", line),
                looks_like_dataset=kind == "data")
    return kind, sys.intern(repo_id), entry_of_card(card, repo_id, kind, None, line)


def _bad(row, source: str, line: int, message: str) -> Bad:
    repo_id = row.get("id") if isinstance(row, dict) else None
    repo_id = repo_id.strip() if isinstance(repo_id, str) and repo_id.strip() else None
    kind = TYPES.get(row.get("type") or "model") if isinstance(row, dict) and isinstance(
        row.get("type") or "model", str) else None
    return Bad(kind, repo_id, source, line, message)


def read_jsonl(path: Path) -> Iterator[tuple[str, str, Entry] | Bad]:
    """Every row of a JSON Lines dump, in order (blank lines are skipped)."""
    source = str(path)
    try:
        stream = open(path, encoding="utf-8", errors="strict", newline="\n")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"cannot read the dump: {error.strerror or error}", source) from None
    with stream:
        number = 0
        try:
            for number, text in enumerate(stream, 1):
                if not text.strip():
                    continue
                try:
                    row = json.loads(text)
                except ValueError as error:
                    yield Bad(None, None, source, number, f"not JSON: {error}")
                    continue
                try:
                    yield row_entry(row, source, number)
                except ValueError as error:
                    yield _bad(row, source, number, str(error))
        except UnicodeDecodeError:
            raise InputError("the dump is not UTF-8 text", source, number + 1) from None


def read_parquet(path: Path, batch_rows: int = 65536) -> Iterator[tuple[str, str, Entry] | Bad]:
    """Every row of a Parquet dump, in order; the line of a row is its number, from 1."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow", str(path), hint="pip install 'clearance[hub]'") from None
    source = str(path)
    try:
        table = pq.ParquetFile(path)
        names = set(table.schema_arrow.names)
    except Exception as error:  # pyarrow raises its own error types for a file that is not Parquet
        raise InputError(f"not a Parquet file: {error}", source) from None
    if "id" not in names:
        raise InputError("the Parquet dump has no 'id' column", source, hint=f"columns: {', '.join(COLUMNS)}")
    columns = [name for name in COLUMNS if name in names]
    number = 0
    for batch in table.iter_batches(batch_size=batch_rows, columns=columns):
        for row in batch.to_pylist():
            number += 1
            try:
                yield row_entry(row, source, number)
            except ValueError as error:
                yield _bad(row, source, number, str(error))


def write_parquet(rows: list[dict], path: Path) -> None:
    """Write `rows` (dicts of the dump's fields) as a Parquet dump; `base_model` is written as a
    list of strings, as a column must have one type."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def as_list(value):
        return None if value is None else (value if isinstance(value, list) else [value])

    strings = pa.list_(pa.string())
    schema = pa.schema([("id", pa.string()), ("type", pa.string()), ("license", pa.string()),
                        ("license_name", pa.string()), ("base_model", strings), ("base_model_relation", pa.string()),
                        ("datasets", strings), ("tags", strings)])
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    columns["base_model"] = [as_list(value) for value in columns["base_model"]]
    pq.write_table(pa.table(columns, schema=schema), path)
