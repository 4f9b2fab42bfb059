"""Claims stay tied to the page: every sentence a scenario checks is still in its rendered page."""

from __future__ import annotations

import textwrap

import pytest

from workshop.harness.static.claims import Claim, article_text, claims_of, is_said
from workshop.paths import LIVE_TESTS

MODULES = sorted(LIVE_TESTS.glob("test_*.py"))
CLAIMS = [claim for module in MODULES for claim in claims_of(module)]


def page_file(site, page: str):
    return site / "index.html" if page == "index" else site / page / "index.html"


def test_the_scenarios_make_claims():
    assert len(CLAIMS) >= 20, CLAIMS
    assert len({c.page for c in CLAIMS}) >= 7


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c.page}:{c.line}" for c in CLAIMS])
def test_every_claim_is_still_on_its_page(built_site, claim: Claim):
    text = article_text(page_file(built_site, claim.page).read_text(encoding="utf-8"))
    assert is_said(claim, text), (
        f"page {claim.page!r}: the scenario {claim.where()} checks the sentence “{claim.sentence}”, "
        f"which the rendered page no longer says: change the scenario with the page"
    )


def test_a_changed_sentence_is_found_out(tmp_path):
    module = tmp_path / "test_page.py"
    module.write_text(
        textwrap.dedent("""
        PAGE = "a-page"

        def scenario(p):
            with p.claim("Can you see it?"):
                pass
            with p.claim("A single file ... keeps its content"):
                pass
            with p.claim("(the harness's own check)"):
                pass
    """),
        encoding="utf-8",
    )
    claims = claims_of(module)
    assert [c.sentence for c in claims] == ["Can you see it?", "A single file ... keeps its content"]
    page = article_text(
        "<article><p>Can you <code>see</code>\n it?</p><p>A single file mounted "
        "with <em>subPath</em> keeps its content.</p></article>"
    )
    assert all(is_said(c, page) for c in claims)
    reworded = article_text("<article><p>Do you see it?</p><p>keeps its content. A single file</p></article>")
    assert not any(is_said(c, reworded) for c in claims)
