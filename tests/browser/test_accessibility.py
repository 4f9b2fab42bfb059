"""WCAG 2.1 AA, audited by axe-core in the real browser: every page, light and dark, phone and
desktop, with and without a username. Zero serious or critical findings; anything lesser must
be listed with its reason in axekit.ALLOWED_MINOR.

The instant-navigation progress bar only exists while a page loads, so one test navigates and
audits the bar while it is on screen."""

from __future__ import annotations

import pytest
from axekit import audit, blocking

from workshop import pages as site_pages

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SLUGS = [p.slug for p in site_pages.pages()] + ["print"]


def _url(base: str, slug: str) -> str:
    return base if slug == "index" else f"{base}{slug}/"


@pytest.mark.parametrize("named", ["no-name", "named"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("slug", SLUGS)
def test_no_serious_accessibility_finding(browser, site_server, slug, width, scheme, named):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    try:
        if named == "named":
            context.add_init_script("localStorage.setItem('wk-username', 'alice-example')")
        page = context.new_page()
        page.goto(_url(site_server, slug))
        page.wait_for_load_state("load")
        findings = blocking(audit(page))
    finally:
        context.close()
    assert not findings, f"{slug} at {w} px, {scheme}, {named}:\n  " + "\n  ".join(map(str, findings))


def test_the_progress_bar_of_instant_navigation_has_a_name(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_server)
        # Hold the next page's response so the bar stays on screen while it is audited.
        release = []
        page.route("**/simple-config-files/", lambda route: release.append(route))
        page.click("nav.md-nav--primary a[href$='simple-config-files/']")
        page.wait_for_selector(".md-progress", state="attached", timeout=10_000)
        findings = [
            f for f in blocking(audit(page)) if "progress" in f.rule or any(".md-progress" in t for t in f.targets)
        ]
        for route in release:
            route.continue_()
    finally:
        context.close()
    assert not findings, "\n".join(map(str, findings))
