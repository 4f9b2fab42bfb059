"""What a teaching cluster's ResourceQuota demands of the manifests (static tier).

A namespace whose ResourceQuota limits requests.cpu / requests.memory (and limits.*) refuses
every pod with a container, init containers included, that does not state them, unless a
LimitRange fills them in; the pods' Job then only reports "failed quota: must specify
requests.cpu" in its events (the preflight found this in "Communicating between containers").
So every container of every manifest states CPU and memory requests and limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from workshop.paths import SNIPPETS

NEEDED = (("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory"))


@dataclass(frozen=True)
class Unstated:
    manifest: str
    container: str
    missing: tuple[str, ...]

    def __str__(self) -> str:
        page = self.manifest.split("/", 1)[0]
        return (
            f"page {page!r}, snippets/{self.manifest}: container {self.container!r} states no "
            f"{', '.join(self.missing)}: a namespace with a ResourceQuota refuses its pods"
        )


def _pod_spec(doc: dict) -> dict | None:
    spec = doc.get("spec") or {}
    if doc.get("kind") == "Pod":
        return spec
    if doc.get("kind") in ("Job", "Deployment", "StatefulSet", "DaemonSet"):
        return (spec.get("template") or {}).get("spec") or {}
    return None


def unstated_resources(snippets: Path = SNIPPETS) -> list[Unstated]:
    found = []
    for path in sorted(snippets.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            spec = _pod_spec(doc) if isinstance(doc, dict) else None
            if spec is None:
                continue
            for container in (spec.get("initContainers") or []) + (spec.get("containers") or []):
                resources = container.get("resources") or {}
                missing = tuple(f"{kind}.{what}" for kind, what in NEEDED if what not in (resources.get(kind) or {}))
                if missing:
                    found.append(Unstated(str(path.relative_to(snippets)), container.get("name", "?"), missing))
    return found
