/*
 * Material's wide tables scroll sideways in a wrapper (.md-typeset__scrollwrap) that a keyboard
 * cannot reach (axe: scrollable-region-focusable): each wrapper becomes a named, focusable
 * region. Instant navigation brings new tables, so new wrappers are handled as they come.
 */
(function () {
  "use strict";

  function label() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    for (var i = 0; i < wraps.length; i++) {
      wraps[i].setAttribute("tabindex", "0");
      wraps[i].setAttribute("role", "region");
      wraps[i].setAttribute("aria-label", "Table (scrolls sideways when it is wider than the page)");
    }
  }

  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
