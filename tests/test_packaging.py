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
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("clearance-*.whl")
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
