"""`KnowledgeBase.restricted`: a smaller knowledge base with the same semantics."""

from __future__ import annotations

import pytest

from clearance.exceptions import UnknownLicenseError
from clearance.knowledge_base import KnowledgeBase


def test_keeps_the_named_licenses_and_the_preferred_one(kb: KnowledgeBase) -> None:
    """Named by id or alias; the Unlicense is kept; the full knowledge base is unchanged."""
    small = kb.restricted(["CC-BY-4.0", "llama2", "GPL-3.0"])
    assert set(small.licenses) == {"CC-BY-4.0", "Llama-2", "GPL-3.0-only", "Unlicense"}
    assert small.vocabulary is kb.vocabulary
    assert small.risk_order()[0] == "Unlicense" and set(small.risk_order()) == set(small.licenses)
    assert len(kb.licenses) > 50, "the full knowledge base is left as it was"


def test_references_to_dropped_licenses_are_dropped(kb: KnowledgeBase) -> None:
    """`compatible` keeps kept licenses only, so every allowed result is a kept license."""
    small = kb.restricted(["CC-BY-4.0", "CC-BY-SA-4.0"])
    assert set(kb.licenses["CC-BY-4.0"].compatible) > {"CC-BY-SA-4.0"}
    assert small.licenses["CC-BY-4.0"].compatible == ("CC-BY-SA-4.0",)
    assert kb.licenses["CC-BY-4.0"].compatible != small.licenses["CC-BY-4.0"].compatible
    for lic in small.licenses.values():
        for term in lic.terms.values():
            allowed = small.allowed_results(lic, term)
            assert allowed is None or allowed <= set(small.licenses), (lic.id, term.activity)


def test_with_use_restrictions_names_only_kept_licenses(kb: KnowledgeBase) -> None:
    """A result that must carry use restrictions may go under kept licenses that allow them."""
    small = kb.restricted(["Llama-2", "GPL-3.0-only", "MIT"])
    llama = small.licenses["Llama-2"]
    term = next(term for term in llama.terms.values() if term.relicense == "with-use-restrictions")
    allowed = small.allowed_results(llama, term)
    assert allowed is not None and "Llama-2" in allowed and "GPL-3.0-only" not in allowed
    assert allowed <= set(small.licenses)


def test_lookups_know_only_kept_licenses(kb: KnowledgeBase) -> None:
    """Names and expressions resolve against the kept licenses; an unknown name is refused."""
    small = kb.restricted(["MIT"])
    assert small.get("mit").id == "MIT" and small.alternatives("MIT OR Unlicense") == ("MIT", "Unlicense")
    with pytest.raises(UnknownLicenseError):
        small.get("Apache-2.0")
    with pytest.raises(UnknownLicenseError, match="unknown license 'no-such'"):
        kb.restricted(["no-such"])
