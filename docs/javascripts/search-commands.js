/*
 * Searching for a command that was pasted, or typed with the reader's own name in it.
 *
 * Material hands the search box's text to lunr, where a term starting with "-" is one that
 * must NOT occur: pasting `kubectl create configmap config1-alice --from-file=hello.txt`
 * excluded the very page that shows it; `pod/c1-<username>` left an empty term behind the "-",
 * which matched every page alike and put the home page first. And the index holds the placeholder (`config1-
 * <username>`), not the reader's name. So each query is tidied before it reaches Material's
 * search worker: leading "-" and "+" of a term, and lunr's ":", "~" and "^", become plain
 * text, and the reader's username (as a whole name) becomes the placeholder's word.
 *
 * Material creates its worker with `new Worker(url)` when its bundle runs; this file is loaded
 * in <head>, before the bundle (overrides/main.html), and wraps only that worker's queries.
 */
(function () {
  "use strict";

  var Native = window.Worker;
  if (typeof Native !== "function") return;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function normalize(query) {
    var name = window.wkUsername && window.wkUsername.get();
    var text = query.replace(/<(username|github-user|github-token)>/g, " $1 ");
    if (name) {
      text = text.replace(new RegExp("(^|[^a-z0-9])" + escapeRegExp(name) + "(?![a-z0-9])", "g"), "$1username");
    }
    return text
      .split(/\s+/)
      // A "-" at either end of a term: lunr's "must not occur", or (split on "-") an empty
      // term that matches every page alike.
      .map(function (term) { return term.replace(/[:~^*]/g, " ").replace(/(^|\s)[-+]+|-+(?=\s|$)/g, "$1"); })
      .join(" ")
      .trim();
  }

  function SearchAwareWorker(url, options) {
    var worker = new Native(url, options);
    if (/search/.test(String(url))) {
      var post = worker.postMessage.bind(worker);
      worker.postMessage = function (message, transfer) {
        if (message && message.type === 2 && typeof message.data === "string") { // Material: a query
          message = { type: 2, data: normalize(message.data) };
        }
        return transfer === undefined ? post(message) : post(message, transfer);
      };
    }
    return worker;
  }
  SearchAwareWorker.prototype = Native.prototype;
  window.Worker = SearchAwareWorker;

  window.wkSearch = Object.freeze({ normalize: normalize });
})();
