"""The processes a live run starts (snippets, kubectl): each in its own process group, so that
a cancelled run (Ctrl-C, SIGTERM, a fatal error) can kill all of them and their children."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading

from workshop.harness.live.waits import Cancelled

TIMED_OUT = -1  # the returncode of a process that ran out of time and was killed


class Processes:
    def __init__(self, cancelled: threading.Event):
        self.cancelled = cancelled
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()

    def spawn(
        self, argv, *, cwd, env, stdin: str | None = None, timeout: float = 120, started=None
    ) -> subprocess.CompletedProcess:
        """Run a command to its end; returncode TIMED_OUT when it was killed for taking too long.
        started(kill): called once it runs, with a function that kills it (fail fast).
        Raises Cancelled when the run is cancelled before or while it runs."""
        if self.cancelled.is_set():
            raise Cancelled(" ".join(map(str, argv)))
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            text=True,
            start_new_session=True,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        with self._lock:
            self._running.add(proc)
        if started is not None:
            started(lambda: _kill(proc))
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            _kill(proc)
            out, err = proc.communicate()
            code = TIMED_OUT
        finally:
            with self._lock:
                self._running.discard(proc)
        if self.cancelled.is_set():
            raise Cancelled(" ".join(map(str, argv)), output=out or "")
        return subprocess.CompletedProcess(argv, code, out, err)

    def kill_all(self) -> None:
        with self._lock:
            for proc in list(self._running):
                _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
