"""Reading cards for an audit: a local Hugging Face cache (`models--ORG--NAME/snapshots/...`) or a
folder of cards (every README.md under it). Each card is read by the card reader itself, with the
adapter, mergekit and GGUF files beside it, so it means what `clearance check CARD` reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clearance.audit.dump import Bad, Entry, entry_of_card
from clearance.exceptions import InputError
from clearance.sources import hf_cache
from clearance.sources.hf_card import read_card


def is_cache(path: Path) -> bool:
    """True when `path` is a Hugging Face cache: it holds `models--*` or `datasets--*` folders."""
    return path.is_dir() and any(child.is_dir() and child.name.startswith(("models--", "datasets--"))
                                 for child in path.iterdir())


def card_entry(readme: Path, repo_id: str, kind: str | None, kb) -> tuple[str, str, Entry] | Bad:
    """The entry of the card `readme` as repository `repo_id` (its kind told from the card when None)."""
    try:
        card = read_card(readme)
        kind = kind or ("data" if card.looks_like_dataset else "model")
        return kind, repo_id, entry_of_card(card, repo_id, kind, readme.parent, kb=kb)
    except InputError as error:
        hint = f" ({error.hint})" if error.hint else ""
        return Bad(kind, repo_id, error.source or str(readme), error.line, error.message + hint, error.column)


def cached_card(cache: Path, repo_id: str, kind: str, kb) -> tuple[str, str, Entry] | Bad | None:
    """The entry of `repo_id` in `cache`, or None when the cache does not hold its card."""
    snap = hf_cache.snapshot(cache, repo_id, kind)
    if snap is None or not (snap / "README.md").is_file():
        return None
    return card_entry(snap / "README.md", repo_id, kind, kb)


def read_cache(cache: Path, kb) -> Iterator[tuple[str, str, Entry] | Bad]:
    """Every repository of a cache, sorted by folder name; one without a readable snapshot is Bad."""
    for folder in sorted(cache.iterdir(), key=lambda p: p.name):
        located = hf_cache.locate(folder) if folder.is_dir() else None
        if located is None:
            continue
        kind, repo_id = located
        found = cached_card(cache, repo_id, kind, kb)
        yield found if found is not None else Bad(kind, repo_id, str(folder), None,
                                                  "no snapshot with a README.md card (refs/main names none)")


def read_folder(folder: Path, kb) -> Iterator[tuple[str, str, Entry] | Bad]:
    """Every README.md card under `folder`, sorted by path; a card's id is its folder's name (as
    `clearance check` names a card outside a cache), or its cache id when it lies in a cache."""
    for readme in sorted(folder.rglob("README.md")):
        located = hf_cache.locate(readme.resolve())
        kind, repo_id = located if located else (None, readme.parent.resolve().name)
        yield card_entry(readme, repo_id, kind, kb)
