"""Section diagrams drawn inline, so that their `<username>` is filled like the text.

A diagram written in Markdown as `![alt](diagrams/x.svg){ .wk-diagram }` would be an <img>,
out of reach of the reader's username and of the build-time values (handouts). Inline, each
placeholder becomes a `<tspan class="wk-ph">` that the page's script fills (or the baked
value). The diagram's ids and style rules are prefixed with its name: inline SVG styles
apply to the whole page, and Pygments uses the same short classes (.k, .n) for code.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from workshop import placeholders
from workshop.paths import DIAGRAMS

IMG_RE = re.compile(r'<img alt="(?P<alt>[^"]*)" class="wk-diagram" src="(?:\.\./)*diagrams/(?P<name>[\w-]+)\.svg" ?/?>')
STYLE_RE = re.compile(r"(<style>)(.*?)(</style>)", re.DOTALL)
RULE_RE = re.compile(r"([^{}]+)\{")
ID_RE = re.compile(r'\bid="([^"]+)"')
TITLE_RE = re.compile(r"<title[^>]*>.*?</title>\s*", re.DOTALL)
SVG_OPEN_RE = re.compile(r"<svg\b([^>]*)>")
LABEL_RE = re.compile(r"(?P<tag><text\b[^>]*>)(?P<content>.*?)</text>", re.DOTALL)
RECT_RE = re.compile(r"<rect\b[^>]*>")
_LABEL_PADDING = 10  # user units kept free between a label and its box's edge


def inline_svg(svg: str, name: str, alt: str, values: dict[str, str]) -> str:
    scope = f"wkd-{name}"
    for old in ID_RE.findall(svg):
        svg = re.sub(rf'(id="|url\(#|aria-labelledby="){re.escape(old)}([")])', rf"\g<1>{scope}-{old}\g<2>", svg)
    svg = STYLE_RE.sub(lambda m: m.group(1) + _scoped_rules(m.group(2), scope) + m.group(3), svg)
    svg = mark_labels_to_fit(svg)
    # The page's alt text names the diagram for screen readers; the SVG's own title would
    # show an unfilled placeholder as a tooltip.
    svg = TITLE_RE.sub("", svg)
    svg = SVG_OPEN_RE.sub(
        lambda m: (
            "<svg"
            + re.sub(r'\s(role|aria-labelledby|class)="[^"]*"', "", m.group(1))
            + f' class="wk-diagram {scope}" role="img" aria-label="{html.escape(alt)}">'
        ),
        svg,
        count=1,
    )
    # The wrapper: on a phone the diagram keeps a readable size and scrolls sideways, as
    # Material does with wide tables (docs/stylesheets/diagrams.css); a scrolling region must
    # be reachable by keyboard, so it is focusable and named. Its labels are no text of the
    # page for the search index.
    return (
        f'<div class="wk-diagram-scroll" role="region" tabindex="0" data-search-exclude '
        f'aria-label="Diagram (on a narrow screen, scroll sideways to see all of it)">'
        f"{placeholders.render_svg(svg, values)}</div>"
    )


def _scoped_rules(css: str, scope: str) -> str:
    """Every selector of the diagram's style sheet, limited to this diagram."""
    return RULE_RE.sub(lambda r: ",".join(f".{scope} {s.strip()}" for s in r.group(1).split(",")) + "{", css)


def mark_labels_to_fit(svg: str) -> str:
    """A label with a placeholder grows with the name filled in: it gets the width it may take
    (`data-wk-fit`), up to the edge of the innermost rectangle around it, and its content is
    wrapped so that docs/javascripts/username.js can shrink or shorten what is shown."""
    rects = [_rect(m.group(0)) for m in RECT_RE.finditer(svg)]

    def mark(match: re.Match) -> str:
        tag, content = match["tag"], match["content"]
        if not any(html.escape(p.token, quote=False) in content for p in placeholders.ALL):
            return match.group(0)
        x, y = float(_attr(tag, "x") or 0), float(_attr(tag, "y") or 0)
        around = [r for r in rects if r[0] <= x <= r[0] + r[2] and r[1] <= y - 4 <= r[1] + r[3]]
        if not around:
            raise ValueError(f"diagram label {content!r} at ({x}, {y}) is inside no rectangle")
        rx, _, rw, _ = min(around, key=lambda r: r[2] * r[3])
        anchor = _attr(tag, "text-anchor") or "start"
        room = {"middle": 2 * min(x - rx, rx + rw - x), "end": x - rx}.get(anchor, rx + rw - x) - _LABEL_PADDING
        return f'{tag[:-1]} data-wk-fit="{room:.0f}"><tspan class="wk-fit-src">{content}</tspan></text>'

    return LABEL_RE.sub(mark, svg)


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def _rect(tag: str) -> tuple[float, float, float, float]:
    x, y, width, height = (float(_attr(tag, a) or 0) for a in ("x", "y", "width", "height"))
    return x, y, width, height


def inline_diagrams(page_html: str, values: dict[str, str], diagrams: Path = DIAGRAMS) -> str:
    """Every diagram <img> of a rendered page replaced by its inline, filled SVG."""

    def replace(match: re.Match) -> str:
        svg = (diagrams / f"{match['name']}.svg").read_text(encoding="utf-8")
        return inline_svg(svg, match["name"], html.unescape(match["alt"]), values)

    return IMG_RE.sub(replace, page_html)
