"""The kubectl commands of a shell snippet, read as bash would split them (no bash runs).

Shared by the static tier (each command goes through kubectl's own parser) and the live tier
(which manifests a snippet creates, so their CPU can be reserved first). Simple shell only:
a construct it does not follow raises UnsupportedShell rather than being misread.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass


class UnsupportedShell(ValueError):
    """A construct the kubectl extraction does not follow; simplify the snippet or extend this."""


_SEPARATORS = {";", "&&", "||", "&", "\n"}
_REDIRECTS = {">", ">>", "<", "2>", "2>&1", "&>", ">&"}


@dataclass(frozen=True)
class KubectlCommand:
    line: int         # 1-based line in the snippet
    argv: list[str]   # without the leading "kubectl"
    stdin_from: "KubectlCommand | None" = None  # the kubectl command piped into this one

    @property
    def text(self) -> str:
        return "kubectl " + shlex.join(self.argv)


def kubectl_commands(text: str) -> list[KubectlCommand]:
    """Every kubectl invocation in a shell snippet, with pipes between kubectl commands kept."""
    found: list[KubectlCommand] = []
    logical: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not buffer:
            start = number
        if line.rstrip().endswith("\\"):
            buffer += line.rstrip()[:-1] + " "
            continue
        logical.append((start, buffer + line))
        buffer = ""
    for number, line in logical:
        if re.search(r"\$\(|`|<<|\(\s*\w", line):
            if "kubectl" in line:
                raise UnsupportedShell(
                    f"line {number}: command substitution, subshell or here-document: {line.strip()!r}"
                )
            continue
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        for pipeline in _split(tokens, _SEPARATORS):
            previous: KubectlCommand | None = None
            for segment in _split(pipeline, {"|"}):
                words = _drop_redirects(segment)
                while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
                    words = words[1:]  # VAR=value before the command
                if words and words[0] == "kubectl":
                    command = KubectlCommand(number, words[1:], previous)
                    found.append(command)
                    previous = command
                else:
                    previous = None
    return found


def _split(tokens: list[str], separators: set[str]) -> list[list[str]]:
    parts, current = [], []
    for token in tokens:
        if token in separators:
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [p for p in parts if p]


def _drop_redirects(words: list[str]) -> list[str]:
    out, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in _REDIRECTS:
            skip = word not in {"2>&1"}
        else:
            out.append(word)
    return out
