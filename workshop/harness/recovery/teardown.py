"""Deleting what a run recorded, through a slow or restarting API server, until a deadline.

Shared by the live run's close() and by the sweep command that finishes an unfinished run
later (python -m workshop.harness recover --run <id>). Each pass lists what is left of the
recorded objects (by UID, workshop.harness.recovery.ledger) and deletes it; an API error (connection
refused while the API server restarts, a request timeout while it is frozen) is noted and the
pass tried again, until nothing is left, the deadline passes, or the reader gives up (a
second Ctrl-C sets ``abandon``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop.harness.recovery.ledger import REQUEST_TIMEOUT, Ledger, Recorded

DEFAULT_DEADLINE = 300.0  # seconds; --cleanup-deadline


@dataclass
class Outcome:
    left: list[Recorded] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # API errors met on the way (the last few)
    unknown: bool = False  # the API never answered at the end: `left` is what was recorded
    abandoned: bool = False

    @property
    def done(self) -> bool:
        return not self.left and not self.unknown


def delete_recorded(
    ledger: Ledger,
    deadline: float,
    abandon: threading.Event | None = None,
    say: Callable[[str], None] | None = None,
    pause: float = 1.0,
) -> Outcome:
    outcome = Outcome()
    abandon = abandon or threading.Event()
    last_said = 0.0
    while not abandon.is_set():
        try:
            left = ledger.left()
            if not left:
                return outcome
            ledger.delete(left)
        except Exception as error:  # noqa: BLE001 - any API failure: try again until the deadline
            outcome.errors = (outcome.errors + [f"{type(error).__name__}: {str(error)[:160]}"])[-5:]
            if say and time.monotonic() - last_said > 10:
                last_said = time.monotonic()
                say(
                    f"cleanup: the API server does not answer ({type(error).__name__}); trying again "
                    f"for {max(0, deadline - time.monotonic()):.0f} s more (Ctrl-C again to stop waiting)"
                )
        if time.monotonic() >= deadline:
            break
        abandon.wait(pause)
    outcome.abandoned = abandon.is_set()
    if outcome.abandoned:  # no more waiting, not even for one more listing
        outcome.left, outcome.unknown = ledger.recorded(), True
        return outcome
    try:
        outcome.left = ledger.left()
    except Exception:  # noqa: BLE001 - cannot tell: report everything recorded as possibly left
        outcome.left, outcome.unknown = ledger.recorded(), True
    return outcome


def describe(outcome: Outcome, namespace: str, command: str) -> str:
    """What is left, exactly, and the one command that finishes the cleanup."""
    if outcome.done:
        return ""
    why = "you stopped it" if outcome.abandoned else "the deadline passed"
    maybe = " (not confirmed by the API server: these may be left)" if outcome.unknown else ""
    lines = [f"cleanup stopped ({why}); left in namespace {namespace}{maybe}:"]
    lines += [f"  {item.ref} (uid {item.uid})" for item in outcome.left]
    if outcome.errors:
        lines.append(f"  last API error: {outcome.errors[-1]}")
    lines.append(f"finish it later with: {command}")
    return "\n".join(lines)


PROFILE_VOLUMES = "workshop.site/profile=cvmfs"  # label of the site profile's per-namespace volume


def delete_namespace(api: client.ApiClient, namespace: str, uid: str | None = None, timeout: float = 120) -> list[str]:
    """Delete a namespace made for a run, then the site profile's cvmfs volume bound to it
    (cluster-scoped, Retain: the namespace's deletion leaves it). Returns problems.

    With the namespace's UID as the run recorded it, only that very namespace is deleted: one of
    the same name that somebody else made (or made again) is left alone, and said so."""
    core = client.CoreV1Api(api)
    options = client.V1DeleteOptions(preconditions=client.V1Preconditions(uid=uid)) if uid else None
    try:
        core.delete_namespace(namespace, body=options, _request_timeout=REQUEST_TIMEOUT)
    except ApiException as error:
        if error.status == 409 and uid:
            return [f"cleanup: namespace {namespace} is not the one this run made (another UID): left alone"]
        if error.status != 404:
            raise
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = core.read_namespace(namespace, _request_timeout=REQUEST_TIMEOUT)
            if uid and found.metadata.uid != uid:
                break  # ours is gone; this one is somebody else's
        except ApiException as error:
            if error.status == 404:
                break
        time.sleep(1)
    else:
        return [f"cleanup: namespace {namespace} still terminating after {timeout:.0f} s"]
    for pv in core.list_persistent_volume(label_selector=PROFILE_VOLUMES, _request_timeout=REQUEST_TIMEOUT).items:
        ref = pv.spec.claim_ref
        if ref is not None and ref.namespace == namespace:
            with contextlib.suppress(ApiException):
                core.delete_persistent_volume(pv.metadata.name, _request_timeout=REQUEST_TIMEOUT)
    return []
