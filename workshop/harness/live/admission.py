"""Before a live run starts: does the tutorial fit this many participants in what the namespace
has left, and which page will make them queue?

The instructor asks the same question of the teaching cluster with ``workshop plan``; the
preflight answers it with that very plan, so that the two never disagree. What cannot wait is
refused here, before any participant starts, with the page, the object and the resource:

- a page that not even one participant fits: one of its objects alone needs more than the
  namespace has left (when only the page's peak is more, its Jobs wait for each other: the Job
  controller retries a pod the quota refuses),
- claims or storage for fewer participants than the run has (kept until the end of the
  session: nobody would ever free them, so the others' would be refused by the quota),
- a pod or claim that a LimitRange refuses outright.

What can wait is said, and the budget (see capacity) makes the participants queue for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.capacity import HELD, UNITS, Capacity, Plan, amount, capacity_from_cluster, make_plan
from workshop.kube.connection import Connection
from workshop.workload import page_loads


class DoesNotFit(RuntimeError):
    """The tutorial cannot run for these participants here; the message says what to change."""


@dataclass
class Fit:
    capacity: Capacity
    plan: Plan
    lines: list[str]  # what to tell the instructor before the run


def _largest(load, resource: str) -> str:
    """The object of the page that takes most of the resource: what the failure names."""
    if resource in ("persistentvolumeclaims", "requests.storage"):
        claims = load.claims_held or load.claims
        return max(claims, key=lambda c: c.storage).template if claims else "(a claim)"
    if not load.workloads:
        return "(a pod)"
    return max(load.workloads, key=lambda w: w.needs().get(resource, 0.0)).template


def _largest_need(load, resource: str) -> float:
    """The most of the resource that one object of the page needs on its own."""
    return max((w.needs().get(resource, 0.0) for w in load.workloads), default=0.0)


def _shortage(plan: Plan, row, load, resource: str) -> str:
    left, unit = plan.capacity.left.get(resource, 0.0), UNITS[resource]
    return (
        f"{resource}: {_largest(load, resource)} and the rest of the page need "
        f"{amount(resource, row.per_participant[resource], bare=True)} {unit} per participant and the namespace has "
        f"{amount(resource, left, bare=True)} {unit} left ({plan.capacity.source.get(resource, '?')})"
    )


def check(api, namespace: str, participants: int, pages: list[str] | None = None) -> Fit:
    """The fit report for `participants` at once, on the pages that will run (default: all);
    raises DoesNotFit when waiting cannot help."""
    capacity = capacity_from_cluster(Connection(api, namespace))
    plan = make_plan(participants, capacity)
    loads = {load.page: load for load in page_loads()}  # read once: every page's snippets
    if pages is not None:
        plan.rows = [row for row in plan.rows if row.page in pages]
    lines = [f"not checked: {note}" for note in capacity.notes]
    refusals = []
    held_said: set[str] = set()  # a claim short on its first page is short on every later one
    for row in plan.rows:
        refusals += [f"page {row.page!r}: {text}" for text in row.refused]
        if row.fits == 0:
            for r in (r for r in row.short if row.per_participant.get(r, 0) > plan.capacity.left.get(r, 0)):
                if _largest_need(loads[row.page], r) > plan.capacity.left.get(r, 0) or r in HELD:
                    refusals.append(
                        f"page {row.page!r} does not fit even one participant in {namespace}: "
                        + _shortage(plan, row, loads[row.page], r)
                    )
                else:  # each object fits alone: the page's Jobs wait for each other, as on the cluster
                    lines.append(
                        f"page {row.page!r}: one participant's objects at the page's peak need more {r} "
                        "than is left; they run one after the other"
                    )
        elif row.fits is not None and row.fits < participants:
            held = [r for r in row.short if r in HELD and r not in held_said]
            held_said.update(held)
            refusals += [
                f"page {row.page!r}: only {row.fits} of {participants} participants get their {r} "
                "(kept until the end of the session, so nobody frees any): " + _shortage(plan, row, loads[row.page], r)
                for r in held
            ]
            queued = [r for r in row.short if r not in HELD]
            if queued:
                lines.append(
                    f"page {row.page!r} fits {row.fits} of {participants} participants at once (short of "
                    f"{', '.join(queued)}): the others queue"
                )
    if refusals:
        raise DoesNotFit(
            "the tutorial does not fit here; use fewer participants or ask for a larger quota:\n  "
            + "\n  ".join(refusals)
        )
    if not any(line.startswith("page ") for line in lines):
        limited = min((row.fits for row in plan.rows if row.fits is not None), default=None)
        lines.append(
            f"the tutorial fits {participants} participants at once"
            + ("" if limited is None else f" (up to {limited} without waiting)")
        )
    return Fit(capacity, plan, lines)
