"""The knowledge-base snapshot built with the package: used only while current, and loading
through it gives exactly the knowledge base a fresh parse of the YAML gives."""

from __future__ import annotations

import dataclasses
import shutil
from importlib import resources
from pathlib import Path

from clearance import kb_snapshot
from clearance.knowledge_base import build_knowledge_base


def _canonical(kb) -> str:
    """Every field of every license under each reading and of the vocabulary, including those
    left out of `==`."""
    readings = {reading: {key: dataclasses.asdict(lic) for key, lic in sorted(licenses.items())}
                for reading, licenses in sorted(kb.readings.items())}
    return repr((readings, kb.reading, repr(kb.vocabulary), repr(kb.exceptions), repr(kb.id_map), repr(kb.advice)))


def _shipped() -> Path:
    return Path(str(resources.files("clearance.licenses")))


def test_snapshot_load_equals_fresh_load(tmp_path):
    plain, snapshotted = tmp_path / "plain", tmp_path / "snapshotted"
    for folder in (plain, snapshotted):
        shutil.copytree(_shipped(), folder, ignore=shutil.ignore_patterns(kb_snapshot.SNAPSHOT_NAME, "__pycache__"))
    kb_snapshot.write_snapshot(snapshotted, snapshotted / kb_snapshot.SNAPSHOT_NAME)
    assert set(kb_snapshot.read_snapshot(snapshotted)) == set(kb_snapshot.yaml_files(snapshotted))
    assert kb_snapshot.read_snapshot(plain) == {}
    assert _canonical(build_knowledge_base(snapshotted, kb_snapshot.read_snapshot(snapshotted))) == \
        _canonical(build_knowledge_base(plain, {}))


def test_a_broken_file_is_reported_with_or_without_snapshot(tmp_path):
    from clearance.exceptions import KnowledgeBaseError

    folder = tmp_path / "licenses"
    shutil.copytree(_shipped(), folder, ignore=shutil.ignore_patterns(kb_snapshot.SNAPSHOT_NAME, "__pycache__"))
    mit = folder / "MIT.yaml"
    mit.write_text(mit.read_text(encoding="utf-8").replace("family: permissive", "family: lenient"), encoding="utf-8")
    kb_snapshot.write_snapshot(folder, folder / kb_snapshot.SNAPSHOT_NAME)
    assert kb_snapshot.read_snapshot(folder)
    try:
        build_knowledge_base(folder, kb_snapshot.read_snapshot(folder))
    except KnowledgeBaseError as error:
        assert "MIT.yaml: family" in str(error)
    else:
        raise AssertionError("a license file outside the vocabulary was accepted from the snapshot")


def test_snapshot_data_is_the_yaml_data(tmp_path):
    import yaml

    folder = tmp_path / "licenses"
    shutil.copytree(_shipped(), folder, ignore=shutil.ignore_patterns(kb_snapshot.SNAPSHOT_NAME, "__pycache__"))
    snapshot = kb_snapshot.build_snapshot(folder)
    for name in kb_snapshot.yaml_files(folder):
        assert snapshot["files"][name] == yaml.safe_load((folder / name).read_text(encoding="utf-8")), name


def test_an_edited_file_makes_the_snapshot_unused(tmp_path):
    folder = tmp_path / "licenses"
    shutil.copytree(_shipped(), folder, ignore=shutil.ignore_patterns(kb_snapshot.SNAPSHOT_NAME, "__pycache__"))
    kb_snapshot.write_snapshot(folder, folder / kb_snapshot.SNAPSHOT_NAME)
    assert kb_snapshot.read_snapshot(folder)
    mit = folder / "MIT.yaml"
    mit.write_text(mit.read_text(encoding="utf-8").replace("MIT License", "MIT Licence"), encoding="utf-8")
    assert kb_snapshot.read_snapshot(folder) == {}
    (folder / "MIT.yaml").unlink()
    assert kb_snapshot.read_snapshot(folder) == {}


def test_a_damaged_snapshot_is_unused(tmp_path):
    folder = tmp_path / "licenses"
    folder.mkdir()
    (folder / "MIT.yaml").write_text("id: MIT\n", encoding="utf-8")
    (folder / kb_snapshot.SNAPSHOT_NAME).write_text("{not json", encoding="utf-8")
    assert kb_snapshot.read_snapshot(folder) == {}
    (folder / kb_snapshot.SNAPSHOT_NAME).write_text('{"format": "other"}', encoding="utf-8")
    assert kb_snapshot.read_snapshot(folder) == {}


def test_the_installed_package_reads_its_snapshot():
    """An install (CI's editable one included) builds the snapshot; the shipped knowledge base
    is then read from it, and it equals a fresh parse of the shipped YAML."""
    folder = resources.files("clearance.licenses")
    parsed = kb_snapshot.read_snapshot(folder)
    assert parsed, "no current snapshot: reinstall the package (pip install -e .) after editing licenses/"
    assert _canonical(build_knowledge_base(folder, parsed)) == _canonical(build_knowledge_base(folder, {}))


def test_the_digest_is_blake2b_of_names_and_bytes(tmp_path):
    import hashlib

    (tmp_path / "a.yaml").write_bytes(b"id: A\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.yaml").write_bytes("name: é\n".encode())
    expected = hashlib.blake2b()
    for name in ("a.yaml", "b/c.yaml"):
        data = (tmp_path / name).read_bytes()
        expected.update(f"{name}\0{len(data)}\0".encode() + data)
    assert kb_snapshot.digest(tmp_path) == expected.hexdigest()


def test_terms_shared_by_the_readings_are_the_terms_each_builds(monkeypatch):
    """A file's two readings share the Terms no departure changes; building every Term anew for
    each reading gives the same knowledge base."""
    from clearance.license_checker import LicenseChecker

    folder = resources.files("clearance.licenses")
    shared = _canonical(build_knowledge_base(folder, kb_snapshot.read_snapshot(folder)))
    monkeypatch.setattr(LicenseChecker, "term", LicenseChecker._term)
    assert _canonical(build_knowledge_base(folder, kb_snapshot.read_snapshot(folder))) == shared
