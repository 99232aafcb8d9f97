"""Where the sandboxes run: the local default, and the choice of a Dask cluster (no cluster started here)."""

import os

from autograder import runs


def test_this_machine_runs_one_more_sandbox_than_it_has_cores(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    local = runs.runner()
    assert isinstance(local, runs.ThreadRuns) and local.workers == (os.cpu_count() or 1) + 1


def test_workers_given_are_the_workers_used(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    assert runs.runner(workers=1).workers == 1


def test_a_scheduler_address_sends_the_sandboxes_to_dask(monkeypatch):
    """Negative twin of the local default: an address (given, or from the environment) means Dask."""
    assert isinstance(runs.runner(scheduler="tcp://127.0.0.1:1"), runs.DaskRuns)
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:1")
    assert isinstance(runs.runner(), runs.DaskRuns)
