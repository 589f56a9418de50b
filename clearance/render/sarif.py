"""The `sarif` format: a SARIF 2.1.0 log for code scanning (GitHub and others).

One run for the whole invocation, whatever the number of files. Each error,
warning and notice is a result (levels error, warning, note; obligations and
restrictions are not problems and are left to the other formats) located where
its causing work is declared: the project file exactly as given on the command
line, or the card or BOM file the work was read from. Waived findings carry a
suppression with the waiver's reason."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from clearance import __version__
from clearance.findings import SEVERITY_OF
from clearance.model import Project
from clearance.render import RenderOptions, Run
from clearance.render.codes import text_of
from clearance.render.escape import json_text
from clearance.waivers import waiver_of

SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "notice": "note"}


def _rule(code: str) -> dict:
    words = text_of(code)
    return {"id": code, "name": "".join(part.title() for part in code.split("-")),
            "shortDescription": {"text": words.short}, "fullDescription": {"text": words.full},
            "help": {"text": words.help},
            "defaultConfiguration": {"level": LEVELS.get(SEVERITY_OF.get(code, "warning"), "note")}}


def _fingerprint(*parts: str | None) -> str:
    return hashlib.sha256("\0".join(part or "" for part in parts).encode("utf-8")).hexdigest()


def _uri(path: str) -> str:
    """The path as given, as a URI reference: unchanged unless it holds characters a URI cannot (a space)."""
    return quote(path.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def _location(run: Run, work: str, line: int | None = None, column: int | None = None) -> dict:
    """Where `work` is declared: its card or BOM file when it came from one, else the project file."""
    project: Project = run.project
    node = project.works.get(work) or project.steps.get(work)
    uri = run.source
    if line is None and node is not None:
        origin = getattr(node, "origin", None)
        if origin is not None and origin.path:
            uri, line, column = origin.path, origin.line, None
        else:
            line, column = node.line, node.column
    physical: dict = {"artifactLocation": {"uri": _uri(uri)}}
    if line:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
    return {"physicalLocation": physical, "logicalLocations": [{"name": work, "kind": "member"}]}


def _result(rules: dict[str, int], code: str, severity: str, message: str, location: dict,
            fingerprint: str, properties: dict, waiver=None) -> dict:
    rules.setdefault(code, len(rules))
    result = {"ruleId": code, "level": LEVELS[severity], "message": {"text": message},
              "locations": [location], "partialFingerprints": {"clearance/v1": fingerprint},
              "properties": properties}
    if waiver is not None:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": waiver.reason}]
    return result


def _check_results(run: Run, rules: dict[str, int]) -> list[dict]:
    results = []
    for finding in run.result.findings:
        if finding.severity not in LEVELS:
            continue
        about = waiver_of(finding, run.project)
        location = _location(run, finding.work, *((about.line, about.column) if about else ()))
        properties = {"release": finding.release, "work": finding.work, "license": finding.license,
                      "path": list(finding.path), "because": list(finding.because)}
        if finding.group:
            properties["group"] = list(finding.group)
        results.append(_result(rules, finding.code, finding.severity, finding.message, location,
                               _fingerprint(run.source, finding.code, finding.release, finding.work, finding.right,
                                            finding.activity, finding.at),
                               properties, finding.waiver))
    return results


def _explain_results(run: Run, rules: dict[str, int]) -> list[dict]:
    results = []
    for item in run.result:
        for conflict in item.conflicts:
            properties = {"release": conflict.release, "work": conflict.work, "license": conflict.license,
                          "because": list(conflict.because), "constraints": list(conflict.labels)}
            results.append(_result(rules, conflict.code, "error", conflict.message, _location(run, conflict.work),
                                   _fingerprint(run.source, conflict.code, conflict.release, conflict.work,
                                                *conflict.labels),
                                   properties))
    return results


def _log(runs: list[Run], results_of) -> str:
    rules: dict[str, int] = {}
    results = []
    for run in runs:
        results.extend(results_of(run, rules))
    order = sorted(rules)
    index = {code: number for number, code in enumerate(order)}
    for result in results:
        result["ruleIndex"] = index[result["ruleId"]]
    artifacts = sorted({loc["physicalLocation"]["artifactLocation"]["uri"] for r in results for loc in r["locations"]}
                       | {_uri(run.source) for run in runs})
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "clearance", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(code) for code in order]}},
            "artifacts": [{"location": {"uri": uri}} for uri in artifacts],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_text(json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def check(runs: list[Run], options: RenderOptions) -> str:
    """The findings of `check` as one SARIF run."""
    return _log(runs, _check_results)


def explain(runs: list[Run], options: RenderOptions) -> str:
    """The conflicts of `explain` as one SARIF run (every conflict is an error)."""
    return _log(runs, _explain_results)
