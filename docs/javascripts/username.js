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
  var CHANGE_EVENT = "wk-username-change";

  var config = JSON.parse(document.getElementById("wk-config").textContent);
  var rule = Object.freeze({
    pattern: config.usernameRule.pattern,
    maxLength: config.usernameRule.maxLength,
    message: config.usernameRule.message
  });
  var allowed = new RegExp(rule.pattern);
  var baked = config.bakedUsername || null; // a build with the name baked in has no spans to fill

  // The secret step's values. A token is a secret: kept for this browser session only
  // (sessionStorage), never in the address, a download or the search index. A build that
  // carries them (WORKSHOP_GITHUB_USER / _TOKEN) has no spans for them and shows no form.
  var GITHUB = {
    "github-user": {
      key: "wk-github-user",
      label: "GitHub user",
      pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
      message: "A GitHub user name has 1 to 39 letters, digits or single hyphens (for example octocat)."
    },
    "github-token": {
      key: "wk-github-token",
      label: "GitHub token",
      pattern: /^[A-Za-z0-9_]{20,255}$/,
      message: "A GitHub token is 20 or more letters, digits and '_', as GitHub shows it (fine-grained ones start with github_pat_)."
    }
  };
  var HINTS = {
    username: "Replace with your username, or set it at the top of the page",
    "github-user": "Replace with the GitHub user, or enter it in the box on the \u201cUsing a secret\u201d page",
    "github-token": "Replace with the GitHub token, or enter it in the box on the \u201cUsing a secret\u201d page"
  };

  // ---- validation ---------------------------------------------------------------------------

  function shown(value) {
    return value.length > 40 ? value.slice(0, 37) + "..." : value;
  }

  // The allowed name closest to a refused one: the same steps as workshop/username.py suggest().
  function suggest(value) {
    var name = value.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    name = name.slice(0, rule.maxLength).replace(/-+$/, "");
    return name && name !== value && allowed.test(name) ? name : null;
  }

  // message: the whole story (wide screens, screen readers); short: what a phone shows.
  function validate(value) {
    if (typeof value !== "string" || value === "") {
      return { ok: false, message: "The username is empty. " + rule.message, short: "Type a username first." };
    }
    var fix = suggest(value);
    var tryIt = fix ? " Try " + fix + "." : "";
    if (value.length > rule.maxLength) {
      return {
        ok: false,
        suggestion: fix,
        message: "That name is " + value.length + " characters long; a username can have at most " + rule.maxLength + "." + tryIt + " " + rule.message,
        short: "Too long (" + value.length + ", at most " + rule.maxLength + ")." + tryIt
      };
    }
    if (!allowed.test(value)) {
      return {
        ok: false,
        suggestion: fix,
        message: "\u201c" + shown(value) + "\u201d is not allowed." + tryIt + " " + rule.message,
        short: "Not allowed: lowercase a-z, 0-9 and -." + tryIt
      };
    }
    return { ok: true, message: "" };
  }

  function validateGithub(name, value) {
    var field = GITHUB[name];
    if (!value) return { ok: false, message: "The " + field.label + " is empty. " + field.message };
    if (!field.pattern.test(value)) {
      return { ok: false, message: name === "github-token" ? "That is not a GitHub token. " + field.message : "\u201c" + shown(value) + "\u201d is not a GitHub user name. " + field.message };
    }
    return { ok: true, message: "" };
  }

  // ---- storage (localStorage may be disabled: then the value lives until the page unloads) ----

  var memory = {};

  function read(store, key) {
    try { return window[store].getItem(key); } catch (e) { return key in memory ? memory[key] : null; }
  }

  function write(store, key, value) {
    if (value === null) delete memory[key]; else memory[key] = value;
    try {
      if (value === null) window[store].removeItem(key);
      else window[store].setItem(key, value);
    } catch (e) { /* private mode: keep it in memory */ }
  }

  function load() {
    var stored = read("localStorage", STORAGE_KEY);
    return stored !== null && validate(stored).ok ? stored : null; // a value the rule no longer allows is ignored
  }

  function save(value) {
    write("localStorage", STORAGE_KEY, value);
  }

  function loadGithub(name) {
    var stored = read("sessionStorage", GITHUB[name].key);
    return stored !== null && validateGithub(name, stored).ok ? stored : null;
  }

  var username = baked || load();
  var github = { "github-user": loadGithub("github-user"), "github-token": loadGithub("github-token") };

  function valueOf(name) {
    return name === "username" ? username : github[name] || null;
  }

  // ---- filling the page -----------------------------------------------------------------------

  var placeholders = document.getElementsByClassName("wk-ph"); // live: sees every page swap
  var titleTemplate = null; // document.title as the page gave it, before filling
  var titleFilled = null;

  function fillPlaceholders() {
    for (var i = 0; i < placeholders.length; i++) {
      var span = placeholders[i];
      var name = span.getAttribute("data-wk-ph");
      if (!(name in HINTS)) continue;
      var value = valueOf(name);
      var text = value || "<" + name + ">";
      // Compare first: rewriting an unchanged span would queue another mutation forever.
      if (span.textContent !== text) span.textContent = text;
      if (span.classList.contains("wk-ph--filled") !== !!value) span.classList.toggle("wk-ph--filled", !!value);
      if (value) span.removeAttribute("title");
      else if (span.getAttribute("title") !== HINTS[name]) span.setAttribute("title", HINTS[name]);
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
  // Each form has a status line (which name is in use, always shown), an error line (role
  // "alert") and a live line (role "status") that speaks the result of what was done in that
  // form only, so a screen reader hears it once although the bar and the home card both change.

  function statusText() {
    return username ? "In use: " + username : "Not set: commands show " + TOKEN;
  }

  function renderControl(form, error, said) {
    var input = form.querySelector("input[name=username]");
    var status = form.querySelector("[data-wk-username-status]");
    var alert = form.querySelector("[data-wk-username-error]");
    var live = form.querySelector("[data-wk-live]");
    if (!input || !status || !alert || !live) return; // still being parsed: set up once complete
    if (document.activeElement !== input || !error) input.value = username || "";
    input.setAttribute("aria-invalid", error ? "true" : "false");
    form.classList.toggle("wk-username--set", !!username);
    form.classList.toggle("wk-username--invalid", !!error);
    status.textContent = statusText();
    var long = alert.querySelector("[data-wk-long]"), short = alert.querySelector("[data-wk-short]");
    long.textContent = error ? error.message : "";
    short.textContent = error ? error.short || error.message : "";
    if (said !== undefined) live.textContent = said;
  }

  function renderControls() {
    var forms = document.querySelectorAll("form[data-wk-username-form]");
    for (var i = 0; i < forms.length; i++) renderControl(forms[i], queryError);
  }

  // A refused ?user= link: shown in every control of the page until a name is set or typed.
  var queryError = null;

  function confirmSet(form) {
    form.classList.remove("wk-username--confirmed");
    void form.offsetWidth; // restart the animation
    form.classList.add("wk-username--confirmed");
  }

  function setUpControls() {
    var homes = document.querySelectorAll(".wk-username-home:not([data-wk-ready])");
    var template = document.getElementById("wk-username-home-template");
    for (var i = 0; i < homes.length; i++) {
      homes[i].setAttribute("data-wk-ready", "");
      if (template && !baked) homes[i].appendChild(template.content.cloneNode(true));
    }
    var boxes = document.querySelectorAll(".wk-github-values:not([data-wk-ready])");
    var githubTemplate = document.getElementById("wk-github-template");
    for (var k = 0; k < boxes.length; k++) {
      boxes[k].setAttribute("data-wk-ready", "");
      if (githubTemplate) boxes[k].appendChild(githubTemplate.content.cloneNode(true));
    }
    var forms = document.querySelectorAll("form[data-wk-username-form]:not([data-wk-ready])");
    for (var j = 0; j < forms.length; j++) {
      // The observer can see a form while the parser is still adding its children; its
      // last child (the live line) tells that it is complete, else a later mutation will.
      if (!forms[j].querySelector("[data-wk-live]")) continue;
      forms[j].setAttribute("data-wk-ready", "");
      renderControl(forms[j], queryError);
    }
    var githubForms = document.querySelectorAll("form[data-wk-github-form]:not([data-wk-ready])");
    for (var m = 0; m < githubForms.length; m++) {
      if (!githubForms[m].querySelector("[data-wk-live]")) continue;
      githubForms[m].setAttribute("data-wk-ready", "");
      renderGithub(githubForms[m], "");
    }
  }

  function githubStatus() {
    var user = github["github-user"], token = github["github-token"];
    if (user && token) return "In use for this browser session: " + user + " and a token ending in \u2026" + token.slice(-4) + ".";
    return "Not set: the commands show <github-user> and <github-token>.";
  }

  function renderGithub(form, error, said) {
    var status = form.querySelector("[data-wk-github-status]");
    var alert = form.querySelector("[data-wk-github-error]");
    var live = form.querySelector("[data-wk-live]");
    if (!status || !alert || !live) return;
    var user = form.querySelector("input[name=github-user]");
    if (document.activeElement !== user || !error) user.value = github["github-user"] || "";
    // The token is never written back into the form: it is shown only where the commands need it.
    form.querySelector("input[name=github-token]").value = "";
    form.classList.toggle("wk-github--set", !!(github["github-user"] && github["github-token"]));
    status.textContent = githubStatus();
    alert.textContent = error || "";
    if (said !== undefined) live.textContent = said;
  }

  function renderGithubForms() {
    var forms = document.querySelectorAll("form[data-wk-github-form]");
    for (var i = 0; i < forms.length; i++) renderGithub(forms[i], "");
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
  var MIN_LABEL_PX = 12;
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
      var scale = Math.max(MIN_SCALE, minScaleOnScreen(label, size), room / width);
      if (scale < 1) label.style.fontSize = size * scale + "px";
      if (label.getComputedTextLength() > room) shorten(label, source, room);
    }
    label.setAttribute("data-wk-fitted", key);
  }

  // On a narrow screen the diagram is drawn large enough for 12 px labels (diagrams.css):
  // shrinking a label must not take it below that; it is shortened instead.
  function minScaleOnScreen(label, size) {
    if (!window.matchMedia("screen and (max-width: 44.9375em)").matches) return 0;
    var svg = label.ownerSVGElement;
    var drawn = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
    return MIN_LABEL_PX / (size * drawn);
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
    renderGithubForms();
    announce();
  }

  function set(value) {
    if (baked) return { ok: false, message: "This copy of the site was built for " + baked + "." };
    var result = validate(value);
    if (!result.ok) return result;
    username = value;
    queryError = null;
    save(value);
    apply();
    return { ok: true, message: "Done: commands on every page now use " + value + "." };
  }

  function clear() {
    if (baked) return;
    username = null;
    queryError = null;
    save(null);
    clearGithub(); // the same Clear forgets everything this browser holds for the reader
    apply();
  }

  function setGithub(user, token) {
    var checks = [["github-user", user], ["github-token", token]];
    for (var i = 0; i < checks.length; i++) {
      var result = validateGithub(checks[i][0], checks[i][1]);
      if (!result.ok) return result;
    }
    github = { "github-user": user, "github-token": token };
    write("sessionStorage", GITHUB["github-user"].key, user);
    write("sessionStorage", GITHUB["github-token"].key, token);
    apply();
    return { ok: true, message: "Done: the secret's commands now use " + user + " and your token, until you close this browser." };
  }

  function clearGithub() {
    github = { "github-user": null, "github-token": null };
    write("sessionStorage", GITHUB["github-user"].key, null);
    write("sessionStorage", GITHUB["github-token"].key, null);
  }

  // A link such as ?user=alice sets the name, then the parameter leaves the address bar (it
  // stays in the browser history: a shared machine's history shows it). A refused one leaves
  // no name in effect: on a shared machine the stored name is likely the previous person's,
  // and working (or deleting) under it is worse than seeing <username>.
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
      username = null;
      save(null);
      queryError = {
        message: "The link's username was refused, so no username is in use now: set yours. " + result.message,
        short: "The link's name was refused: no username is in use. " + (result.suggestion ? "Try " + result.suggestion + "." : "Set yours.")
      };
    }
    url.searchParams.delete(QUERY_PARAM);
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  })();

  // ---- events, delegated so they survive instant navigation -----------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-wk-username-form], form[data-wk-github-form]");
    if (!form) return;
    event.preventDefault();
    var result;
    if (form.hasAttribute("data-wk-github-form")) {
      result = setGithub(form.querySelector("input[name=github-user]").value.trim(),
                         form.querySelector("input[name=github-token]").value.trim());
      renderGithub(form, result.ok ? "" : result.message, result.ok ? result.message : "");
      return;
    }
    var input = form.querySelector("input[name=username]");
    result = set(input.value.trim());
    if (!result.ok) {
      renderControl(form, result, "");
      return;
    }
    renderControl(form, null, result.message);
    confirmSet(form);
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("[data-wk-username-clear]")) {
      var form = target.closest("form");
      clear();
      renderControl(form, null, "Cleared: no username is in use, and this browser no longer remembers one.");
      form.querySelector("input[name=username]").focus();
      return;
    }
    if (target && target.closest("[data-wk-github-clear]")) {
      var box = target.closest("form");
      clearGithub();
      apply();
      renderGithub(box, "", "Cleared: the GitHub user and token are forgotten.");
      box.querySelector("input[name=github-user]").focus();
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
      queryError = null;
      form.classList.remove("wk-username--invalid");
      form.querySelectorAll("[data-wk-username-error] span").forEach(function (e) { e.textContent = ""; });
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
    suggest: suggest,
    rule: rule
  });

  window.wkGithub = Object.freeze({
    get: function (name) { return github[name] || null; },
    set: setGithub,
    clear: function () { clearGithub(); apply(); }
  });
})();
