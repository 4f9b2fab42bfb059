"""A live run: cluster access, the participants' usernames, the namespace, the scenarios
running concurrently, and the guaranteed cleanup.

Scheduling: every (page, participant) scenario is a task in one thread pool. Pages are
independent unless a scenario says otherwise with ``AFTER`` (communicating-between-containers
uses the secret of using-a-secret; the end-of-session cleanup comes after all pages of the
same participant). A CPU budget (see capacity) keeps concurrent pods from starving each other.

Cleanup: whatever happens (failure, timeout, Ctrl-C, SIGTERM), ``close()`` deletes every
object whose name belongs to one of this run's usernames and checks by listing that none is
left; a namespace the run created is deleted with the site profile's volume for it. An
existing namespace (``--namespace``, a preflight) is never deleted.
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
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml
from kubernetes import client, config as kube_config
from kubernetes.client.rest import ApiException

from workshop.harness import cleanup, cluster, report
from workshop.harness.capacity import CpuBudget
from workshop.harness.inventory import Inventory
from workshop.harness.options import Settings
from workshop.harness.participant import Participant, ScenarioFailure
from workshop.harness.report import Step
from workshop.harness.waits import Cancelled
from workshop.username import check_username


class Skipped(Exception):
    pass


@dataclass
class Scenario:
    page: str
    run: callable
    runs: tuple[str, ...]
    after: tuple[str, ...] | str   # pages that must have succeeded first, or "all" (finished)
    keeps: tuple[str, ...]         # objects the page leaves on purpose ('github-secret-<username>')


def scenario_of(module) -> Scenario:
    return Scenario(module.PAGE, module.scenario, tuple(module.RUNS), getattr(module, "AFTER", ()),
                    tuple(getattr(module, "KEEPS", ())))


class LiveRun:
    def __init__(self, settings: Settings, inventory: Inventory):
        self.settings = settings
        self.inventory = inventory
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._processes: set[subprocess.Popen] = set()
        self.steps: list[Step] = []
        self.ran: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.futures: dict[tuple[str, str], Future] = {}
        self.closed = False
        self.started_at = time.monotonic()
        self.finished_at: float | None = None

        kubectl = cluster.find_kubectl(settings.kubectl)
        if kubectl is None:
            raise RuntimeError(cluster.NO_KUBECTL)
        self.run_id = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(4))
        self.usernames = [check_username(f"{settings.user_prefix}{self.run_id}-{n}", source="test username")
                          for n in range(1, settings.users + 1)]
        self.tmp = Path(tempfile.mkdtemp(prefix=f"wk-live-{self.run_id}-"))
        (self.tmp / "bin").mkdir()
        (self.tmp / "bin" / "kubectl").symlink_to(kubectl)   # the participants' `kubectl`
        self.kubectl = self.tmp / "bin" / "kubectl"
        self.own_namespace = not settings.namespace
        self.namespace = settings.namespace or f"wk-test-{self.run_id}"
        self.kubeconfig = self._write_kubeconfig()
        cfg = client.Configuration()
        kube_config.load_kube_config(config_file=str(self.kubeconfig), client_configuration=cfg)
        cfg.connection_pool_maxsize = 64
        self.api = client.ApiClient(cfg)
        self.git_values = cluster.git_credentials()
        self._gates: dict[tuple[str, str], dict] = {}
        self._gate_cond = threading.Condition()
        self.abandoned: set[str] = set()
        atexit.register(self.close)

    # --- setup -------------------------------------------------------------------------------

    def _write_kubeconfig(self) -> Path:
        """A flattened copy of the chosen context whose namespace is the test namespace, so the
        snippets (which name no namespace) land there."""
        args = [str(self.kubectl), "config", "view", "--raw", "--flatten", "--minify"]
        if self.settings.context:
            args += ["--context", self.settings.context]
        env = {**os.environ, "KUBECONFIG": self.settings.kubeconfig}
        out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=30, check=True).stdout
        data = yaml.safe_load(out)
        data["contexts"][0]["context"]["namespace"] = self.namespace
        data["current-context"] = data["contexts"][0]["name"]
        path = self.tmp / "kubeconfig"
        path.touch(mode=0o600)
        path.write_text(yaml.safe_dump(data))
        return path

    def open(self) -> "LiveRun":
        started = time.monotonic()
        core = client.CoreV1Api(self.api)
        if self.own_namespace:
            profile = cluster.profile_command()
            if profile:
                env = {**os.environ, "KUBECONFIG": str(self.kubeconfig), "KUBECTL": str(self.kubectl)}
                result = subprocess.run([*profile, self.namespace], capture_output=True, text=True, env=env, timeout=180)
                if result.returncode != 0:
                    raise RuntimeError(f"applying the site profile to {self.namespace} failed:\n{result.stdout}{result.stderr}")
            else:
                core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=self.namespace)))
        else:
            core.read_namespace(self.namespace)  # fails clearly if it does not exist
            left = cleanup.owned(self.api, self.namespace, self.usernames)
            if left:
                raise RuntimeError(f"objects of this run's fresh usernames already exist in {self.namespace}: {left}")
        self.cpu = CpuBudget.from_cluster(self.api, owner=lambda name: bool(cleanup.owner_pattern(self.usernames).search(name)))
        self.setup_seconds = time.monotonic() - started
        self.started_at = time.monotonic()
        return self

    def participant_env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.tmp / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "KUBECONFIG": str(self.kubeconfig),
            "KUBECACHEDIR": str(self.tmp / "kube-cache"),
            "HOME": str(self.tmp / "home"),
            "LANG": "C.UTF-8",
        }

    # --- processes ---------------------------------------------------------------------------

    def spawn(self, argv, *, cwd, env, stdin=None, timeout=120) -> subprocess.CompletedProcess:
        """Run a command; killed when the run is cancelled. returncode -1 means timed out."""
        if self.cancelled.is_set():
            raise Cancelled(" ".join(map(str, argv)))
        proc = subprocess.Popen(argv, cwd=cwd, env=env, text=True, start_new_session=True,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with self._lock:
            self._processes.add(proc)
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            _kill(proc)
            out, err = proc.communicate()
            code = -1
        finally:
            with self._lock:
                self._processes.discard(proc)
        if self.cancelled.is_set():
            raise Cancelled(" ".join(map(str, argv)))
        return subprocess.CompletedProcess(argv, code, out, err)

    @contextlib.contextmanager
    def hastening(self, p: Participant):
        """While a snippet runs, pods of the participant's objects that are being deleted go at
        once (grace period 0): the tutorial's `sleep 1000` ignores SIGTERM, so each deletion
        would otherwise wait 30 s. The snippet's own delete command still waits and succeeds."""
        stop = threading.Event()

        def hasten():
            core = client.CoreV1Api(self.api)
            while not stop.wait(0.3):
                names = list(p.created)
                if not names:
                    continue
                with contextlib.suppress(Exception):
                    for pod in core.list_namespaced_pod(self.namespace).items:
                        n = pod.metadata.name
                        if pod.metadata.deletion_timestamp and any(n == o or n.startswith(o + "-") for o in names):
                            with contextlib.suppress(ApiException):
                                core.delete_namespaced_pod(n, self.namespace, grace_period_seconds=0)

        thread = threading.Thread(target=hasten, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    # --- records -----------------------------------------------------------------------------

    def record(self, step: Step, ran: str | None = None, user: str | None = None) -> None:
        with self._lock:
            self.steps.append(step)
            if ran:
                self.ran[(step.page, ran)][user or step.user] += 1

    def diagnostics(self, p: Participant, names: list[str] | None = None) -> str:
        """Pods of the participant's objects: state, tail of their logs, their events."""
        names = [p.name(n) for n in names] if names else list(p.created)
        if not names:
            return ""
        core = client.CoreV1Api(self.api)
        out = []
        try:
            pods = [pod for pod in core.list_namespaced_pod(self.namespace).items
                    if any(pod.metadata.name == n or pod.metadata.name.startswith(n + "-") for n in names)]
            for pod in pods[:4]:
                states = []
                for status in (pod.status.init_container_statuses or []) + (pod.status.container_statuses or []):
                    state = status.state.to_dict() if status.state else {}
                    what = next(((k, v) for k, v in state.items() if v), ("unknown", {}))
                    reason = (what[1] or {}).get("reason") or ""
                    states.append(f"{status.name}={what[0]}{'/' + reason if reason else ''} restarts={status.restart_count}")
                out.append(f"  pod {pod.metadata.name}: {pod.status.phase}; " + ", ".join(states))
                for container in [c.name for c in (pod.spec.init_containers or [])] + [c.name for c in pod.spec.containers]:
                    with contextlib.suppress(ApiException):
                        log = core.read_namespaced_pod_log(pod.metadata.name, self.namespace, container=container, tail_lines=15)
                        if log.strip():
                            out.append(f"    logs of {container} (tail):")
                            out += [f"      {line}" for line in log.splitlines()]
            objects = {pod.metadata.name for pod in pods[:4]} | set(names)
            events = [e for e in core.list_namespaced_event(self.namespace).items if e.involved_object.name in objects]
            events.sort(key=lambda e: e.metadata.creation_timestamp.timestamp())
            if events:
                out.append("  events (last 10):")
                out += [f"    {e.involved_object.kind}/{e.involved_object.name}: {e.type} {e.reason}: {e.message}"
                        for e in events[-10:]]
        except Exception as error:  # noqa: BLE001 - diagnostics must never hide the real failure
            out.append(f"  (diagnostics failed: {error})")
        return "\n".join(out)

    # --- participants meeting each other -----------------------------------------------------

    def rendezvous(self, page: str, name: str, username: str, timeout: float) -> None:
        key = (page, name)
        with self._gate_cond:
            gate = self._gates.setdefault(key, {"arrived": set()})
            gate["arrived"].add(username)
            self._gate_cond.notify_all()
            ok = self._gate_cond.wait_for(
                lambda: all(u in gate["arrived"] or (page, u) in self.abandoned for u in self.usernames)
                or self.cancelled.is_set(), timeout=timeout)
        if self.cancelled.is_set():
            raise Cancelled(name)
        if not ok:
            raise ScenarioFailure(f"[{page}] not every participant reached {name!r} within {timeout:.0f} s")

    @contextlib.contextmanager
    def turn(self, p: Participant, name: str, timeout: float):
        key = (p.page, "turn:" + name)
        with self._gate_cond:
            gate = self._gates.setdefault(key, {"done": set()})
            ok = self._gate_cond.wait_for(
                lambda: all(u in gate["done"] or (p.page, u) in self.abandoned for u in self.usernames[:p.index])
                or self.cancelled.is_set(), timeout=timeout)
        if self.cancelled.is_set():
            raise Cancelled(name)
        if not ok:
            raise ScenarioFailure(f"[{p.page}] the participants before {p.username} did not finish {name!r}")
        try:
            yield
        finally:
            with self._gate_cond:
                gate["done"].add(p.username)
                self._gate_cond.notify_all()

    def abandon(self, page: str, username: str) -> None:
        """This participant will not reach the page's meeting points: do not wait for it."""
        with self._gate_cond:
            self.abandoned.add((page, username))
            self._gate_cond.notify_all()

    # --- scheduling --------------------------------------------------------------------------

    def start(self, scenarios: list[Scenario]) -> None:
        order = {page: i for i, page in enumerate(self.inventory.pages)}
        scenarios = sorted(scenarios, key=lambda s: order.get(s.page, 999))
        self.scenarios = {s.page: s for s in scenarios}
        workers = self.settings.live_workers or max(1, len(scenarios) * len(self.usernames))
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wk-scenario")
        for scenario in scenarios:           # page order, so a task's dependencies are queued first
            for index, username in enumerate(self.usernames):
                self.futures[(scenario.page, username)] = self.pool.submit(self._task, scenario, index, username)

    def _task(self, scenario: Scenario, index: int, username: str) -> None:
        threading.current_thread().name = f"{scenario.page}:{username}"
        deps = ([s for s in self.scenarios if s != scenario.page] if scenario.after == "all" else list(scenario.after))
        for dep in deps:
            future = self.futures.get((dep, username))
            if future is None:
                continue
            try:
                future.result()
            except Exception as error:  # noqa: BLE001
                if scenario.after != "all":
                    self.abandon(scenario.page, username)
                    raise Skipped(f"needs page {dep!r} to pass for {username} first ({type(error).__name__})") from None
        p = Participant(self, scenario.page, username, index, scenario.runs)
        started = time.monotonic()
        ok = False
        try:
            scenario.run(p)
            self._check_ran_as_shown(p, scenario)
            self._check_page_left_nothing(p, scenario)
            ok = True
        except BaseException as error:
            self.abandon(scenario.page, username)
            discarded = self._discard_page_objects(p, scenario)
            if discarded:
                error.add_note(f"  after the failure the harness deleted what the page had made: {', '.join(discarded)}")
            raise
        finally:
            p.release_cpu()
            self.record(Step(scenario.page, username, "scenario", scenario.page, time.monotonic() - started, ok))

    def _check_ran_as_shown(self, p: Participant, scenario: Scenario) -> None:
        ran = {s: counts.get(p.username, 0) for (page, s), counts in self.ran.items() if page == scenario.page}
        missing = [s for s in scenario.runs if not ran.get(s)]
        if missing:
            raise ScenarioFailure(f"[{scenario.page} as {p.username}] declared in RUNS but never run: {missing}")
        shown = self.inventory.occurrences(scenario.page)
        short = {s: f"ran {ran.get(s, 0)}x, page shows it {n}x" for s, n in shown.items() if ran.get(s, 0) < n}
        if short:
            raise ScenarioFailure(f"[{scenario.page} as {p.username}] the scenario skips blocks the page shows: {short}")

    def _check_page_left_nothing(self, p: Participant, scenario: Scenario) -> None:
        with p.claim("(each page ends by deleting what it created; only what it says to keep is left)"):
            with self.hastening(p):
                p.wait("the page's objects to be gone", lambda: not p.left_of_this_page(scenario.keeps), timeout=90)

    def _discard_page_objects(self, p: Participant, scenario: Scenario) -> list[str]:
        """A failed page stopped half-way: delete what it made (but what it keeps for later
        pages), so that the failure stays on this page instead of showing up again as leftovers
        on the end-of-session cleanup page. Best effort: the run's final cleanup is the backstop.
        Returns what it deleted."""
        if self.cancelled.is_set():
            return []   # close() deletes everything anyway
        deleted: list[str] = []
        with contextlib.suppress(Exception):
            deadline = time.monotonic() + 90
            while (left := p.left_of_this_page(scenario.keeps)) and time.monotonic() < deadline:
                cleanup.delete(self.api, self.namespace, left)
                deleted += [ref for ref in left if ref not in deleted]
                time.sleep(1)
        return deleted

    def result(self, page: str) -> tuple[list[str], list[str]]:
        """(failures, skips) of one page over all participants; waits for them."""
        failures, skips = [], []
        for username in self.usernames:
            future = self.futures.get((page, username))
            if future is None:
                continue
            try:
                future.result()
            except Skipped as why:
                skips.append(f"{username}: {why}")
            except (AssertionError, ScenarioFailure) as error:
                failures.append("\n".join([str(error), *getattr(error, "__notes__", ())]))
            except Cancelled:
                failures.append(f"{username}: cancelled")
            except Exception as error:  # noqa: BLE001 - a bug in a scenario is a failure, with its type
                import traceback
                failures.append(f"[{page} as {username}] {type(error).__name__}: {error}\n"
                                + "".join(traceback.format_exception(error)[-6:]))
        if self.finished_at is None and all(f.done() for f in self.futures.values()):
            self.finished_at = time.monotonic()
        return failures, skips

    # --- teardown ----------------------------------------------------------------------------

    def close(self) -> list[str]:
        """Stop everything, delete what this run created, report. Returns problems."""
        if self.closed:
            return []
        self.closed = True
        previous = signal.getsignal(signal.SIGINT) if threading.current_thread() is threading.main_thread() else None
        if previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the cleanup half-way
        problems = []
        try:
            if any(not f.done() for f in self.futures.values()):
                self.cancelled.set()
                with self._gate_cond:
                    self._gate_cond.notify_all()
                with self._lock:
                    for proc in list(self._processes):
                        _kill(proc)
            if hasattr(self, "pool"):
                self.pool.shutdown(wait=True, cancel_futures=True)
            if self.finished_at is None:
                self.finished_at = time.monotonic()
            started = time.monotonic()
            left = cleanup.delete_owned(self.api, self.namespace, self.usernames)
            if left:
                problems.append(f"cleanup: still there after 120 s in {self.namespace}: {left}")
            if self.own_namespace:
                problems += self._delete_namespace()
            self.cleanup_seconds = time.monotonic() - started
            self.write_reports()
            shutil.rmtree(self.tmp, ignore_errors=True)   # holds a kubeconfig with credentials
        except Exception as error:  # noqa: BLE001
            problems.append(f"cleanup failed: {type(error).__name__}: {error}")
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        return problems

    def _delete_namespace(self) -> list[str]:
        core = client.CoreV1Api(self.api)
        with contextlib.suppress(ApiException):
            core.delete_namespace(self.namespace)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                core.read_namespace(self.namespace)
            except ApiException as error:
                if error.status == 404:
                    break
            time.sleep(1)
        else:
            return [f"cleanup: namespace {self.namespace} still terminating after 120 s"]
        # The site profile's cvmfs volume for this namespace (cluster-scoped, Retain).
        for pv in core.list_persistent_volume(label_selector="workshop.site/profile=cvmfs").items:
            ref = pv.spec.claim_ref
            if ref is not None and ref.namespace == self.namespace:
                with contextlib.suppress(ApiException):
                    core.delete_persistent_volume(pv.metadata.name)
        return []

    def write_reports(self) -> None:
        report.write_coverage(self.inventory, {k: dict(v) for k, v in self.ran.items()})
        wall = (self.finished_at or time.monotonic()) - self.started_at
        meta = {
            "participants": ", ".join(self.usernames),
            "namespace": self.namespace + (" (created for this run)" if self.own_namespace else " (existing)"),
            "scenarios at once": self.settings.live_workers or "all",
            "setup (namespace, site profile)": f"{getattr(self, 'setup_seconds', 0):.1f} s",
            "scenarios, all pages and participants": f"{wall:.1f} s",
            "final cleanup (listing, namespace deletion)": f"{getattr(self, 'cleanup_seconds', 0):.1f} s",
            "CPU budget waits": f"{len(self.cpu.waited)}, longest {max((w for _, w in self.cpu.waited), default=0):.1f} s"
            if getattr(self, "cpu", None) else "none",
            "CPU budget": f"{self.cpu.total} millicores" if getattr(self, "cpu", None) and self.cpu.total else "none",
        }
        report.write_timings(self.steps, self.inventory.pages, meta)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
