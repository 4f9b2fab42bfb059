"""The kubectl commands of a shell snippet, as bash would read them (no bash runs).

Shared by the static tier (each command goes through kubectl's own parser), the workload model
(which manifests a page creates) and the live tier (what a snippet creates, to reserve its room
first). The snippet is parsed by bashlex, a bash parser: words, quotes, line continuations,
pipelines, lists (``;``, ``&&``, ``||``) and every redirection form (``2>/dev/null``, ``2>&1``,
``&>``, ``>>``, ``<``) come out as bash means them, so a redirection is never taken for an
argument. A kubectl inside what the extraction does not follow (a command substitution, a
subshell, a loop, a here-document) raises UnsupportedShell rather than being misread.

Placeholders must be filled first (``<username>`` is a redirection to bash); workshop.workload
swaps them for letter-only sentinels.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

import bashlex
import bashlex.errors


class UnsupportedShell(ValueError):
    """A construct the kubectl extraction does not follow; simplify the snippet or extend this."""


@dataclass(frozen=True)
class KubectlCommand:
    line: int  # 1-based line in the snippet
    argv: list[str]  # without the leading "kubectl"
    stdin_from: KubectlCommand | None = None  # the kubectl command piped into this one

    @property
    def text(self) -> str:
        return "kubectl " + shlex.join(self.argv)


def kubectl_commands(text: str) -> list[KubectlCommand]:
    """Every kubectl invocation in a shell snippet, with pipes between kubectl commands kept."""
    return commands_of(text, "kubectl")


def commands_of(text: str, program: str) -> list[KubectlCommand]:
    """Every invocation of `program` in a shell snippet (argv without the program), with pipes
    between two of them kept: the same reading for kubectl and for the project's own commands."""
    if not text.strip():
        return []
    try:
        trees = bashlex.parse(text)
    except (bashlex.errors.ParsingError, NotImplementedError) as error:
        if "kubectl" in text:
            raise UnsupportedShell(f"bash that the extraction cannot read: {error}") from None
        return []
    found: list[KubectlCommand] = []
    for tree in trees:
        _walk(tree, text, found, program)
    return found


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _walk(node, text: str, found: list[KubectlCommand], program: str) -> None:
    kind = node.kind
    if kind == "list":
        for part in node.parts:
            if part.kind != "operator":
                _walk(part, text, found, program)
    elif kind == "pipeline":
        previous: KubectlCommand | None = None
        for part in node.parts:
            if part.kind == "pipe":
                continue
            previous = _command(part, text, found, previous, program)
    elif kind == "command":
        _command(node, text, found, None, program)
    elif kind in ("operator", "reservedword", "pipe"):
        return
    else:  # compound (subshell, braces, if, for, while, function), ...
        _refuse_inside(node, text, program)


def _command(
    node, text: str, found: list[KubectlCommand], piped: KubectlCommand | None, program: str
) -> KubectlCommand | None:
    """A simple command: its words (assignments and redirections aside); the program's are recorded."""
    if node.kind != "command":
        _refuse_inside(node, text, program)
        return None
    words = []
    for part in node.parts:
        if part.kind == "word":
            if any(sub.kind != "tilde" for sub in getattr(part, "parts", [])):
                _refuse_inside(part, text, program)  # $(...), `...`, $VAR: kept as written
            words.append(part.word)
        elif part.kind == "redirect" and getattr(part, "heredoc", None) is not None:
            _refuse_inside(node, text, program)
    if not words or words[0] != program:
        return None
    command = KubectlCommand(_line(text, node.pos[0]), words[1:], piped)
    found.append(command)
    return command


def _refuse_inside(node, text: str, program: str) -> None:
    start, end = node.pos
    if re.search(rf"(?<![\w-]){re.escape(program)}(?![\w-])", text[start:end]):
        raise UnsupportedShell(
            f"line {_line(text, start)}: {program} inside a command substitution, subshell, loop or "
            f"here-document: {text[start:end].strip()!r}"
        )
