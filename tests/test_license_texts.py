"""Each license file says which text its clauses were checked against (`text_checked`),
and a malformed record is reported with its file and key."""

from __future__ import annotations

import datetime
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from clearance.exceptions import KnowledgeBaseError
from clearance.knowledge_base import DATA_FILES, load_knowledge_base


def _raw_license_files() -> dict[str, dict]:
    folder = resources.files("clearance.licenses")
    return {entry.name: yaml.safe_load(entry.read_text(encoding="utf-8")) for entry in folder.iterdir()
            if entry.name.endswith(".yaml") and entry.name not in DATA_FILES}


def test_every_checked_file_has_url_and_date(kb):
    checked = {name: raw["text_checked"] for name, raw in _raw_license_files().items() if "text_checked" in raw}
    assert checked, "no license file records the text it was checked against"
    for name, record in checked.items():
        assert str(record.get("url", "")).startswith("https://"), name
        assert record.get("date"), name
        lic = kb.licenses[name[: -len(".yaml")]]
        assert lic.text_checked is not None and lic.text_checked.url == record["url"], name
        assert len(lic.text_checked.date) == 10 and lic.text_checked.date[4] == "-", name


def _copy_knowledge_base(tmp_path: Path) -> None:
    folder = Path(str(resources.files("clearance.licenses")))
    for entry in folder.glob("*.yaml"):
        shutil.copy(entry, tmp_path / entry.name)
    shutil.copytree(folder / "exceptions", tmp_path / "exceptions")  # the exceptions WITH applies


def test_a_malformed_text_checked_is_reported(tmp_path: Path):
    _copy_knowledge_base(tmp_path)
    mit = yaml.safe_load((tmp_path / "MIT.yaml").read_text())
    mit["text_checked"] = {"url": "spdx", "date": "last week", "by": "me"}
    (tmp_path / "MIT.yaml").write_text(yaml.safe_dump(mit))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path)
    problems = "\n".join(caught.value.problems)
    assert "MIT.yaml: text_checked.url" in problems
    assert "MIT.yaml: text_checked.date" in problems
    assert "MIT.yaml: text_checked.by: unknown key" in problems


def test_an_unquoted_date_is_read_as_its_iso_form(tmp_path: Path):
    _copy_knowledge_base(tmp_path)
    isc = yaml.safe_load((tmp_path / "ISC.yaml").read_text())
    isc["text_checked"] = {"url": "https://spdx.org/licenses/ISC.html", "date": datetime.date(2026, 12, 1)}
    (tmp_path / "ISC.yaml").write_text(yaml.safe_dump(isc))
    assert "date: 2026-12-01" in (tmp_path / "ISC.yaml").read_text()
    assert load_knowledge_base(tmp_path).licenses["ISC"].text_checked.date == "2026-12-01"
