"""The second pass of an audit: each repository's answer, streamed in input order.

Repositories are grouped by their problem key (clearance/audit/problem.py). The first repository
of a key is its representative: its project is built by the card reader's own code
(clearance/audit/lineage.py, `lineage.to_project`) and analysed once, as `clearance check` does
(`clearance.analysis.analyze`). The answer is then given to every repository of the key, each
error's work translated from the representative's lineage to the member's by position."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from typing import NamedTuple

from clearance.audit.dump import Bad
from clearance.audit.index import Index
from clearance.audit.lineage import project_of
from clearance.audit.problem import ALONE, Problems
from clearance.exceptions import ClearanceError, InconclusiveError, InputError
from clearance.model import Project

VERDICTS = ("compliant", "not-compliant", "unknown", "invalid", "inconclusive")
EXIT_CODES = {"compliant": 0, "not-compliant": 1, "unknown": 1, "invalid": 2, "inconclusive": 3}
TYPE_NAMES = {"model": "model", "data": "dataset"}


class Result(NamedTuple):
    """The answer for one repository (docs/audit.md, `clearance.audit/1`). `errors`: (code, work,
    license) of each error, the work being the repository's own upstream id; `suggested`: the
    least-risk license it could have declared instead (None when compliant, or when none would do)."""

    id: str | None
    type: str | None
    verdict: str
    declared: str | None = None
    relation: str | None = None
    family: str | None = None
    errors: tuple[tuple[str, str, str | None], ...] = ()
    suggested: str | None = None
    problem: int | None = None
    message: str | None = None

    def to_json(self) -> dict:
        """The JSON object of this result."""
        data = {"id": self.id, "type": self.type, "verdict": self.verdict, "declared": self.declared,
                "relation": self.relation, "family": self.family,
                "errors": [{"code": code, "work": work, "license": lic} for code, work, lic in self.errors],
                "suggested": self.suggested, "problem": self.problem}
        if self.message is not None:
            data["message"] = self.message
        return data


class Answer(NamedTuple):
    """The analysis of one distinct problem, in positions of its lineage (its suggested license is
    kept apart, by `Problems.suggestion_key`)."""

    verdict: str
    errors: tuple[tuple[str, int, str | None], ...]
    message: str | None = None


class Audit:
    """Answers for every audited row of `index`, under `reading` (None: each project's default)."""

    def __init__(self, index: Index, kb, reading: str | None = None, timeout: float = 60.0,
                 suggest: bool = True) -> None:
        from dataclasses import replace

        from clearance.solver import SolverSettings
        self.index, self.kb, self.reading, self.suggest = index, kb, reading, suggest
        self.settings = SolverSettings(timeout=timeout)
        self._reusing = replace(self.settings, reuse_context=True)
        self.fallbacks = 0  # analyses whose answer in the reused context was not shown the same as a fresh one's
        self.problems = Problems(index, kb)
        self.answers: dict[int, Answer] = {}
        # (problem, order of its lineage's ids) -> the answer of the first row in that order, for the
        # problems whose answers name works (below, `_variant`).
        self.variants: dict[tuple[int, tuple[int, ...]], Answer] = {}
        self._first_orders: dict[int, tuple[int, ...]] = {}  # problem -> its representative's order
        # suggestion key -> the least-risk license of the problems that share it (below, `suggested`).
        self.suggestions: dict[tuple, str | None] = {}
        self.timings = {"group": 0.0, "solve": 0.0}
        self._unknown = _unknown_id(kb)

    def results(self, progress: Callable[[int], None] | None = None) -> Iterator[Result]:
        """Every audited row's result, in input order; `progress` is told how many rows are done."""
        gc.freeze()  # the index is long-lived: keep the collector from rescanning it
        for done, row in enumerate(self.index.order, 1):
            yield self.result(row)
            if progress is not None:
                progress(done)

    def result(self, row: int | Bad) -> Result:
        """The result of one audited row: a node of the index, or a row that could not be read."""
        if isinstance(row, Bad):
            return Result(row.id, TYPE_NAMES.get(row.kind or ""), "invalid", message=f"{row.where()}: {row.message}")
        index = self.index
        started = time.perf_counter()
        problem = self.problems.key(row)
        self.timings["group"] += time.perf_counter() - started
        if problem == ALONE:
            return self._alone(row)
        answer = self._answer(self.answers, problem, self.problems.representative[problem])
        variant = self.variant_of(row, problem, answer)
        if variant is not None:
            answer = self._answer(self.variants, variant, row)
        order = self.problems.orders[row]
        ids = index.ids
        errors = _sorted((code, ids[order[at]], lic) for code, at, lic in answer.errors)  # type: ignore[index]
        return self._result(row, answer.verdict, errors, self.suggested(problem, answer), problem, answer.message)

    def _answer(self, table: dict, key, row: int) -> Answer:
        """`table[key]`, solved from node `row` the first time it is asked for."""
        answer = table.get(key)
        if answer is None:
            started = time.perf_counter()
            answer = table[key] = self._solve(row)
            self.timings["solve"] += time.perf_counter() - started
        return answer

    def needs_suggestion(self, answer: Answer) -> bool:
        """True when a repository with `answer` is told the license it could have declared instead."""
        return self.suggest and answer.verdict == "not-compliant"

    def suggested(self, problem: int, answer: Answer) -> str | None:
        """The least-risk license a repository of `problem` with `answer` could have declared:
        asked once per suggestion key (`Problems.suggestion_key`), of the first problem that needs it."""
        if not self.needs_suggestion(answer):
            return None
        started = time.perf_counter()
        suggested = self._suggestion(problem)
        self.timings["solve"] += time.perf_counter() - started
        return suggested

    def _suggestion(self, problem: int, project: Project | None = None) -> str | None:
        """The least-risk license of `problem`'s suggestion key, asked of `project` (by default,
        the representative's) the first time."""
        key = self.problems.suggestion_key(problem)
        if key not in self.suggestions:
            self.suggestions[key] = self._least_risk(project or self.project(self.problems.representative[problem]))
        return self.suggestions[key]

    def suggestion_rows(self) -> list[tuple[tuple, int]]:
        """(suggestion key, a row to ask it of) of every suggestion the answers so far need and that
        is not known yet, in the order of the problems (a pool asks them before `results()` streams)."""
        needed: dict[tuple, int] = {}
        for problem, answer in [*self.answers.items(), *((key[0], answer) for key, answer in self.variants.items())]:
            if self.needs_suggestion(answer):
                key = self.problems.suggestion_key(problem)
                if key not in self.suggestions:
                    needed.setdefault(key, self.problems.representative[problem])
        return list(needed.items())

    def variant_of(self, row: int, problem: int, answer: Answer) -> tuple[int, tuple[int, ...]] | None:
        """None when the problem's answer serves `row` as it is; else the key of the answer that does.

        Where several works would explain an error equally well (two Llama parents of a merge), the
        analysis names one by the order of the ids (its labels are sorted, its ties broken by id). A
        row whose lineage ids are in another order than the representative's could then name the
        other: its answer is that of the first row of the problem with its order (an analysis of
        its own), so that every answer is the one `clearance check` gives. A compliant answer names
        no work and serves every row."""
        if not answer.errors:
            return None
        order = self._id_order(row)
        first = self._first_orders.get(problem)
        if first is None:
            first = self._first_orders[problem] = self._id_order(self.problems.representative[problem])
        return None if order == first else (problem, order)

    def _id_order(self, row: int) -> tuple[int, ...]:
        """The positions of the lineage of `row`, sorted by their ids (the lineage's order type)."""
        ids, members = self.index.ids, self.problems.orders[row] or ()
        return tuple(sorted(range(len(members)), key=lambda at: ids[members[at]]))

    def variant_rows(self) -> list[tuple[tuple[int, tuple[int, ...]], int]]:
        """(variant, its first row) of every variant the answers so far need and do not hold yet, in
        input order (a pool solves them after the distinct problems, before `results()` streams)."""
        found: dict[tuple[int, tuple[int, ...]], int] = {}
        for row in self.index.order:
            if isinstance(row, Bad):
                continue
            problem = self.problems.key(row)
            answer = self.answers.get(problem) if problem != ALONE else None
            variant = self.variant_of(row, problem, answer) if answer is not None else None
            if variant is not None and variant not in self.variants and variant not in found:
                found[variant] = row
        return list(found.items())

    def _result(self, row: int, verdict: str, errors, suggested, problem, message=None) -> Result:
        index = self.index
        entry = index.entries[row]
        family = self.problems.families[row]
        return Result(index.ids[row], TYPE_NAMES[index.kinds[row]], verdict, self.declared(row),
                      getattr(entry, "activity", None), None if family is None else index.ids[family], errors,
                      suggested, problem, message)

    def declared(self, row: int) -> str | None:
        """The license a repository declares: the knowledge-base ids it resolves to, else as written."""
        entry = self.index.entries[row]
        if entry is None or isinstance(entry, Bad):
            return None
        ids = self.problems.resolved(entry.license, entry.license_name)
        return " OR ".join(ids) if ids else entry.license

    def project(self, row: int) -> Project:
        """The project `clearance check` builds for node `row` (for a lineage picture, say)."""
        return project_of(self.index, row, self.kb, self.reading)

    def distinct(self) -> list[tuple[int, int]]:
        """(problem, representative) of every distinct problem of the audited rows, in the order
        of their first row, and the keys of every row computed (for solving them elsewhere: a pool
        fills `answers[problem]` with `solve(representative)` before `results()` streams)."""
        found: dict[int, int] = {}
        started = time.perf_counter()
        for row in self.index.order:
            if not isinstance(row, Bad):
                problem = self.problems.key(row)
                if problem != ALONE and problem not in found:
                    found[problem] = self.problems.representative[problem]
        self.timings["group"] += time.perf_counter() - started
        return list(found.items())

    def solve(self, representative: int) -> Answer:
        """The answer of the problem whose representative is node `representative` (picklable)."""
        return self._solve(representative)

    def number(self, repo_id: str) -> int | None:
        """The node of `repo_id` in the index (a model first, else a dataset), or None."""
        found = self.index.lookup("model", repo_id)
        return found if found is not None else self.index.lookup("data", repo_id)

    def picture(self, repo_id: str):
        """(project, report) of one repository, as `clearance check` gives them; None when the index
        does not hold it or it cannot be read."""
        from clearance.analysis import analyze
        number = self.number(repo_id)
        if number is None:
            return None
        try:
            project = self.project(number)
            return project, analyze(project, self.kb, self.settings)
        except ClearanceError:
            return None

    def in_positions(self, row: int, verdict: str, errors, message: str | None) -> Answer:
        """The answer of node `row`'s analysis (`_analyse`), each error's work named by its
        position in the lineage of `row`, so that it serves every row of the same problem."""
        order = self.problems.orders[row] or ()
        position = {self.index.ids[member]: at for at, member in enumerate(order)}
        return Answer(verdict, tuple((code, position[work], lic) for code, work, lic in errors), message)

    def _solve(self, representative: int) -> Answer:
        try:
            project = self.project(representative)
        except InputError as error:  # pragma: no cover - a keyed node reaches neither a cycle nor a bad row
            return Answer("invalid", (), str(error))
        answer = self.in_positions(representative, *self._analyse(project))
        problem = self.problems.keys[representative]
        if self.needs_suggestion(answer) and problem is not None:
            self._suggestion(problem, project)  # asked here, of the project at hand
        return answer

    def _alone(self, row: int) -> Result:
        """A node read on its own: it reaches a cycle or a bad row (invalid), or it names one id both
        as a model and as a dataset (analysed by itself)."""
        try:
            project = self.project(row)
        except InputError as error:
            return self._result(row, "invalid", (), None, None, str(error))
        verdict, errors, suggested, message = self.analyse_and_suggest(project)
        return self._result(row, verdict, errors, suggested, None, message)

    def analyse_and_suggest(self, project: Project) -> tuple[str, tuple, str | None, str | None]:
        """(verdict, errors, suggested, message) of `project`: `_analyse`, and the least-risk
        license when a repository with that verdict is told one (`needs_suggestion`)."""
        verdict, errors, message = self._analyse(project)
        wanted = self.needs_suggestion(Answer(verdict, (), message))
        return verdict, errors, self._least_risk(project) if wanted else None, message

    def _analyse(self, project: Project) -> tuple[str, tuple, str | None]:
        """(verdict, errors, message) of `project`, analysed as `clearance check` does: in the z3
        context the process already has, where the analysis shows its answer to be the one a
        fresh context gives (`SolverSettings.reuse_context`), else again in a fresh context, as
        in a fresh `clearance check` process (docs/audit.md, "One context for many analyses")."""
        from clearance.solver import HistoryDependent
        try:
            return self._verdict(project, self._reusing)
        except (HistoryDependent, InconclusiveError):
            self.fallbacks += 1
        try:
            return self._verdict(project, self.settings)
        except InconclusiveError as error:
            return "inconclusive", (), str(error)

    def _verdict(self, project: Project, settings) -> tuple[str, tuple, str | None]:
        """(verdict, errors, message) of `project` analysed under `settings` (`_analyse`)."""
        from clearance.analysis import analyze
        try:
            report = analyze(project, self.kb, settings, findings_when_compliant=False,
                             determinations=False, errors_only=True)
        except InconclusiveError:
            raise  # not an invalid input: `_analyse` decides what it means
        except ClearanceError as error:
            return "invalid", (), str(error)
        if report.compliant:
            return "compliant", (), None
        errors = _sorted((f.code, f.work, f.license) for f in report.findings if f.blocks)
        unknown = bool(errors) and all(lic == self._unknown for _, _, lic in errors)
        return ("unknown" if unknown else "not-compliant"), errors, None

    def _least_risk(self, project: Project) -> str | None:
        """The least-risk license the release could be put under as its lineage stands (`suggest`)."""
        from clearance.graph import ProjectGraph
        from clearance.grouping import group_project
        from clearance.release_licenses import least_risk_release_license
        kb = self.kb.under(project.reading).for_project(project)
        # No fresh context here: the answer is the first license whose check is satisfiable, and
        # whether a check is satisfiable does not depend on the terms made before (cores and
        # models may; they are not read).
        grouping = group_project(project)
        graph = ProjectGraph(grouping.project, kb)
        try:
            return least_risk_release_license(graph, kb, grouping.project.releases[0], self.settings)
        except InconclusiveError:
            return None


def _sorted(errors) -> tuple[tuple[str, str, str | None], ...]:
    """Errors once each, by code, then work, then license: the order `check` sorts its findings in
    (severity, code, work), made total."""
    return tuple(sorted(set(errors), key=lambda error: (error[0], error[1], error[2] or "")))


def _unknown_id(kb) -> str | None:
    from clearance.exceptions import UnknownLicenseError
    try:
        return kb.get("unknown").id
    except UnknownLicenseError:
        return None


_BADNESS = {0: 0, 1: 1, 3: 2, 2: 3}  # as `check` ranks several files: invalid, inconclusive, no, fine


def worse(code: int, verdict: str) -> int:
    """The exit code after one more result: the worst of `code` and the verdict's."""
    other = EXIT_CODES[verdict]
    return other if _BADNESS[other] > _BADNESS[code] else code
