"""pytest glue of the live tier: options, the session's LiveRun, one test per page.

A page's scenario module (tests/live/test_<slug>.py) defines PAGE, RUNS, optionally AFTER and
KEEPS, and a ``scenario(p)`` function; this plugin makes its test, ``test_<slug>``, the way
Sybil's pytest integration makes items for a document's examples: a module cannot forget it.
A module of tests/live that has one of PAGE and ``scenario`` but not the other fails.
The first page test to run starts the scenarios of every collected page, for every
participant, at once; each test then waits for its own page and reports its failures.

With no kubeconfig the live tests are skipped ("no cluster: run cluster/kind/up or make test"),
except when CI=true: there a missing cluster is a failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from workshop.harness import options
from workshop.harness.live import findings, report
from workshop.harness.live.run import LiveRun
from workshop.harness.live.scenario import declares_scenario, scenario_of
from workshop.harness.static import inventory
from workshop.paths import LIVE_TESTS, REPORTS
from workshop.testenv import in_ci

NO_CLUSTER = "no cluster: run cluster/kind/up or make test"


def pytest_addoption(parser):
    options.add_options(parser)


def test_name(page: str) -> str:
    return "test_" + page.replace("-", "_")


def _page_test(page: str):
    def test(live):
        live.check(page)

    test.__name__ = test.__qualname__ = test_name(page)
    test.__doc__ = f"Page {page!r}, run by every participant of the live run."
    return test


class ScenarioModule(pytest.Module):
    """A module of tests/live: its page's test is made here, not written in the module."""

    def collect(self):
        module = self.obj
        has_page, has_scenario = hasattr(module, "PAGE"), hasattr(module, "scenario")
        if has_page != has_scenario:
            missing = "scenario(p)" if has_page else "PAGE"
            raise self.CollectError(
                f"{self.path.name}: a page's live module needs both PAGE and scenario(p); "
                f"{missing} is missing, so the page would never run"
            )
        if has_page:
            name = test_name(module.PAGE)
            if name in vars(module):
                raise self.CollectError(
                    f"{self.path.name}: defines {name} itself; remove it, the harness makes "
                    "each page's test from PAGE and scenario(p)"
                )
            setattr(module, name, _page_test(module.PAGE))
        return super().collect()


def is_scenario_file(path: Path) -> bool:
    """tests/live/test_*.py: of this checkout, or of any project laid out the same way."""
    return (
        path.name.startswith("test_")
        and path.parent.name == LIVE_TESTS.name
        and path.parent.parent.name == LIVE_TESTS.parent.name
    )


def pytest_pycollect_makemodule(module_path: Path, parent):
    if is_scenario_file(module_path):
        return ScenarioModule.from_parent(parent, path=module_path)
    return None


def selected_scenario_modules(items) -> list:
    """Modules of the selected page tests (after -k/-m deselection), each once."""
    modules = []
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and declares_scenario(module) and module not in modules:
            modules.append(module)
    return modules


class Live:
    """What a page's test sees: check(page) waits for that page's scenarios. It keeps each page's
    verdict and where its failures are (live/findings), for the annotations and the summary."""

    def __init__(self, run: LiveRun, tell):
        self.run = run
        self.tell = tell
        self.verdicts: dict[str, str] = {}
        self.failures: dict[str, list[tuple[str, list[findings.Place]]]] = {}
        self.fit_lines: list[str] = []
        self.annotations: list[str] = []  # GitHub workflow commands, printed at the end (whole lines)

    def check(self, page: str) -> None:
        failures, skips = self.run.result(page)
        self.verdicts[page] = (
            "failed"
            if failures or (skips and len(skips) < len(self.run.usernames))
            else ("skipped" if skips else "passed")
        )
        for failure in failures:
            places = findings.places(page, failure, self.run.inventory)
            self.failures.setdefault(page, []).append((failure, places))
            self.annotations += [place.annotation(page, failure) for place in places]
        if failures:
            pytest.fail(
                f"{len(failures)} of {len(self.run.usernames)} participants failed on page {page}:\n\n"
                + "\n\n".join(failures),
                pytrace=False,
            )
        if skips and len(skips) == len(self.run.usernames):
            pytest.skip("; ".join(skips))
        if skips:
            pytest.fail("some participants could not run the page:\n" + "\n".join(skips), pytrace=False)


def pytest_terminal_summary(terminalreporter, config):
    """Under GitHub Actions, each failure's places as workflow annotations, each on a line of its
    own (a workflow command must start its line: not after pytest's progress characters)."""
    live = getattr(config, "_workshop_live", None)
    if live is not None and in_github_actions():
        for annotation in live.annotations:
            terminalreporter.write_line(annotation)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def write_summary(live: Live) -> None:
    """reports/summary.md, and the job summary under GitHub Actions."""
    selection = os.environ.get("WORKSHOP_SELECTION")
    text = report.write_summary(
        live.verdicts,
        live.run.records.steps,
        live.failures,
        live.fit_lines,
        Path(selection).read_text(encoding="utf-8") if selection and Path(selection).is_file() else None,
        REPORTS / "summary.md",
    )
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(text)


def _terminate_like_ctrl_c(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def live(request) -> Live:
    settings = options.settings(request.config)
    if not settings.kubeconfig:
        if in_ci():
            pytest.fail(f"{NO_CLUSTER} (CI=true: the live tier must run in CI)", pytrace=False)
        pytest.skip(NO_CLUSTER)
    inv = inventory.load()
    if inv.problems:
        pytest.fail(
            "the snippet inventory has problems (see tests/static):\n" + "\n".join(inv.problems),
            pytrace=False,
        )
    run = LiveRun(settings, inv)
    capture = request.config.pluginmanager.getplugin("capturemanager")

    said: list[str] = []

    def tell(line: str, stream: str = "stderr") -> None:  # for the person running the tests: never captured
        if line.startswith("live run: "):
            said.append(line.removeprefix("live run: "))
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            # The stream as it is with the capture suspended (not pytest's capturing one).
            print(line, file=getattr(sys, stream), flush=True)

    run.tell = tell
    live = Live(run, tell)
    live.fit_lines = said
    request.config._workshop_live = live
    previous = {}
    if threading.current_thread() is threading.main_thread():
        # SIGTERM and SIGHUP (a closed terminal) clean up like Ctrl-C; during the cleanup a second
        # one stops the waiting (LiveRun.close).
        previous = {s: signal.signal(s, _terminate_like_ctrl_c) for s in (signal.SIGTERM, signal.SIGHUP)}

    def finish():
        problems = run.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if run.reports:
            write_summary(live)
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)

    request.addfinalizer(finish)
    scenarios = [scenario_of(m) for m in selected_scenario_modules(request.session.items)]
    try:
        run.open(pages=[s.page for s in scenarios])
        refused = None
    except RuntimeError as error:  # the run's own refusals say what to do: no traceback
        refused = error
    if refused:
        pytest.fail(f"the live run did not start: {refused}", pytrace=False)
    run.start(scenarios)
    return live
