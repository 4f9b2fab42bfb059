"""pytest glue of the live tier: options, the session's LiveRun, one test per page.

A page's test module (tests/live/test_<slug>.py) defines PAGE, RUNS, optionally AFTER and
KEEPS, a ``scenario(p)`` function and ``def test_<slug>(live): live.check(PAGE)``. The first
live test to run starts the scenarios of every collected page, for every participant, at
once; each test then waits for its own page and reports its failures.

With no kubeconfig the live tests are skipped ("no cluster: run cluster/up or make test"),
except when CI=true: there a missing cluster is a failure.
"""
from __future__ import annotations

import os
import signal
import threading

import pytest

from workshop.harness import inventory, options
from workshop.harness.live import LiveRun, scenario_of

NO_CLUSTER = "no cluster: run cluster/up or make test"


def pytest_addoption(parser):
    options.add_options(parser)


def selected_scenario_modules(items) -> list:
    """Modules of the selected page tests (after -k/-m deselection), each once."""
    modules = []
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and hasattr(module, "scenario") and hasattr(module, "PAGE") and module not in modules:
            modules.append(module)
    return modules


class Live:
    """What a page's test sees: check(page) waits for that page's scenarios."""

    def __init__(self, run: LiveRun):
        self.run = run

    def check(self, page: str) -> None:
        failures, skips = self.run.result(page)
        if failures:
            pytest.fail(f"{len(failures)} of {len(self.run.usernames)} participants failed on page {page}:\n\n"
                        + "\n\n".join(failures), pytrace=False)
        if skips and len(skips) == len(self.run.usernames):
            pytest.skip("; ".join(skips))
        if skips:
            pytest.fail("some participants could not run the page:\n" + "\n".join(skips), pytrace=False)


def _terminate_like_ctrl_c(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def live(request) -> Live:
    settings = options.settings(request.config)
    if not settings.kubeconfig:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{NO_CLUSTER} (CI=true: the live tier must run in CI)", pytrace=False)
        pytest.skip(NO_CLUSTER)
    inv = inventory.load()
    if inv.problems:
        pytest.fail("the snippet inventory has problems (see tests/static):\n" + "\n".join(inv.problems), pytrace=False)
    run = LiveRun(settings, inv)
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate_like_ctrl_c)  # SIGTERM cleans up like Ctrl-C

    def finish():
        problems = run.close()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)

    request.addfinalizer(finish)
    run.open()
    run.start([scenario_of(m) for m in selected_scenario_modules(request.session.items)])
    return Live(run)
