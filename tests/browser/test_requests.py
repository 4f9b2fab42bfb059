"""Every request a page makes goes to the site itself, on loopback: no web font, no CDN, no
analytics, nothing that would fail in a lab without internet or leak that a reader is there.
Recorded in the real browser, with the search box used and a page reached by instant
navigation, since both load more than the first paint does."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from searchkit import type_query

from workshop import pages as site_pages

PAGES = [p.slug for p in site_pages.pages()] + ["print"]
LOCAL_SCHEMES = {"data", "blob", "about"}


def _foreign(requests: list[str], site: str) -> list[str]:
    origin = urlparse(site)
    return [
        url
        for url in requests
        if urlparse(url).scheme not in LOCAL_SCHEMES
        and (urlparse(url).scheme, urlparse(url).netloc) != (origin.scheme, origin.netloc)
    ]


@pytest.mark.parametrize("slug", PAGES)
def test_a_page_requests_nothing_but_the_site(context, site_server, slug):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_server + ("" if slug == "index" else f"{slug}/") + "?user=alice", wait_until="networkidle")
    assert requests, "the recorder saw no request at all"
    assert not _foreign(requests, site_server), f"{slug}: requests off the site: {_foreign(requests, site_server)}"
    page.close()


def test_search_and_instant_navigation_request_nothing_but_the_site(context, site_server):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_server, wait_until="networkidle")
    type_query(page, "secret")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=20_000)
    page.keyboard.press("Escape")
    page.click(".md-nav--primary a[href$='persistent-storage/']")
    # Instant navigation may keep the home page's fragment (…/persistent-storage/#what-…).
    page.wait_for_url(re.compile(r".*/persistent-storage/(#.*)?$"))
    page.wait_for_load_state("networkidle")
    assert any("search_index.json" in url for url in requests), "search loaded no index: the test saw too little"
    assert not _foreign(requests, site_server), _foreign(requests, site_server)
    page.close()
