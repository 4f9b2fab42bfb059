"""The placeholders of the tutorial: what they are called, how they are filled, how they look.

Snippets and pages write a placeholder as ``<username>``. Between the snippet include and the
syntax highlighter the site swaps each one for a *sentinel* made only of letters, so no
lexer can split it across tokens; after rendering, the sentinel becomes either the baked-in
value (build time) or a ``<span class="wk-ph">`` that the browser fills in (reader time).

Plain functions of text and HTML, at the bottom of the package's dependencies: no MkDocs, no
validation (workshop.build_values reads and checks the build-time values).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    name: str  # as written in the sources, without the angle brackets
    env_var: str  # build-time value comes from this environment variable
    reader_fillable: bool  # the reader can set it in the browser
    secret: bool = False  # never echoed in logs or error messages

    @property
    def token(self) -> str:
        return f"<{self.name}>"

    @property
    def sentinel(self) -> str:
        # Letters only: every Pygments lexer keeps it inside one token.
        return "wkph" + re.sub(r"[^a-z]", "", self.name) + "wkph"

    @property
    def literal_sentinel(self) -> str:
        # For ``\<name>``: the page talks *about* the placeholder; it is shown, never filled.
        return "wkphlit" + re.sub(r"[^a-z]", "", self.name) + "wkph"


USERNAME = Placeholder("username", "WORKSHOP_USERNAME", reader_fillable=True)
GITHUB_USER = Placeholder("github-user", "WORKSHOP_GITHUB_USER", reader_fillable=False)
GITHUB_TOKEN = Placeholder("github-token", "WORKSHOP_GITHUB_TOKEN", reader_fillable=False, secret=True)

ALL = (USERNAME, GITHUB_USER, GITHUB_TOKEN)
BY_SENTINEL = {p.sentinel: p for p in ALL}
BY_LITERAL_SENTINEL = {p.literal_sentinel: p for p in ALL}
SENTINEL_RE = re.compile("|".join(re.escape(s) for p in ALL for s in (p.literal_sentinel, p.sentinel)))
LITERAL_CLASS = "wk-ph-literal"
BAKED_CLASS = "wk-ph-baked"  # a secret's build-time value, put in by bake_secrets()
_BAKED_RE = re.compile(f'<span class="{BAKED_CLASS}" data-wk-baked="([a-z-]+)">[^<]*</span>')


def to_sentinels(text: str) -> str:
    """Swap every ``<name>`` for its sentinel (done on Markdown after includes).

    ``\\<name>`` (backslash first) is a mention of the placeholder itself ("replace every
    <username>"): it stays ``<name>`` in every build and is never filled in.
    """
    for p in ALL:
        text = text.replace("\\" + p.token, p.literal_sentinel).replace(p.token, p.sentinel)
    return text


def _placeholder(sentinel: str) -> Placeholder:
    return BY_SENTINEL.get(sentinel) or BY_LITERAL_SENTINEL[sentinel]


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace ``<name>`` tokens in plain text (snippet files) with the given values."""
    for p in ALL:
        if values.get(p.name):
            text = text.replace(p.token, values[p.name])
    return text


_TAG_RE = re.compile(r"<[^>]*>")


def render_html(content: str, values: dict[str, str]) -> str:
    """Turn sentinels in rendered HTML into values or fillable spans.

    Inside a tag (a heading id, a link to it) a span cannot stand, so there the sentinel
    becomes the value or the bare name, as in an id.
    """

    def in_tag(match: re.Match) -> str:
        return render_id(match.group(0), values)

    def in_text(match: re.Match) -> str:
        if match.group(0) in BY_LITERAL_SENTINEL:
            p = BY_LITERAL_SENTINEL[match.group(0)]
            return f'<span class="{LITERAL_CLASS}">{html.escape(p.token, quote=False)}</span>'
        p = BY_SENTINEL[match.group(0)]
        if p.name in values and p.secret:
            # Baked later, into the finished page only (bake_secrets): what the search index
            # is made of keeps the placeholder.
            return f'<span class="{BAKED_CLASS}" data-wk-baked="{p.name}">{html.escape(p.token, quote=False)}</span>'
        if p.name in values:
            return html.escape(values[p.name], quote=False)
        return f'<span class="wk-ph" data-wk-ph="{p.name}">{html.escape(p.token, quote=False)}</span>'

    content = _TAG_RE.sub(in_tag, content)
    return SENTINEL_RE.sub(in_text, content)


def bake_secrets(page_html: str, values: dict[str, str]) -> str:
    """Put the secrets' build-time values into a finished page (after the search index took its
    text from the page: a token must never be in search_index.json)."""
    return _BAKED_RE.sub(lambda m: html.escape(values.get(m.group(1), ""), quote=False) or m.group(0), page_html)


_LITERAL_RE = re.compile(f'<span class="{LITERAL_CLASS}">&lt;([a-z-]+)&gt;</span>')
WORD_JOINER = "\u2060"


def search_text(page_html: str) -> str:
    """The page as the search index should read it: a mention of a placeholder gets an
    invisible word joiner before its ">", so the search results' filling (which looks for
    "<username>") leaves it as it is, while it still reads "<username>"."""
    return _LITERAL_RE.sub(lambda m: f"&lt;{m.group(1)}{WORD_JOINER}&gt;", page_html)


def carries_secrets(values: dict[str, str]) -> bool:
    return any(p.secret and p.name in values for p in ALL)


def _value(sentinel: str, values: dict[str, str], default: str) -> str:
    if sentinel in BY_LITERAL_SENTINEL:
        return default
    return values.get(BY_SENTINEL[sentinel].name, default)


def render_id(text: str, values: dict[str, str]) -> str:
    """Sentinels in ids and attributes: the value, or the placeholder's bare name."""
    return SENTINEL_RE.sub(lambda m: html.escape(_value(m.group(0), values, _placeholder(m.group(0)).name)), text)


def render_text(text: str, values: dict[str, str]) -> str:
    """Sentinels in page titles (<title>, nav, search index): escaped text, no markup."""
    return SENTINEL_RE.sub(lambda m: html.escape(_value(m.group(0), values, _placeholder(m.group(0)).token)), text)


def render_svg(svg: str, values: dict[str, str]) -> str:
    """Escaped tokens in SVG text: the value, or a <tspan> to fill (a <span> is not SVG)."""
    for p in ALL:
        escaped = html.escape(p.token, quote=False)
        if p.name in values:
            svg = svg.replace(escaped, html.escape(values[p.name], quote=False))
        else:
            svg = svg.replace(escaped, f'<tspan class="wk-ph" data-wk-ph="{p.name}">{escaped}</tspan>')
    return svg
