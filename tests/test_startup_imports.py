"""A plain `clearance check` (a project file, text output) imports only what it uses: not the
other commands, other formats, the expression parser, the optimizer, OpenSSL or the html module;
`clearance --version` imports no command at all.
(Start-up is most of a small check: docs/benchmarks.md, "Start-up".)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Modules a plain check must not import (prefixes).
LAZY = (
    "license_expression", "boolean", "hashlib", "_hashlib", "html", "networkx", "pydantic",
    "clearance.cli.audit", "clearance.cli.explain", "clearance.cli.export", "clearance.cli.graph",
    "clearance.cli.import_", "clearance.cli.licenses", "clearance.cli.notice", "clearance.cli.suggest",
    "clearance.cli.validate", "clearance.audit", "clearance.explain", "clearance.suggest", "clearance.apply",
    "clearance.notice", "clearance.solver.optimize", "clearance.solver.hitting", "clearance.sources.hub",
    "clearance.sources.cyclonedx", "clearance.sources.spdx3", "clearance.sources.project_edit",
    "clearance.render.html", "clearance.render.json_doc", "clearance.render.markdown", "clearance.render.sarif",
    "clearance.render.spdx3", "clearance.render.cyclonedx", "clearance.render.advice", "clearance.render.audit",
    "clearance.render.svg", "clearance.render.dot", "clearance.render.mermaid", "clearance.atomic",
)

# Runs `clearance ARGS...` for each list of arguments in turn, in one process, and prints after
# each its exit code and the modules of LAZY (and, for the first, of clearance) loaded so far.
PROBE = """
import json, sys
from clearance.cli import main
lazy = tuple(json.loads(sys.argv[1]))
for number, args in enumerate(json.loads(sys.argv[2])):
    sys.argv = ["clearance", *args]
    try:
        main()
    except SystemExit as end:
        code = end.code
    watched = lazy + (("clearance",) if number == 0 else ())
    loaded = sorted(m for m in sys.modules if m in watched or m.startswith(tuple(p + "." for p in watched)))
    print("PROBE", json.dumps([code, loaded]))
"""


def test_a_plain_check_imports_nothing_it_does_not_use(tmp_path):
    # The control: a project whose license is an OR expression needs the parser, and the probe sees it.
    chosen = tmp_path / "choice.yaml"
    chosen.write_text("project: choice\nworks:\n  lib: {type: model, license: MIT OR Apache-2.0}\n"
                      "release: {work: lib, policy: share, form: binary, license: MIT}\n", encoding="utf-8")
    case = ROOT / "examples" / "paper" / "case1a-corpus-combination.yaml"
    calls = [["--version"], ["check", str(case)], ["check", str(chosen)]]
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(LAZY), json.dumps(calls)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    results = [json.loads(line[len("PROBE "):]) for line in done.stdout.splitlines() if line.startswith("PROBE ")]
    assert len(results) == 3, done.stdout + done.stderr
    (version_code, version_loaded), (plain_code, plain_loaded), (choice_code, choice_loaded) = results
    # --version needs neither a command nor the model.
    assert version_code == 0 and done.stdout.startswith("clearance "), done.stdout
    assert not [m for m in version_loaded if m.startswith(("clearance.cli.", "clearance.model"))
                and m != "clearance.cli.output"], version_loaded
    assert plain_code == 1 and "NOT COMPLIANT" in done.stdout, done.stdout + done.stderr
    assert plain_loaded == [], plain_loaded
    assert choice_code == 0, done.stdout + done.stderr
    assert "license_expression" in choice_loaded
