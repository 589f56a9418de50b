"""The wheel holds every module and every license file: solver/, encodings/ and
licenses/ are mapped into `clearance` by package-dir, and an unlisted
subpackage would silently be left out."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("clearance-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def expected(folder: str, package: str, pattern: str) -> set[str]:
    return {f"{package}/{path.relative_to(ROOT / folder)}" for path in (ROOT / folder).rglob(pattern)
            if "__pycache__" not in path.parts}


@pytest.mark.parametrize("folder, package, pattern", [
    ("clearance", "clearance", "*.py"), ("solver", "clearance/solver", "*.py"),
    ("encodings", "clearance/encodings", "*.py"), ("licenses", "clearance/licenses", "*.py"),
    ("licenses", "clearance/licenses", "*.yaml"),
])
def test_wheel_holds_every_file(wheel_names, folder, package, pattern):
    missing = expected(folder, package, pattern) - wheel_names
    assert not missing


def test_no_bare_top_level_packages(wheel_names):
    assert not any(name.split("/")[0] in ("solver", "encodings", "licenses") for name in wheel_names)


def test_wheel_holds_a_current_knowledge_base_snapshot(wheel, tmp_path):
    """The build adds the snapshot of the license files (clearance/kb_snapshot.py); installed
    from the wheel, it matches the files beside it, so start-up reads JSON instead of YAML."""
    import json

    from clearance import kb_snapshot

    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "unpacked")
    folder = tmp_path / "unpacked" / "clearance" / "licenses"
    snapshot = json.loads((folder / kb_snapshot.SNAPSHOT_NAME).read_text(encoding="utf-8"))
    assert snapshot["digest"] == kb_snapshot.digest(folder)
    assert set(kb_snapshot.read_snapshot(folder)) == set(kb_snapshot.yaml_files(folder))
