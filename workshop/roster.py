"""The handouts' roster: one participant a line, checked whole before anything is printed.

Format (UTF-8)::

    # a comment: a line starting with '#'; blank lines are ignored too
    alice
    bob     Bob Example
    carol, Carol Example

A line is a username, optionally followed by whitespace or a comma and a display name.
Usernames follow the site's rule (workshop.username.check_username).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from workshop.username import InvalidUsername, UsernameRule, check_username, derive_rule

_LINE_RE = re.compile(r"^(?P<username>[^\s,]*)(?:\s*,\s*|\s+|$)(?P<display_name>.*)$")


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"


@dataclass(frozen=True)
class Participant:
    username: str
    display_name: str  # "" when the roster gives none
    line: int  # 1-based line in the roster


class RosterError(ValueError):
    """The roster cannot be used; the message names the file and the line(s) at fault."""


def parse_roster(text: str, source: str, rule: UsernameRule | None = None) -> list[Participant]:
    """Every participant of the roster text, or RosterError listing every problem found."""
    rule = rule or derive_rule()
    participants: list[Participant] = []
    problems: list[str] = []
    first_line_of: dict[str, int] = {}
    text = text.removeprefix("\ufeff")  # the byte-order mark some editors write
    # Lines end at "\n" (and "\r\n") only: str.splitlines() would also end one at U+2028, a
    # vertical tab, ..., which an editor shows inside the line, and read one line as two.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r").strip(" \t")
        if not line or line.startswith("#"):
            continue
        hidden = sorted({_named(c) for c in line if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")})
        if hidden:
            problems.append(
                f"{source}:{number}: the line holds {', '.join(hidden)}, which most editors do not show; "
                "retype the line: one participant on each line, a username then a display name"
            )
            continue
        match = _LINE_RE.match(line)
        assert match is not None  # the pattern matches any non-empty line
        username, display_name = match["username"], match["display_name"].strip()
        where = f"{source}:{number}"
        try:
            check_username(username, source=where, rule=rule)
        except InvalidUsername as error:
            problems.append(str(error))
            continue
        if username in first_line_of:
            problems.append(f"{where}: {username!r} is already on line {first_line_of[username]}; each username once.")
            continue
        first_line_of[username] = number
        participants.append(Participant(username, display_name, number))
    if problems:
        raise RosterError("\n".join(problems))
    if not participants:
        raise RosterError(
            f"{source}: no participants (the roster has only blank lines and comments). Write one username a line."
        )
    return participants


def read_roster(path: Path, rule: UsernameRule | None = None) -> list[Participant]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RosterError(f"{path}: is a directory, not a roster file") from None
    except OSError as error:
        raise RosterError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError(f"{path}:{line}: not UTF-8 text; save the roster as UTF-8") from None
    return parse_roster(text, str(path), rule)
