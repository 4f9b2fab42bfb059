"""The participant's session as people meet it: a phone, a keyboard, a shared lab machine, the
secret step, the copy button. Debian's Chromium against the built site on 127.0.0.1."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from searchkit import type_query

from workshop.username import longest_example

PHONE = {"width": 390, "height": 844}
BAR_INPUT = "#wk-username-bar"
GITHUB_USER = "octo-cat"
GITHUB_TOKEN = "github_pat_" + "0TESTONLY" * 4  # shaped like one, for the form's own check


def set_name(page, name: str) -> None:
    page.fill(BAR_INPUT, name)
    page.press(BAR_INPUT, "Enter")


def dialog_after_copy(page, block) -> str:
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    page.wait_for_function("() => document.querySelector('.md-dialog--active, .md-dialog.wk-dialog--warn')")
    return page.text_content(".md-dialog .md-dialog__inner")


# ---- 2. copying a command that still holds a placeholder -------------------------------------


def test_copying_a_command_with_the_placeholder_warns_and_points_to_the_control(page, site_server):
    page.goto(site_server + "simple-config-files/")
    block = page.locator("article .highlight:has(.wk-ph[data-wk-ph=username])").first
    message = dialog_after_copy(page, block)
    assert "still holds <username>" in message and "set your username" in message, message
    assert "Copied to clipboard" not in message
    assert "wk-dialog--warn" in page.get_attribute(".md-dialog", "class")
    assert page.get_attribute(".md-dialog", "role") == "status"
    # Still there after Material's own 2 s: long enough to read.
    page.wait_for_timeout(3000)
    assert page.locator(".md-dialog").is_visible()
    assert "still holds" in page.text_content(".md-dialog .md-dialog__inner")


def test_copying_a_filled_command_says_copied(page, site_server):
    page.goto(site_server + "simple-config-files/?user=alice")
    block = page.locator("article .highlight:has(.wk-ph[data-wk-ph=username])").first
    message = dialog_after_copy(page, block)
    assert message == "Copied to clipboard"
    assert "wk-dialog--warn" not in (page.get_attribute(".md-dialog", "class") or "")


def test_copying_the_secret_command_without_the_token_warns_of_the_token(page, site_server):
    page.goto(site_server + "using-a-secret/?user=alice")
    block = page.locator("article .highlight:has(.wk-ph[data-wk-ph=github-token])").first
    message = dialog_after_copy(page, block)
    assert "<github-user> and <github-token>" in message and "GitHub user and token" in message, message
    assert "<username>" not in message


# ---- 1. the secret step ---------------------------------------------------------------------


def test_the_secret_page_says_where_the_values_come_from(page, site_server):
    page.goto(site_server + "using-a-secret/")
    help_text = page.text_content(".wk-secret-help")
    assert "In a workshop" in help_text and "On your own" in help_text
    link = page.locator(".wk-secret-help a[href*='docs.github.com']")
    assert "fine-grained" in link.text_content()
    assert page.locator("form[data-wk-github-form]").is_visible()
    assert page.get_attribute("#wk-github-token", "type") == "password"


def test_the_token_is_kept_for_the_session_only_and_never_in_an_address(context, site_server):
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(unquote(request.url)))
    page.goto(site_server + "using-a-secret/?user=alice")
    page.fill("#wk-github-user", GITHUB_USER)
    page.fill("#wk-github-token", GITHUB_TOKEN)
    page.press("#wk-github-token", "Enter")
    command = page.locator("article .highlight:has(.wk-ph[data-wk-ph=github-token]) code").first.text_content()
    assert f"--from-literal=username={GITHUB_USER} --from-literal=token={GITHUB_TOKEN}" in command
    assert page.input_value("#wk-github-token") == "", "the token is not written back into the form"
    status = page.text_content("#wk-github-status")
    assert GITHUB_TOKEN not in status and GITHUB_TOKEN[-4:] in status
    assert "until you close this browser" in page.text_content("form[data-wk-github-form] [data-wk-live]")
    # Session storage only: nothing in localStorage, nothing in the address or any request.
    assert page.evaluate("sessionStorage.getItem('wk-github-token')") == GITHUB_TOKEN
    assert GITHUB_TOKEN not in json.dumps(page.evaluate("({...localStorage})"))
    assert GITHUB_TOKEN not in page.url
    # The next page uses the same secret's name; instant navigation keeps the session's values.
    page.goto(site_server + "communicating-between-containers/")
    page.goto(site_server + "using-a-secret/")
    assert GITHUB_TOKEN in page.locator("article.md-content__inner").text_content()
    # Search results and download links never carry it.
    type_query(page, "from-literal token")
    page.wait_for_selector(".md-search-result__item")
    assert GITHUB_TOKEN not in page.text_content(".md-search-result")
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        assert GITHUB_TOKEN not in unquote(href)
    assert not [url for url in requested if GITHUB_TOKEN in url]
    # A new browser session (another tab opened afresh) does not have it.
    other = context.new_page()
    other.goto(site_server + "using-a-secret/")
    assert other.evaluate("sessionStorage.getItem('wk-github-token')") is None
    assert GITHUB_TOKEN not in other.locator("article.md-content__inner").text_content()
    other.close()
    # The username's Clear forgets the GitHub values too.
    page.keyboard.press("Escape")  # close the search
    page.click(".md-banner [data-wk-username-clear]")
    assert page.evaluate("sessionStorage.getItem('wk-github-token')") is None
    assert GITHUB_TOKEN not in page.locator("article.md-content__inner").text_content()
    assert "<github-token>" in page.locator("article.md-content__inner").text_content()
    page.close()


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("#wk-github-token", "not a token", "not a GitHub token"),
        ("#wk-github-user", "bad user!", "is not a GitHub user name"),
    ],
)
def test_bad_github_values_are_refused_and_nothing_is_kept(page, site_server, field, value, expected):
    page.goto(site_server + "using-a-secret/")
    page.fill("#wk-github-user", GITHUB_USER)
    page.fill("#wk-github-token", GITHUB_TOKEN)
    page.fill(field, value)
    page.press(field, "Enter")
    assert expected in page.text_content("#wk-github-error")
    assert page.evaluate("sessionStorage.length") == 0
    assert "<github-token>" in page.locator("article.md-content__inner").text_content()


# ---- 3. the first step on a phone -----------------------------------------------------------


def test_on_a_phone_the_control_says_what_it_is_and_which_name_is_in_use(browser, site_server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_server)
        label = page.locator(".md-banner .wk-username__label")
        assert label.is_visible() and label.inner_text().strip() == "Username"
        assert page.locator("#wk-username-bar-status").is_visible()
        assert page.inner_text("#wk-username-bar-status") == "Not set: commands show <username>"
        # The home page starts with it: the card is on the first screen.
        card = page.locator(".wk-username-home form").bounding_box()
        assert card and card["y"] + card["height"] <= PHONE["height"], card
        first_heading = page.locator("article h2").first.inner_text()
        assert "set your username" in first_heading.lower()
        page.tap("#wk-username-home")
        page.fill("#wk-username-home", "alice")
        page.tap(".wk-username-home .wk-username__set")
        assert page.inner_text("#wk-username-bar-status") == "In use: alice"
        assert "wk-username--confirmed" in page.get_attribute(".wk-username-home form", "class")
        assert "now use alice" in page.text_content(".wk-username-home [data-wk-live]")
        # The bar is the one that was not used: it changes, but says nothing to screen readers.
        assert page.text_content(".md-banner [data-wk-live]") == ""
        for selector in (
            ".md-banner .wk-username__label",
            BAR_INPUT,
            ".md-banner .wk-username__set",
            ".md-banner .wk-username__clear",
            "#wk-username-bar-status",
        ):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
    finally:
        context.close()


def test_the_control_works_by_keyboard_alone_with_visible_focus(page, site_server):
    page.goto(site_server + "simple-config-files/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "wk-username-bar":
            break
    else:
        pytest.fail("the username input is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "no visible focus on the input"
    assert page.evaluate("document.activeElement.labels[0].textContent").strip()
    page.keyboard.type("Bob_1")
    page.keyboard.press("Enter")
    assert "Try bob-1" in page.inner_text("#wk-username-bar-error")
    assert page.get_attribute(BAR_INPUT, "aria-invalid") == "true"
    page.fill(BAR_INPUT, "")
    page.keyboard.type("bob-1")
    page.keyboard.press("Enter")
    assert page.inner_text("#wk-username-bar-status") == "In use: bob-1"
    assert page.text_content(".md-banner [data-wk-live]") == "Done: commands on every page now use bob-1."
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Set, then Clear
    assert page.evaluate("document.activeElement.textContent") == "Clear"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("window.wkUsername.get()") is None
    assert "Cleared" in page.text_content(".md-banner [data-wk-live]")


# ---- 8. error messages that offer the fix ---------------------------------------------------


@pytest.mark.parametrize("value", ["Alice", "bob_1", "Anna Smith", "-x-", "a.b", "__", "<img src=x onerror=alert(1)>"])
def test_the_browser_suggests_what_python_suggests(page, site_server, value):
    from workshop.username import suggest

    page.goto(site_server)
    assert page.evaluate("v => window.wkUsername.suggest(v)", value) == suggest(value)


def test_on_a_phone_the_refusal_is_short_and_offers_the_fix(browser, site_server):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(site_server + "simple-config-files/")
        set_name(page, "a" * 80)
        shown = page.inner_text("#wk-username-bar-error")
        assert shown.startswith("Too long (80, at most") and f"Try {'a' * longest_len()}." in shown, shown
        assert len(shown) < 120, shown
    finally:
        context.close()


def longest_len() -> int:
    return len(longest_example())


# ---- 5. diagrams on a phone -----------------------------------------------------------------

DIAGRAM_LABEL_PX_JS = """() => [...document.querySelectorAll('article svg.wk-diagram')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].filter(t => t.getComputedTextLength() > 0).map(t => ({
    text: t.textContent.trim(),
    px: parseFloat(getComputedStyle(t).fontSize) * scale,
  }));
})"""


@pytest.mark.parametrize("name", [None, "longest"])
def test_diagram_labels_are_at_least_12_px_on_a_phone(browser, site_server, name):
    from workshop import pages as site_pages

    context = browser.new_context(viewport=PHONE)
    try:
        if name:
            context.add_init_script(f"localStorage.setItem('wk-username', '{longest_example()}')")
        page = context.new_page()
        slugs = [p.slug for p in site_pages.pages() if "{ .wk-diagram }" in p.markdown()]
        assert len(slugs) >= 8
        for slug in slugs:
            page.goto(f"{site_server}{slug}/")
            page.wait_for_load_state("load")
            labels = page.evaluate(DIAGRAM_LABEL_PX_JS)
            assert labels, slug
            small = [f"{label['text']!r}: {label['px']:.1f} px" for label in labels if label["px"] < 12 - 0.05]
            assert not small, f"{slug}: labels under 12 px at 390 px: {small}"
            region = page.locator("article .wk-diagram-scroll").first
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
            # It scrolls sideways inside its box; the page itself does not.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


# ---- 7. search -------------------------------------------------------------------------------


def test_search_previews_hold_no_diagram_text_and_no_machinery(page, site_server):
    index = page.request.get(site_server + "search/search_index.json").json()
    texts = " ".join(doc["text"] for doc in index["docs"])
    for label in ("LOCAL FILE", "CONFIGMAP", "POD of JOB"):
        assert label not in texts, f"diagram label {label!r} in the search index"
    home = [doc for doc in index["docs"] if doc["location"] in ("", "#first-set-your-username")]
    assert not any("in place of" in doc["text"] or "press Set" in doc["text"] for doc in home)
    page.goto(site_server + "?user=alice")
    type_query(page, "ConfigMap")
    page.wait_for_selector(".md-search-result__item")
    previews = page.text_content(".md-search-result")
    assert "LOCAL FILE" not in previews


@pytest.mark.parametrize(
    "command,slug",
    [
        ("kubectl create configmap config1-alice --from-file=hello.txt", "simple-config-files"),
        ("kubectl create secret generic github-secret-alice --from-literal=username=", "using-a-secret"),
        ("kubectl wait --for=condition=Ready pod/c1-<username> --timeout=3m", "simple-config-files"),
    ],
)
def test_a_pasted_command_finds_its_page(page, site_server, command, slug):
    page.goto(site_server + "?user=alice")
    type_query(page, command)
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert any(re.search(rf"/{slug}/", href) for href in hrefs[:3]), (command, hrefs[:5])


# ---- 10. small things -----------------------------------------------------------------------


def test_no_permalink_wraps_onto_a_line_of_its_own_on_a_phone(browser, site_server):
    from workshop import pages as site_pages

    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        alone = []
        for slug in [p.slug for p in site_pages.pages()]:
            page.goto(site_server if slug == "index" else f"{site_server}{slug}/")
            alone += page.evaluate(
                """slug => [...document.querySelectorAll('article :is(h1,h2,h3) > a.headerlink')]
              .filter(a => a.getBoundingClientRect().left < a.parentElement.getBoundingClientRect().left + 24)
              .map(a => slug + ': ' + a.parentElement.textContent.trim())""",
                slug,
            )
        assert not alone, "permalinks alone on a line at 390 px: " + "; ".join(alone)
    finally:
        context.close()


def test_the_home_page_links_the_list_of_corrections(page, site_server):
    page.goto(site_server)
    assert page.locator("article a[href$='changelog/']").count() >= 1


def test_search_previews_leave_a_mention_of_the_placeholder_unfilled(page, site_server):
    """The changelog *talks about* `<username>` ("the site now shows <username> and fills in
    the name"): with alice set, its preview must not read "the site now shows alice"."""
    page.goto(site_server + "?user=alice")
    type_query(page, "fills in the name the participant sets")
    page.wait_for_selector(".md-search-result__item")
    previews = page.text_content(".md-search-result").replace("\u2060", "")
    assert "site now shows <username>" in previews, previews[:400]
    assert "site now shows alice" not in previews


@pytest.mark.parametrize("user", [None, "alice"])
def test_the_print_page_in_a_browser_shows_one_cover_text(page, site_server, user):
    page.goto(site_server + "print/" + (f"?user={user}" if user else ""))
    write_in = page.locator(".wk-cover-write-in").is_visible()
    filled = page.locator(".wk-cover-filled-note").is_visible()
    assert write_in != filled, f"write-in shown: {write_in}, filled note shown: {filled}"
    assert filled == bool(user)
