"""Bad rosters: a clear error naming the line, exit code 2, nothing written."""

from __future__ import annotations

import pytest
from handoutkit import run_handouts

from workshop.roster import Participant, RosterError, parse_roster
from workshop.username import derive_rule


def test_usernames_display_names_comments_and_blank_lines():
    text = "\ufeff# roster\nalice   Alice Liddell\n\n  bob, Bob Example  \ncarol,Carol\nteam-3\n"
    assert parse_roster(text, "r.txt") == [
        Participant("alice", "Alice Liddell", 2),
        Participant("bob", "Bob Example", 4),
        Participant("carol", "Carol", 5),
        Participant("team-3", "", 6),
    ]


@pytest.mark.parametrize(
    "line,fragment",
    [
        ("Alice", "'Alice' is not allowed. Try 'alice'."),
        ("al_ice", "'al_ice' is not allowed. Try 'al-ice'."),
        ("-alice", "'-alice' is not allowed. Try 'alice'."),
        ("x" * 80, "is 80 characters long; a username can be at most"),
        (", Alice Liddell", "the username is empty"),
    ],
)
def test_an_invalid_username_names_its_line_and_the_rule(line, fragment):
    with pytest.raises(RosterError) as caught:
        parse_roster(f"alice\n# comment\n{line}\n", "r.txt")
    message = str(caught.value)
    assert message.startswith("r.txt:3: ")
    assert fragment in message
    assert derive_rule().message in message


def test_a_duplicate_names_both_lines():
    with pytest.raises(RosterError, match=r"r\.txt:4: 'bob' is already on line 2"):
        parse_roster("alice\nbob Bob\ncarol\nbob Bobby\n", "r.txt")


def test_every_problem_is_reported_at_once():
    with pytest.raises(RosterError) as caught:
        parse_roster("Alice\nbob\nbob\n", "r.txt")
    assert [line.split(": ")[0] for line in str(caught.value).splitlines()] == ["r.txt:1", "r.txt:3"]


def test_an_empty_roster():
    with pytest.raises(RosterError, match="no participants"):
        parse_roster("# nobody yet\n\n", "r.txt")


@pytest.mark.parametrize(
    "roster,fragment",
    [
        ("alice\nBob\n", "roster.txt:2: 'Bob' is not allowed"),
        ("alice\nbob\nalice\n", "roster.txt:3: 'alice' is already on line 1"),
        ("# nobody\n", "roster.txt: no participants"),
        (None, "roster.txt: no such file"),
        (b"alice\nb\xe9b\n", "roster.txt:2: not UTF-8"),
    ],
)
def test_the_command_refuses_a_bad_roster_and_writes_nothing(tmp_path, roster, fragment):
    path = tmp_path / "roster.txt"
    if isinstance(roster, bytes):
        path.write_bytes(roster)
    elif roster is not None:
        path.write_text(roster, encoding="utf-8")
    out_dir = tmp_path / "out"
    result = run_handouts(path, "--out", out_dir, timeout=60)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "nothing written" in result.stderr
    assert not out_dir.exists()


@pytest.mark.parametrize(
    "hidden,name",
    [
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\x1b[31m", "U+001B"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\x0b", "U+000B"),
    ],
)
def test_a_line_with_characters_an_editor_does_not_show_is_refused_with_its_line(hidden, name):
    """str.splitlines() would end a line at U+2028 or a vertical tab and read one line as two."""
    with pytest.raises(RosterError) as caught:
        parse_roster(f"alice\nbob{hidden}carol Carol\n", "r.txt")
    message = str(caught.value)
    assert message.startswith("r.txt:2: ") and name in message, message
