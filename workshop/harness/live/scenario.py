"""A page's live scenario, as its module in tests/live declares it (README: "Adding a tutorial
section"): PAGE, RUNS, scenario(p), and optionally AFTER and KEEPS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workshop.harness.live.participant import Participant


@dataclass
class Scenario:
    """A page's live scenario, from its module in tests/live (see the README's "Adding a
    tutorial section")."""

    page: str  # PAGE: the page's slug
    run: Callable[[Participant], None]  # scenario(p)
    runs: tuple[str, ...]  # RUNS: the snippets it runs, in page order
    after: tuple[str, ...] | str  # AFTER: pages that must have passed first, or "all" (finished)
    keeps: tuple[str, ...]  # KEEPS: objects the page leaves on purpose ('github-secret-<username>')


def declares_scenario(module) -> bool:
    return hasattr(module, "PAGE") and hasattr(module, "scenario")


def scenario_of(module) -> Scenario:
    return Scenario(
        module.PAGE,
        module.scenario,
        tuple(module.RUNS),
        getattr(module, "AFTER", ()),
        tuple(getattr(module, "KEEPS", ())),
    )
