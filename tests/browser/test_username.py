"""The reader's username in a real browser: set once, filled everywhere, copied exactly.

Debian's Chromium (Playwright) against the built site on 127.0.0.1; every test starts with
an empty localStorage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from searchkit import type_query

from workshop import pages as site_pages
from workshop.paths import SNIPPETS
from workshop.username import derive_rule

TOKEN = "<username>"
BAR_INPUT = "#wk-username-bar"
HOME_INPUT = "#wk-username-home"
BAR_ALERT = "#wk-username-bar-error"
STORAGE_KEY = "wk-username"

# Page text that must show the name once it is set: the article, its TOC and the title.
UNFILLED_TEXT_JS = """() => {
  const article = document.querySelector('article').cloneNode(true);
  article.querySelectorAll('.wk-ph-literal').forEach(e => e.remove());
  return {
    spans: [...document.querySelectorAll('.wk-ph[data-wk-ph=username]')].map(e => e.textContent),
    unfilled: document.querySelectorAll('.wk-ph[data-wk-ph=username]:not(.wk-ph--filled)').length,
    article: article.textContent,
    toc: document.querySelector('.md-sidebar--secondary')?.textContent || '',
  };
}"""


def url_of(base: str, page: site_pages.Page) -> str:
    return base if page.slug == "index" else f"{base}{page.slug}/"


def pages_with_placeholders():
    """Pages with a fillable <username> (a mention written \\<username> does not count)."""
    return [p for p in site_pages.pages() if TOKEN in _rendered_markdown(p).replace("\\" + TOKEN, "")]


def _rendered_markdown(page: site_pages.Page) -> str:
    text = page.markdown()
    for block in site_pages.code_blocks(page):
        text += block.text()
    return text


def set_through(page, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.press(selector, "Enter")


def assert_filled(page, name: str) -> None:
    state = page.evaluate(UNFILLED_TEXT_JS)
    assert state["spans"], "the page has no placeholder to fill"
    assert set(state["spans"]) == {name}
    assert state["unfilled"] == 0
    assert TOKEN not in state["article"], "a <username> in the article was not filled"
    assert TOKEN not in state["toc"]
    assert page.evaluate("window.wkUsername.get()") == name
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == name
    assert page.input_value(BAR_INPUT) == name


def assert_unfilled(page) -> None:
    state = page.evaluate(UNFILLED_TEXT_JS)
    assert state["spans"] and set(state["spans"]) == {TOKEN}
    assert state["unfilled"] == len(state["spans"])
    assert page.evaluate("window.wkUsername.get()") is None
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None


# ---- unset --------------------------------------------------------------------------------------


def test_without_a_username_placeholders_are_marked_for_replacing(page, site_server):
    page.goto(site_server + "simple-config-files/")
    assert_unfilled(page)
    first = page.locator("pre .wk-ph").first
    assert first.get_attribute("title"), "an unfilled placeholder explains itself"
    style = first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert style == "dashed", "an unfilled placeholder is visibly marked"
    assert page.locator(BAR_INPUT).is_visible()
    assert TOKEN in page.text_content("#wk-username-bar-status")


# ---- setting it ----------------------------------------------------------------------------------


def test_the_bar_control_fills_code_prose_headings_and_titles(page, specimen_server):
    page.goto(specimen_server + "specimen/")
    set_through(page, BAR_INPUT, "alice")
    assert_filled(page, "alice")
    kinds = {
        "heading": "article h1 .wk-ph, article h2 .wk-ph",
        "toc": ".md-sidebar--secondary .wk-ph",
        "admonition title": ".admonition-title .wk-ph",
        "prose": "article p > .wk-ph",
        "inline code": ":not(pre) > code .wk-ph",
        "block title": ".highlight .filename .wk-ph",
        "console": ".language-console pre .wk-ph",
        "bash": ".language-bash pre .wk-ph",
        "yaml": ".language-yaml pre .wk-ph",
        "python": ".language-python pre .wk-ph",
        "json": ".language-json pre .wk-ph",
        "text": ".language-text pre .wk-ph",
    }
    for kind, selector in kinds.items():
        texts = page.locator(selector).all_text_contents()
        assert texts and set(texts) == {"alice"}, f"{kind}: {texts}"
    assert page.title().startswith("Specimen for alice")
    # A mention of the placeholder itself is never filled.
    assert page.locator(".wk-ph-literal").all_text_contents() == [TOKEN, TOKEN]
    assert page.text_content("#wk-username-bar-status") == "In use: alice"
    page.evaluate("window.wkUsername.clear()")
    assert page.title().startswith("Specimen for <username>")


def test_the_home_page_has_a_prominent_control(page, site_server):
    page.goto(site_server)
    home = page.locator(".wk-username-home form[data-wk-username-form]")
    assert home.is_visible()
    assert home.bounding_box()["height"] > page.locator(".md-banner form").bounding_box()["height"]
    set_through(page, HOME_INPUT, "team-3")
    assert page.input_value(BAR_INPUT) == "team-3", "both controls show the same value"
    assert page.evaluate("window.wkUsername.get()") == "team-3"
    assert page.text_content(".wk-username-home [role=alert]") == ""


def test_the_username_persists_through_instant_navigation_and_reload(page, site_server):
    page.goto(site_server)
    set_through(page, BAR_INPUT, "alice")
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    page.click(".md-nav--primary a[href$='using-a-secret/']")
    page.wait_for_url("**/using-a-secret/")
    page.wait_for_selector("pre .wk-ph")
    assert page.evaluate("window.__sameDocument === true"), "the page was not loaded by instant navigation"
    assert_filled(page, "alice")
    # Again, two hops later, then a full reload.
    page.click("a.md-footer__link--next")
    page.wait_for_url("**/ephemeral-storage/")
    assert page.evaluate("window.__sameDocument === true")
    assert_filled(page, "alice")
    page.reload()
    assert page.evaluate("window.__sameDocument") is None
    assert_filled(page, "alice")


def test_every_page_is_filled(page, site_server):
    page.goto(site_server + "?user=alice")
    for site_page in pages_with_placeholders():
        page.goto(url_of(site_server, site_page))
        assert_filled(page, "alice")


def test_a_user_link_sets_the_username_and_leaves_the_address_bar(page, site_server):
    page.goto(site_server + "persistent-storage/?user=bob#top")
    assert_filled(page, "bob")
    assert "user=" not in page.url
    assert page.url.endswith("/persistent-storage/#top")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_refused_user_link_on_a_shared_machine_leaves_no_name_in_effect(page, site_server, width):
    """bob worked here before; the next person's link has a name the rule refuses. Keeping bob
    would have them work, and delete, as bob: no name is in effect until they set theirs."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site_server + "?user=bob")
    page.goto(site_server + "cleanup/?user=Alice")
    assert_unfilled(page)
    alert = page.locator(BAR_ALERT)
    assert alert.get_attribute("role") == "alert"
    assert alert.is_visible(), f"the refusal is not visible at {width} px"
    shown = alert.inner_text()
    assert "no username is in use" in shown, shown
    assert "Try alice" in shown, shown
    if width >= 1280:
        assert derive_rule().message in shown
    assert page.locator("#wk-username-bar-status").is_visible()
    assert page.text_content("#wk-username-bar-status") == f"Not set: commands show {TOKEN}"
    assert "user=" not in page.url
    # Still nobody's name on the next page, until one is set.
    page.goto(site_server + "simple-config-files/")
    assert_unfilled(page)
    set_through(page, BAR_INPUT, "alice")
    assert_filled(page, "alice")
    assert not alert.is_visible()


# ---- bad input ------------------------------------------------------------------------------------

BAD_VALUES = {
    "uppercase": "Alice",
    "underscore": "bob_1",
    "leading-dash": "-x",
    "empty": "",
    "too-long": "a" * 200,
    "markup": "<img src=x onerror=alert(1)>",
}


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_bad_value_is_refused_with_the_rule_and_the_old_value_stays(page, site_server, value):
    page.goto(site_server + "simple-config-files/?user=alice")
    set_through(page, BAR_INPUT, value)
    alert = page.locator(BAR_ALERT)
    assert derive_rule().message in alert.text_content()
    assert alert.is_visible()
    assert page.get_attribute(BAR_INPUT, "aria-invalid") == "true"
    assert page.evaluate("window.wkUsername.get()") == "alice"
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "alice"
    assert set(page.evaluate(UNFILLED_TEXT_JS)["spans"]) == {"alice"}
    # The API refuses it the same way.
    result = page.evaluate("v => window.wkUsername.set(v)", value)
    assert result["ok"] is False and derive_rule().message in result["message"]
    # Markup in the value stays text: it is shown in the message, never parsed.
    assert page.locator("img[src='x']").count() == 0
    if value.startswith("<img"):
        assert "<img src=x" in alert.text_content()
        assert alert.locator("img").count() == 0
    # Typing again clears the message.
    page.fill(BAR_INPUT, "alic")
    assert alert.text_content() == ""


def test_markup_in_a_link_or_in_storage_is_never_interpreted(page, site_server):
    markup = "<img src=x onerror=alert(1)>"
    page.goto(site_server + "?user=" + re.sub(r"[<>= ()]", lambda m: f"%{ord(m.group(0)):02X}", markup))
    assert page.locator("img[src='x']").count() == 0
    assert "<img" in page.text_content(BAR_ALERT)
    # A value planted in localStorage by hand is ignored, not rendered.
    page.evaluate("v => localStorage.setItem('wk-username', v)", markup)
    page.goto(site_server + "simple-config-files/")
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.wkUsername.get()") is None
    assert set(page.evaluate(UNFILLED_TEXT_JS)["spans"]) == {TOKEN}


# ---- clearing -------------------------------------------------------------------------------------


def test_clear_brings_the_placeholders_back_everywhere(page, site_server):
    page.goto(site_server + "using-a-secret/?user=alice")
    assert_filled(page, "alice")
    page.click(".md-banner [data-wk-username-clear]")
    assert_unfilled(page)
    assert page.input_value(BAR_INPUT) == ""
    assert TOKEN in page.text_content("#wk-username-bar-status")
    page.reload()
    assert_unfilled(page)
    page.goto(site_server)
    assert page.input_value(HOME_INPUT) == ""


# ---- copy buttons -----------------------------------------------------------------------------


PAGES_WITH_CODE = [p for p in site_pages.pages() if site_pages.code_blocks(p)]


def test_the_copy_tests_cover_every_block_that_holds_the_username():
    blocks = [b for p in PAGES_WITH_CODE for b in site_pages.code_blocks(p)]
    with_name = [b for b in blocks if TOKEN in b.text()]
    assert len(with_name) >= 50 and {b.lang for b in with_name} >= {"yaml", "bash"}, len(with_name)


@pytest.mark.parametrize("site_page", PAGES_WITH_CODE, ids=[p.slug for p in PAGES_WITH_CODE])
def test_every_copy_button_copies_the_snippet_file_with_the_name(page, site_server, site_page):
    """Every block of the page, as the reader copies it, against its snippet file with a plain
    replace of the placeholder: exactly what to paste."""
    page.goto(site_server + f"{site_page.slug}/?user=alice")
    for summary in page.locator("article details:not([open]) > summary").all():
        summary.click()  # as the reader opens a collapsed exercise before copying from it
    blocks = site_pages.code_blocks(site_page)
    shown = page.locator("article div.highlight")
    assert shown.count() == len(blocks), f"{site_page.slug}: {shown.count()} blocks shown, {len(blocks)} in the page"
    wrong = []
    for index, block in enumerate(blocks):
        code_block = shown.nth(index)
        code_block.scroll_into_view_if_needed()
        code_block.hover()
        code_block.locator("button[data-md-type=copy]").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        expected = (SNIPPETS / block.snippet).read_text(encoding="utf-8").rstrip("\n").replace(TOKEN, "alice")
        if copied != expected:
            wrong.append(f"block {index + 1} (snippets/{block.snippet}): copied {copied!r}, expected {expected!r}")
    assert not wrong, f"{site_page.slug}:\n" + "\n".join(wrong)


def test_without_a_username_the_copy_keeps_the_placeholder_and_no_markup(page, site_server):
    page.goto(site_server + "simple-config-files/")
    config_page = next(p for p in site_pages.pages() if p.slug == "simple-config-files")
    block = next(b for b in site_pages.code_blocks(config_page) if b.title)
    code_block = page.locator("article div.highlight:has(.filename)").first
    code_block.hover()
    code_block.locator("button[data-md-type=copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == block.text()


# ---- downloads --------------------------------------------------------------------------------------


def download(page, link):
    with page.expect_download() as info:
        link.click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_text(encoding="utf-8")


def test_a_download_link_gives_the_substituted_file(page, site_server):
    page.goto(site_server + "using-a-secret/?user=alice")
    links = page.locator("a.wk-download")
    assert links.count() >= 2
    for i in range(links.count()):
        link = links.nth(i)
        snippet = SNIPPETS / link.get_attribute("data-wk-snippet")
        name, text = download(page, link)
        assert name == snippet.name
        assert text == snippet.read_text(encoding="utf-8").replace(TOKEN, "alice")


def test_without_a_username_the_download_is_the_file_as_written(page, site_server):
    page.goto(site_server + "simple-config-files/")
    link = page.locator("a.wk-download").first
    name, text = download(page, link)
    snippet = SNIPPETS / link.get_attribute("data-wk-snippet")
    assert name == snippet.name and text == snippet.read_text(encoding="utf-8")


# ---- no flash ------------------------------------------------------------------------------------

# Records, at every animation frame (rAF callbacks run right before the frame is painted),
# how many placeholders exist and whether any still shows <username>.
FRAME_PROBE = """
window.__frames = [];
(function probe() {
  const spans = document.getElementsByClassName('wk-ph');
  let unfilled = 0;
  for (const span of spans) if (span.textContent === '<username>') unfilled++;
  window.__frames.push({url: location.pathname, spans: spans.length, unfilled});
  requestAnimationFrame(probe);
})();
"""


FRAMES_WITH_SPANS = "n => (window.__frames || []).filter(f => f.spans).length >= n"


def test_no_frame_is_painted_with_an_unfilled_placeholder(context, site_server):
    page = context.new_page()
    page.goto(site_server + "?user=alice")
    context.add_init_script(FRAME_PROBE)  # from the very first frame of every later document
    # Full loads.
    for slug in ("simple-config-files", "persistent-storage"):
        page.goto(f"{site_server}{slug}/")
        page.wait_for_function(FRAMES_WITH_SPANS, arg=3, polling=50)  # a few frames painted with the content
        frames = page.evaluate("window.__frames")
        assert any(f["spans"] for f in frames), "the probe saw no placeholder at all"
        assert not [f for f in frames if f["unfilled"]], f"painted with <username>: {frames[:5]}"
    # Instant navigation: the same document, new content swapped in.
    page.evaluate("window.__frames = []")
    page.click(".md-nav--primary a[href$='importing-code/']")
    page.wait_for_url("**/importing-code/")
    page.wait_for_function(
        FRAMES_WITH_SPANS + " && window.__frames.at(-1).url.endsWith('/importing-code/')", arg=3, polling=50
    )
    frames = page.evaluate("window.__frames")
    assert any(f["url"].endswith("/importing-code/") and f["spans"] for f in frames)
    assert not [f for f in frames if f["unfilled"]], f"painted with <username>: {frames[:5]}"
    # The probe does see unfilled placeholders when there is no name.
    page.evaluate("window.wkUsername.clear()")
    page.wait_for_function("() => window.__frames.at(-1).unfilled > 0", polling=50, timeout=5_000)
    page.close()


# ---- the API the handouts rely on ------------------------------------------------------------------


def test_the_js_api(page, site_server):
    page.goto(site_server + "simple-config-files/")
    rule = page.evaluate("window.wkUsername.rule")
    assert rule == derive_rule().as_dict()
    assert page.evaluate("window.wkUsername.validate('alice')") == {"ok": True, "message": ""}
    assert page.evaluate("window.wkUsername.validate('Alice').ok") is False
    page.evaluate("""() => {
        window.__events = [];
        document.addEventListener('wk-username-change', e => window.__events.push(e.detail));
    }""")
    # set() applies synchronously: the page is filled when it returns.
    filled = page.evaluate("""() => {
        const result = window.wkUsername.set('carol');
        return {result, text: document.querySelector('pre .wk-ph').textContent};
    }""")
    assert filled["result"]["ok"] is True and filled["text"] == "carol"
    assert page.input_value(BAR_INPUT) == "carol"
    page.evaluate("window.wkUsername.clear()")
    assert page.evaluate("window.__events") == [{"username": "carol"}, {"username": None}]
    assert_unfilled(page)


def test_the_rule_in_the_page_is_the_one_derived_from_the_snippets(page, site_server):
    page.goto(site_server)
    config = json.loads(page.text_content("#wk-config"))
    assert config["usernameRule"] == derive_rule().as_dict()
    longest = "a" * derive_rule().max_length
    assert page.evaluate("v => window.wkUsername.set(v).ok", longest) is True
    assert page.evaluate("v => window.wkUsername.set(v).ok", longest + "a") is False


# ---- search results ---------------------------------------------------------------------------


def search_results(page, query: str, showing: str) -> str:
    """The result list's text once it shows `showing` (Material fills the list in steps),
    or after 10 s: the caller's assertions then say what it showed instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # not at the top: see check-ci-capabilities

    type_query(page, query)
    try:
        page.wait_for_function(
            "s => (document.querySelector('.md-search-result__list') || {}).innerText?.includes(s)",
            arg=showing,
            timeout=10_000,
        )
    except PlaywrightTimeout:
        pass  # the assertions below say what was shown instead
    return page.locator(".md-search-result__list").inner_text()


def test_search_results_show_the_username(page, site_server):
    page.goto(site_server + "?user=alice")
    text = search_results(page, "configmap", showing="-alice")
    assert "config1-alice" in text or "config2-alice" in text, text[:500]
    assert TOKEN not in text.replace("\\" + TOKEN, "")


def test_search_results_show_the_placeholder_without_a_username(page, site_server):
    page.goto(site_server)
    assert TOKEN in search_results(page, "configmap", showing=TOKEN)
