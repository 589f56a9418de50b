"""What the knowledge base memoises is what it would compute afresh."""

from __future__ import annotations

from clearance.encodings.proliferation import reachable_licenses
from clearance.knowledge_base import load_knowledge_base


def test_one_knowledge_base_per_reading():
    kb = load_knowledge_base()
    other = "paper" if kb.reading == "text" else "text"
    assert kb.under(other) is kb.under(other) and kb.under(kb.reading) is kb
    assert kb.under(other).licenses is kb.readings[other]


def test_memoised_answers_equal_fresh_ones():
    kb = load_knowledge_base()
    for lic in list(kb.licenses.values())[:40]:
        for term in lic.terms.values():
            assert kb.allowed_results(lic, term) == kb._allowed_results(lic, term)
    assert kb.risk_order() is not kb.risk_order()  # a caller may change its copy
    assert [kb.risk_rank[lic] for lic in kb.risk_order()] == list(range(len(kb.licenses)))
    base = {"MIT", "GPL-3.0-only", "CC-BY-SA-4.0"}
    union = frozenset().union(*(kb.reachable_from(lic) for lic in base))
    assert reachable_licenses(kb, base) == union and base <= union
    assert kb.reachable_from("MIT") == {"MIT"}  # MIT imposes no license on what is made from it
    assert "GPL-3.0-only" in kb.reachable_from("CC-BY-SA-4.0")  # CC's compatible licenses: GPLv3
