"""Bad input gets an answer, not a traceback: options an instructor mistypes are refused where they
are typed (exit 2, the option named), and what a cluster says is shown without terminal escapes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workshop.instructor.status import Problem, printable
from workshop.paths import ROOT


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["plan", "--participants", "3", "--cpu", "64x"], "argument --cpu: '64x' is not an amount"),
        (["plan", "--participants", "3", "--memory=-1Gi"], "argument --memory: '-1Gi' is not an amount"),
        (["plan", "--participants", "0", "--cpu", "4"], "argument --participants: '0': give a whole number"),
        (["status", "--refresh", "-1"], "argument --refresh: '-1': give the seconds between redraws"),
        (["status", "--refresh", "soon"], "argument --refresh: 'soon'"),
        (["preflight", "--participants", "x"], "argument --participants: 'x'"),
    ],
)
def test_a_mistyped_option_is_refused_where_it_is_typed(argv, fragment):
    result = subprocess.run(
        [sys.executable, "-m", "workshop.instructor", *argv], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_logs_and_messages_lose_their_terminal_escape_sequences():
    raw = "ok \x1b[31mred\x1b[0m \x1b]0;a new title\x07 \x1b[2J \x9b31m bell\x07 nul\x00 tab\tline\nend"
    assert printable(raw) == "ok red    bell nul tab\tline\nend"
    problem = Problem("pod/c1-anna", "crash-looping", "exit \x1b[1m1", log_tail="\x1b]2;x\x1b\\done")
    assert problem.detail == "exit 1" and problem.log_tail == "done"
