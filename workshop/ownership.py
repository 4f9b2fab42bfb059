"""Whose is an object, and from which page: the one rule, for the harness and the instructor tools.

Every object the tutorial creates is named by a template of the snippets (``c1-<username>``,
``github-secret-<username>``, read by workshop.workload). An object is username U's when

- its name is exactly a template filled with U (``c1-anna-smith`` is not anna's, nor is
  ``config1-annax``), or
- it is a pod whose ownerReferences name, by UID, a Job that is U's by its name (the Job
  controller's pods ``c3-anna-x7k2q``).

Never by a label: anybody can label a pod ``job-name=c5-anna``. With a list of usernames (a
roster, a run's participants) only those are matched; without one, usernames are found by
matching the templates, which cannot tell ``anna``'s objects from ``anna-smith``'s when both
exist (a roster can).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from workshop import pages as site_pages
from workshop.k8s_names import LABEL_RE
from workshop.kube import kinds
from workshop.placeholders import USERNAME
from workshop.workload import name_templates


@dataclass(frozen=True)
class Owner:
    username: str
    page: str  # slug of the page whose snippets name the object
    template: str  # "c1-<username>"


@lru_cache(maxsize=1)
def _templates() -> dict[str, tuple[str, str]]:
    return name_templates()


class Ownership:
    def __init__(self, usernames: Iterable[str] | None = None):
        self.templates = _templates()
        self.page_order = {p.slug: i for i, p in enumerate(site_pages.pages())}
        self.usernames = list(usernames) if usernames else None
        user = (
            "|".join(re.escape(u) for u in sorted(self.usernames, key=len, reverse=True))
            if self.usernames
            else LABEL_RE.pattern
        )
        self._patterns = [
            (re.compile("^" + re.escape(t).replace(re.escape(USERNAME.token), f"(?P<user>{user})") + "$"), t, page)
            for t, (page, _kind) in self.templates.items()
        ]

    def of_name(self, name: str) -> Owner | None:
        """The owner an object's name gives, if it is a name the tutorial gives."""
        for pattern, template, page in self._patterns:
            match = pattern.match(name)
            if match:
                return Owner(match["user"], page, template)
        return None

    def jobs(self, jobs: Iterable) -> dict[str, Owner]:
        """{UID: owner} of the Jobs (API objects) whose names are the tutorial's."""
        found = {}
        for job in jobs:
            owner = self.of_name(job.metadata.name)
            if owner is not None:
                found[job.metadata.uid] = owner
        return found

    def owner(self, obj, jobs: Mapping[str, Owner] | None = None) -> Owner | None:
        """The owner of an API object: by its name, or a pod by its Job's UID (see jobs())."""
        found = self.of_name(obj.metadata.name)
        if found is not None or not jobs:
            return found
        for ref in obj.metadata.owner_references or []:
            if ref.kind == "Job" and ref.uid in jobs:
                return jobs[ref.uid]
        return None

    def owned(self, snapshot: Mapping[str, list]) -> list[tuple[str, Any, Owner]]:
        """(plural kind, object, owner) of every object of a listing {plural: [objects]} that is owned."""
        jobs = self.jobs(snapshot.get(kinds.JOBS.plural, []))
        found = []
        for kind in kinds.MADE:
            for obj in snapshot.get(kind.plural, []):
                owner = self.owner(obj, jobs)
                if owner is not None:
                    found.append((kind.plural, obj, owner))
        return found

    def names(self) -> set[str]:
        """Every name the tutorial gives the usernames (needs usernames)."""
        return {t.replace(USERNAME.token, u) for t in self.templates for u in self.usernames or []}

    def page_index(self, page: str) -> int:
        return self.page_order.get(page, -1)


def listing(api, namespace: str) -> dict[str, list]:
    """{plural: objects} of every kind the tutorial makes, in the namespace, whoever made them."""
    return {kind.plural: kind.list(api, namespace) for kind in kinds.MADE}


def held_by(api, namespace: str, usernames: list[str]) -> list[str]:
    """'kind/name' of every object in the namespace that is one of the usernames' (see Ownership)."""
    return [f"{kind}/{obj.metadata.name}" for kind, obj, _ in Ownership(usernames).owned(listing(api, namespace))]
