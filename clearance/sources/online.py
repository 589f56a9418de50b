"""Fetching a missing card from the Hugging Face Hub: opt-in (`--online`), never the default, and
the only module that imports huggingface_hub (the optional extra `clearance[hub]`)."""

from __future__ import annotations

from pathlib import Path

from clearance.exceptions import InputError


def fetch_card(repo_id: str, kind: str, cache: Path) -> Path | None:
    """Download the README.md of `repo_id` into `cache`; its snapshot folder, or None when the Hub
    has no such repository."""
    try:
        import huggingface_hub
    except ImportError:
        raise InputError("--online needs huggingface_hub", hint="pip install 'clearance[hub]'") from None
    try:
        readme = huggingface_hub.hf_hub_download(repo_id, "README.md", repo_type="dataset" if kind == "data"
                                                 else "model", cache_dir=str(cache))
    except Exception:  # a missing or gated repository, or no network: the reference stays unknown
        return None
    return Path(readme).parent
