"""Every fact a page states about what the tutorial makes (a path, a size, a count of pods, an
object's name), in its prose, its diagrams' alt text and labels, holds for its snippets, or a
claim quotes it, or the page excuses it with a reason (workshop.harness.static.facts)."""

from __future__ import annotations

from collections import Counter

import pytest

from workshop import pages as site_pages
from workshop.harness.static import inventory
from workshop.harness.static.claims import Claim
from workshop.harness.static.facts import facts_of, page_facts

INV = inventory.load()
FACTS = page_facts(INV)


@pytest.mark.parametrize("page", sorted(FACTS))
def test_every_fact_of_the_page_holds_is_claimed_or_excused(page):
    wrong = [str(f) for f in FACTS[page] if f.status == "wrong"]
    assert not wrong, "\n".join(wrong)


def test_the_hands_on_pages_state_facts_that_are_checked():
    for page in INV.declarations:
        counts = Counter(f.status for f in FACTS[page])
        assert counts["checked"] >= 2, (page, counts)


def _page(tmp_path, text: str) -> site_pages.Page:
    path = tmp_path / "persistent-storage.md"
    path.write_text(text, encoding="utf-8")
    return site_pages.Page("persistent-storage", path, "Using persistent storage")


SNIPPETS = ["persistent-storage/pvc.yaml", "persistent-storage/s3.yaml", "persistent-storage/create-pvc.sh"]


def test_a_wrong_size_path_count_or_name_in_the_prose_is_found(tmp_path):
    page = _page(
        tmp_path,
        "We're creating a 10 GiB volume.\n\nIt runs ten pods.\n\nFiles go to `/mnt/data`.\n\n"
        "The claim `vol2-<username>` is yours.\n",
    )
    facts = {f.text: f for f in facts_of(page, SNIPPETS, [], diagram=tmp_path / "none.svg")}
    assert facts["10 GiB"].status == "wrong" and "no manifest of the page asks" in str(facts["10 GiB"])
    assert facts["/mnt/data"].status == "wrong" and facts["/mnt/data"].where.endswith(".md:5")
    assert facts["ten pods"].status == "checked"
    right = {
        f.text: f.status
        for f in facts_of(
            _page(tmp_path, "A 1 GiB volume at /mnt/mylogs for vol-<username>.\n"),
            SNIPPETS,
            [],
            diagram=tmp_path / "none.svg",
        )
    }
    assert right == {"1 GiB": "checked", "/mnt/mylogs": "checked", "vol-<username>": "checked"}


def test_a_wrong_diagram_label_is_found(tmp_path):
    diagram = tmp_path / "d.svg"
    diagram.write_text('<svg><text x="1" y="2">mounted at /mnt/data</text><text>vol</text></svg>')
    facts = facts_of(_page(tmp_path, "Nothing here.\n"), SNIPPETS, [], diagram=diagram)
    assert [(f.text, f.status, f.where) for f in facts] == [
        ("/mnt/data", "wrong", "docs/diagrams/persistent-storage.svg"),
        ("vol-<username>", "checked", "docs/diagrams/persistent-storage.svg"),
    ]


def test_a_fact_is_excused_with_its_reason_or_claimed_by_a_live_check(tmp_path):
    text = (
        '<!-- facts: unchecked "/mnt/elsewhere" — the next section\'s mount -->\n'
        "Files go to `/mnt/elsewhere`.\n\nThe job writes into `/mnt/other` every second.\n"
    )
    claim = Claim("persistent-storage", tmp_path / "test_x.py", 1, "The job writes into /mnt/other every second.")
    facts = {f.text: f for f in facts_of(_page(tmp_path, text), SNIPPETS, [claim], diagram=tmp_path / "none.svg")}
    assert facts["/mnt/elsewhere"].status == "excused" and facts["/mnt/elsewhere"].why == "the next section's mount"
    assert facts["/mnt/other"].status == "claimed"
