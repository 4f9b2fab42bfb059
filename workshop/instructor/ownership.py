"""Whose is an object, and from which page: its name against the names the tutorial gives.

Every object the tutorial creates is named by a template of the snippets (``c1-<username>``,
``github-secret-<username>``); a Job's pods carry the Job's name in their ``job-name`` label.
With a roster, an object is a participant's only when its name is exactly a template filled
with that username: ``c1-anna-smith`` is not anna's. Without a roster the usernames are found
by matching the templates, which cannot tell ``anna`` from ``anna-smith``'s objects apart when
both exist; a roster can.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from workshop import pages as site_pages
from workshop.workload import name_templates
from workshop.placeholders import USERNAME

_USER = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"


@dataclass(frozen=True)
class Owner:
    username: str
    page: str       # slug of the page whose snippets name the object
    template: str   # "c1-<username>"


class Ownership:
    def __init__(self, usernames: list[str] | None = None):
        self.templates = name_templates()
        self.page_order = {p.slug: i for i, p in enumerate(site_pages.pages())}
        self.usernames = list(usernames) if usernames else None
        user = "|".join(re.escape(u) for u in sorted(self.usernames, key=len, reverse=True)) \
            if self.usernames else _USER
        self._patterns = [
            (re.compile("^" + re.escape(t).replace(re.escape(USERNAME.token), f"(?P<user>{user})") + "$"), t, page)
            for t, (page, _kind) in self.templates.items()
        ]

    def owner(self, name: str, labels: dict[str, str] | None = None) -> Owner | None:
        """The owner of an object by its name (a pod of a Job: by its job-name label)."""
        job = (labels or {}).get("job-name")
        for candidate in ([job] if job else []) + [name]:
            for pattern, template, page in self._patterns:
                match = pattern.match(candidate)
                if match:
                    return Owner(match["user"], page, template)
        return None

    def page_index(self, page: str) -> int:
        return self.page_order.get(page, -1)
