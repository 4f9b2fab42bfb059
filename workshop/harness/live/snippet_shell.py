"""How a snippet file is handed to bash, and how its outcome is read back.

- On the participant's machine: ``bash -c 'set -e -o pipefail; <trap>; source FILE'``, so the
  first failing command stops it and the ERR trap writes its line to stderr.
- Inside a pod: the page's login snippet (``kubectl exec -it <pod> -- bash``) reads what the
  participant types on stdin; each in-pod snippet goes there as its own ``bash -e`` between
  markers, so its output, exit status and failing line can be told apart.

The live tier's Participant and the harness's own tests both use these functions: what the
tests try is exactly what the harness types.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

FAILED_MARK = "@@wk-failed-line"
TRAP = f"trap 'wk_rc=$?; echo \"{FAILED_MARK} $LINENO $wk_rc\" >&2' ERR"
_FAILED_RE = re.compile(rf"^{FAILED_MARK} (\d+) (\d+)$", re.MULTILINE)
_FAILED_LINE_RE = re.compile(rf"^{FAILED_MARK} .*\n?", re.MULTILINE)
BEGIN = "@@wk-begin"
END = "@@wk-end"
HEREDOC = "WK_IN_POD_SNIPPET_END"


def local_argv(script: Path) -> list[str]:
    """The command that runs a (filled-in) snippet file as the participant pastes it."""
    return ["bash", "-c", f'set -e -o pipefail; {TRAP}; source "$1"', "wk-snippet", str(script)]


def failed_line(stderr: str) -> tuple[int | None, str]:
    """(line of the first failing command or None, stderr without the trap's marks)."""
    found = _FAILED_RE.findall(stderr)
    return (int(found[0][0]) if found else None), _FAILED_LINE_RE.sub("", stderr)


class MarkerInSnippet(ValueError):
    """A snippet contains the here-document marker that delimits it in the typed input."""


def in_pod_input(snippets: list[tuple[str, str]]) -> str:
    """What the participant types into the pod's shell for [(snippet path, filled text)]."""
    typed = []
    for snippet, text in snippets:
        if HEREDOC in text:
            raise MarkerInSnippet(f"snippets/{snippet} contains the harness's here-document marker {HEREDOC}")
        # Line 1 is the trap: the snippet's line n is the nested bash's line n + 1.
        typed += [
            f"echo {BEGIN} {shlex.quote(snippet)}",
            f"bash -e -o pipefail 2>&1 <<'{HEREDOC}'",
            TRAP.replace("$LINENO", "$((LINENO-1))"),
            text.rstrip("\n"),
            HEREDOC,
            f"echo {END} $?",
        ]
    return "\n".join(typed) + "\nexit\n"


@dataclass
class InPodRun:
    snippet: str
    rc: int
    output: str
    failed_line: int | None


def split_in_pod(stdout: str) -> dict[str, InPodRun]:
    """The login's output, cut back into one result per in-pod snippet that ran."""
    results: dict[str, InPodRun] = {}
    current: str | None = None
    lines: list[str] = []
    for line in stdout.splitlines():
        if line.startswith(BEGIN + " "):
            current, lines = line.split(" ", 1)[1].strip("'"), []
        elif line.startswith(END + " ") and current:
            rc = int(line.split()[1])
            failed = [int(m) for m, _ in _FAILED_RE.findall("\n".join(lines))]
            output = "\n".join(text for text in lines if not text.startswith(FAILED_MARK))
            results[current] = InPodRun(current, rc, output, failed[0] if failed else None)
            current = None
        elif current is not None:
            lines.append(line)
    return results
