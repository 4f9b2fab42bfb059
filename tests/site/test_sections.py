"""Every section of the tutorial is a page, in the tutorial's order, under its own title."""
import re
from bs4 import BeautifulSoup

from workshop.pages import pages
from workshop.paths import DOCS

# The original tutorial's sections in order (slug, title), plus the home page, the changelog and
# the instructors' page. A new section may come in anywhere: these keep their order around it.
EXPECTED = [
    ("index", "Home"),
    ("simple-config-files", "Simple config files"),
    ("importing-a-directory", "Importing a whole directory"),
    ("importing-code", "Importing code"),
    ("using-a-secret", "Using a secret"),
    ("ephemeral-storage", "Using ephemeral storage"),
    ("communicating-between-containers", "Communicating between containers"),
    ("persistent-storage", "Using persistent storage"),
    ("attaching-existing-storage", "Attaching existing storage"),
    ("moving-files-in", "Explicitly moving files in"),
    ("handling-output-data", "Handling output data"),
    ("cleanup", "End of the session: clean up"),
    ("changelog", "Changes from the original tutorial"),
    ("instructors", "For instructors"),
]
HOME_H1 = "Scientific Computing with Kubernetes: Dealing with data"


def test_nav_lists_every_section_in_order():
    nav = [(p.slug, p.title) for p in pages()]
    assert [entry for entry in nav if entry in EXPECTED] == EXPECTED


def test_every_markdown_page_is_in_the_nav():
    in_nav = {p.path.resolve() for p in pages()}
    orphans = [p.name for p in DOCS.rglob("*.md") if p.resolve() not in in_nav]
    assert not orphans


def _h1(page, site_dir) -> str:
    html = BeautifulSoup(page.html_path(site_dir).read_text(encoding="utf-8"), "html.parser")
    h1s = html.select("article h1")
    assert len(h1s) == 1, f"{page.slug}: expected one h1, found {len(h1s)}"
    for anchor in h1s[0].select("a.headerlink"):
        anchor.decompose()
    return h1s[0].get_text().strip()


def test_each_built_page_has_its_section_title_as_h1(site_dir):
    for page in pages():
        expected = HOME_H1 if page.slug == "index" else page.title
        assert _h1(page, site_dir) == expected, page.slug


def test_built_navigation_follows_the_same_order(site_dir):
    html = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    primary = html.select_one("nav.md-nav--primary")
    titles = [a.get_text(" ", strip=True) for a in primary.select("a.md-nav__link")]
    # The active page can appear twice (as a link and as the label of its table of contents).
    seen = []
    for title in titles:
        if title in [p.title for p in pages()] and title not in seen:
            seen.append(title)
    assert seen == [p.title for p in pages()]


def test_home_page_covers_prerequisites_and_username():
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    for needed in (
        "kubectl",
        "namespace",
        "## First: set your username",
        'class="wk-username-home"',
        "?user=",
        "Clear",
        "(changelog.md)",
    ):
        assert needed in home, needed
    # The home page starts with the username: its first section, before anything else to read.
    first_section = re.search(r"^## .*$", home, re.MULTILINE).group(0)
    assert first_section == "## First: set your username"
