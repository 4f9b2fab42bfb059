"""Every code block is run by a live scenario or says, in the page's source, why not.

Holds without a cluster: the live scenarios declare what they run (RUNS), and the live tier
checks at run time that they run exactly that.
"""

from __future__ import annotations

import textwrap

from workshop import pages as site_pages
from workshop.harness.live import report
from workshop.harness.static import inventory

INVENTORY = inventory.load()


def test_every_block_is_run_or_says_why_not():
    assert not INVENTORY.problems, "\n".join(INVENTORY.problems)


def test_every_page_with_code_has_a_scenario_in_page_order():
    assert [p for p in INVENTORY.pages if p in INVENTORY.declarations] == INVENTORY.runnable_pages()


def test_runs_are_listed_in_page_order():
    """RUNS reads like the page: its own snippets in the order the page shows them first."""
    for page, decl in INVENTORY.declarations.items():
        own = [s for s in decl.runs if s.startswith(page + "/")]
        first_shown = list(dict.fromkeys(b.snippet for b in INVENTORY.blocks_of(page)))
        assert own == [s for s in first_shown if s in own], f"{decl.module.name}: RUNS not in page order"


def test_coverage_report_is_written(tmp_path):
    paths = report.write_coverage(INVENTORY, ran=None, out_dir=tmp_path)
    text = paths["md"].read_text()
    for page in INVENTORY.runnable_pages():
        assert f"## {page}" in text


# The mechanism itself, on a made-up site: a new block nobody runs is caught; an annotation
# with a reason makes it static-only; a malformed or misplaced annotation is caught.


def _site(tmp_path, page_text: str, runs: list[str]):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / "snippets" / "demo" / "a.sh").write_text("kubectl get pods\n")
    (tmp_path / "snippets" / "demo" / "b.sh").write_text("kubectl get jobs\n")
    (tmp_path / "mkdocs.yml").write_text("nav:\n  - Demo: demo.md\n")
    (tmp_path / "docs" / "demo.md").write_text(textwrap.dedent(page_text))
    live = tmp_path / "live"
    live.mkdir()
    (live / "test_demo.py").write_text(f"PAGE = 'demo'\nRUNS = {runs!r}\n")
    site = site_pages.pages(tmp_path)
    blocks, problems = inventory.read_blocks(site)
    declarations, more = inventory.read_declarations(live)
    inv = inventory.Inventory([p.slug for p in site], blocks, declarations, problems + more)
    inv.problems += inventory._cross_check(inv)
    return inv


PAGE = """\
    # Demo

    ```bash
    --8<-- "demo/a.sh"
    ```

    {annotation}
    ```bash
    --8<-- "demo/b.sh"
    ```
    """


def test_a_new_block_that_nothing_runs_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(inventory, "ROOT", tmp_path)
    inv = _site(tmp_path, PAGE.format(annotation=""), ["demo/a.sh"])
    assert len(inv.problems) == 1 and "demo/b.sh` is run by nothing" in inv.problems[0]


def test_a_static_only_annotation_with_a_reason_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setattr(inventory, "ROOT", tmp_path)
    inv = _site(tmp_path, PAGE.format(annotation="<!-- harness: static-only — needs a human -->"), ["demo/a.sh"])
    assert inv.problems == []
    assert [b.static_only for b in inv.blocks] == [None, "needs a human"]


def test_a_malformed_annotation_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(inventory, "ROOT", tmp_path)
    inv = _site(tmp_path, PAGE.format(annotation="<!-- harness: skip -->"), ["demo/a.sh"])
    assert any("not understood" in p for p in inv.problems)


def test_declaring_a_snippet_no_page_shows_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(inventory, "ROOT", tmp_path)
    inv = _site(tmp_path, PAGE.format(annotation=""), ["demo/a.sh", "demo/b.sh", "demo/c.sh"])
    assert any("'demo/c.sh', which no page shows" in p for p in inv.problems)
