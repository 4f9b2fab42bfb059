"""What each page of the tutorial makes a participant create, read from its snippet files.

For every page: the objects its snippets create (``kubectl create -f <manifest>``,
``kubectl create configmap|secret``), the ones they delete again, and the resources held at the
page's peak. The page's snippets are followed in page order, as a participant runs them: a
create adds the manifest's pods and claims, a delete removes them, and the peak is the most
held at any point (each resource on its own). A Job's pods count until the page waits for it
to complete (``kubectl wait --for=condition=complete job/...``: finished pods count against
neither a node nor a quota) or deletes it; a Job the page never waits for counts until it is
deleted, which errs on the safe side. What is
not deleted lives on into the later pages (the tutorial keeps ``vol-<username>`` and
``github-secret-<username>`` until the end-of-session cleanup).

Two readers share this one model of what the tutorial asks of a cluster: the instructors'
``workshop plan`` (will N participants fit?) and the live harness's budget (queue a participant
rather than let the scheduler refuse one), which reads the manifests as a participant fills them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from kubernetes.utils import parse_quantity

from workshop import pages as site_pages
from workshop import placeholders
from workshop.kube import kinds
from workshop.kubectl_commands import UnsupportedShell, kubectl_commands
from workshop.paths import SNIPPETS
from workshop.placeholders import USERNAME

RESOURCES = ("cpu", "memory", "ephemeral-storage")
LIMITS = ("cpu", "memory")  # what a ResourceQuota may count of the containers' limits (limits.cpu, ...)


def effective(containers: list[dict[str, float]], init_containers: list[dict[str, float]]) -> dict[str, float]:
    """What the scheduler and a ResourceQuota count for one pod, per resource: the sum of its
    containers' amounts, or its largest init container's where that is more (init containers run
    one at a time, before the others). The one rule, for manifests and for API objects alike."""
    found: dict[str, float] = {}
    for amounts in containers:
        for resource, value in amounts.items():
            found[resource] = found.get(resource, 0.0) + value
    for amounts in init_containers:
        for resource, value in amounts.items():
            found[resource] = max(found.get(resource, 0.0), value)
    return found


def pod_requests(pod) -> dict[str, float]:
    """What the scheduler reserves for a pod read from the API (see effective())."""

    def requests(containers) -> list[dict[str, float]]:
        return [_quantities(c.resources and c.resources.requests) for c in containers or []]

    return effective(requests(pod.spec.containers), requests(pod.spec.init_containers))


@dataclass(frozen=True)
class Container:
    name: str
    requests: dict[str, float]  # resource -> amount (cores, bytes)
    limits: dict[str, float]


@dataclass(frozen=True)
class Workload:
    """A Pod, or a Job's pods, as a manifest declares them."""

    kind: str  # "Pod" or "Job"
    template: str  # "c3-<username>"
    pods: int  # pods at once (a Job's parallelism)
    containers: tuple[Container, ...]
    init_containers: tuple[Container, ...]
    snippet: str

    def pod_requests(self) -> dict[str, float]:
        """One pod's effective requests (see effective())."""
        found = effective([c.requests for c in self.containers], [c.requests for c in self.init_containers])
        return {r: found.get(r, 0.0) for r in RESOURCES}

    def pod_limits(self) -> dict[str, float]:
        """One pod's effective limits, as a quota counts them: limits.cpu, limits.memory."""
        found = effective([c.limits for c in self.containers], [c.limits for c in self.init_containers])
        return {f"limits.{r}": found.get(r, 0.0) for r in LIMITS}

    def needs(self) -> dict[str, float]:
        """What all its pods at once take of a node or a quota: requests, limits and the pods."""
        one = {**self.pod_requests(), **self.pod_limits()}
        return {**{r: v * self.pods for r, v in one.items()}, "pods": float(self.pods)}


@dataclass(frozen=True)
class Claim:
    template: str
    storage: float  # bytes requested
    access_modes: tuple[str, ...]
    snippet: str


@dataclass
class PageLoad:
    page: str
    title: str
    creates: dict[str, str] = field(default_factory=dict)  # template -> kind
    deletes: set[str] = field(default_factory=set)  # templates its own snippets delete
    workloads: list[Workload] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # created on this page
    claims_held: list[Claim] = field(default_factory=list)  # at the page's end: created here or earlier

    peak_totals: dict[str, float] = field(default_factory=dict)

    def peak(self) -> dict[str, float]:
        """What one participant holds at the page's peak (each resource at its own maximum)."""
        return dict(self.peak_totals)


def _quantities(values: dict | None) -> dict[str, float]:
    return {k: float(parse_quantity(str(v))) for k, v in (values or {}).items()}


def _containers(specs: list | None) -> tuple[Container, ...]:
    return tuple(
        Container(
            c.get("name", ""),
            _quantities((c.get("resources") or {}).get("requests")),
            _quantities((c.get("resources") or {}).get("limits")),
        )
        for c in specs or []
    )


def workloads_of(text: str, snippet: str = "") -> list[Workload]:
    """The pods and Jobs of a manifest's text, whatever their names (a filled-in manifest too)."""
    return _read(text, snippet, lambda name: True)[1]


def _manifest(snippet: str) -> tuple[dict[str, str], list[Workload], list[Claim]]:
    """(template -> kind, workloads, claims) of the documents of one snippet manifest."""
    return _read((SNIPPETS / snippet).read_text(encoding="utf-8"), snippet, lambda name: USERNAME.token in name)


def _read(text: str, snippet: str, wanted) -> tuple[dict[str, str], list[Workload], list[Claim]]:
    created: dict[str, str] = {}
    workloads: list[Workload] = []
    claims: list[Claim] = []
    for doc in yaml.safe_load_all(text):
        if not isinstance(doc, dict) or not wanted((doc.get("metadata") or {}).get("name", "")):
            continue
        kind, name, spec = str(doc.get("kind")), doc["metadata"]["name"], doc.get("spec") or {}
        created[name] = kind
        if kind == "Pod":
            workloads.append(
                Workload(
                    kind, name, 1, _containers(spec.get("containers")), _containers(spec.get("initContainers")), snippet
                )
            )
        elif kind == "Job":
            pod_spec = (spec.get("template") or {}).get("spec") or {}
            pods = min(spec.get("parallelism", 1), spec.get("completions", 1) or 1)
            workloads.append(
                Workload(
                    kind,
                    name,
                    pods,
                    _containers(pod_spec.get("containers")),
                    _containers(pod_spec.get("initContainers")),
                    snippet,
                )
            )
        elif kind == "PersistentVolumeClaim":
            requested = ((spec.get("resources") or {}).get("requests") or {}).get("storage", 0)
            claims.append(
                Claim(name, float(parse_quantity(str(requested))), tuple(spec.get("accessModes") or ()), snippet)
            )
    return created, workloads, claims


def _commands(snippet: str) -> list[list[str]]:
    """The kubectl commands of a shell snippet, placeholders kept whole (bash would take the
    angle brackets of <username> for redirections): each goes in as its letters-only sentinel."""
    text = (SNIPPETS / snippet).read_text(encoding="utf-8")
    for p in placeholders.ALL:
        text = text.replace(p.token, p.sentinel)
    try:
        commands = kubectl_commands(text)
    except UnsupportedShell:
        return []
    return [[_tokens(word) for word in c.argv] for c in commands]


def _tokens(word: str) -> str:
    for p in placeholders.ALL:
        word = word.replace(p.sentinel, p.token)
    return word


class _Held:
    """What one participant holds while following a page: pods, jobs, claims, by template."""

    def __init__(self):
        self.workloads: dict[str, Workload] = {}
        self.claims: dict[str, Claim] = {}

    def totals(self) -> dict[str, float]:
        totals = {r: 0.0 for r in (*RESOURCES, *(f"limits.{r}" for r in LIMITS), "pods")}
        for w in self.workloads.values():
            for r, v in w.needs().items():
                totals[r] += v
        totals["persistentvolumeclaims"] = float(len(self.claims))
        totals["requests.storage"] = float(sum(c.storage for c in self.claims.values()))
        return totals


def page_loads() -> list[PageLoad]:
    """Every page of the site in nav order, with what it creates, deletes and holds at its peak."""
    loads: list[PageLoad] = []
    held = _Held()
    for page in site_pages.pages():
        load = PageLoad(page.slug, page.title)
        peak = held.totals()
        folder = page.slug
        for block in site_pages.code_blocks(page):
            if block.snippet.endswith((".yaml", ".yml")) or block.in_pod:
                continue  # a manifest counts when a command creates it; in-pod commands create nothing
            for argv in _commands(block.snippet):
                words = [w for w in argv if not w.startswith("-")]
                verb = words[0] if words else ""
                files = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("-f", "--filename")]
                if verb in ("create", "apply") and files:
                    for name in files:
                        created, workloads, claims = _manifest(f"{folder}/{name}")
                        load.creates.update(created)
                        load.workloads += workloads
                        load.claims += claims
                        held.workloads.update({w.template: w for w in workloads})
                        held.claims.update({c.template: c for c in claims})
                elif (
                    verb == "create"
                    and len(words) >= 3
                    and kinds.of_kubectl(words[1]) in (kinds.CONFIGMAPS, kinds.SECRETS)
                ):
                    # `kubectl create secret generic NAME`: the subtype comes before the name.
                    names = [n for n in words[2:] if USERNAME.token in n]
                    load.creates.update({n: kinds.BY_KUBECTL[words[1].lower()].kind for n in names[:1]})
                elif verb == "wait" and any(
                    a in ("--for=condition=complete", "--for=condition=Complete") for a in argv
                ):
                    # The page waits for the Job to complete before going on: its pods have
                    # finished and count no more, on a node or in a quota (the Job stays).
                    for name in (w.split("/", 1)[1] for w in words[1:] if w.startswith(("job/", "jobs/"))):
                        held.workloads.pop(name, None)
                elif verb == "delete" and len(words) >= 3 and kinds.of_kubectl(words[1]):
                    for name in (w for w in words[2:] if USERNAME.token in w):
                        load.deletes.add(name)
                        held.workloads.pop(name, None)
                        held.claims.pop(name, None)
                now = held.totals()
                peak = {r: max(peak[r], now[r]) for r in now}
        load.peak_totals = peak
        load.claims_held = list(held.claims.values())
        loads.append(load)
    return loads


def name_templates() -> dict[str, tuple[str, str]]:
    """template -> (page, kind) of every object any page creates."""
    return {template: (load.page, kind) for load in page_loads() for template, kind in load.creates.items()}
