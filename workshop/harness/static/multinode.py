"""What the one-node test cluster cannot show, checked from the manifests (static tier).

On one node every pod of a Job mounts a ReadWriteOnce claim without complaint; on the
teaching cluster, with many nodes, pods that use a volume at the same time land on different
nodes, and a claim that only one node may mount leaves the others Pending (or, with
ReadWriteOncePod, all but one). The same holds for a claim that every participant mounts (one
whose name has no <username>): thirty pods, thirty nodes. So, for every claim that more than
one pod uses at once:

- a claim the tutorial creates must allow it: ReadWriteMany, or ReadOnlyMany when every mount
  of it is read-only;
- a claim the cluster provides (the site profile, cluster/profile) must be mounted read-only
  wherever it is shared, and the profile's claim must allow many readers.

Each problem names the page, the manifest and the claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workshop import pages as site_pages
from workshop.paths import CLUSTER, ROOT, SNIPPETS
from workshop.placeholders import USERNAME

PROFILE = CLUSTER / "profile"
MANY_READERS = {"ReadOnlyMany", "ReadWriteMany"}
POD_TEMPLATES = {  # kind -> (path to the pod spec, how many pods run at once)
    "Pod": (("spec",), lambda doc: 1),
    "Job": (("spec", "template", "spec"), lambda doc: int((doc.get("spec") or {}).get("parallelism") or 1)),
    "Deployment": (("spec", "template", "spec"), lambda doc: int((doc.get("spec") or {}).get("replicas") or 1)),
    "StatefulSet": (("spec", "template", "spec"), lambda doc: int((doc.get("spec") or {}).get("replicas") or 1)),
}


@dataclass
class ClaimUse:
    manifest: str  # snippet path, e.g. "persistent-storage/s3.yaml"
    claim: str
    pods_at_once: int
    read_only: bool


@dataclass(frozen=True)
class Problem:
    page: str
    manifest: str
    claim: str
    message: str

    def __str__(self) -> str:
        return f"page {self.page!r}, snippets/{self.manifest}: claim {self.claim!r}: {self.message}"


@dataclass
class _Claims:
    defined: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # name -> (manifest, modes)
    uses: list[ClaimUse] = field(default_factory=list)


def _docs(path: Path):
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8").replace("@NAMESPACE@", "ns")):
        if isinstance(doc, dict):
            yield doc


def _dig(doc: dict, keys: tuple[str, ...]) -> dict:
    for key in keys:
        doc = (doc or {}).get(key) or {}
    return doc


def _read(manifests: dict[str, Path]) -> _Claims:
    found = _Claims()
    for name, path in manifests.items():
        for doc in _docs(path):
            kind = doc.get("kind")
            if kind == "PersistentVolumeClaim":
                modes = set((doc.get("spec") or {}).get("accessModes") or [])
                found.defined[(doc.get("metadata") or {}).get("name", "")] = (name, modes)
            elif kind in POD_TEMPLATES:
                keys, count = POD_TEMPLATES[kind]
                spec = _dig(doc, keys)
                claims = {
                    v["name"]: (
                        v["persistentVolumeClaim"].get("claimName", ""),
                        bool(v["persistentVolumeClaim"].get("readOnly")),
                    )
                    for v in spec.get("volumes") or []
                    if v.get("persistentVolumeClaim")
                }
                containers = (spec.get("containers") or []) + (spec.get("initContainers") or [])
                for volume, (claim, claim_read_only) in claims.items():
                    mounts = [m for c in containers for m in c.get("volumeMounts") or [] if m.get("name") == volume]
                    read_only = claim_read_only or (bool(mounts) and all(m.get("readOnly") for m in mounts))
                    found.uses.append(ClaimUse(name, claim, count(doc), read_only))
    return found


def _pages_of(root: Path) -> dict[str, str]:
    """snippet -> the page that shows it (a project without its site: the snippet's folder,
    which is the page's slug by the layout's rule)."""
    if not (root / "mkdocs.yml").is_file():
        return {}
    shown: dict[str, str] = {}
    for page in site_pages.pages(root):
        for block in site_pages.code_blocks(page):
            shown.setdefault(block.snippet, page.slug)
    return shown


def shared_claim_problems(snippets: Path = SNIPPETS, profile: Path = PROFILE, root: Path = ROOT) -> list[Problem]:
    tutorial = {str(p.relative_to(snippets)): p for p in sorted(snippets.rglob("*.yaml"))}
    provided = {str(p.relative_to(profile.parent)): p for p in sorted(profile.glob("*.yaml*"))}
    ours, theirs = _read(tutorial), _read(provided)
    page_of = _pages_of(root)
    problems = []
    for use in ours.uses:
        shared = USERNAME.token not in use.claim  # every participant mounts the same one
        if use.pods_at_once <= 1 and not shared:
            continue
        why = f"{use.pods_at_once} pods at once" if use.pods_at_once > 1 else "one pod per participant, all at once"
        page = page_of.get(use.manifest, use.manifest.split("/", 1)[0])
        if use.claim in ours.defined:
            manifest, modes = ours.defined[use.claim]
            allowed = {"ReadWriteMany"} | ({"ReadOnlyMany"} if use.read_only else set())
            if not modes & allowed:
                problems.append(
                    Problem(
                        page,
                        use.manifest,
                        use.claim,
                        (
                            f"{why} mount it, on a cluster of many nodes on different nodes, but "
                            f"snippets/{manifest} asks for {sorted(modes) or 'no access mode'}: it needs "
                            f"{' or '.join(sorted(allowed))}"
                        ),
                    )
                )
        elif use.claim in theirs.defined:
            manifest, modes = theirs.defined[use.claim]
            if not use.read_only:
                problems.append(
                    Problem(
                        page,
                        use.manifest,
                        use.claim,
                        (f"{why} mount the cluster's claim (cluster/{manifest}) writable: mount it readOnly"),
                    )
                )
            elif not modes & MANY_READERS:
                problems.append(
                    Problem(
                        page,
                        use.manifest,
                        use.claim,
                        (f"{why} mount it, but the cluster's claim (cluster/{manifest}) allows only {sorted(modes)}"),
                    )
                )
        else:
            problems.append(
                Problem(
                    page,
                    use.manifest,
                    use.claim,
                    (f"{why} mount a claim that neither the tutorial nor the site profile creates"),
                )
            )
    return problems


def claim_uses(snippets: Path = SNIPPETS) -> list[ClaimUse]:
    return _read({str(p.relative_to(snippets)): p for p in sorted(snippets.rglob("*.yaml"))}).uses
