"""Claims stay tied to the page: every sentence a scenario checks is still in its rendered page."""

from __future__ import annotations

import textwrap

import pytest

from workshop.harness.static import inventory
from workshop.harness.static.claims import Claim, article_text, claims_of, is_said, read_claims
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


def test_no_scenario_has_a_claim_that_cannot_be_checked_and_every_page_claims_something():
    problems = [problem for module in MODULES for problem in read_claims(module)[1]]
    assert not problems, "\n".join(problems)
    pages = {decl.page for decl in inventory.load().declarations.values()}
    assert pages <= {c.page for c in CLAIMS}, pages - {c.page for c in CLAIMS}


def test_a_claim_must_be_a_literal_sentence_of_the_page(tmp_path):
    module = tmp_path / "test_page.py"
    module.write_text(
        textwrap.dedent("""
        PAGE = "a-page"
        SENTENCE = "Can you see it?"

        def scenario(p):
            with p.claim(SENTENCE):
                pass
            with p.claim(f"{SENTENCE}"):
                pass
            with p.claim("(the harness's own check)"):
                pass
    """),
        encoding="utf-8",
    )
    claims, problems = read_claims(module)
    assert claims == [] and len(problems) == 3, problems
    assert "one literal string" in problems[0] and "one literal string" in problems[1]
    assert "p.check" in problems[2]
    empty = tmp_path / "test_empty.py"
    empty.write_text('PAGE = "a-page"\n\ndef scenario(p):\n    pass\n', encoding="utf-8")
    assert read_claims(empty) == (
        [],
        ["test_empty.py: page 'a-page''s scenario claims nothing: quote the sentences it checks with p.claim(\"...\")"],
    )


def test_a_claim_is_whole_sentences_of_the_prose_not_a_fragment_or_a_code_block():
    page = article_text(
        "<article><p>Inside the pod, check the content of <code>/mnt/mylogs</code>:</p>"
        '<div class="language-bash highlight"><span class="filename">inside a pod</span><pre><code>'
        "ls -l /mnt/mylogs</code></pre></div><p>What do you see? Is it there</p><ul><li>A list item</li></ul></article>"
    )

    def said(sentence: str) -> bool:
        return is_said(Claim("p", MODULES[0], 1, sentence), page)

    assert said("Inside the pod, check the content of /mnt/mylogs")  # ends at ":"
    assert said("What do you see?") and said("Is it there") and said("A list item")
    assert said("Inside the pod, ... /mnt/mylogs") and said("What do you see? Is it there")
    assert not said("check the content of /mnt/mylogs"), "starts mid-sentence"
    assert not said("Inside the pod, check the content"), "ends mid-sentence"
    assert not said("ls -l /mnt/mylogs") and not said("inside a pod"), "a code block and its title are no prose"
