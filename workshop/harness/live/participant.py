"""One participant working through one page, running the exact snippet files.

- Manifests are written into the participant's own working directory, filled in, as if
  downloaded from the site; shell snippets run there with bash, kubectl of the cluster's
  version first on PATH, and a kubeconfig whose context selects the test namespace (the
  snippets use no ``-n``).
- Each shell snippet runs as ``set -e -o pipefail`` + ``source <file>``: the first failing
  command stops it, and an ERR trap reports its line, so a failure names ``file:line``.
- Commands typed inside a pod are fed, as a participant types them, into the page's own login
  snippet (``kubectl exec -it <pod> -- bash``): kubectl notes there is no terminal and passes
  stdin to the pod's bash. Each in-pod snippet runs in its own ``bash -e`` there, between
  markers, so its output, exit status and failing line are known.
- Only snippets the scenario declares in RUNS may run; every run is counted for coverage.
- Claims: ``with p.claim("sentence of the page"):`` around the checks of that sentence, so a
  failure quotes it, with the logs and events of the participant's pods.

This class is what a scenario author calls; what it keeps behind those calls (the objects the
page made, by UID; its share of the budget; its steps) is its PageBook (workshop.harness.live.
pagebook). A participant sees the run only through its Session (workshop.harness.live.session).
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kubernetes import client
from kubernetes.client.rest import ApiException

from workshop import kubectl_commands
from workshop.harness.live import budget, diagnostics, failfast, snippet_shell, waits
from workshop.harness.live.meeting import MeetingFailed
from workshop.harness.live.pagebook import PageBook
from workshop.harness.live.processes import TIMED_OUT
from workshop.harness.live.session import Session
from workshop.harness.live.snippet_shell import InPodRun
from workshop.harness.recovery.ledger import Recorded
from workshop.ownership import held_by
from workshop.paths import SNIPPETS
from workshop.placeholders import substitute


class ScenarioFailure(AssertionError):
    """A snippet failed, a wait timed out or a claim of the page does not hold."""


class UndeclaredSnippet(ScenarioFailure):
    pass


@dataclass
class SnippetRun:
    snippet: str
    rc: int
    stdout: str
    stderr: str
    failed_line: int | None
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Participant:
    def __init__(
        self, session: Session, page: str, username: str, runs: tuple[str, ...], kept_before: tuple[str, ...] = ()
    ):
        self.session = session
        # Names ('vol-<username>') that the pages this one waited for (AFTER) keep on purpose.
        self.kept_before = kept_before
        self.page = page
        self.username = username
        self.declared = set(runs)
        self.values = {"username": username, **session.git_values}
        self.workdir = session.workspace / "participants" / username / page
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.scripts = session.workspace / "scripts" / username / page
        self.scripts.mkdir(parents=True, exist_ok=True)
        self.env = dict(session.env)
        self.book = PageBook(session, page, username)
        self.last_snippet: str | None = None  # for messages: where in the page the failure happened
        folders = {self.page} | {s.split("/")[0] for s in runs}
        for folder in sorted(folders):  # the manifests, as downloaded from the site
            for manifest in sorted((SNIPPETS / folder).glob("*.yaml")):
                (self.workdir / manifest.name).write_text(self.fill(manifest.read_text(encoding="utf-8")))

    # --- values and messages -------------------------------------------------------------

    def fill(self, text: str) -> str:
        return substitute(text, self.values)

    def mask(self, text: str) -> str:
        token = self.values.get("github-token")
        return text.replace(token, "<github-token>") if token else text

    def name(self, template: str) -> str:
        """'c1-<username>' -> this participant's name."""
        return self.fill(template)

    def _fail(self, message: str, names: list[str] | None = None) -> ScenarioFailure:
        detail = diagnostics.describe(
            self.session.api,
            self.session.namespace,
            self.session.ledger,
            [self.name(n) for n in names] if names else list(self.book.created),
        )
        return ScenarioFailure(
            self.mask(f"[{self.page} as {self.username}] {message}" + (f"\n{detail}" if detail else ""))
        )

    # --- running snippets ----------------------------------------------------------------

    def _check_declared(self, snippet: str) -> None:
        if snippet not in self.declared:
            raise UndeclaredSnippet(
                f"[{self.page}] the scenario runs {snippet!r}, which its RUNS does not declare: add it, so that the "
                "static tier knows the block is run"
            )

    def _snippet_line(self, snippet: str, line: int | None) -> str:
        if not line:
            return ""
        lines = self.fill((SNIPPETS / snippet).read_text(encoding="utf-8")).splitlines()
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def run(
        self,
        snippet: str,
        *,
        stdin: str | None = None,
        expect_failure: bool = False,
        timeout: float = 420,
        record: bool = True,
    ) -> SnippetRun:
        """Run one shell snippet as the participant pastes it; return its output."""
        self._check_declared(snippet)
        script = self.scripts / Path(snippet).name
        script.write_text(self.fill((SNIPPETS / snippet).read_text(encoding="utf-8")))
        manifests = self._manifests(script.read_text())
        try:
            creates = self.book.reserve([(m, self.workdir / Path(m).name) for m in manifests])
        except (budget.DoesNotFit, budget.WaitedTooLong) as error:
            raise self._fail(str(error)) from None
        self.book.doing(f"runs snippets/{snippet}")
        result, seen, room_waits = self._execute(snippet, script, stdin, timeout, watched=not expect_failure)
        self.book.release_deleted(result.stdout, keep=creates)
        self.book.release_finished_jobs()
        ok = (result.rc != 0) == expect_failure
        if record:
            self.book.step("snippet", snippet, result.seconds, ok, ran=snippet)
            for manifest in manifests:  # a manifest block counts as run when kubectl creates it
                self.book.step("manifest", manifest, 0.0, ok, ran=manifest)
        self.book.track(result.stdout)
        self.last_snippet = snippet
        self._judge(result, seen, room_waits, timeout, expect_failure, ok)
        return result

    def _execute(self, snippet: str, script: Path, stdin: str | None, timeout: float, watched: bool):
        """The snippet's bash, hastened where it deletes and watched where it waits:
        (SnippetRun, what fail-fast saw or None, the pods that waited for room)."""
        text = script.read_text()
        started = time.monotonic()
        # Only a snippet that deletes needs its deletions hastened (it saves API calls).
        hasten = self.book.hastening() if "delete" in text else contextlib.nullcontext()
        # Beside a snippet that waits on an object, watch that object: a wait that cannot
        # succeed fails the page now, not when the page's own timeout runs out.
        objects = failfast.awaited(text)
        watch = failfast.Watch(self.session.api, self.session.namespace, objects) if watched else None
        try:
            with hasten:
                proc = self.session.processes.spawn(
                    snippet_shell.local_argv(script),
                    cwd=self.workdir,
                    env=self.env,
                    stdin=stdin,
                    timeout=timeout,
                    started=watch.start if watch else None,
                )
        except waits.Cancelled as cancelled:
            # Interrupted mid-snippet: what it created so far is the run's, to be deleted.
            with contextlib.suppress(Exception):
                self.book.track(cancelled.output)
            raise
        seen = watch.stop() if watch else None
        seconds = time.monotonic() - started
        room_waits = watch.room_waits() if watch else []
        for wait in room_waits:  # the nodes were fuller than the budget knew: for the report
            self.book.step("wait", f"room on the nodes for {wait.pod} ({wait.holders})", wait.seconds(), True)
        line, stderr = snippet_shell.failed_line(proc.stderr)
        return SnippetRun(snippet, proc.returncode, proc.stdout, stderr, line, seconds), seen, room_waits

    def _judge(
        self, result: SnippetRun, seen: str | None, room_waits: list, timeout: float, expect_failure: bool, ok: bool
    ) -> None:
        """A failure that quotes the snippet, its failing line and command, and what the cluster showed."""
        snippet = result.snippet
        if seen:
            raise self._fail(
                f"snippets/{snippet}: stopped after {result.seconds:.0f} s, because the cluster shows that it "
                f"cannot succeed: {seen}\n{self._tail(result)}"
            )
        room = "".join(f"\n  {wait.describe()}" for wait in room_waits)
        if result.rc == TIMED_OUT:
            raise self._fail(f"snippets/{snippet}: timed out after {timeout:.0f} s{room}\n{self._tail(result)}")
        if not ok:
            line = result.failed_line
            where = f"snippets/{snippet}:{line}" if line else f"snippets/{snippet}"
            command = self._snippet_line(snippet, line)
            if expect_failure:
                raise self._fail(f"{where}: expected to fail, but it succeeded\n{self._tail(result)}")
            raise self._fail(
                f"{where}: exit status {result.rc}"
                + (f"\n  command: {command}" if command else "")
                + room
                + f"\n{self._tail(result)}"
            )

    def _manifests(self, text: str) -> list[str]:
        """Snippet paths of the manifests a shell snippet creates (`kubectl create -f c1.yaml`)."""
        try:
            commands = kubectl_commands.kubectl_commands(text)
        except kubectl_commands.UnsupportedShell:
            return []
        found = []
        for command in commands:
            argv = command.argv
            if argv[:1] not in (["create"], ["apply"], ["replace"]):
                continue
            for i, arg in enumerate(argv[:-1]):
                if arg in ("-f", "--filename") and argv[i + 1] != "-":
                    matches = [
                        s for s in self.declared if s.endswith("/" + argv[i + 1]) and s.split("/")[0] == self.page
                    ]
                    matches = matches or [s for s in self.declared if s.endswith("/" + argv[i + 1])]
                    if not matches:
                        raise UndeclaredSnippet(
                            f"[{self.page}] a snippet creates {argv[i + 1]!r}, which RUNS does not declare"
                        )
                    found.append(matches[0])
        return found

    def _tail(self, result: SnippetRun, lines: int = 25) -> str:
        out = "\n".join(result.stdout.splitlines()[-lines:])
        err = "\n".join(result.stderr.splitlines()[-lines:])
        return self.mask(f"  stdout (tail):\n{_indent(out)}\n  stderr (tail):\n{_indent(err)}")

    def login(
        self, login_snippet: str, *in_pod: str, expect_failure: tuple[str, ...] = (), timeout: float = 120
    ) -> dict[str, InPodRun]:
        """Log into a pod with the page's login snippet and type the in-pod snippets there."""
        for snippet in in_pod:
            self._check_declared(snippet)
        try:
            stdin = snippet_shell.in_pod_input(
                [(s, self.fill((SNIPPETS / s).read_text(encoding="utf-8"))) for s in in_pod]
            )
        except snippet_shell.MarkerInSnippet as error:
            raise ScenarioFailure(str(error)) from None
        login = self.run(login_snippet, stdin=stdin, timeout=timeout)
        for _ in range(_EXEC_RETRIES):
            if snippet_shell.BEGIN in login.stdout:
                break
            # Not one typed line arrived, so nothing ran in the pod: exec sometimes drops its
            # input (kubernetes/kubernetes#112834). Log in again, as a participant would.
            self.book.step(
                "retry",
                f"{login_snippet}: the pod's shell got no input, logging in again",
                login.seconds,
                True,
            )
            login = self.run(login_snippet, stdin=stdin, timeout=timeout)
        results = snippet_shell.split_in_pod(login.stdout)
        for snippet in in_pod:
            got = results.get(snippet)
            self.last_snippet = f"{snippet} (in the pod)"
            ok = got is not None and (got.rc != 0) == (snippet in expect_failure)
            self.book.step("snippet", snippet, 0.0, ok, ran=snippet if got else None)
            if got is None:
                raise self._fail(
                    f"snippets/{snippet}: did not run inside the pod (typed via snippets/{login_snippet})\n"
                    f"{self._tail(login)}"
                )
            if not ok:
                where = f"snippets/{snippet}:{got.failed_line}" if got.failed_line else f"snippets/{snippet}"
                expectation = (
                    "expected to fail, but it succeeded" if snippet in expect_failure else f"exit status {got.rc}"
                )
                command = self._snippet_line(snippet, got.failed_line)
                raise self._fail(
                    f"{where} (inside the pod, via snippets/{login_snippet}): {expectation}"
                    + (f"\n  command: {command}" if command and got.rc else "")
                    + f"\n  output:\n{_indent(self.mask(got.output))}"
                )
        return results

    # --- checks the reader does by eye ------------------------------------------------------

    def claim(self, sentence: str, names: list[str] | None = None):
        """The checks inside test one sentence of the page (whole sentences, quoted as the page
        says them: the static tier finds them there); a failure quotes it."""
        return self._checking(sentence, "the page says: “{}”", names)

    def check(self, what: str, names: list[str] | None = None):
        """A check of the harness's own, which no sentence of the page states (what a page keeps
        for later ones, another participant's objects left alone); a failure names it."""
        return self._checking(what, "the harness checks that {}", names)

    @contextlib.contextmanager
    def _checking(self, what: str, said: str, names: list[str] | None):
        started = time.monotonic()
        try:
            yield
        except (AssertionError, waits.WaitTimeout) as error:
            self.book.step("check", what, time.monotonic() - started, False)
            if isinstance(error, ScenarioFailure):
                raise
            after = f" (after snippets/{self.last_snippet})" if self.last_snippet else ""
            raise self._fail(f"{said.format(what)}{after} — but: {error}", names) from None
        self.book.step("check", what, time.monotonic() - started, True)

    def configmap_update_bound(self) -> tuple[float, str]:
        """(seconds, why) within which a ConfigMap update must reach a pod (waits.configmap_update_bound)."""
        return waits.configmap_update_bound(self.session.api)

    def wait(
        self,
        what: str,
        condition: Callable,
        timeout: float = 180,
        interval: float = 0.5,
        names=None,
        describe: Callable | None = None,
    ):
        started = time.monotonic()
        self.book.doing(f"waits for {what}")
        try:
            return waits.until(
                condition,
                timeout=timeout,
                what=what,
                interval=interval,
                cancelled=self.session.cancelled,
                describe=describe,
            )
        except waits.WaitTimeout as error:
            raise self._fail(str(error), names) from None
        finally:
            self.book.step("wait", what, time.monotonic() - started, True)

    def kubectl(
        self, *args: str, check: bool = True, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        """A command of the harness (not a snippet): same kubectl, kubeconfig and namespace."""
        proc = self.session.processes.spawn(
            [str(self.session.kubectl), *args], cwd=self.workdir, env=self.env, stdin=stdin, timeout=timeout
        )
        if check and proc.returncode != 0:
            raise self._fail(f"harness command failed: kubectl {' '.join(args)}\n{_indent(proc.stdout + proc.stderr)}")
        return proc

    def in_pod(
        self, target: str, script: str, container: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess:
        """A check inside a pod (target: 'c1-alice' or 'job/s3-alice') through kubectl exec."""
        args = ["exec", target] + (["-c", container] if container else []) + ["--", "sh", "-c", script]
        return self.kubectl(*args, check=check)

    # --- objects -----------------------------------------------------------------------------

    def create_own_pod(self, manifest: str, timeout: float = 300) -> str:
        """Create a pod of the harness's own (a probe, not a tutorial object) and return its name
        once it runs. Its CPU comes from the budget like the tutorial's pods, and a check that
        depends on when the pod started can rely on it having started by now."""
        name = self.book.take(manifest, timeout)
        self.book.track(self.kubectl("create", "-f", "-", stdin=manifest).stdout)  # recorded by UID

        def running():
            try:
                return waits.pod_ready(self.core.read_namespaced_pod(name, self.session.namespace))
            except ApiException as error:
                if error.status == 404:
                    return False
                raise

        self.wait(f"the harness's pod {name} to run", running, timeout=timeout, names=[name])
        return name

    def delete_own_pod(self, name: str) -> None:
        """Delete a pod of the harness's own (create_own_pod), by its UID, at once."""
        self.book.delete(name)

    @property
    def namespace(self) -> str:
        return self.session.namespace

    @property
    def core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self.session.api)

    @property
    def batch(self) -> client.BatchV1Api:
        return client.BatchV1Api(self.session.api)

    def job_pods(self, job: str) -> list:
        """The pods of a Job this page made (by the Job's UID: see PageBook.job_pods)."""
        return self.book.job_pods(job)

    def wait_job_finished(self, job: str, timeout: float = 240) -> str:
        """'Complete' or 'Failed' (the page's `kubectl wait` only knows success)."""

        def finished():
            try:
                state = waits.job_finished(self.batch.read_namespaced_job(job, self.session.namespace))
                if state:
                    self.book.release_when_gone(job)
                return state
            except ApiException as error:
                if error.status == 404:
                    return None
                raise

        return self.wait(f"job {job} to finish", finished, timeout=timeout, names=[job])

    def suspend_job(self, job: str) -> None:
        """Stop the pods of a Job this page made at once (its budget goes back when they are
        gone), keeping the Job object for the page's own cleanup. Only the Job's own pods (by its
        UID) are deleted, each by its UID."""
        self.batch.patch_namespaced_job(job, self.session.namespace, {"spec": {"suspend": True}})
        self.session.ledger.delete(
            [Recorded("pods", pod.metadata.name, pod.metadata.uid) for pod in self.book.job_pods(job)]
        )
        self.book.release_when_gone(job)

    def mine(self) -> list[str]:
        """'kind/name' of every object in the namespace that belongs to this participant."""
        return held_by(self.session.api, self.session.namespace, [self.username])

    def left_of_this_page(self, keeps: tuple[str, ...] = ()) -> list[str]:
        """Objects this page created (and their Jobs' pods) that still exist as the very
        objects it created (same UID), apart from those the page says to keep."""
        return [item.ref for item in self.page_objects_left(keeps)]

    def page_objects_left(self, keeps: tuple[str, ...] = ()) -> list[Recorded]:
        return self.book.objects_left({self.name(k) for k in keeps})

    def rendezvous(self, name: str, timeout: float = 300) -> None:
        """Wait until every participant of the run has reached this point of this page."""
        try:
            self.session.meeting.rendezvous(self.page, name, self.username, timeout)
        except MeetingFailed as error:
            raise ScenarioFailure(str(error)) from None

    @contextlib.contextmanager
    def turn(self, name: str, timeout: float = 300):
        """A block in which participants act one after another, in username order."""
        try:
            with self.session.meeting.turn(self.page, name, self.username, timeout):
                yield
        except MeetingFailed as error:
            raise ScenarioFailure(str(error)) from None


_EXEC_RETRIES = 2  # logins again after an exec that delivered none of the typed input


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.splitlines()) or by + "(empty)"
