"""hooks/placeholders.py on the built HTML: baked values, intact placeholders, clean search.

Builds the project plus the specimen page (tests/specimen.py: a placeholder in a heading, an
admonition title, a block title, console/python/json/text blocks) twice: as published (the
reader's browser fills in) and with build-time values (handouts, a workshop copy).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_site
from specimen import SLUG as SPECIMEN
from specimen import make_specimen_project

from workshop import pages as site_pages
from workshop import placeholders
from workshop.build_values import values_from_env
from workshop.paths import SNIPPETS
from workshop.username import derive_rule

BAKED = {"username": "alice", "github-user": "test-user", "github-token": "test-token-not-real"}


def baked(text: str) -> str:
    """The expectation, written independently of the hook's own substitution: plain replaces."""
    for name, value in BAKED.items():
        text = text.replace(f"<{name}>", value)
    return text


BAKED_ENV = {
    "WORKSHOP_USERNAME": BAKED["username"],
    "WORKSHOP_GITHUB_USER": BAKED["github-user"],
    "WORKSHOP_GITHUB_TOKEN": BAKED["github-token"],
}
TOKENS = [p.token for p in placeholders.ALL]
FRAGMENT_RE = re.compile(r"<(?:username|github-user|github-token)|(?:username|github-user|github-token)>")


@pytest.fixture(scope="module")
def specimen_project(tmp_path_factory) -> Path:
    return make_specimen_project(tmp_path_factory.mktemp("hook") / "project")


def _build(tmp_path_factory, project, name, **env) -> Path:
    site = tmp_path_factory.mktemp(name)
    result = build_site(site, root=project, **env)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="module")
def unbaked_site(tmp_path_factory, specimen_project) -> Path:
    return _build(tmp_path_factory, specimen_project, "unbaked")


@pytest.fixture(scope="module")
def baked_site(tmp_path_factory, specimen_project) -> Path:
    return _build(tmp_path_factory, specimen_project, "baked", **BAKED_ENV)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def without_literals(element):
    """A copy of element without the deliberate mentions (written \\<username>)."""
    element = BeautifulSoup(str(element), "html.parser")
    for literal in element.select(f".{placeholders.LITERAL_CLASS}"):
        literal.decompose()
    return element


def page_html(site: Path, slug: str) -> Path:
    return site / "index.html" if slug == "index" else site / slug / "index.html"


def content_pages():
    return [p for p in site_pages.pages() if site_pages.code_blocks(p)]


# ---- the published site: placeholders intact for the browser ---------------------------------


def test_highlighting_never_splits_a_placeholder(unbaked_site):
    """Every placeholder is one span holding exactly <name>; no fragment is left outside one."""
    checked = 0
    for path in html_files(unbaked_site):
        page = soup(path)
        for cover in page.select(".wk-cover"):  # the print cover says in words where names go
            cover.decompose()
        for span in page.select(".wk-ph"):
            assert span.get_text() == f"<{span['data-wk-ph']}>" and not span.find(True), f"{path}: {span}"
            checked += 1
        for block in page.select("pre, code, h1, h2, h3, .admonition-title, .filename"):
            block = without_literals(block)
            for span in block.select(".wk-ph"):
                span.decompose()
            assert not FRAGMENT_RE.search(block.get_text()), f"{path}: {block}"
    assert checked > 100


def test_the_specimen_has_a_placeholder_in_every_context(unbaked_site):
    page = soup(page_html(unbaked_site, SPECIMEN))
    for selector in (
        "h1",
        "h2",
        ".admonition-title",
        ".filename",
        "p > code",
        ".language-console pre",
        ".language-bash pre",
        ".language-yaml pre",
        ".language-python pre",
        ".language-json pre",
        ".language-text pre",
        ".md-nav--secondary",
    ):
        assert page.select(f"{selector} .wk-ph[data-wk-ph=username]"), selector
    # Ids and links to headings carry the bare name.
    assert page.select_one("h2#pods-of-username")
    assert [s.get_text() for s in page.select(f".{placeholders.LITERAL_CLASS}")] == ["<username>", "<username>"]


def test_no_sentinel_anywhere_in_the_site(unbaked_site, baked_site):
    for site in (unbaked_site, baked_site):
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".json", ".xml", ".yaml", ".sh", ".js", ".txt"}:
                text = path.read_text(encoding="utf-8", errors="ignore")
                assert "wkph" not in text and "wkdl" not in text, path


def test_the_search_index_has_no_machinery(unbaked_site, baked_site):
    for site in (unbaked_site, baked_site):
        index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
        for needle in ("wkph", "wkdl", "wk-ph", "data-wk", "wk-download"):
            assert needle not in index, f"{needle} in {site}/search/search_index.json"
        assert json.loads(index)["docs"]


def test_titled_code_blocks_link_to_their_snippet_file(unbaked_site):
    linked = 0
    for page in content_pages():
        # A block titled with its file's name is a file to save; "inside the pod ..." is not.
        titled = [b for b in site_pages.code_blocks(page) if b.title and b.title == Path(b.snippet or "").name]
        links = soup(page_html(unbaked_site, page.slug)).select("article .highlight .filename a.wk-download")
        assert [a["data-wk-snippet"] for a in links] == [b.snippet for b in titled], page.slug
        for link in links:
            target = (page_html(unbaked_site, page.slug).parent / link["href"]).resolve()
            assert target.read_text(encoding="utf-8") == (SNIPPETS / link["data-wk-snippet"]).read_text(
                encoding="utf-8"
            )
            assert link["download"] == Path(link["data-wk-snippet"]).name
            linked += 1
    assert linked >= 10


def test_commands_typed_inside_a_pod_offer_no_download(unbaked_site):
    in_pod = 0
    for page in content_pages():
        for block in site_pages.code_blocks(page):
            if block.title and block.title.startswith("inside "):
                in_pod += 1
        for title in soup(page_html(unbaked_site, page.slug)).select("article .highlight .filename"):
            if title.get_text().startswith("inside "):
                assert not title.select("a.wk-download"), f"{page.slug}: {title.get_text()}"
    assert in_pod >= 5


def test_the_page_carries_the_rule_derived_from_the_snippets(unbaked_site):
    config = json.loads(soup(unbaked_site / "index.html").select_one("script#wk-config").string)
    assert config == {
        "usernameRule": derive_rule().as_dict(),
        "bakedUsername": "",
        "bakedGithub": False,
        "carriesToken": False,
    }


# ---- a build with the values baked in ---------------------------------------------------------


def test_a_baked_build_leaves_no_placeholder(baked_site):
    for path in html_files(baked_site):
        page = soup(path)
        assert not page.select(".wk-ph"), path
        if path.parent.name == "print":  # its cover tells the reader where names go: check the content only
            page = page.select_one("#print-site-page") or page
        for block in page.select("article, title, nav"):
            assert not FRAGMENT_RE.search(without_literals(block).get_text()), f"{path}: {block.name}"
    for path in (baked_site / "downloads").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not any(token in text for token in TOKENS), path


def test_a_baked_build_has_the_values_in_every_code_block(baked_site):
    for page in content_pages() + [site_pages.Page(SPECIMEN, Path(), "Specimen")]:
        html = soup(page_html(baked_site, page.slug))
        shown = [code.get_text().rstrip("\n") for code in html.select("article div.highlight pre code")]
        if page.slug == SPECIMEN:
            assert "kubectl get pod c1-alice" in shown[0]
            continue
        expected = [baked(b.text()) for b in site_pages.code_blocks(page)]
        assert shown == expected, page.slug
    secret = soup(page_html(baked_site, "using-a-secret")).get_text()
    assert "--from-literal=username=test-user" in secret
    assert "--from-literal=token=test-token-not-real" in secret


def test_a_baked_token_is_in_the_pages_but_never_in_the_search_index(baked_site):
    token = BAKED["github-token"]
    index = (baked_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert token not in index
    assert "github-token" in index, "the search index keeps the placeholder where the token goes"
    # Where it does go (README, "A build that carries the token"): the page, the print view, the download.
    assert token in page_html(baked_site, "using-a-secret").read_text(encoding="utf-8")
    assert token in (baked_site / "print" / "index.html").read_text(encoding="utf-8")
    assert token in (baked_site / "downloads" / "using-a-secret" / "create-secret.sh").read_text(encoding="utf-8")
    config = json.loads(soup(baked_site / "index.html").select_one("script#wk-config").string)
    assert config["carriesToken"] is True and config["bakedGithub"] is True
    assert token not in json.dumps(config)
    assert not soup(page_html(baked_site, "using-a-secret")).select(
        "form[data-wk-github-form], template#wk-github-template"
    )


def test_a_baked_build_substitutes_the_downloads(baked_site):
    for snippet in site_pages.snippet_files():
        written = (baked_site / "downloads" / snippet).read_text(encoding="utf-8")
        source = (SNIPPETS / snippet).read_text(encoding="utf-8")
        assert written == baked(source)


def test_a_baked_build_shows_the_name_instead_of_the_control(baked_site):
    page = soup(baked_site / "index.html")
    assert not page.select("form[data-wk-username-form]")
    assert "alice" in page.select_one(".md-banner .wk-username--baked").get_text()
    assert json.loads(page.select_one("script#wk-config").string)["bakedUsername"] == "alice"
    assert soup(page_html(baked_site, SPECIMEN)).title.get_text().startswith("Specimen for alice")


@pytest.mark.parametrize("bad", ["Alice", "bob_1", "-x", "a" * 200, "<img src=x onerror=alert(1)>"])
def test_an_invalid_build_time_username_fails_the_build_with_the_rule(tmp_path, bad):
    result = build_site(tmp_path / "site", WORKSHOP_USERNAME=bad)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "WORKSHOP_USERNAME" in output and derive_rule().message in output


def test_an_empty_build_time_username_means_none(tmp_path):
    assert values_from_env({"WORKSHOP_USERNAME": ""}) == {}


def test_a_build_time_username_with_a_trailing_newline_is_refused(tmp_path):
    # Python's `$` matches before a final newline: "alice\n" once passed the rule, and a build
    # with it split every command that holds the name in two.
    result = build_site(tmp_path / "site", WORKSHOP_USERNAME="alice\n")
    assert result.returncode != 0
    assert "WORKSHOP_USERNAME" in result.stdout + result.stderr
