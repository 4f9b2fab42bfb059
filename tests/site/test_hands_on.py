"""Each hands-on section has its diagram and its own cleanup; the end page removes everything."""
import re

import pytest

from workshop.pages import code_blocks, pages
from workshop.paths import DOCS, SNIPPETS

PAGES = {p.slug: p for p in pages()}
# The hands-on sections: the pages that show a manifest (a new section's page too, unasked).
HANDS_ON = [slug for slug, page in PAGES.items() if any(b.lang == "yaml" for b in code_blocks(page))]
ORIGINAL_HANDS_ON = [
    "simple-config-files", "importing-a-directory", "importing-code", "using-a-secret",
    "ephemeral-storage", "communicating-between-containers", "persistent-storage",
    "attaching-existing-storage",
]


def test_the_hands_on_sections_are_found():
    assert HANDS_ON[:len(ORIGINAL_HANDS_ON)] == ORIGINAL_HANDS_ON
IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
# What a participant creates, as named in the manifests and commands (kind, name stem).
CREATED_NAME_RE = re.compile(
    r"\b(?:name|claimName):\s*(\S+-<username>)|create (?:configmap|secret generic) (\S+-<username>)"
)


@pytest.mark.parametrize("slug", HANDS_ON)
def test_has_a_small_offline_diagram_with_alt_text(slug):
    images = IMAGE_RE.findall(PAGES[slug].markdown())
    assert (next(alt for alt, src in images if src == f"diagrams/{slug}.svg")).strip()
    svg = (DOCS / "diagrams" / f"{slug}.svg").read_text(encoding="utf-8")
    assert len(svg.encode()) < 8_000, "a few KB"
    assert "<script" not in svg and "@import" not in svg


def test_every_diagram_is_used():
    used = {src for p in pages() for _, src in IMAGE_RE.findall(p.markdown())}
    assert {f"diagrams/{p.name}" for p in (DOCS / "diagrams").glob("*.svg")} <= used


@pytest.mark.parametrize("slug", HANDS_ON)
def test_ends_with_its_own_cleanup(slug):
    assert f"{slug}/cleanup.sh" in [b.snippet for b in code_blocks(PAGES[slug])]


def test_end_of_session_cleanup_deletes_everything_the_session_creates():
    created = set()
    for path in SNIPPETS.rglob("*"):
        if path.is_file() and path.parent.name != "cleanup":
            for match in CREATED_NAME_RE.finditer(path.read_text(encoding="utf-8")):
                created.add(match.group(1) or match.group(2))
    created.discard("cvmfs")  # the shared claim belongs to the cluster, not to the participant
    delete_all = (SNIPPETS / "cleanup" / "delete-everything.sh").read_text(encoding="utf-8")
    deleted = set(re.findall(r"\S+-<username>", delete_all))
    assert created, "the pattern finds the created objects"
    assert created - deleted == set()
