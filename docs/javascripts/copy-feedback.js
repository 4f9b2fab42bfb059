/*
 * The copy button's feedback, when what it copied still holds a placeholder.
 *
 * Material shows "Copied to clipboard" in its dialog (.md-dialog) after every copy. Copying a
 * command that still holds <username> (or <github-user>, <github-token>) gives bash a syntax
 * error, so for such a block the dialog says instead what is missing and where to set it, and
 * stays on screen long enough to read it. The dialog is made a polite live region, so the
 * result of a copy (either message) is heard as well as seen.
 */
(function () {
  "use strict";

  var WARN_MS = 7000;
  var WHERE = {
    username: "set your username in the bar at the top of the page",
    "github-user": "enter the GitHub user and token in the box above this command (page \u201cUsing a secret\u201d)",
    "github-token": "enter the GitHub user and token in the box above this command (page \u201cUsing a secret\u201d)"
  };
  var warning = null; // { text, until }
  var timer = null;

  function missing(block) {
    var names = [];
    var spans = block ? block.querySelectorAll(".wk-ph:not(.wk-ph--filled)") : [];
    for (var i = 0; i < spans.length; i++) {
      var name = spans[i].getAttribute("data-wk-ph");
      if (WHERE[name] && names.indexOf(name) === -1) names.push(name);
    }
    return names;
  }

  function message(names) {
    var tokens = names.map(function (n) { return "<" + n + ">"; }).join(" and ");
    var todo = [];
    names.forEach(function (n) { if (todo.indexOf(WHERE[n]) === -1) todo.push(WHERE[n]); });
    return "Copied, but it still holds " + tokens + ": the shell will refuse it. First " + todo.join(", and ") + ", then copy again.";
  }

  function dialog() {
    return document.querySelector(".md-dialog");
  }

  function show() {
    var box = dialog();
    if (!box || !warning) return;
    if (Date.now() > warning.until) { warning = null; box.classList.remove("wk-dialog--warn"); return; }
    var inner = box.querySelector(".md-dialog__inner");
    if (inner && inner.textContent !== warning.text) inner.textContent = warning.text;
    box.classList.add("wk-dialog--warn");
  }

  // Capture phase: runs before Material's own handler writes its message.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button[data-md-type=copy], .md-clipboard") : null;
    if (!button) return;
    var names = missing(button.closest(".highlight") || button.parentElement);
    clearTimeout(timer);
    if (!names.length) {
      warning = null;
      var box = dialog();
      if (box) box.classList.remove("wk-dialog--warn");
      return;
    }
    warning = { text: message(names), until: Date.now() + WARN_MS };
    timer = setTimeout(show, WARN_MS + 50);
    setTimeout(show, 0);
  }, true);

  // Material writes its message into the dialog (and again when it hides it): write ours over it.
  new MutationObserver(function () {
    var box = dialog();
    if (box && !box.hasAttribute("role")) {
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
    }
    if (warning) show();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
