"""Builds the package as pyproject.toml says, and adds the knowledge-base snapshot
(clearance/kb_snapshot.py) to what is built, so installs load it instead of parsing YAML."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithSnapshot(build_py):
    """build_py, then the snapshot of the license files beside them."""

    def run(self) -> None:
        super().run()
        here = Path(__file__).parent
        spec = importlib.util.spec_from_file_location("_kb_snapshot", here / "clearance" / "kb_snapshot.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # An editable install reads the license files from the source tree, so the snapshot goes
        # there (it is ignored by git, and used only while the files keep its digest).
        target = here / "licenses" if self.editable_mode else Path(self.build_lib) / "clearance" / "licenses"
        if target.is_dir():
            module.write_snapshot(target, target / module.SNAPSHOT_NAME)


setup(cmdclass={"build_py": BuildWithSnapshot})
