"""The built site works with no internet: nothing a browser fetches comes from another host.

Links a reader may click (<a href>) may point anywhere; what is checked is what loads by
itself: src/href of script, link, img, iframe, source, ..., CSS @import and url(), the
theme's config (search worker, ...), SVG references, and fonts.
"""
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

EXTERNAL_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //host
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)
SVG_REF_RE = re.compile(r"""(?:xlink:)?href\s*=\s*["']([^"']+)["']""")
# Elements whose attribute the browser fetches without a click.
FETCHED = {
    "script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"],
    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"],
    "track": ["src"], "embed": ["src"], "object": ["data"], "input": ["src"],
}
# <link rel=...> values that fetch nothing by themselves.
LINK_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}


def _html_files(site_dir: Path):
    return sorted(site_dir.rglob("*.html"))


def _css_refs(css: str) -> list[str]:
    return CSS_URL_RE.findall(css) + CSS_IMPORT_RE.findall(css)


def _external(refs) -> list[str]:
    return [r for r in refs if EXTERNAL_RE.match(r) and not r.startswith("data:")]


def _fetched_refs(html: BeautifulSoup) -> list[str]:
    refs = []
    for tag, attrs in FETCHED.items():
        for element in html.find_all(tag):
            if tag == "link" and set(element.get("rel", [])) <= LINK_NOT_FETCHED:
                continue
            for attr in attrs:
                value = element.get(attr)
                if value:
                    # srcset: "url 2x, url 1x"
                    refs += (
                        [part.split()[0] for part in value.split(",") if part.strip()]
                        if attr == "srcset"
                        else [value]
                    )
    for style in html.find_all("style"):
        refs += _css_refs(style.get_text())
    for element in html.find_all(style=True):
        refs += _css_refs(element["style"])
    return refs


def test_site_has_pages(site_dir):
    assert len(_html_files(site_dir)) >= 13


def test_html_fetches_nothing_from_other_hosts(site_dir):
    bad = {}
    for path in _html_files(site_dir):
        external = _external(_fetched_refs(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")))
        if external:
            bad[str(path.relative_to(site_dir))] = external
    assert not bad


def test_theme_config_points_only_at_the_site(site_dir):
    # Material reads its search worker and other assets from a JSON config in each page.
    for path in _html_files(site_dir):
        config = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id="__config")
        if config is None:
            continue
        strings = re.findall(r'"([^"]*)"', json.dumps(json.loads(config.get_text())))
        assert not _external(strings), path


def test_stylesheets_fetch_nothing_from_other_hosts(site_dir):
    bad = {}
    for path in site_dir.rglob("*.css"):
        external = _external(_css_refs(path.read_text(encoding="utf-8", errors="ignore")))
        if external:
            bad[str(path.relative_to(site_dir))] = external
    assert not bad


def test_svg_images_reference_nothing_outside(site_dir):
    for path in site_dir.rglob("*.svg"):
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert not _external(SVG_REF_RE.findall(text) + _css_refs(text)), path


def test_no_web_fonts(site_dir):
    for path in list(site_dir.rglob("*.html")) + list(site_dir.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_no_mermaid_diagrams(site_dir):
    # Material's bundle fetches Mermaid from a CDN as soon as a page has a mermaid block.
    for path in _html_files(site_dir):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not html.select(".mermaid"), path


@pytest.mark.parametrize("ref", ["https://cdn.example/x.js", "//cdn.example/x.css", "http://a/b"])
def test_external_detection(ref):
    assert _external([ref]) == [ref]


@pytest.mark.parametrize("ref", ["../assets/x.js", "data:image/svg+xml;x", "#h", "assets/f.woff2"])
def test_local_detection(ref):
    assert _external([ref]) == []
