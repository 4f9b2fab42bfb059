"""The narrow view of a live run that a participant works with (see Participant).

The run (workshop.harness.live.run.LiveRun) owns the namespace, the credentials, the scheduling
and the cleanup; a participant gets only this: where to work, how to reach the cluster, how to
start processes, the budget, where to record what happened, the meeting points with the
other participants, and whether the run is being cancelled. Dependencies run one way:
live -> participant -> session, never back.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kubernetes import client

from workshop.harness.live.budget import Budget
from workshop.harness.live.meeting import MeetingPoints
from workshop.harness.live.processes import Processes
from workshop.harness.live.records import Records
from workshop.harness.recovery.ledger import Ledger


@dataclass(frozen=True)
class Session:
    namespace: str  # where the snippets land (the kubeconfig's context selects it)
    api: client.ApiClient  # the harness's own API access, for checks and diagnostics
    kubectl: Path  # the cluster's version, first on the participants' PATH
    env: Mapping[str, str]  # the participants' environment: PATH, KUBECONFIG, HOME, ...
    workspace: Path  # participants' working folders and scripts go below it
    git_values: Mapping[str, str]  # <github-user>, <github-token> of this run (may be empty)
    processes: Processes
    budget: Budget  # what the namespace has left; participants queue for it
    records: Records
    meeting: MeetingPoints
    cancelled: threading.Event
    ledger: Ledger  # what the run created, by UID: the only things it deletes
