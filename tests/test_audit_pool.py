"""The distinct problems of an audit solved on an executor (clearance/audit/pool.py): worker processes
give the very answers the serial audit gives, so the output is the same bytes."""

from __future__ import annotations

import io

import pytest
from hubforest import hub_dump

from clearance.audit.inputs import read_index
from clearance.audit.pool import executor, solve_all
from clearance.audit.run import Audit
from clearance.audit.summary import Summary
from clearance.render.audit import write_jsonl

SIZE = 400


def _audit(path, kb, solve=None) -> tuple[str, Audit]:
    audit = Audit(read_index([path], kb, None), kb)
    if solve is not None:
        solve(audit)
    out = io.StringIO()
    write_jsonl(audit.results(), Summary(), out)
    return out.getvalue(), audit


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    return hub_dump(tmp_path_factory.mktemp("pool") / "dump.jsonl", SIZE)


def test_worker_processes_give_the_serial_bytes(dump, kb):
    serial, _ = _audit(dump, kb)
    solved = []

    def on_two_workers(audit):
        with executor(2) as pool:
            solved.append(solve_all(audit, pool, chunk=16, in_flight=3))
        assert len(audit.answers) + len(audit.variants) == solved[0]  # all answered before the results stream

    parallel, audit = _audit(dump, kb, on_two_workers)
    assert parallel == serial
    assert 1 < solved[0] < SIZE and audit.timings["solve"] > 0


@pytest.mark.slow
def test_a_dask_cluster_gives_the_serial_bytes(dump, kb):
    distributed = pytest.importorskip("distributed")
    serial, _ = _audit(dump, kb)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        def on_cluster(audit):
            with executor(0, cluster.scheduler_address) as pool:
                solve_all(audit, pool)

        parallel, _ = _audit(dump, kb, on_cluster)
    assert parallel == serial


def test_the_command_with_jobs_writes_the_serial_bytes(dump, tmp_path):
    from typer.testing import CliRunner

    from clearance.cli import app
    runner = CliRunner()
    outputs = []
    for extra in ([], ["--jobs", "2"]):
        out = tmp_path / f"out{len(extra)}.jsonl"
        result = runner.invoke(app, ["audit", str(dump), "--format", "jsonl", "-o", str(out), "-q", *extra])
        assert result.exit_code == 1, result.output  # some repositories are not compliant
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    bad = runner.invoke(app, ["audit", str(dump), "--jobs", "-1"])
    assert bad.exit_code == 2 and "--jobs must be 0 or more" in bad.stderr
