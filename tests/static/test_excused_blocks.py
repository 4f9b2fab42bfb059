"""An excused block is excused from running, not from checking: what can be checked without a
cluster still is. The project's own commands in any block (the instructors' page shows
`workshop plan ...`, `workshop handouts ...`) go through those commands' own argument parsers,
as kubectl's go through kubectl's (test_shell_snippets); a mistyped option fails here, naming
the page, the block and the command."""

from __future__ import annotations

import contextlib
import io

import pytest

from workshop.handouts import cli as handouts_cli
from workshop.harness.static import inventory
from workshop.harness.static.checks import filled, longest_username
from workshop.instructor import cli as workshop_cli
from workshop.kubectl_commands import commands_of

PROGRAMS = ("workshop", "workshop-handouts")
BLOCKS = [b for b in inventory.load().blocks if b.snippet.endswith(".sh")]
COMMANDS = [
    (block, program, command)
    for block in BLOCKS
    for program in PROGRAMS
    for command in commands_of(filled(block.snippet, longest_username()), program)
]


def parse(program: str, argv: list[str]) -> str | None:
    """None when the command's own parser accepts the arguments, else what it said."""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            if program == "workshop-handouts" or argv[:1] == ["handouts"]:
                handouts_cli.parse_args(argv[1:] if argv[:1] == ["handouts"] else argv)
            else:
                workshop_cli.parse_args(argv)
    except SystemExit as stop:
        if stop.code:
            return said.getvalue().strip().splitlines()[-1] if said.getvalue().strip() else f"exit {stop.code}"
    return None


def test_the_instructors_page_shows_the_projects_own_commands():
    assert {b.page for b, _, _ in COMMANDS} >= {"instructors"}
    assert any(b.static_only for b, _, _ in COMMANDS), "the excused blocks are the ones this checks"


@pytest.mark.parametrize(
    "block,program,command", COMMANDS, ids=[f"{b.page}:{b.line}:{c.argv[0]}" for b, _, c in COMMANDS]
)
def test_the_command_passes_its_own_argument_parser(block, program, command):
    refused = parse(program, command.argv)
    assert refused is None, f"{block.where} (snippets/{block.snippet}): `{program} {' '.join(command.argv)}`: {refused}"


def test_the_check_refuses_what_the_parser_refuses():
    assert parse("workshop", ["plan", "--participants", "30", "--cpus", "64"]) is not None
    assert parse("workshop", ["swep", "--roster", "r.txt"]) is not None
    assert parse("workshop", ["handouts", "roster.txt", "--paper", "a3"]) is not None
    assert parse("workshop", ["plan", "--participants", "30", "--cpu", "64"]) is None
