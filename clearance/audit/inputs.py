"""What `clearance audit PATH...` reads, told from each path: a Hugging Face cache (a folder of
`models--*` / `datasets--*`), a folder of cards, one card (`*.md`), a JSON Lines dump
(`.jsonl`, `.ndjson`, `.json`, or text starting with `{`) or a Parquet dump (`.parquet`, or the
`PAR1` magic)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from clearance.audit import cards, dump
from clearance.audit.index import Index, build_index
from clearance.exceptions import InputError
from clearance.sources import hf_cache


def kind_of(path: Path) -> str:
    """cache, cards, card, jsonl or parquet; `InputError` for a path that is none of them."""
    if path.is_dir():
        return "cache" if cards.is_cache(path) else "cards"
    if not path.is_file():
        raise InputError("no such file or folder", str(path))
    suffix = path.suffix.casefold()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".md":
        return "card"
    try:
        with open(path, "rb") as stream:
            start = stream.read(4)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", str(path)) from None
    if start == b"PAR1":
        return "parquet"
    if start.lstrip()[:1] == b"{":
        return "jsonl"
    raise InputError("not a dump, a card or a cache", str(path),
                     "give a JSON Lines or Parquet dump, a folder of cards or a Hugging Face cache")


def rows(path: Path, kb) -> Iterator:
    """The rows of one input, in order."""
    kind = kind_of(path)
    if kind == "cache":
        return cards.read_cache(path, kb)
    if kind == "cards":
        return cards.read_folder(path, kb)
    if kind == "parquet":
        return dump.read_parquet(path)
    if kind == "jsonl":
        return dump.read_jsonl(path)
    located = hf_cache.locate(path.resolve())
    repo_id = located[1] if located else path.parent.resolve().name
    return iter([cards.card_entry(path, repo_id, located[0] if located else None, kb)])


def read_index(paths: Iterable[Path], kb, hf_cache_dir: Path | None = None) -> Index:
    """The linked index of every input; references not in them are looked up in `hf_cache_dir`."""
    from clearance.collector import collector_paused
    paths = list(paths)
    for path in paths:
        kind_of(path)  # every path is checked before the first is read
    caches = [hf_cache_dir] if hf_cache_dir else []

    def every_row():
        for path in paths:
            yield from rows(path, kb)

    with collector_paused():
        return build_index(every_row(), kb, caches)
