"""Both supported builders make the same site: MkDocs 1.6 and ProperDocs (its maintained fork,
for when MkDocs 1.x and Material for MkDocs reach their end). Every page, its text and every
code block's text must be the same; only the generator's own name may differ."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import build_site
from workshop import pages as site_pages
from workshop.sitebuild import BUILDERS


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for builder in BUILDERS:
        site = tmp_path_factory.mktemp(f"site-{builder}")
        result = build_site(site, builder=builder)
        assert result.returncode == 0, f"{builder} build --strict failed:\n{result.stderr}"
        warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
        assert not warnings, f"{builder}: " + "\n".join(warnings)
        built[builder] = site
    return built


def _pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


def _content(html_file: Path) -> tuple[str, list[str]]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner") or soup.body
    return " ".join(article.get_text(" ").split()), [code.get_text() for code in article.select("pre code")]


def test_both_builders_write_the_same_files(sites):
    mkdocs, properdocs = (sites[b] for b in BUILDERS)
    assert {str(p.relative_to(mkdocs)) for p in mkdocs.rglob("*") if p.is_file()} \
        == {str(p.relative_to(properdocs)) for p in properdocs.rglob("*") if p.is_file()}
    assert any(p.endswith("print/index.html") for p in _pages(mkdocs))


@pytest.mark.parametrize("page", [p.slug for p in site_pages.pages()] + ["print"])
def test_both_builders_render_the_same_text_and_code(sites, page):
    rendered = {}
    for builder, site in sites.items():
        html_file = site / "index.html" if page == "index" else site / page / "index.html"
        rendered[builder] = _content(html_file)
    (text_a, code_a), (text_b, code_b) = rendered.values()
    assert code_a == code_b, f"{page}: the code blocks differ between {' and '.join(sites)}"
    assert text_a == text_b, f"{page}: the text differs between {' and '.join(sites)}"
    shows_code = page == "print" or bool(
        site_pages.code_blocks(next(p for p in site_pages.pages() if p.slug == page))
    )
    assert bool(code_a) == shows_code, f"{page}: {len(code_a)} code blocks rendered"
