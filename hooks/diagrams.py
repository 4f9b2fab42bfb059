"""MkDocs hook: draw the section diagrams inline, so their `<username>` is filled like the text.

A diagram written in Markdown as `![alt](diagrams/x.svg){ .wk-diagram }` would be an <img>,
out of reach of the reader's username and of the build-time values (handouts). Inline, each
placeholder becomes a `<tspan class="wk-ph">` that the page's script fills (or the baked
value). The diagram's ids and style rules are prefixed with its name: inline SVG styles
apply to the whole page, and Pygments uses the same short classes (.k, .n) for code.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repo's own package

from workshop import placeholders  # noqa: E402

DIAGRAMS = ROOT / "docs" / "diagrams"
IMG_RE = re.compile(r'<img alt="(?P<alt>[^"]*)" class="wk-diagram" src="(?:\.\./)*diagrams/(?P<name>[\w-]+)\.svg" ?/?>')
STYLE_RE = re.compile(r"(<style>)(.*?)(</style>)", re.DOTALL)
RULE_RE = re.compile(r"([^{}]+)\{")
ID_RE = re.compile(r'\bid="([^"]+)"')
TITLE_RE = re.compile(r"<title[^>]*>.*?</title>\s*", re.DOTALL)
SVG_OPEN_RE = re.compile(r"<svg\b([^>]*)>")

_values: dict[str, str] = {}


def on_config(config):
    global _values
    _values = placeholders.values_from_env()  # placeholders.py has already reported bad values
    return config


def inline_svg(svg: str, name: str, alt: str, values: dict[str, str]) -> str:
    scope = f"wkd-{name}"
    for old in ID_RE.findall(svg):
        svg = re.sub(rf'(id="|url\(#|aria-labelledby="){re.escape(old)}([")])', rf"\g<1>{scope}-{old}\g<2>", svg)
    svg = STYLE_RE.sub(
        lambda m: m.group(1) + RULE_RE.sub(lambda r: ",".join(f".{scope} {s.strip()}" for s in r.group(1).split(",")) + "{", m.group(2)) + m.group(3),
        svg,
    )
    # The page's alt text names the diagram for screen readers; the SVG's own title would
    # show an unfilled placeholder as a tooltip.
    svg = TITLE_RE.sub("", svg)
    svg = SVG_OPEN_RE.sub(
        lambda m: "<svg" + re.sub(r'\s(role|aria-labelledby|class)="[^"]*"', "", m.group(1))
        + f' class="wk-diagram {scope}" role="img" aria-label="{html.escape(alt)}">',
        svg, count=1,
    )
    return placeholders.render_svg(svg, values)


def on_page_content(html_text, page, **kwargs):
    def replace(match: re.Match) -> str:
        svg = (DIAGRAMS / f"{match['name']}.svg").read_text(encoding="utf-8")
        return inline_svg(svg, match["name"], html.unescape(match["alt"]), _values)

    return IMG_RE.sub(replace, html_text)
