"""What the namespace has left for the workshop, and how many participants fit in it, page by page.

One model for the instructor's ``workshop plan`` and the live harness (its admission before a run
and its budget while it runs), so that the two never disagree. For each page, what N
participants hold if they all reach the page's peak at once (see workload), against what the
namespace has left: its ResourceQuota (hard less used: other tenants' share is already gone),
the nodes' allocatable where the account may read nodes, or
numbers given on the command line. A page whose need is more than what is left makes
participants queue; the wait is estimated from the page's time in the last live run
(reports/timings.json). A LimitRange can refuse a pod outright: those are listed too.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kubernetes.utils import parse_quantity

from workshop.kube.connection import Connection, call
from workshop.paths import REPORTS
from workshop.workload import PageLoad, page_loads, pod_requests

# The resources a page needs, and the names a ResourceQuota may give each.
QUOTA_KEYS = {
    "cpu": ("requests.cpu", "cpu"),
    "memory": ("requests.memory", "memory"),
    "ephemeral-storage": ("requests.ephemeral-storage", "ephemeral-storage"),
    "pods": ("pods", "count/pods"),
    "persistentvolumeclaims": ("persistentvolumeclaims", "count/persistentvolumeclaims"),
    "requests.storage": ("requests.storage",),
    "limits.cpu": ("limits.cpu",),
    "limits.memory": ("limits.memory",),
}
NODE_KEYS = ("cpu", "memory", "ephemeral-storage", "pods")
# Held from their page to the end of the session: nobody frees them, so nobody can wait for them.
HELD = frozenset({"persistentvolumeclaims", "requests.storage"})
UNITS = {
    "cpu": "cores",
    "memory": "GiB",
    "ephemeral-storage": "GiB",
    "pods": "pods",
    "persistentvolumeclaims": "claims",
    "requests.storage": "GiB",
    "limits.cpu": "cores",
    "limits.memory": "GiB",
}
GIB = 2**30


def amount(resource: str, value: float, *, bare: bool = False) -> str:
    """An amount as people read it: "4.00 GiB memory", "1900m cpu", "10 pods"; bare=True, the
    figure alone in the resource's unit of UNITS, as a table column shows it: "4.0", "1.9", "10"."""
    unit = UNITS.get(resource, resource)
    if bare:
        if unit == "GiB":
            return f"{value / GIB:.1f}"
        return f"{value:.1f}" if unit == "cores" else f"{value:.0f}"
    if unit == "GiB":
        return f"{value / GIB:.2f} GiB {resource}"
    if unit == "cores":
        return f"{value * 1000:.0f}m {resource}"
    return f"{value:.0f} {resource}"


@dataclass
class Capacity:
    """What the namespace has left for the workshop, per resource, and where each figure came from."""

    left: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why
    limit_ranges: list[dict] = field(default_factory=list)

    def offer(self, resource: str, amount: float, source: str) -> None:
        if resource not in self.left or amount < self.left[resource]:
            self.left[resource] = amount
            self.source[resource] = source


def capacity_from_options(options: dict[str, str | None]) -> Capacity:
    cap = Capacity()
    for resource, value in options.items():
        if value is not None:
            cap.offer(resource, float(parse_quantity(value)), "given")
    if not cap.left:
        cap.notes.append("no capacity given: pass --cpu/--memory/--pods/... or a cluster (--kubeconfig)")
    return cap


def capacity_from_cluster(conn: Connection) -> Capacity:
    cap = Capacity()
    ns = conn.namespace
    quotas = call(
        conn,
        lambda: conn.core.list_namespaced_resource_quota(ns),
        f"list ResourceQuotas in {ns}",
        tolerate_forbidden=True,
    )
    if quotas is None:
        cap.notes.append(f"the account may not read ResourceQuotas in {ns}: the quota was not checked")
    else:
        for quota in quotas.items:
            hard, used = quota.status.hard or {}, quota.status.used or {}
            for resource, keys in QUOTA_KEYS.items():
                for key in keys:
                    if key in hard:
                        left = float(parse_quantity(hard[key])) - float(parse_quantity(used.get(key, "0")))
                        cap.offer(resource, max(left, 0.0), f"ResourceQuota {quota.metadata.name} ({key})")
        if not quotas.items:
            cap.notes.append(f"{ns} has no ResourceQuota")
    ranges = call(
        conn, lambda: conn.core.list_namespaced_limit_range(ns), f"list LimitRanges in {ns}", tolerate_forbidden=True
    )
    if ranges is None:
        cap.notes.append(f"the account may not read LimitRanges in {ns}: limits were not checked")
    else:
        cap.limit_ranges = [
            {"name": r.metadata.name, "limits": [item.to_dict() for item in r.spec.limits or []]} for r in ranges.items
        ]
    nodes = call(conn, lambda: conn.core.list_node(), "list nodes", tolerate_forbidden=True)
    if nodes is None:
        cap.notes.append("the account may not list nodes (namespace-scoped): the nodes' room was not checked")
    else:
        schedulable = [n for n in nodes.items if not n.spec.unschedulable]
        pods = call(
            conn,
            lambda: conn.core.list_pod_for_all_namespaces(
                field_selector="status.phase!=Succeeded,status.phase!=Failed"
            ),
            "list pods of all namespaces",
            tolerate_forbidden=True,
        )
        if pods is None:
            cap.notes.append("the account may not list other namespaces' pods: node room is allocatable, less nothing")
        requested: dict[str, float] = {}
        for pod in pods.items if pods is not None else []:
            for resource, value in {**pod_requests(pod), "pods": 1.0}.items():
                requested[resource] = requested.get(resource, 0.0) + value
        for resource in NODE_KEYS:
            total = sum(float(parse_quantity(n.status.allocatable.get(resource, "0"))) for n in schedulable)
            cap.offer(
                resource,
                max(total - requested.get(resource, 0.0), 0.0),
                f"{len(schedulable)} node(s), allocatable less other pods' requests",
            )
    return cap


def page_seconds(timings: Path = REPORTS / "timings.json") -> dict[str, float]:
    """Median time one participant spent on each page in the last live run (0 pages if none)."""
    try:
        steps = json.loads(timings.read_text(encoding="utf-8"))["steps"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    per_page: dict[str, list[float]] = {}
    for step in steps:
        if step.get("kind") == "scenario" and step.get("ok"):
            per_page.setdefault(step["page"], []).append(float(step["seconds"]))
    return {page: statistics.median(values) for page, values in per_page.items()}


@dataclass
class PageRow:
    page: str
    title: str
    per_participant: dict[str, float]
    need: dict[str, float]
    fits: int | None  # participants that fit at once (None: nothing limits it)
    short: list[str]  # resources N participants would run out of
    wait_seconds: float | None
    refused: list[str]  # what a LimitRange refuses on this page


@dataclass
class Plan:
    participants: int
    capacity: Capacity
    rows: list[PageRow]
    fit_without_waiting: int | None
    measured_from: str | None

    def as_dict(self) -> dict:
        return {
            "participants": self.participants,
            "capacity": {"left": self.capacity.left, "source": self.capacity.source, "notes": self.capacity.notes},
            "fit_without_waiting": self.fit_without_waiting,
            "page_times_from": self.measured_from,
            "pages": [asdict(r) for r in self.rows],
        }


def limit_range_refusals(load: PageLoad, limit_ranges: list[dict]) -> list[str]:
    """What the namespace's LimitRanges refuse of the page's pods and claims."""
    refused = []
    for lr in limit_ranges:
        for item in lr["limits"]:
            kind, low, high = item.get("type"), item.get("min") or {}, item.get("max") or {}
            if kind == "Container":
                for w in load.workloads:
                    for c in w.containers + w.init_containers:
                        for res, value in c.requests.items():
                            if res in low and value < float(parse_quantity(low[res])):
                                refused.append(
                                    f"{w.template} ({c.name}): requests {res} {value:g} < "
                                    f"LimitRange {lr['name']} min {low[res]}"
                                )
                        for res, value in {**c.requests, **c.limits}.items():
                            if res in high and value > float(parse_quantity(high[res])):
                                refused.append(
                                    f"{w.template} ({c.name}): {res} {_q(res, value)} > "
                                    f"LimitRange {lr['name']} max {high[res]}"
                                )
            elif kind == "Pod":
                for w in load.workloads:
                    for res, value in w.pod_requests().items():
                        if res in high and value > float(parse_quantity(high[res])):
                            refused.append(
                                f"{w.template}: pod {res} {_q(res, value)} > LimitRange {lr['name']} max {high[res]}"
                            )
            elif kind == "PersistentVolumeClaim":
                for claim in load.claims:
                    if "storage" in high and claim.storage > float(parse_quantity(high["storage"])):
                        refused.append(
                            f"{claim.template}: storage {_q('memory', claim.storage)} > LimitRange "
                            f"{lr['name']} max {high['storage']}"
                        )
    return refused


def _q(resource: str, value: float) -> str:
    return f"{value / GIB:g}Gi" if resource in ("memory", "ephemeral-storage", "storage") else f"{value:g}"


def make_plan(participants: int, capacity: Capacity, timings: Path = REPORTS / "timings.json") -> Plan:
    seconds = page_seconds(timings)
    rows = []
    for load in page_loads():
        peak = load.peak()
        if not any(peak.values()):
            continue
        need = {r: v * participants for r, v in peak.items()}
        fits_by = {r: math.floor(capacity.left[r] / v + 1e-9) for r, v in peak.items() if v > 0 and r in capacity.left}
        fits = min(fits_by.values()) if fits_by else None
        short = sorted(r for r, n in fits_by.items() if n < participants)
        wait = None
        queued = [r for r in short if r not in HELD]
        if queued and fits is not None and 0 < fits < participants and load.page in seconds:
            wait = (math.ceil(participants / fits) - 1) * seconds[load.page]
        rows.append(
            PageRow(
                load.page, load.title, peak, need, fits, short, wait, limit_range_refusals(load, capacity.limit_ranges)
            )
        )
    limited = [r.fits for r in rows if r.fits is not None]
    return Plan(participants, capacity, rows, min(limited) if limited else None, str(timings) if seconds else None)
