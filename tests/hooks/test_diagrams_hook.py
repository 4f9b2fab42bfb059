"""hooks/diagrams.py: the section diagrams are drawn inline, their placeholders filled like
the text, and their styles cannot leak into the page (Pygments uses .k, .n, ... for code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_site

from workshop.paths import DOCS

DIAGRAMS = sorted(p.stem for p in (DOCS / "diagrams").glob("*.svg"))
TOKEN = "<username>"


def page_with(site: Path, name: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select('img[src$=".svg"]'), "a diagram is still an <img>, out of the fill's reach"
    return soup


@pytest.fixture(scope="module")
def baked_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("baked-diagrams")
    result = build_site(site, WORKSHOP_USERNAME="alice")
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("name", DIAGRAMS)
def test_diagram_is_inline_with_fillable_placeholders(built_site, name):
    svg = page_with(built_site, name).select_one(f"svg.wk-diagram.wkd-{name}")
    assert svg is not None and svg.get("aria-label", "").strip()
    placeholders = svg.select('tspan.wk-ph[data-wk-ph="username"]')
    assert placeholders and all(t.get_text() == TOKEN for t in placeholders)
    # No token outside a tspan: every <username> drawn is one the script fills.
    assert svg.get_text().count(TOKEN) == len(placeholders)


@pytest.mark.parametrize("name", DIAGRAMS)
def test_diagram_styles_and_ids_are_scoped(built_site, name):
    svg = page_with(built_site, name).select_one("svg.wk-diagram")
    for style in svg.find_all("style"):
        selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", style.get_text()) for s in rule.split(",")]
        assert selectors and all(s.startswith(f".wkd-{name} ") for s in selectors), selectors
    ids = [e["id"] for e in svg.find_all(id=True)]
    assert all(i.startswith(f"wkd-{name}-") for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", str(svg)):
        assert ref in ids, f"url(#{ref}) points at nothing"


@pytest.mark.parametrize("name", DIAGRAMS)
def test_baked_build_draws_the_username(baked_site, name):
    svg = page_with(baked_site, name).select_one("svg.wk-diagram")
    text = svg.get_text()
    assert TOKEN not in text and "-alice" in text
