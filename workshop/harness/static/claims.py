"""The sentences a scenario checks, and whether its page still says them.

A scenario ties its checks to the page with `with p.claim("Can you see it?"):`. When the page's
words change and the scenario's do not, the test would go on checking a sentence no reader
sees any more: the static tier reads every claim out of the scenario modules (their syntax
tree, nothing is run) and looks for it in the rendered page, whitespace, case and markup
aside. "..." in a claim stands for words left out: its parts must appear in that order.
A claim in parentheses is the harness's own (no sentence of the page).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ELISION = "..."


@dataclass(frozen=True)
class Claim:
    page: str  # the scenario module's PAGE
    scenario: Path  # the module that makes it
    line: int
    sentence: str

    def where(self) -> str:
        return f"{self.scenario.name}:{self.line}"


def claims_of(module: Path) -> list[Claim]:
    """Every p.claim("...") with a literal sentence in a scenario module, and its PAGE."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    page = None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "PAGE" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            page = node.value.value
    if page is None:
        return []
    found = []
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "claim"
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)
        ):
            sentence = call.args[0].value
            if not sentence.startswith("("):
                found.append(Claim(page, module, call.lineno, sentence))
    return found


def normalized(text: str) -> str:
    return " ".join(text.replace("\u00b6", " ").split()).casefold()


def is_said(claim: Claim, page_text: str) -> bool:
    """Whether the page's text (already normalized) says the claim, parts in order."""
    position = 0
    for part in (normalized(p) for p in claim.sentence.split(ELISION)):
        if not part:
            continue
        found = page_text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


_SCRIPT_RE = re.compile(r"<(script|style|svg)\b.*?</\1>", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")


def article_text(page_html: str) -> str:
    """The reader's text of a built page's article: tags, scripts and diagrams removed,
    entities decoded, normalized."""
    import html

    start = page_html.find("<article")
    end = page_html.rfind("</article>")
    body = page_html[start:end] if start >= 0 and end > start else page_html
    return normalized(html.unescape(_TAG_RE.sub("", _SCRIPT_RE.sub(" ", body))))
