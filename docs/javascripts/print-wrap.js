/*
 * Paper copies of long code lines: broken where a reader can type them back exactly.
 *
 * A browser wraps a long line at the margin, in the middle of a token and without a mark, and
 * a wrapped YAML line loses its indentation. Here every line longer than the printed width
 * is broken before a space (the space then opens the next line), else after a separator
 * (/ - = , : . _ @ ? & ;), and only when a token alone is longer than the line, inside it.
 * The continuation is indented two places past its line and starts with the mark "↪": the
 * handout says that a line starting with ↪ goes on from the line above, and that a space
 * after ↪ is a space of the command. The breaks are spans (class wk-wrap) added to the DOM,
 * removed as easily: the text of the code itself never changes.
 *
 * The print view (mkdocs-print-site-plugin's page, which the handouts print) is broken as soon
 * as it is loaded and again when the username changes; any other page only while it prints.
 * COLUMNS matches the printed code font of docs/stylesheets/print.css: 8.5pt DejaVu Sans Mono
 * is 5.1pt a character, and A4 less the handouts' margins and the block's padding leaves 495pt,
 * 96 characters (measured with `pdftotext -bbox`); a block inside an admonition, a list or a
 * <details> has less. tests/handouts checks in the PDF that the browser wraps no line itself.
 */
(function () {
  "use strict";

  var COLUMNS = 94;
  var NESTED_COLUMNS = 84;
  var MARK = "\u21aa";
  var SEPARATORS = "/-=,:._@?&;";

  // Break offsets (into text) for one line that starts at offset start.
  // inside(offset): whether a cut there would split a placeholder (username.js owns those
  // spans and rewrites their text; a break inside one would be undone).
  function breaksOf(line, start, columns, inside) {
    var width = columns || NESTED_COLUMNS;
    var ok = function (i) { return !inside || !inside(start + i); };
    var indent = line.match(/^ */)[0].length;
    var offsets = [];
    var pos = 0;
    var room = width;
    while (line.length - pos > room) {
      var limit = pos + room; // the piece is line[pos, cut)
      var cut = -1;
      for (var i = limit; i > pos; i--) { // before a space (not the one the piece starts with)
        if (line[i] === " " && line[i - 1] !== " " && ok(i)) { cut = i; break; }
      }
      if (cut === -1) {
        for (var j = limit - 1; j > pos; j--) { // after a separator
          if (SEPARATORS.indexOf(line[j]) !== -1 && ok(j + 1)) { cut = j + 1; break; }
        }
      }
      if (cut === -1 || cut <= pos) cut = limit; // one token longer than the line
      offsets.push(start + cut);
      pos = cut;
      room = width - (indent + 3); // the continuation: indent + 2, then the mark
    }
    return { offsets: offsets, indent: indent };
  }

  function breakElement(indent) {
    var wrap = document.createElement("span");
    wrap.className = "wk-wrap";
    wrap.appendChild(document.createTextNode("\n" + " ".repeat(indent + 2)));
    var mark = document.createElement("span");
    mark.className = "wk-wrap__mark";
    mark.textContent = MARK;
    wrap.appendChild(mark);
    return wrap;
  }

  function wrapCode(code) {
    var columns = code.closest(".admonition, details, li, table") ? NESTED_COLUMNS : COLUMNS;
    var text = code.textContent;
    var nodes = [];
    var spans = []; // [start, end) of each placeholder's text
    var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    var at = 0;
    while (walker.nextNode()) {
      var owner = walker.currentNode.parentNode.closest(".wk-ph");
      if (owner && !(spans.length && spans[spans.length - 1].el === owner)) spans.push({ el: owner, start: at, end: at });
      if (owner) spans[spans.length - 1].end = at + walker.currentNode.nodeValue.length;
      nodes.push({ node: walker.currentNode, start: at });
      at += walker.currentNode.nodeValue.length;
    }
    var inside = function (offset) {
      return spans.some(function (r) { return r.start < offset && offset < r.end; });
    };
    var found = [];
    var start = 0;
    text.split("\n").forEach(function (line) {
      if (line.length > columns) {
        var result = breaksOf(line, start, columns, inside);
        result.offsets.forEach(function (o) { found.push({ offset: o, indent: result.indent }); });
      }
      start += line.length + 1;
    });
    if (!found.length) return;
    // Last break first: the offsets of the earlier ones stay true.
    for (var k = found.length - 1; k >= 0; k--) {
      var brk = found[k];
      for (var n = nodes.length - 1; n >= 0; n--) {
        if (nodes[n].start < brk.offset || nodes[n].start === brk.offset) {
          var node = nodes[n].node;
          var rest = brk.offset === nodes[n].start ? node : node.splitText(brk.offset - nodes[n].start);
          var target = rest; // a break at a placeholder's start goes before its span, not in it
          while (target.parentNode.classList.contains("wk-ph") && target.parentNode.firstChild === target) target = target.parentNode;
          target.parentNode.insertBefore(breakElement(brk.indent), target);
          break;
        }
      }
    }
  }

  function unwrap(root) {
    var marks = root.querySelectorAll(".wk-wrap");
    for (var i = 0; i < marks.length; i++) marks[i].remove();
    var codes = root.querySelectorAll("pre > code");
    for (var j = 0; j < codes.length; j++) codes[j].normalize();
  }

  function wrapAll(root) {
    unwrap(root);
    var codes = root.querySelectorAll("pre > code");
    for (var i = 0; i < codes.length; i++) wrapCode(codes[i]);
    root.setAttribute("data-wk-wrapped", String(COLUMNS));
  }

  function printView() {
    return document.getElementById("print-site-page");
  }

  function onReady() {
    var view = printView();
    if (view) wrapAll(view);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onReady);
  else onReady();
  document.addEventListener("wk-username-change", onReady);

  window.addEventListener("beforeprint", function () {
    if (!printView()) wrapAll(document.querySelector("article") || document.body);
  });
  window.addEventListener("afterprint", function () {
    if (!printView()) unwrap(document.querySelector("article") || document.body);
  });

  window.wkPrintWrap = Object.freeze({ columns: COLUMNS, breaksOf: breaksOf });
})();
