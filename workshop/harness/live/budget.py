"""A budget of what the namespace and its nodes have left, so that concurrent participants queue
for it instead of the scheduler (or the quota) refusing them.

The tutorial's pods ask for real room: a pi job asks for a whole core, the indexed job of the
persistent-storage page for ten pods, the ephemeral-storage pod for 4 GiB of memory. Ten
participants that start such pods at the same time on a small cluster either get part of what
they need and wait for the rest for ever (ten pods must all be Ready before the page's
``kubectl wait`` returns), or are refused by the namespace's ResourceQuota at creation. So
before a snippet creates pods from a manifest, the participant takes what the manifest's
objects need (requests, limits and pods, see ``workshop.workload``) from this budget, waits while
it is not there, and gives it back when the objects are deleted or have finished.

What the budget starts with is the instructors' own measure (``workshop.capacity``):
per resource, the least of the ResourceQuota's hard less used (other tenants' share is gone
already) and the schedulable nodes' allocatable less other pods' requests, where the account may
read nodes. A resource that neither shows is not budgeted: nothing waits for it.

Claims and storage are not queued: a participant keeps them until the end of the session, so a
wait for them would never end. The fit report before the run says when they are short.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from workshop.capacity import amount
from workshop.workload import workloads_of

# What a participant gives back when its pods go: these are worth waiting for.
QUEUED = ("cpu", "memory", "ephemeral-storage", "pods", "limits.cpu", "limits.memory")
RECLAIM_EVERY = 2.0  # seconds between looks for finished Jobs while someone waits


class DoesNotFit(RuntimeError):
    """An object needs more of a resource than the whole budget has: waiting cannot help."""


class WaitedTooLong(RuntimeError):
    """The budget did not free up in time (something holds it for longer than a page takes)."""


def manifest_needs(text: str) -> dict[str, tuple[str, dict[str, float]]]:
    """{object name: (kind, what all its pods at once take)} for the pods and Jobs of a manifest."""
    return {w.template: (w.kind, {r: v for r, v in w.needs().items() if v}) for w in workloads_of(text)}


class Budget:
    def __init__(self, left: dict[str, float], source: dict[str, str] | None = None):
        self.total = {r: v for r, v in left.items() if r in QUEUED}
        self.free = dict(self.total)
        self.source = {r: (source or {}).get(r, "given") for r in self.total}
        self.held: dict[str, dict[str, float]] = {}
        self.waited: list[tuple[str, float]] = []
        # resource -> amount x seconds held, over every hold given back: what the run's pods
        # occupied at their requests (the benchmark's floor divides it by what was offered).
        self.occupied: dict[str, float] = {}
        self._since: dict[str, float] = {}
        self._ended: dict[str, float] = {}  # when a hold was known to be over, before it was given back
        self.kinds: dict[str, str] = {}  # key -> "Pod" or "Job"
        # Holds that end when the cluster says so: Jobs (they finish by themselves) and objects
        # deleted whose pods may still be terminating (a Job's pods go after the Job, and the
        # scheduler counts a terminating pod until it is gone).
        self.ending: set[str] = set()
        self.reclaim: Callable[[str, str], bool] | None = None  # (name, kind) -> are its pods all gone or done?
        self._last_reclaim = 0.0
        self._cond = threading.Condition()

    @classmethod
    def from_capacity(cls, capacity) -> Budget:
        """From a ``workshop.capacity.Capacity`` (what the namespace has left)."""
        return cls(capacity.left, capacity.source)

    def describe(self) -> str:
        if not self.total:
            return "no budget: neither a ResourceQuota nor the nodes show what is left"
        return "; ".join(f"{amount(r, v)} ({self.source[r]})" for r, v in self.total.items())

    def acquire(
        self, key: str, need: dict[str, float], timeout: float, cancelled: threading.Event, kind: str = "Pod"
    ) -> float:
        """Take `need` for `key` (a Pod or a Job of that name), waiting up to `timeout` s for it
        to be free; returns the seconds waited."""
        need = {r: v for r, v in need.items() if r in self.total and v > 0}
        if not need or key in self.held:
            return 0.0
        too_big = [r for r, v in need.items() if v > self.total[r] + 1e-9]
        if too_big:
            raise DoesNotFit(
                f"{kind} {key} needs "
                + ", ".join(
                    f"{amount(r, need[r])} and the namespace has {amount(r, self.total[r])} left ({self.source[r]})"
                    for r in too_big
                )
                + ": not even one participant fits, waiting cannot help"
            )
        started = time.monotonic()
        while True:
            with self._cond:
                if self._fits(need):
                    for r, v in need.items():
                        self.free[r] -= v
                    self.held[key] = need
                    self.kinds[key] = kind
                    self._since[key] = time.monotonic()
                    break
                if cancelled.is_set():
                    return time.monotonic() - started
                if time.monotonic() - started > timeout:
                    raise WaitedTooLong(
                        f"waited {timeout:.0f} s for {kind} {key}'s "
                        + ", ".join(amount(r, v) for r, v in need.items())
                        + "; held now: "
                        + (", ".join(self.held) or "nothing")
                    )
                self._cond.wait(0.5)
                due = self.reclaim is not None and time.monotonic() - self._last_reclaim >= RECLAIM_EVERY
                if due:  # one waiter looks for the whole budget
                    self._last_reclaim = time.monotonic()
                    candidates = [
                        (k, self.kinds.get(k, "Pod"))
                        for k in self.held
                        if k in self.ending or self.kinds.get(k) == "Job"
                    ]
            if due and candidates:
                self._reclaim_finished(candidates)
        waited = time.monotonic() - started
        if waited > 0.5:
            self.waited.append((key, waited))
        return waited

    def _fits(self, need: dict[str, float]) -> bool:
        return all(self.free[r] + 1e-9 >= v for r, v in need.items())

    def _reclaim_finished(self, candidates: list[tuple[str, str]]) -> None:
        """Give back what the cluster no longer holds: a Job whose pods have all finished, a
        deleted object whose pods are gone. The participant that made a Job may itself be the
        one waiting, between two snippets of its page, so nobody else would give it back.
        (Outside the lock: these are API calls.)"""
        reclaim = self.reclaim
        if reclaim is None:
            return
        for key, kind in candidates:
            try:
                over = reclaim(key, kind)
            except Exception:  # noqa: BLE001 - an API hiccup: look again next time
                over = False
            if over:
                self.release(key)

    def release(self, key: str) -> None:
        """Give it back now: the caller knows its pods are gone or finished."""
        with self._cond:
            self._give_back(key)

    def release_when_gone(self, key: str) -> None:
        """Give it back once the cluster shows its pods gone or finished (it was deleted)."""
        with self._cond:
            if key in self.held and key not in self.ending:
                self.ending.add(key)
                self._ended[key] = time.monotonic()
            if self.reclaim is None:
                self._give_back(key)

    def _give_back(self, key: str) -> None:
        self.ending.discard(key)
        self.kinds.pop(key, None)
        need = self.held.pop(key, None)
        if need:
            end = self._ended.pop(key, time.monotonic())
            seconds = end - self._since.pop(key, end)
            for r, v in need.items():
                self.free[r] += v
                self.occupied[r] = self.occupied.get(r, 0.0) + v * seconds
            self._cond.notify_all()
