"""`workshop preflight`: the whole tutorial run on the teaching cluster before a workshop, as one
command, from a checkout.

It runs the live tier (the same pytest command the README gives, with the same options) as a
separate process, follows its progress file (workshop.harness.live.records: a JSON line per
step and per "doing"), and shows per participant which page it is on, what it is doing or
waiting for, and what failed: a line each, redrawn on a terminal (rich), plain lines otherwise.
At the end it writes a report the instructor can keep (Markdown, or JSON with --format json):
the fit report, each page's verdict and minutes, what was left and the command that finishes
the cleanup if anything was. Exit code: the live tier's (0 every page passed).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from workshop import markdown
from workshop.paths import LIVE_TESTS, REPORTS, ROOT

# The live tier's options (workshop.harness.options) that preflight takes and passes on as they are.
PASSED_ON = (
    "kubeconfig",
    "context",
    "namespace",
    "kubectl",
    "user-prefix",
    "live-workers",
    "cleanup-deadline",
    "apply-site-profile",
)


@dataclass
class Participant:
    username: str
    page: str = ""
    doing: str = "waiting to start"
    since: float = field(default_factory=time.time)
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def line(self, now: float) -> Text:
        text = Text(f"{self.username:<14} ", style="bold")
        text.append(f"{self.page or '-':<34.34} ")
        text.append(f"{self.doing} ({now - self.since:.0f} s)")
        text.append(f"  ✓{len(self.passed)}", style="green")
        if self.failed:
            text.append(f" ✗{len(self.failed)} {', '.join(self.failed)}", style="bold red")
        return text


class Progress:
    """What the progress file says so far, per participant."""

    def __init__(self):
        self.people: dict[str, Participant] = {}
        self.lines: list[str] = []  # what a plain (not a terminal) view prints

    def feed(self, event: dict) -> None:
        user = event.get("user", "")
        if not user:
            return
        person = self.people.setdefault(user, Participant(user))
        if person.page != event.get("page"):
            person.page = event.get("page", "")
        if event["event"] == "doing":
            person.doing, person.since = event["what"], event["t"]
            if event["what"] == "starts the page":
                self.lines.append(f"{user}: starts page {person.page}")
        elif event["event"] == "step" and event.get("kind") == "scenario":
            verdict = "passed" if event["ok"] else "FAILED"
            (person.passed if event["ok"] else person.failed).append(event["page"])
            person.doing, person.since = f"page {verdict}", event["t"]
            self.lines.append(f"{user}: page {event['page']} {verdict} ({event['seconds'] / 60:.1f} min)")

    def view(self) -> Group:
        now = time.time()
        return Group(*(p.line(now) for p in self.people.values()))


def _follow(path: Path, progress: Progress, stop: threading.Event, plain) -> None:
    """Read the progress file as it grows until stop is set and everything is read."""
    while not path.exists() and not stop.is_set():
        time.sleep(0.2)
    if not path.exists():
        return
    with open(path, encoding="utf-8") as source:
        while True:
            line = source.readline()
            if not line:
                if stop.is_set():
                    return
                time.sleep(0.3)
                continue
            try:
                before = len(progress.lines)
                progress.feed(json.loads(line))
                if plain is not None:
                    for said in progress.lines[before:]:
                        print(said, file=plain, flush=True)
            except (ValueError, KeyError):
                continue


def command(args, users: int) -> list[str]:
    pages = [p.strip() for p in (getattr(args, "pages", None) or "").split(",") if p.strip()]
    tests = [f"{LIVE_TESTS.relative_to(ROOT)}/test_{p.replace('-', '_')}.py" for p in pages]
    argv = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *(tests or [str(LIVE_TESTS.relative_to(ROOT))]),
    ]
    for option in PASSED_ON:
        value = getattr(args, option.replace("-", "_"), None)
        if value:
            argv += [f"--{option}", str(value)]
    return argv + ["--users", str(users)]


def run(args, out) -> int:
    if not (LIVE_TESTS / "conftest.py").is_file():
        print(
            "workshop preflight: run it from a checkout of the tutorial's repository (it runs tests/live)",
            file=sys.stderr,
        )
        return 2
    unknown = [t for t in command(args, 1) if t.startswith("tests/live/test_") and not (ROOT / t).is_file()]
    if unknown:
        print(
            f"workshop preflight: no such page's scenario: {', '.join(unknown)} (--pages takes page slugs)",
            file=sys.stderr,
        )
        return 2
    console = Console(file=sys.stderr)
    tty = console.is_terminal
    with tempfile.TemporaryDirectory(prefix="wk-preflight-") as work:
        progress_file = Path(work) / "progress.jsonl"
        log_file = REPORTS / "preflight.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "WORKSHOP_PROGRESS": str(progress_file)}
        argv = command(args, args.participants)
        print(f"preflight: {' '.join(argv[2:])}  (log: {log_file})", file=sys.stderr)
        progress, stop = Progress(), threading.Event()
        follower = threading.Thread(
            target=_follow, args=(progress_file, progress, stop, None if tty else sys.stderr), daemon=True
        )
        follower.start()
        fit_lines: list[str] = []
        with open(log_file, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.PIPE, text=True)
            # On a terminal rich prints the live tier's own lines above the participants' lines.
            say = (lambda line: console.print(Text(line))) if tty else (lambda line: print(line, file=sys.stderr))
            reader = threading.Thread(target=_relay, args=(proc, log, fit_lines, say), daemon=True)
            reader.start()
            try:
                if tty:
                    with Live(progress.view(), console=console, auto_refresh=False) as live:
                        while proc.poll() is None:
                            live.update(progress.view(), refresh=True)
                            time.sleep(1)
                        live.update(progress.view(), refresh=True)
                else:
                    proc.wait()
            except KeyboardInterrupt:
                proc.send_signal(2)  # the live tier cleans up on Ctrl-C, as in pytest
                proc.wait()
            reader.join(timeout=10)
        stop.set()
        follower.join(timeout=10)
    report = write_report(args, proc.returncode, progress, fit_lines, log_file)
    print(f"preflight: {'every page passed' if proc.returncode == 0 else 'FAILED'}; report: {report}", file=out)
    return proc.returncode


def _relay(proc: subprocess.Popen, log, fit_lines: list[str], say) -> None:
    """The live tier's own words to the person (the fit report, what the cleanup left) go on
    to stderr as they come, and into the log."""
    assert proc.stderr is not None
    for line in proc.stderr:
        log.write(line)
        if line.startswith("live run: ") or "finish it later with" in line or line.startswith("cleanup"):
            fit_lines.append(line.rstrip())
            say(line.rstrip())


_LEFT_RE = re.compile(r"finish it later with: (?P<command>.+)$", re.M)


def write_report(args, code: int, progress: Progress, fit_lines: list[str], log_file: Path) -> Path:
    pages: dict[str, dict] = {}
    for person in progress.people.values():
        for page in person.passed + person.failed:
            entry = pages.setdefault(page, {"passed": [], "failed": []})
            entry["failed" if page in person.failed else "passed"].append(person.username)
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    left = [line for line in fit_lines if "finish it later" in line or line.startswith("cleanup")]
    recover = _LEFT_RE.search("\n".join(fit_lines))
    data = {
        "verdict": "passed" if code == 0 else "failed",
        "command": " ".join(command(args, args.participants)),
        "participants": list(progress.people),
        "fit_report": [line.removeprefix("live run: ") for line in fit_lines if line.startswith("live run: ")],
        "pages": pages,
        "left_behind": left,
        "recover_command": recover["command"] if recover else None,
        "summary": str(REPORTS / "summary.md"),
        "log": str(log_file),
    }
    if args.format == "json":
        path = Path(args.report or REPORTS / "preflight.json")
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path
    md = [f"# Preflight: {data['verdict']}", "", f"`{data['command']}`", "", "## Fit report", ""]
    md += [f"- {line.removeprefix('live run: ')}" for line in fit_lines if line.startswith("live run: ")] or [
        "- (none)"
    ]
    md += ["", "## Pages", ""]
    md += markdown.table(
        ["page", "passed", "failed"],
        [[p, ", ".join(v["passed"]) or "-", ", ".join(v["failed"]) or "-"] for p, v in pages.items()],
    )
    md += ["", "## Left behind", ""]
    md += [f"- {line}" for line in left] or ["- nothing"]
    if data["recover_command"]:
        md += ["", f"Finish the cleanup with `{data['recover_command']}`."]
    summary = REPORTS / "summary.md"
    if summary.exists():
        md += ["", summary.read_text(encoding="utf-8").replace("# Live tier summary", "## The live tier's summary")]
    tail = "\n".join(log.strip().splitlines()[-3:])
    md += ["", "## The live tier's last lines", "", "```", tail, "```", ""]
    path = Path(args.report or REPORTS / "preflight.md")
    path.write_text("\n".join(md), encoding="utf-8")
    return path
