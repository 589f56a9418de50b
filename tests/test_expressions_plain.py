"""`LICENSE WITH EXCEPTION` by exact ids is resolved without the parser (license-expression is
not imported by a check that names plain licenses): it resolves exactly as the parser's path does."""

from __future__ import annotations

import dataclasses

import pytest

from clearance import expressions
from clearance.exceptions import InputError
from clearance.knowledge_base import load_knowledge_base


def _both(kb, text: str, monkeypatch):
    """(the resolution as resolved, the resolution through the parser), each a Resolution or the
    message of the error it raised."""

    def outcome():
        try:
            return expressions.resolve(kb, text)
        except InputError as error:
            return ("error", type(error).__name__, error.message, error.hint)

    fast = outcome()
    with monkeypatch.context() as patched:
        patched.setattr(expressions, "_plain_with", lambda kb, text: None)
        parsed = outcome()
    return fast, parsed


def _pairs(kb) -> list[str]:
    """Every license id WITH every exception id (those that apply and those that do not)."""
    return [f"{license_id} WITH {exception_id}" for license_id in sorted(kb.licenses)
            for exception_id in sorted(kb.exceptions)]


@pytest.mark.parametrize("reading", ["text", "paper"])
def test_plain_with_resolves_as_the_parser_does(reading, monkeypatch):
    kb = load_knowledge_base(reading=reading)
    taken = 0
    for text in _pairs(kb):
        taken += expressions._plain_with(kb, text) is not None
        fast, parsed = _both(kb, text, monkeypatch)
        if isinstance(fast, tuple):
            assert fast == parsed, text
        else:
            assert fast.alternatives == parsed.alternatives and fast.notes == parsed.notes, text
            assert {key: dataclasses.asdict(lic) for key, lic in fast.synthesized.items()} == \
                {key: dataclasses.asdict(lic) for key, lic in parsed.synthesized.items()}, text
    # Every pair but those of an id the parser may read otherwise ('+' is its or-later suffix).
    assert taken == sum(1 for text in _pairs(kb) if "+" not in text) > 400


def test_every_id_map_target_resolves_as_the_parser_does(monkeypatch):
    kb = load_knowledge_base()
    targets = sorted({mapping.target for mapping in kb.id_map.values()})
    assert any(" WITH " in target for target in targets)
    for target in targets:
        fast, parsed = _both(kb, target, monkeypatch)
        assert fast.alternatives == parsed.alternatives and fast.notes == parsed.notes, target
        assert fast.synthesized.keys() == parsed.synthesized.keys(), target


@pytest.mark.parametrize("text", [
    "GPL-2.0-only with Classpath-exception-2.0",       # the keyword in another case
    "GPL-2.0-only  WITH Classpath-exception-2.0",      # two spaces
    "gpl-2.0-only WITH Classpath-exception-2.0",       # a name, not the exact id
    "GPL-2.0 WITH Classpath-exception-2.0",            # an id-map name
    "GPL-2.0-only WITH classpath-exception-2.0",
    "Classpath-exception-2.0 WITH GPL-2.0-only",       # the wrong way round
    "GPL-2.0-only WITH MIT",                           # a license where the exception goes
    "(GPL-2.0-only WITH Classpath-exception-2.0)",
    "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT",
])
def test_other_forms_go_through_the_parser(text, monkeypatch):
    kb = load_knowledge_base()
    assert expressions._plain_with(kb, text) is None
    fast, parsed = _both(kb, text, monkeypatch)
    assert repr(fast) == repr(parsed)


def test_a_name_spanning_with_leaves_it_to_the_parser():
    kb = load_knowledge_base()
    text = "GPL-2.0-only WITH Classpath-exception-2.0"
    assert expressions._plain_with(kb, text) == ("GPL-2.0-only", "Classpath-exception-2.0")
    lic = kb.licenses["MIT"]
    spanning = kb.including({"MIT": dataclasses.replace(lic, aliases=(*lic.aliases, "GPL-2.0-only with"))})
    assert expressions._plain_with(spanning, text) is None
