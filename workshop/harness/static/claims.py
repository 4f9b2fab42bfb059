"""The sentences a scenario checks, and whether its page still says them, whole.

A scenario ties its checks to the page with `with p.claim("Can you see it?"):`. When the page's
words change and the scenario's do not, the test would go on checking a sentence no reader
sees any more: the static tier reads every claim out of the scenario modules (their syntax
tree, nothing is run) and looks for it in the rendered page's prose, whitespace, case and
markup aside, code blocks left out. A claim is one or more whole sentences of the page: it
starts where a sentence starts and ends where one ends (a heading, a paragraph, a list item and
`.`, `!`, `?`, `:`, `;` end one). "..." in a claim stands for words left out: its parts must
appear in that order.

What is not a sentence of the page is no claim: the harness's own checks are `p.check("...")`.
A claim whose text is not a literal string cannot be checked, and is a problem, as is a page
whose scenario claims nothing.
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
    return read_claims(module)[0]


def read_claims(module: Path) -> tuple[list[Claim], list[str]]:
    """(claims, problems) of a scenario module: a claim that is not one literal string, or that
    is no sentence of a page ("(...)": the harness's own check, p.check), is a problem."""
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
        return [], []
    found: list[Claim] = []
    problems: list[str] = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "claim"):
            continue
        where = f"{module.name}:{call.lineno}"
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            problems.append(
                f"{where}: p.claim() needs the page's sentence as one literal string, so that the static "
                "tier can find it on the page"
            )
            continue
        sentence = first.value
        if sentence.startswith("("):
            problems.append(
                f"{where}: “{sentence}” is no sentence of page {page!r}: a check of the harness's own is p.check(...)"
            )
            continue
        found.append(Claim(page, module, call.lineno, sentence))
    if not found and not problems:
        problems.append(
            f"{module.name}: page {page!r}'s scenario claims nothing: quote the sentences it checks "
            'with p.claim("...")'
        )
    return found, problems


def normalized(text: str) -> str:
    return " ".join(text.replace("\u00b6", " ").split()).casefold()


# Where a sentence may end: punctuation, or the end of a paragraph, item, heading or cell.
BOUNDARY = "\u2016"  # not whitespace: normalized() keeps it
_ENDS = ".!?:;" + BOUNDARY


def is_said(claim: Claim, page_text: str) -> bool:
    """Whether the page's prose (article_text) says the claim as whole sentences, parts in order:
    the first part starts a sentence, the last one ends one."""
    parts = [normalized(p) for p in claim.sentence.split(ELISION)]
    parts = [p for p in parts if p]
    if not parts:
        return False
    start = 0
    while (first := page_text.find(parts[0], start)) >= 0:
        start = first + 1
        before = page_text[:first].rstrip()
        if before and before[-1] not in _ENDS:
            continue  # not where a sentence starts
        position = first + len(parts[0])
        for part in parts[1:]:
            found = page_text.find(part, position)
            if found < 0:
                return False
            position = found + len(part)
        after = page_text[position:].lstrip()
        if parts[-1][-1] in _ENDS or not after or after[0] in _ENDS:
            return True
    return False


_SCRIPT_RE = re.compile(r"<(script|style|svg)\b.*?</\1>", re.DOTALL)
# A code block with its title: <div class="... highlight"><span class="filename">...</span><pre>...</pre></div>
_CODE_RE = re.compile(r'<div class="[^"]*\bhighlight\b[^"]*">.*?</pre>\s*</div>|<pre\b.*?</pre>', re.DOTALL)
_BLOCK_END_RE = re.compile(r"</(p|li|h[1-6]|td|th|dt|dd|summary|figcaption|blockquote|div)>|<br\s*/?>", re.I)
_TAG_RE = re.compile(r"<[^>]+>")


def article_text(page_html: str) -> str:
    """The reader's prose of a built page's article: code blocks, scripts and diagrams removed,
    the end of each paragraph, item, heading or cell marked (BOUNDARY), tags removed, entities
    decoded, normalized."""
    import html

    start = page_html.find("<article")
    end = page_html.rfind("</article>")
    body = page_html[start:end] if start >= 0 and end > start else page_html
    body = _CODE_RE.sub(f" {BOUNDARY} ", _SCRIPT_RE.sub(" ", body))
    body = _BLOCK_END_RE.sub(f" {BOUNDARY} ", body)
    return normalized(html.unescape(_TAG_RE.sub("", body)))
