/*
 * The reader's username: set once, filled in everywhere, copied exactly.
 *
 * Loaded synchronously in <head> (see overrides/main.html): the MutationObserver below is in
 * place before the body is parsed, and its callbacks run as microtasks before the next paint,
 * so neither the first page nor a page swapped in by instant navigation is ever painted with
 * a stale placeholder. The same observer sets up the controls, which instant navigation
 * replaces on every page; their events are delegated to the document, so nothing needs
 * re-binding and nothing depends on Material's internal observables.
 *
 * Reader input only ever reaches the page through textContent / value, never as HTML.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "wk-username";
  var QUERY_PARAM = "user";
  var TOKEN = "<username>";
  var UNFILLED_HINT = "Replace with your username, or set it at the top of the page";
  var CHANGE_EVENT = "wk-username-change";

  var config = JSON.parse(document.getElementById("wk-config").textContent);
  var rule = Object.freeze({
    pattern: config.usernameRule.pattern,
    maxLength: config.usernameRule.maxLength,
    message: config.usernameRule.message
  });
  var allowed = new RegExp(rule.pattern);
  var baked = config.bakedUsername || null; // a build with the name baked in has no spans to fill

  // ---- validation ---------------------------------------------------------------------------

  function shown(value) {
    return value.length > 40 ? value.slice(0, 37) + "..." : value;
  }

  function validate(value) {
    if (typeof value !== "string" || value === "") {
      return { ok: false, message: "The username is empty. " + rule.message };
    }
    if (value.length > rule.maxLength) {
      return { ok: false, message: "That is " + value.length + " characters, too long. " + rule.message };
    }
    if (!allowed.test(value)) {
      return { ok: false, message: "\u201c" + shown(value) + "\u201d is not allowed. " + rule.message };
    }
    return { ok: true, message: "" };
  }

  // ---- storage (localStorage may be disabled: then the value lives until the page unloads) ----

  var memory = null;

  function load() {
    var stored = null;
    try { stored = window.localStorage.getItem(STORAGE_KEY); } catch (e) { stored = memory; }
    return stored !== null && validate(stored).ok ? stored : null; // a value the rule no longer allows is ignored
  }

  function save(value) {
    memory = value;
    try {
      if (value === null) window.localStorage.removeItem(STORAGE_KEY);
      else window.localStorage.setItem(STORAGE_KEY, value);
    } catch (e) { /* private mode: keep it in memory */ }
  }

  var username = baked || load();

  // ---- filling the page -----------------------------------------------------------------------

  var placeholders = document.getElementsByClassName("wk-ph"); // live: sees every page swap
  var titleTemplate = null; // document.title as the page gave it, before filling
  var titleFilled = null;

  function fillPlaceholders() {
    var text = username || TOKEN;
    for (var i = 0; i < placeholders.length; i++) {
      var span = placeholders[i];
      if (span.getAttribute("data-wk-ph") !== "username") {
        // <github-user>, <github-token>: only ever filled at build time.
        if (!span.hasAttribute("title")) span.setAttribute("title", "Replace with your own value");
        continue;
      }
      // Compare first: rewriting an unchanged span would queue another mutation forever.
      if (span.textContent !== text) span.textContent = text;
      if (span.classList.contains("wk-ph--filled") !== !!username) span.classList.toggle("wk-ph--filled", !!username);
      if (username) span.removeAttribute("title");
      else if (!span.hasAttribute("title")) span.setAttribute("title", UNFILLED_HINT);
    }
  }

  function fillTitle() {
    var current = document.title;
    if (current !== titleFilled) titleTemplate = current; // a new page set its own title
    if (titleTemplate.indexOf(TOKEN) === -1) return;
    var wanted = username ? titleTemplate.split(TOKEN).join(username) : titleTemplate;
    titleFilled = wanted;
    if (current !== wanted) document.title = wanted;
  }

  // ---- the controls ---------------------------------------------------------------------------

  function renderControl(form, error) {
    var input = form.querySelector("input[name=username]");
    var status = form.querySelector("[data-wk-username-status]");
    var alert = form.querySelector("[data-wk-username-error]");
    if (!input || !status || !alert) return; // still being parsed: set up once complete
    if (document.activeElement !== input || !error) input.value = username || "";
    input.setAttribute("aria-invalid", error ? "true" : "false");
    form.classList.toggle("wk-username--set", !!username);
    form.classList.toggle("wk-username--invalid", !!error);
    status.textContent = username ? "Commands on every page use " + username + "." : "Not set: commands show " + TOKEN + ".";
    alert.textContent = error || "";
  }

  function renderControls() {
    var forms = document.querySelectorAll("form[data-wk-username-form]");
    for (var i = 0; i < forms.length; i++) renderControl(forms[i], "");
  }

  var queryError = ""; // a refused ?user= value, shown once, in the first control of the first page

  function setUpControls() {
    var homes = document.querySelectorAll(".wk-username-home:not([data-wk-ready])");
    var template = document.getElementById("wk-username-home-template");
    for (var i = 0; i < homes.length; i++) {
      homes[i].setAttribute("data-wk-ready", "");
      if (template && !baked) homes[i].appendChild(template.content.cloneNode(true));
    }
    var forms = document.querySelectorAll("form[data-wk-username-form]:not([data-wk-ready])");
    for (var j = 0; j < forms.length; j++) {
      // The observer can see a form while the parser is still adding its children; its
      // last child (the error line) tells that it is complete, else a later mutation will.
      if (!forms[j].querySelector("[data-wk-username-error]")) continue;
      forms[j].setAttribute("data-wk-ready", "");
      renderControl(forms[j], queryError);
      queryError = "";
    }
  }

  // Material builds search results from the index's plain text, where a placeholder is just
  // "<username>": wrap each in a placeholder span so the same fill applies. (One that a search
  // highlight <mark> cuts in two is left as it is.)
  function markSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list) return;
    var walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT);
    var found = [];
    while (walker.nextNode()) {
      var node = walker.currentNode;
      if (node.nodeValue.indexOf(TOKEN) !== -1 && !node.parentNode.closest(".wk-ph")) found.push(node);
    }
    found.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.nodeValue.split(TOKEN).forEach(function (part, i) {
        if (i > 0) {
          var span = document.createElement("span");
          span.className = "wk-ph";
          span.setAttribute("data-wk-ph", "username");
          span.textContent = TOKEN;
          fragment.appendChild(span);
        }
        if (part) fragment.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function onMutations(records) {
    for (var i = 0; i < records.length; i++) {
      if (records[i].addedNodes.length) {
        markSearchResults();
        fillPlaceholders();
        fillTitle();
        fitDiagramLabels();
        setUpControls();
        return;
      }
    }
  }

  // ---- diagram labels ---------------------------------------------------------------------------
  // A diagram label that names the reader's objects (marked by hooks/diagrams.py) must stay in
  // its box whatever the name's length: first a smaller font (down to MIN_SCALE), then the
  // middle of the text gives way to "…". The label's own content, placeholder spans included,
  // stays in place (hidden when shortened), so filling and checking work as everywhere else.

  var SVG_NS = "http://www.w3.org/2000/svg";
  var MIN_SCALE = 0.8;
  var fitSources = document.getElementsByClassName("wk-fit-src"); // live, like placeholders

  function fitDiagramLabels() {
    for (var i = 0; i < fitSources.length; i++) fitLabel(fitSources[i]);
  }

  function fitLabel(source) {
    var label = source.parentNode;
    var room = parseFloat(label.getAttribute("data-wk-fit"));
    var key = room + "|" + source.textContent;
    if (label.getAttribute("data-wk-fitted") === key) return; // unchanged: no DOM writes, no loop
    var shortened = label.querySelector(".wk-fit-shown");
    if (shortened) label.removeChild(shortened);
    source.style.display = "";
    label.style.fontSize = "";
    var width = label.getComputedTextLength();
    if (!width) return; // not laid out (a hidden page): fitted on a later change
    if (width > room) {
      var size = parseFloat(window.getComputedStyle(label).fontSize);
      label.style.fontSize = size * Math.max(MIN_SCALE, room / width) + "px";
      if (label.getComputedTextLength() > room) shorten(label, source, room);
    }
    label.setAttribute("data-wk-fitted", key);
  }

  function shorten(label, source, room) {
    var full = source.textContent;
    var shown = document.createElementNS(SVG_NS, "tspan");
    shown.setAttribute("class", "wk-fit-shown");
    source.style.display = "none";
    label.appendChild(shown);
    var low = 1, high = full.length - 1; // characters kept around the "…"
    while (low < high) {
      var keep = Math.ceil((low + high) / 2);
      shown.textContent = middleOut(full, keep);
      if (label.getComputedTextLength() <= room) low = keep;
      else high = keep - 1;
    }
    shown.textContent = middleOut(full, low);
  }

  function middleOut(text, keep) {
    var head = Math.ceil(keep / 2);
    return text.slice(0, head) + "\u2026" + text.slice(text.length - (keep - head));
  }

  // ---- changing the value ---------------------------------------------------------------------

  function announce() {
    document.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: { username: username } }));
  }

  function apply() {
    fillPlaceholders();
    fillTitle();
    fitDiagramLabels();
    renderControls();
    announce();
  }

  function set(value) {
    if (baked) return { ok: false, message: "This copy of the site was built for " + baked + "." };
    var result = validate(value);
    if (!result.ok) return result;
    username = value;
    save(value);
    apply();
    return { ok: true, message: "Commands on every page now use " + value + "." };
  }

  function clear() {
    if (baked) return;
    username = null;
    save(null);
    apply();
  }

  // A link such as ?user=alice sets the name, then the parameter leaves the address bar (it
  // stays in the browser history: a shared machine's history shows it).
  (function readQuery() {
    var url;
    try { url = new URL(window.location.href); } catch (e) { return; }
    if (!url.searchParams.has(QUERY_PARAM) || baked) return;
    var value = url.searchParams.get(QUERY_PARAM);
    var result = validate(value);
    if (result.ok) {
      username = value;
      save(value);
    } else {
      queryError = "The link's username was not used. " + result.message;
    }
    url.searchParams.delete(QUERY_PARAM);
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  })();

  // ---- events, delegated so they survive instant navigation -----------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-wk-username-form]");
    if (!form) return;
    event.preventDefault();
    var input = form.querySelector("input[name=username]");
    var result = set(input.value.trim());
    if (!result.ok) renderControl(form, result.message);
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("[data-wk-username-clear]")) {
      clear();
      var input = target.closest("form").querySelector("input[name=username]");
      input.focus();
      return;
    }
    var link = target && target.closest("a.wk-download");
    if (link && username && !baked && event.button === 0) {
      event.preventDefault();
      downloadFilled(link);
    }
  });

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-wk-username-form]");
    if (form && form.classList.contains("wk-username--invalid")) {
      form.classList.remove("wk-username--invalid");
      form.querySelector("[data-wk-username-error]").textContent = "";
      event.target.setAttribute("aria-invalid", "false");
    }
  });

  // Another tab changed the name: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key !== STORAGE_KEY || baked) return;
    username = load();
    apply();
  });

  // The snippet file with the name filled in, saved under its own file name.
  function downloadFilled(link) {
    var name = username;
    fetch(link.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + link.href);
        return response.text();
      })
      .then(function (text) {
        var blob = new Blob([text.split(TOKEN).join(name)], { type: "text/plain" });
        var url = URL.createObjectURL(blob);
        var save = document.createElement("a");
        save.href = url;
        save.download = link.getAttribute("download");
        save.hidden = true;
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      })
      .catch(function () { window.location.href = link.href; }); // at worst, the unfilled file
  }

  // ---- start ----------------------------------------------------------------------------------

  new MutationObserver(onMutations).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", fitDiagramLabels); // once the page is laid out and styled

  window.wkUsername = Object.freeze({
    get: function () { return username; },
    set: set,
    clear: clear,
    validate: validate,
    rule: rule
  });
})();
