"""License expressions (SPDX syntax, parsed by license-expression): OR is a choice the
licensee makes; AND means every part applies; WITH applies a license exception.

An expression is brought to disjunctive normal form. Each alternative that is more than one
plain license becomes one license synthesized from its parts (clearance/combination.py), so
the engine keeps reasoning over one license per work and every core still names a license."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clearance.exceptions import InputError, UnknownLicenseError
from clearance.model import License

if TYPE_CHECKING:
    from license_expression import Licensing

_MAX_DEPTH = 8  # id-map entries naming expressions that name id-map entries...


@dataclass(frozen=True)
class Resolution:
    """What an expression resolves to: the licenses the licensee chooses from (OR), the licenses
    synthesized for them (AND, WITH), and the notes of the names it used (deprecated ids...)."""

    alternatives: tuple[str, ...]
    synthesized: dict[str, License] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _licensing(kb) -> Licensing:
    """A parser that knows every license name of `kb` (so that names with spaces parse) and
    every exception; other keys parse as unknown symbols and are resolved afterwards."""
    # Imported here: a check whose licenses are plain names never needs the parser (start-up time).
    from license_expression import LicenseSymbol, Licensing

    symbols, seen = [], set()
    for lic in kb.licenses.values():
        aliases = tuple(a for a in lic.aliases if " " in a and a.casefold() not in seen)
        seen.update(a.casefold() for a in (lic.id, *aliases))
        symbols.append(LicenseSymbol(lic.id, aliases=aliases))
    for exception in kb.exceptions.values():
        aliases = tuple(a for a in exception.aliases if a.casefold() not in seen)
        seen.update(a.casefold() for a in (exception.id, *aliases))
        symbols.append(LicenseSymbol(exception.id, aliases=aliases, is_exception=True))
    return Licensing(symbols)


def resolve(kb, expression: str, depth: int = 0) -> Resolution:
    """Resolve `expression` against `kb`; raise `InputError` (or `UnknownLicenseError`)."""
    text = expression.strip()
    if not text:
        raise InputError("empty license expression")
    mapped = kb.id_map.get(text.casefold())
    if mapped is not None and depth < _MAX_DEPTH:
        inner = resolve(kb, mapped.target, depth + 1)
        notes = (_note(text, mapped),) if mapped.note else ()
        return Resolution(inner.alternatives, inner.synthesized, (*notes, *inner.notes))
    if text.casefold() in kb.names:
        return Resolution((kb.names[text.casefold()],))
    notes: list[str] = []
    synthesized: dict[str, License] = {}
    alternatives: list[str] = []
    plain = _plain_with(kb, text)
    if plain is not None:
        conjunctions = _with(kb, *plain, notes, synthesized, depth)
    else:
        conjunctions = _dnf(kb, _parse(kb, text, expression), notes, synthesized, depth)
    for conjunction in conjunctions:
        lic = _conjunction_license(kb, conjunction, synthesized)
        alternatives.append(lic)
    return Resolution(tuple(dict.fromkeys(alternatives)), synthesized, tuple(dict.fromkeys(notes)))


def _parse(kb, text: str, expression: str):
    """`text` parsed by license-expression; raises `InputError` when it does not parse."""
    from license_expression import ExpressionError

    try:
        parsed = kb.licensing.parse(text, validate=False, strict=False)
    except ExpressionError:
        raise InputError(f"malformed license expression '{expression}'",
                         hint="ids joined by OR, AND and WITH, with parentheses") from None
    if parsed is None:
        raise InputError("empty license expression")
    return parsed


_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-")


def _plain_id(name: str) -> bool:
    """Letters, digits, dots and dashes, from a letter or digit (what the parser reads as one id)."""
    return name[:1].isascii() and name[:1].isalnum() and _ID_CHARACTERS.issuperset(name)


def _plain_with(kb, text: str) -> tuple[str, str] | None:
    """(license id, exception id) when `text` is exactly `LICENSE-ID WITH EXCEPTION-ID`, by their
    exact ids and parsing only that way: the parser would give the same, and is not needed (the
    id map names such expressions, and the knowledge base resolves every entry as it loads)."""
    parts = text.split(" ")
    if len(parts) != 3 or parts[1] != "WITH":
        return None
    license_id, exception_id = parts[0], parts[2]
    if license_id not in kb.licenses or exception_id not in kb.exceptions \
            or not _plain_id(license_id) or not _plain_id(exception_id) \
            or license_id.casefold() in kb.exception_names or exception_id.casefold() in kb.names:
        return None
    # A name the parser knows that spans the word WITH would read the text otherwise.
    spans = ("with", f"{license_id} with".casefold(), f"with {exception_id}".casefold(), text.casefold())
    if any(span in kb.names or span in kb.exception_names for span in spans):
        return None
    return license_id, exception_id


Atom = tuple[str, str | None]  # (license id, exception id or None)


def _dnf(kb, node, notes: list[str], synthesized: dict[str, License], depth: int) -> list[tuple[Atom, ...]]:
    """The alternatives of a parsed expression, each a conjunction of (license, exception) atoms."""
    kind = type(node).__name__
    if kind == "OR":
        return [c for arg in node.args for c in _dnf(kb, arg, notes, synthesized, depth)]
    if kind == "AND":
        result: list[tuple[Atom, ...]] = [()]
        for arg in node.args:
            result = [left + right for left in result for right in _dnf(kb, arg, notes, synthesized, depth)]
        return result
    if kind == "LicenseWithExceptionSymbol":
        return _with(kb, node.license_symbol.key, node.exception_symbol.key, notes, synthesized, depth)
    return _symbol(kb, node.key, notes, synthesized, depth)


def _with(kb, license_key: str, exception_key: str, notes: list[str], synthesized: dict[str, License],
          depth: int) -> list[tuple[Atom, ...]]:
    """The one alternative `LICENSE WITH EXCEPTION` stands for."""
    exception = kb.exception(exception_key)
    (((license_id, _),),) = _symbol(kb, license_key, notes, synthesized, depth, single=True)
    return [((license_id, exception.id),)]


def _symbol(kb, key: str, notes: list[str], synthesized: dict[str, License], depth: int,
            single: bool = False) -> list[tuple[Atom, ...]]:
    """The alternatives one symbol stands for: a license, or the expression an id-map entry names."""
    if key.casefold() in kb.exception_names:
        raise InputError(f"'{key}' is a license exception: write it after WITH, e.g. 'GPL-2.0-only WITH {key}'")
    mapped = kb.id_map.get(key.casefold())
    if mapped is not None and key.casefold() not in kb.names:
        inner = resolve(kb, mapped.target, depth + 1)
        notes.extend(((_note(key, mapped),) if mapped.note else ()) + inner.notes)
        if single and (len(inner.alternatives) != 1 or inner.synthesized):
            raise InputError(f"'{key}' stands for the expression {mapped.target}: WITH needs one license")
        synthesized.update(inner.synthesized)
        return [tuple((part, None) for part in _parts_of(kb, inner, lic)) for lic in inner.alternatives]
    license_id = kb.names.get(key.casefold())
    if license_id is None:
        raise UnknownLicenseError(f"unknown license '{key}'", hint=lambda: kb.suggest(key))
    if mapped is not None and mapped.note:
        notes.append(_note(key, mapped))
    return [((license_id, None),)]


def _note(name: str, mapping) -> str:
    return f"'{name}' reads as {mapping.target}: {mapping.note}"


def _parts_of(kb, inner: Resolution, lic_id: str) -> tuple[str, ...]:
    """The plain licenses an alternative of an inner resolution stands for."""
    lic = inner.synthesized.get(lic_id) or kb.licenses[lic_id]
    return tuple(part.id for part in lic.parts) if lic.parts else (lic_id,)


def _conjunction_license(kb, conjunction: tuple[Atom, ...], synthesized: dict[str, License]) -> str:
    """The license id one conjunction stands for, synthesizing it (and its WITH parts) if needed."""
    from clearance.combination import combined_license, with_exception
    parts: list[License] = []
    for license_id, exception_id in dict.fromkeys(conjunction):
        base = synthesized.get(license_id) or kb.licenses[license_id]
        if exception_id is None:
            parts.append(base)
            continue
        lic = with_exception(kb, base, kb.exceptions[exception_id])
        synthesized.setdefault(lic.id, lic)
        parts.append(lic)
    unique = {lic.id: lic for lic in parts}
    if len(unique) == 1:
        return next(iter(unique))
    lic = combined_license(kb, [unique[key] for key in sorted(unique, key=str.casefold)])
    synthesized.setdefault(lic.id, lic)
    return lic.id
