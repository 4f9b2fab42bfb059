"""The participants at work: every (page, participant) scenario is a task in one thread pool.

Pages are independent unless a scenario says otherwise with ``AFTER`` (communicating-between-
containers uses the secret of using-a-secret; the end-of-session cleanup comes after all pages of
the same participant): a task waits for the pages it stands on, and is skipped when one failed.
Each page ends with two checks of its own: it ran every block the page shows as often as the
page shows it, and it left nothing but what it says to keep. A page that fails deletes what it
made at once, so that its failure does not show up again as leftovers on a later page.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor

from workshop.harness.live.participant import Participant, ScenarioFailure
from workshop.harness.live.report import Step
from workshop.harness.live.scenario import Scenario
from workshop.harness.live.session import Session
from workshop.harness.live.waits import Cancelled
from workshop.harness.static.inventory import Inventory


class Skipped(Exception):
    pass


class Schedule:
    def __init__(self, session: Session, inventory: Inventory, usernames: list[str], workers: int | None = None):
        self.session = session
        self.inventory = inventory
        self.usernames = usernames
        self.workers = workers
        self.scenarios: dict[str, Scenario] = {}
        self.futures: dict[tuple[str, str], Future] = {}
        self.pool: ThreadPoolExecutor | None = None

    def start(self, scenarios: list[Scenario]) -> None:
        order = {page: i for i, page in enumerate(self.inventory.pages)}
        scenarios = sorted(scenarios, key=lambda s: order.get(s.page, 999))
        self.scenarios = {s.page: s for s in scenarios}
        workers = self.workers or max(1, len(scenarios) * len(self.usernames))
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wk-scenario")
        for scenario in scenarios:  # page order, so a task's dependencies are queued first
            for username in self.usernames:
                self.futures[(scenario.page, username)] = self.pool.submit(self._task, scenario, username)

    def done(self) -> bool:
        return all(f.done() for f in self.futures.values())

    def stop(self) -> None:
        """Wait for the tasks (the run cancelled them first if it had to); queued ones never start."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _task(self, scenario: Scenario, username: str) -> None:
        threading.current_thread().name = f"{scenario.page}:{username}"
        meeting, records = self.session.meeting, self.session.records
        deps = [s for s in self.scenarios if s != scenario.page] if scenario.after == "all" else list(scenario.after)
        kept: list[str] = []  # what the pages before this one left on purpose, for this participant
        for dep in deps:
            future = self.futures.get((dep, username))
            if future is None:
                continue
            try:
                future.result()
                kept += self.scenarios[dep].keeps
            except Exception as error:  # noqa: BLE001
                if scenario.after != "all":
                    meeting.abandon(scenario.page, username)
                    raise Skipped(f"needs page {dep!r} to pass for {username} first ({type(error).__name__})") from None
        p = Participant(self.session, scenario.page, username, scenario.runs, kept_before=tuple(kept))
        p.book.doing("starts the page")
        started = time.monotonic()
        ok = False
        try:
            scenario.run(p)
            self._check_ran_as_shown(p, scenario)
            self._check_page_kept(p, scenario)
            self._check_page_left_nothing(p, scenario)
            ok = True
        except BaseException as error:
            meeting.abandon(scenario.page, username)
            discarded = self._discard_page_objects(p, scenario)
            if discarded:
                error.add_note(
                    f"  after the failure the harness deleted what the page had made: {', '.join(discarded)}"
                )
            raise
        finally:
            p.book.release_all()
            records.record(Step(scenario.page, username, "scenario", scenario.page, time.monotonic() - started, ok))

    def _check_ran_as_shown(self, p: Participant, scenario: Scenario) -> None:
        ran = self.session.records.ran_on(scenario.page, p.username)
        missing = [s for s in scenario.runs if not ran.get(s)]
        if missing:
            raise ScenarioFailure(f"[{scenario.page} as {p.username}] declared in RUNS but never run: {missing}")
        shown = self.inventory.occurrences(scenario.page)
        short = {s: f"ran {ran.get(s, 0)}x, page shows it {n}x" for s, n in shown.items() if ran.get(s, 0) < n}
        if short:
            raise ScenarioFailure(
                f"[{scenario.page} as {p.username}] the scenario skips blocks the page shows: {short}"
            )

    def _check_page_kept(self, p: Participant, scenario: Scenario) -> None:
        """What the page says it leaves for later pages (KEEPS) is there when it ends, as the very
        object it made: a page whose cleanup deletes it fails here, not the later page."""
        for template in scenario.keeps:
            name = p.name(template)
            with p.check(f"the page leaves {name} for the pages after it (its KEEPS)"):
                recorded = p.book.recorded.get(name)
                assert recorded is not None, f"the page never made {name}"
                assert p.session.ledger.left([recorded]), f"{name} is gone when the page ends"

    def _check_page_left_nothing(self, p: Participant, scenario: Scenario) -> None:
        with p.check("the page ends by deleting what it made: only what it says to keep is left"), p.book.hastening():
            p.wait("the page's objects to be gone", lambda: not p.left_of_this_page(scenario.keeps), timeout=90)

    def _discard_page_objects(self, p: Participant, scenario: Scenario) -> list[str]:
        """A failed page stopped half-way: delete what it made (but what it keeps for later
        pages), so that the failure stays on this page instead of showing up again as leftovers
        on the end-of-session cleanup page. Best effort: the run's final cleanup is the backstop.
        Returns what it deleted."""
        if self.session.cancelled.is_set():
            return []  # the run's close() deletes everything anyway
        deleted: list[str] = []
        with contextlib.suppress(Exception):
            deadline = time.monotonic() + 90
            while (left := p.page_objects_left(scenario.keeps)) and time.monotonic() < deadline:
                self.session.ledger.delete(left)
                deleted += [item.ref for item in left if item.ref not in deleted]
                time.sleep(1)
        return deleted

    def result(self, page: str) -> tuple[list[str], list[str]]:
        """(failures, skips) of one page over all participants; waits for them."""
        failures, skips = [], []
        for username in self.usernames:
            future = self.futures.get((page, username))
            if future is None:
                continue
            try:
                future.result()
            except Skipped as why:
                skips.append(f"{username}: {why}")
            except (AssertionError, ScenarioFailure) as error:
                failures.append("\n".join([str(error), *getattr(error, "__notes__", ())]))
            except Cancelled:
                failures.append(f"{username}: cancelled")
            except Exception as error:  # noqa: BLE001 - a bug in a scenario is a failure, with its type
                failures.append(
                    f"[{page} as {username}] {type(error).__name__}: {error}\n"
                    + "".join(traceback.format_exception(error)[-6:])
                )
        return failures, skips
