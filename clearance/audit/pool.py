"""The distinct problems of an audit solved in parallel, before the results stream: the path beyond
one process (docs/benchmarks.md, "Hub audit", and issue 17 item 5).

Grouping stays where it is (one pass over the index, in the parent, in input order, so problem
numbers are those a serial audit gives); each distinct problem's project is built in the parent and
sent, in chunks, to an executor: any `concurrent.futures.Executor`. Locally that is a
`ProcessPoolExecutor` (`clearance audit --jobs N`); on a cluster, Dask distributed's
`Client(address).get_executor()` (`--scheduler ADDRESS`, `pip install 'clearance[cluster]'`): no
scheduler of our own. A worker analyses each project exactly as the serial audit does
(`Audit._analyse`, with a knowledge base it loads once) and sends back what it found; the parent
maps each error's work to its position in the lineage, as `Audit._solve` does. The answers are the
serial ones, so the output is the same bytes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from pathlib import Path

CHUNK = 128  # problems per task: a task is ~100 ms to seconds of solving
_WORKERS: dict[tuple, object] = {}  # per worker process: an Audit over no index, for its `_analyse`


def _worker_audit(licenses: str | None, reading: str | None, timeout: float, suggest: bool):
    key = (licenses, reading, timeout, suggest)
    if key not in _WORKERS:
        from clearance.audit.index import Index
        from clearance.audit.run import Audit
        from clearance.cli.common import knowledge_base
        kb = knowledge_base(Path(licenses) if licenses else None)
        _WORKERS[key] = Audit(Index(kb), kb, reading, timeout, suggest)
    return _WORKERS[key]


def solve_chunk(projects: list, licenses: str | None, reading: str | None, timeout: float,
                suggest: bool, asking: list[bool] | None = None) -> tuple[list[tuple], int]:
    """In a worker: (verdict, errors, message, suggested) of each project, as the serial audit
    finds them, and how many of them were analysed again in a fresh context (`Audit.fallbacks`).
    The least-risk license is asked of the projects `asking` names, when their answer
    needs one (`Audit.analyse_and_suggest`), else it is None: the parent asks each suggestion
    key of the first problem that has it, here, and any it still needs apart (`suggest_chunk`)."""
    audit = _worker_audit(licenses, reading, timeout, suggest)
    fallbacks = audit.fallbacks
    found = []
    for project, ask in zip(projects, asking or [False] * len(projects), strict=True):
        if ask:
            verdict, errors, suggested, message = audit.analyse_and_suggest(project)
        else:
            (verdict, errors, message), suggested = audit._analyse(project), None
        found.append((verdict, errors, message, suggested))
    return found, audit.fallbacks - fallbacks


def suggest_chunk(projects: list, licenses: str | None, reading: str | None, timeout: float,
                  suggest: bool) -> list[str | None]:
    """In a worker: the least-risk license of each project's release (`Audit._least_risk`)."""
    audit = _worker_audit(licenses, reading, timeout, suggest)
    return [audit._least_risk(project) for project in projects]


def _chunks(audit, work: list[tuple[object, int]], size: int) -> Iterator[tuple[list[tuple[object, int]], list]]:
    """((key, row) pairs, the rows' projects), `size` at a time."""
    from clearance.exceptions import InputError
    for start in range(0, len(work), size):
        keyed, projects = [], []
        for key, row in work[start:start + size]:
            try:
                projects.append(audit.project(row))
            except InputError:  # pragma: no cover - left to the serial path, which reports it
                continue
            keyed.append((key, row))
        yield keyed, projects


def _store(audit, into: dict, keyed: list[tuple[object, int]], solved: tuple[list[tuple], int],
           asking=frozenset()) -> None:
    found, fallbacks = solved
    audit.fallbacks += fallbacks  # the worker's, so that the audit counts them as a serial one does
    for (key, row), (verdict, errors, message, suggested) in zip(keyed, found, strict=True):
        into[key] = answer = audit.in_positions(row, verdict, errors, message)
        if key in asking and audit.needs_suggestion(answer):
            audit.suggestions[audit.problems.suggestion_key(key)] = suggested


def _store_suggestions(audit, into: dict, keyed: list[tuple[object, int]], found: list, asking=frozenset()) -> None:
    for (key, _), suggested in zip(keyed, found, strict=True):
        into[key] = suggested


def _solve_on(executor: Executor, audit, work: list[tuple[object, int]], into: dict, settings: tuple, chunk: int,
              in_flight: int, task=solve_chunk, store=_store, asking: frozenset[int] = frozenset()) -> None:
    """Answer each (key, row) of `work` on `executor` into `into[key]` (`task` in the workers,
    `store` here), at most `in_flight` chunks queued; the keys in `asking` also ask their
    suggestion (`solve_chunk`)."""
    pending: dict[Future, list[tuple[object, int]]] = {}
    for keyed, projects in _chunks(audit, work, chunk):
        while len(pending) >= in_flight:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                store(audit, into, pending.pop(future), future.result(), asking)
        flags = [[key in asking for key, _ in keyed]] if asking else []
        pending[executor.submit(task, projects, *settings, *flags)] = keyed
    for future in list(pending):
        store(audit, into, pending.pop(future), future.result(), asking)


def solve_all(audit, executor: Executor, licenses: str | None = None, chunk: int = CHUNK,
              in_flight: int = 8) -> int:
    """Answer every distinct problem of `audit` on `executor`, then every variant of them that rows
    whose ids are in another order need (`Audit.variant_of`), then each suggested license the
    answers need (`Audit.suggestion_rows`), at most `in_flight` chunks queued at a time (memory
    stays bounded); `licenses` is the knowledge-base folder the workers load (None: the shipped
    one). Returns how many analyses were made (suggestions not counted)."""
    distinct = [(number, rep) for number, rep in audit.distinct() if number not in audit.answers]
    started = time.perf_counter()
    settings = (licenses, audit.reading, audit.settings.timeout, audit.suggest)
    asking = _first_of_each_suggestion(audit, distinct) if audit.suggest else frozenset()
    _solve_on(executor, audit, distinct, audit.answers, settings, chunk, in_flight, asking=asking)
    variants = audit.variant_rows()
    _solve_on(executor, audit, variants, audit.variants, settings, chunk, in_flight)
    _solve_on(executor, audit, audit.suggestion_rows(), audit.suggestions, settings, chunk, in_flight,
              suggest_chunk, _store_suggestions)
    audit.timings["solve"] += time.perf_counter() - started
    return len(distinct) + len(variants)


def _first_of_each_suggestion(audit, distinct: list[tuple[int, int]]) -> frozenset[int]:
    """The problems of `distinct` that are the first with their suggestion key (of the keys not
    known yet): their workers ask the key's least-risk license with the analysis, when the answer
    needs one, of the project they already have. Which problem of a key asks it does not change
    it (`Problems.suggestion_key`)."""
    first: dict[tuple, int] = {}
    for problem, _ in distinct:
        key = audit.problems.suggestion_key(problem)
        if key not in audit.suggestions:
            first.setdefault(key, problem)
    return frozenset(first.values())


@contextmanager
def executor(jobs: int, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor the distinct problems run on: Dask distributed's, for the scheduler at
    `scheduler` (an address, `tcp://host:8786`), else `jobs` local worker processes. Workers
    start from a fresh interpreter (forkserver), not a copy of the audit's index."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            from clearance.exceptions import InputError
            raise InputError("--scheduler needs Dask distributed", hint="pip install 'clearance[cluster]'") from None
        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("forkserver")) as pool:
        yield pool
