"""Custom licenses a user writes in the knowledge base's own schema (docs/knowledge-base.md):
the `licenses:` mapping of a project file, and `--licenses DIR` (one `<id>.yaml` per license).
They are checked by the same checker as the shipped files; a problem is an `InputError` at
the file and line of the key it is about."""

from __future__ import annotations

import re
from pathlib import Path

from clearance.exceptions import InputError
from clearance.knowledge_base import KnowledgeBase
from clearance.license_checker import LicenseChecker
from clearance.model import License
from clearance.sources.yaml_reader import Located, parse_yaml, plain, read_text

CUSTOM_PREFIX = "LicenseRef-"
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _locator(at: Located):
    """key path ('terms.copy.result', 'departures[0]') -> the line of the deepest part that exists."""
    def locate(key: str) -> int:
        node, line = at, at.line
        for name, index in _PART.findall(key):
            value = node.value
            if name and isinstance(value, dict) and name in value:
                node = value[name]
            elif index and isinstance(value, list) and int(index) < len(value):
                node = value[int(index)]
            else:
                break
            line = node.line
        return line
    return locate


class _Collecting(LicenseChecker):
    """The knowledge base's checker, keeping each problem's line and key apart."""

    def problem(self, key: str, message: str) -> None:
        self.problems.append((self.locate(key), key, message))


def check_license(kb: KnowledgeBase, license_id: str, at: Located, source: str,
                  taken: dict[str, str]) -> License:
    """Check one custom license written at `at` against `kb`; `taken` maps every name already
    in use (casefolded) to its license. Raise `InputError` at the first problem's line."""
    problems: list[tuple[int, str, str]] = []
    checker = _Collecting(kb.vocabulary, source, problems, _locator(at))  # type: ignore[arg-type]
    if not license_id.startswith(CUSTOM_PREFIX) or len(license_id) == len(CUSTOM_PREFIX):
        problems.append((at.line, "id", f"'{license_id}': a custom license id starts with {CUSTOM_PREFIX}"))
    raw = plain(at)
    if isinstance(raw, dict):
        raw.setdefault("id", license_id)
    lic = checker.license(raw, license_id)
    if lic is not None:
        for name in (lic.id, *lic.aliases):
            owner = taken.get(name.casefold())
            if owner is not None and owner != lic.id:
                problems.append((checker.locate("aliases"), "aliases", f"'{name}' is already a name of {owner}"))
    if problems:
        line, key, message = problems[0]
        more = f"{len(problems) - 1} more problem(s) in this license" if len(problems) > 1 else None
        raise InputError(f"license '{license_id}': {key}: {message}", source, line, hint=more)
    assert lic is not None
    for name in (lic.id, *lic.aliases):
        taken[name.casefold()] = lic.id
    return lic


def _check_compatible(found: dict[str, tuple[License, Located, str]], taken: dict[str, str]) -> None:
    """`compatible` names known licenses (once every custom one is read: they may name each other)."""
    for lic, at, source in found.values():
        for other in lic.compatible:
            if taken.get(other.casefold()) != other:
                raise InputError(f"license '{lic.id}': compatible: '{other}' is not a known license id", source,
                                 _locator(at)("compatible"))


def project_licenses(kb: KnowledgeBase, at: Located, source: str) -> tuple[dict[str, License], dict]:
    """The `licenses:` mapping of a project file: the licenses, and their plain data as written."""
    if not isinstance(at.value, dict):
        raise InputError("'licenses' must be a mapping of LicenseRef-... ids to licenses", source, at.line,
                         at.column)
    taken = dict(kb.names)
    found = {license_id: (check_license(kb, license_id, item, source, taken), item, source)
             for license_id, item in at.value.items()}
    _check_compatible(found, taken)
    return ({license_id: lic for license_id, (lic, _, _) in found.items()},
            {license_id: plain(item) for license_id, item in at.value.items()})


def with_license_folder(kb: KnowledgeBase, folder: str | Path) -> KnowledgeBase:
    """`kb` with the custom licenses of `folder` (`--licenses DIR`: one `<id>.yaml` per license)."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError("no such folder of licenses", str(path), hint="--licenses takes a folder of <id>.yaml files")
    taken = dict(kb.names)
    found: dict[str, tuple[License, Located, str]] = {}
    for entry in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")):
        source = str(entry)
        at = parse_yaml(read_text(entry), source)
        found[entry.stem] = (check_license(kb, entry.stem, at, source, taken), at, source)
    if not found:
        raise InputError("the folder holds no license file", str(path), hint="one <LicenseRef-id>.yaml per license")
    _check_compatible(found, taken)
    return kb.including({license_id: lic for license_id, (lic, _, _) in found.items()})
