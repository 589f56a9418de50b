"""Shared fixtures."""

from __future__ import annotations

import pytest

from clearance.knowledge_base import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge_base()
