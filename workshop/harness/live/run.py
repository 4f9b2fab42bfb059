"""A live run: cluster access, the participants' usernames, the namespace, the scenarios
running concurrently, and the guaranteed cleanup.

Setup (open): the run's folder, kubeconfig and record; its own namespace, made here or refused,
or an existing one (--namespace) checked. Before any participant starts, the fit report (see
admission) says whether the tutorial fits this many participants and refuses what cannot wait;
then a budget (see budget) makes them queue for CPU, memory and pods instead of the scheduler or
the quota refusing them. The participants at work are a Schedule (see schedule).

Cleanup: whatever happens (failure, timeout, Ctrl-C, SIGTERM), ``close()`` deletes every
object the run recorded as created (by UID, workshop.harness.recovery.ledger: never another tenant's
object of a similar or even the same name), retrying through API errors until the cleanup
deadline; a namespace the run created is deleted with the site profile's volume for it. An
existing namespace (``--namespace``, a preflight) is never deleted. What cannot be deleted in
time is printed, with ``python -m workshop.harness recover --run <id>`` to finish it later.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import urllib3
import yaml
from kubernetes import client

from workshop.harness import local_cluster
from workshop.harness.live import admission, report, waits
from workshop.harness.live.budget import Budget
from workshop.harness.live.meeting import MeetingPoints
from workshop.harness.live.processes import Processes
from workshop.harness.live.records import PROGRESS_VAR, Records
from workshop.harness.live.scenario import Scenario
from workshop.harness.live.schedule import Schedule
from workshop.harness.live.session import Session
from workshop.harness.options import Settings
from workshop.harness.recovery import teardown
from workshop.harness.recovery.ledger import Ledger
from workshop.harness.recovery.runstate import RunState, check_run_id, recover_command
from workshop.harness.static.inventory import Inventory
from workshop.kube.connection import TimeoutApiClient, api_client, reason
from workshop.ownership import Ownership, held_by
from workshop.username import check_username

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class LiveRun:
    """A live run. Making one does no I/O (no kubectl, no files, no API call): open() makes the
    run's folder and kubeconfig, claims its record, makes or checks the namespace and decides
    whether the tutorial fits; close() undoes all of it, whatever happened in between."""

    def __init__(self, settings: Settings, inventory: Inventory, reports: bool = True):
        """reports=False: a run that other tests drive by hand (tests/instructor) leaves
        reports/ to the live tier's own run."""
        self.settings = settings
        self.reports = reports
        # How the run speaks to the person running it (the fit report, what cleanup leaves);
        # the pytest plugin routes it past pytest's output capture.
        self.tell: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
        self.inventory = inventory
        self.cancelled = threading.Event()
        self.processes = Processes(self.cancelled)
        self.records = Records(os.environ.get(PROGRESS_VAR))
        self.schedule: Schedule | None = None  # start(): the participants at work
        self.closed = False
        # Set by open() once the run may create (and so delete) anything: a run whose open()
        # refused, because objects of its usernames already exist, must delete nothing at all.
        self.may_delete = False
        self.claimed = False  # the run's record on disk is its own (not another run's of this id)
        self.opened_at = time.time()
        self.started_at = time.monotonic()
        self.finished_at: float | None = None
        # WORKSHOP_RUN_ID: a run id chosen beforehand (tests that surround the run's usernames
        # with lookalike objects need to know them); else four random characters.
        self.run_id = check_run_id(
            os.environ.get("WORKSHOP_RUN_ID")
            or "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(4))
        )
        self.usernames = [
            check_username(f"{settings.user_prefix}{self.run_id}-{n}", source="test username")
            for n in range(1, settings.users + 1)
        ]
        self.own_namespace = not settings.namespace
        self.namespace = settings.namespace or f"wk-test-{self.run_id}"
        # What the run creates, by UID, also on disk: a cleanup that cannot finish can be
        # finished later by `python -m workshop.harness recover --run <id>`.
        self.state = RunState(self.run_id, settings.kubeconfig, settings.context, self.namespace, self.own_namespace)
        self.abandon = threading.Event()  # a second Ctrl-C during close(): stop waiting
        self.meeting = MeetingPoints(self.usernames, self.cancelled)
        # Made by open(), undone by close(): the run's folder (its kubeconfig copy, the participants'
        # work), its API client, its ledger, and the session its participants see.
        self.prepared = False
        self.tmp: Path
        self.api: TimeoutApiClient
        self.ledger: Ledger
        self.session: Session

    # --- setup -------------------------------------------------------------------------------

    def _write_kubeconfig(self) -> Path:
        """A flattened copy of the chosen context whose namespace is the test namespace, so the
        snippets (which name no namespace) land there."""
        args = [str(self.kubectl), "config", "view", "--raw", "--flatten", "--minify"]
        if self.settings.context:
            args += ["--context", self.settings.context]
        env = {**os.environ, "KUBECONFIG": self.settings.kubeconfig or ""}
        out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=30, check=True).stdout
        data = yaml.safe_load(out)
        data["contexts"][0]["context"]["namespace"] = self.namespace
        data["current-context"] = data["contexts"][0]["name"]
        path = self.tmp / "kubeconfig"
        path.touch(mode=0o600)
        path.write_text(yaml.safe_dump(data))
        return path

    def _save_state(self, items) -> None:
        if self.may_delete:  # a refused run records nothing and so leaves nothing to recover
            self.state.items = items
            self.state.save()

    def _prepare(self) -> None:
        """The run's folder, its participants' kubectl and kubeconfig, its API client, its record."""
        kubectl = local_cluster.find_kubectl(self.settings.kubectl)
        if kubectl is None:
            raise RuntimeError(local_cluster.NO_KUBECTL)
        atexit.register(self.close)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"wk-live-{self.run_id}-"))
        self.prepared = True  # close() removes the folder: it will hold a kubeconfig with credentials
        (self.tmp / "bin").mkdir()
        (self.tmp / "bin" / "kubectl").symlink_to(kubectl)  # the participants' `kubectl`
        self.kubectl = self.tmp / "bin" / "kubectl"
        self.kubeconfig = self._write_kubeconfig()
        # One retry of urllib3's: the cleanup's own loop does the retrying beyond it.
        self.api = api_client(str(self.kubeconfig), pool=64, retries=1)
        self.git_values = local_cluster.git_credentials()
        self.ledger = Ledger(self.api, self.namespace, on_change=self._save_state)
        self.state.claim()  # refuses a run id whose earlier run is not recovered yet
        self.claimed = True

    def _make_namespace(self, core: client.CoreV1Api) -> None:
        """A namespace of the run's own: made here, or the run is refused. One that exists already
        (a reused run id, another CI job) is somebody else's: never taken over, never deleted."""
        try:
            made = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=self.namespace)))
        except client.ApiException as error:
            if error.status == 409:
                raise RuntimeError(
                    f"namespace {self.namespace} already exists, so it is not this run's: the run neither uses "
                    "nor deletes it; set another WORKSHOP_RUN_ID (or none), or pass --namespace to run in an "
                    "existing namespace"
                ) from None
            raise
        self.state.namespace_uid = made.metadata.uid
        self.may_delete = True  # a fresh namespace of this run's own: all in it is the run's
        self.state.save()
        # The site profile changes the cluster (a StorageClass): only on the cluster this
        # project brought up, or when asked for (online CI's kind cluster).
        wanted = self.settings.apply_site_profile or local_cluster.is_local_cluster(self.settings.kubeconfig)
        profile = local_cluster.profile_command() if wanted else None
        if not wanted:
            self.tell(
                f"live run: the site profile is not applied to {self.namespace} (not the local "
                "cluster; --apply-site-profile applies it): pages that need its cvmfs volume or "
                "StorageClass may fail"
            )
        if profile:
            env = {**os.environ, "KUBECONFIG": str(self.kubeconfig), "KUBECTL": str(self.kubectl)}
            result = subprocess.run([*profile, self.namespace], capture_output=True, text=True, env=env, timeout=180)
            if result.returncode != 0:
                raise RuntimeError(
                    f"applying the site profile to {self.namespace} failed:\n{result.stdout}{result.stderr}"
                )

    def _check_namespace(self, core: client.CoreV1Api) -> None:
        """An existing namespace (--namespace): it must exist, and hold nothing of the run's names."""
        try:
            core.read_namespace(self.namespace)  # fails clearly if it does not exist
        except client.ApiException as error:
            if error.status != 403:
                raise
            # A namespace-scoped account may not read the Namespace object: looking inside it
            # shows that it exists and is ours to use.
            core.list_namespaced_config_map(self.namespace, limit=1)
        left = held_by(self.api, self.namespace, self.usernames)
        if left:
            raise RuntimeError(f"objects of this run's fresh usernames already exist in {self.namespace}: {left}")
        self.may_delete = True
        self.state.save()

    def open(self, pages: list[str] | None = None) -> LiveRun:
        """Make ready to run: the folder and record, the namespace, the fit report for `pages`
        (default: all), the budget."""
        started = time.monotonic()
        self.opened_at = time.time()
        self._prepare()
        core = client.CoreV1Api(self.api)
        step = f"making namespace {self.namespace}" if self.own_namespace else f"checking namespace {self.namespace}"
        try:
            if self.own_namespace:
                self._make_namespace(core)
            else:
                self._check_namespace(core)
            # Before any participant starts: what fits, what queues, and what cannot run at all.
            step = f"reading what {self.namespace} has left (quota, limits, nodes)"
            fit = admission.check(self.api, self.namespace, len(self.usernames), pages)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            # A frozen or gone API server: one line, not a traceback; close() deletes what was made.
            raise RuntimeError(
                f"the cluster at {self.api.configuration.host} did not answer while {step} "
                f"({type(error).__name__}): is its API server up, and is this the right --kubeconfig?"
            ) from None
        except client.ApiException as error:
            raise RuntimeError(
                f"the cluster at {self.api.configuration.host} refused {step}: {error.status} {reason(error)}"
            ) from None
        for line in fit.lines:
            self.tell(f"live run: {line}")
        self.budget = Budget.from_capacity(fit.capacity)
        self.budget.reclaim = self._hold_over
        self.tell(f"live run: budget: {self.budget.describe()}")
        self.session = Session(
            namespace=self.namespace,
            api=self.api,
            kubectl=self.kubectl,
            env=self.participant_env(),
            workspace=self.tmp,
            git_values=self.git_values,
            processes=self.processes,
            budget=self.budget,
            records=self.records,
            meeting=self.meeting,
            cancelled=self.cancelled,
            ledger=self.ledger,
        )
        self.setup_seconds = time.monotonic() - started
        self.started_at = time.monotonic()
        return self

    def _hold_over(self, name: str, kind: str) -> bool:
        """For the budget: does the cluster still hold what this run's object took? A Pod holds it
        until it is gone or has finished; a Job until it has finished, been suspended or been
        deleted, and then until its pods are gone or finished (the scheduler and the quota count
        a terminating pod until it is gone)."""
        core, batch = client.CoreV1Api(self.api), client.BatchV1Api(self.api)
        try:
            if kind == "Job":
                try:
                    job = batch.read_namespaced_job(name, self.namespace, _request_timeout=10)
                    if not (waits.job_finished(job) or job.spec.suspend):
                        return False
                except client.ApiException as error:
                    if error.status != 404:
                        raise
                pods = core.list_namespaced_pod(
                    self.namespace, label_selector=f"job-name={name}", _request_timeout=10
                ).items
            else:
                pods = [core.read_namespaced_pod(name, self.namespace, _request_timeout=10)]
        except client.ApiException as error:
            if error.status != 404:
                raise
            pods = []
        return all(pod.status.phase in ("Succeeded", "Failed") for pod in pods)

    def participant_env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.tmp / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "KUBECONFIG": str(self.kubeconfig),
            "KUBECACHEDIR": str(self.tmp / "kube-cache"),
            "HOME": str(self.tmp / "home"),
            "LANG": "C.UTF-8",
        }

    # --- the participants at work (see schedule) ---------------------------------------------

    def start(self, scenarios: list[Scenario]) -> None:
        assert self.session is not None, "open() first"
        self.schedule = Schedule(self.session, self.inventory, self.usernames, self.settings.live_workers)
        self.schedule.start(scenarios)

    def result(self, page: str) -> tuple[list[str], list[str]]:
        """(failures, skips) of one page over all participants; waits for them."""
        assert self.schedule is not None, "start() first"
        found = self.schedule.result(page)
        if self.finished_at is None and self.schedule.done():
            self.finished_at = time.monotonic()
        return found

    # --- teardown ----------------------------------------------------------------------------

    def close(self) -> list[str]:
        """Stop everything, delete what this run created (by UID, until the cleanup deadline,
        through API errors), report. Returns problems. A second Ctrl-C stops the waiting and
        prints exactly what is left and the command that finishes it; the temporary
        kubeconfig copy is removed whatever happens."""
        if self.closed:
            return []
        self.closed = True
        in_main = threading.current_thread() is threading.main_thread()
        # A second Ctrl-C, a second SIGTERM, or SIGHUP (the terminal closed) while cleaning up:
        # stop waiting, say what is left. Not an exception in the middle of a deletion.
        previous = {s: signal.getsignal(s) for s in STOP_SIGNALS} if in_main else {}
        for signum in previous:
            signal.signal(signum, lambda *_: self.abandon.set())
        problems = []
        try:
            if self.schedule is not None and not self.schedule.done():
                self.cancelled.set()
                self.meeting.wake_all()
                self.processes.kill_all()
            if self.schedule is not None:
                self.schedule.stop()
            if self.finished_at is None:
                self.finished_at = time.monotonic()
            self._tell_room_waits()
            started = time.monotonic()
            if self.may_delete:
                problems += self._delete_what_the_run_made(started + self.settings.cleanup_deadline)
            elif self.claimed:  # refused before it made anything: its record holds nothing
                self.state.remove()
            self.cleanup_seconds = time.monotonic() - started
            if self.reports:
                self.write_reports()
        except Exception as error:  # noqa: BLE001
            problems.append(f"cleanup failed: {type(error).__name__}: {error}")
        finally:
            if self.prepared:
                shutil.rmtree(self.tmp, ignore_errors=True)  # holds a kubeconfig with credentials
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return problems

    def _tell_room_waits(self) -> None:
        """Pods that the budget let start but the scheduler kept pending for want of room: the
        nodes were fuller than the run measured (another tenant, or pods started since)."""
        prefix = "room on the nodes for "
        waits = [s for s in self.records.steps if s.kind == "wait" and s.what.startswith(prefix)]
        if waits:
            longest = max(waits, key=lambda s: s.seconds)
            self.tell(
                f"live run: {len(waits)} pod(s) waited for room on the nodes that the budget had counted "
                f"free; longest {longest.seconds:.0f} s, {longest.what[len(prefix) :]}"
            )

    def _delete_what_the_run_made(self, deadline: float) -> list[str]:
        say = self.tell
        with contextlib.suppress(Exception):  # the API may be down: then only what was recorded
            self.ledger.adopt_unrecorded(Ownership(self.usernames).names(), since=self.opened_at)
        outcome = teardown.delete_recorded(self.ledger, deadline, self.abandon, say=say)
        problems = []
        if outcome.done and self.own_namespace and not self.abandon.is_set():
            try:
                problems += teardown.delete_namespace(
                    self.api, self.namespace, self.state.namespace_uid, timeout=max(10, deadline - time.monotonic())
                )
            except Exception as error:  # noqa: BLE001
                problems.append(f"cleanup: namespace {self.namespace} not deleted ({type(error).__name__}: {error})")
        if outcome.done and not problems:
            self.state.remove()
            return []
        text = teardown.describe(outcome, self.namespace, recover_command(self.run_id)) or (
            "\n".join(problems) + f"\nfinish it later with: {recover_command(self.run_id)}"
        )
        say(text)
        return [text]

    def write_reports(self) -> None:
        report.write_coverage(self.inventory, self.records.ran())
        wall = (self.finished_at or time.monotonic()) - self.started_at
        meta: dict[str, object] = {
            "participants": ", ".join(self.usernames),
            "namespace": self.namespace + (" (created for this run)" if self.own_namespace else " (existing)"),
            "scenarios at once": self.settings.live_workers or "all",
            "setup (namespace, site profile)": f"{getattr(self, 'setup_seconds', 0):.1f} s",
            "scenarios, all pages and participants": f"{wall:.1f} s",
            "final cleanup (listing, namespace deletion)": f"{getattr(self, 'cleanup_seconds', 0):.1f} s",
            "budget waits": f"{len(self.budget.waited)}, "
            f"longest {max((w for _, w in self.budget.waited), default=0):.1f} s"
            if getattr(self, "budget", None)
            else "none",
            "budget": self.budget.describe() if getattr(self, "budget", None) else "none",
        }
        if getattr(self, "budget", None):
            meta["budget offered"] = dict(self.budget.total)
            meta["budget occupied (amount x seconds)"] = {r: round(v, 3) for r, v in self.budget.occupied.items()}
        report.write_timings(self.records.steps, self.inventory.pages, meta)
