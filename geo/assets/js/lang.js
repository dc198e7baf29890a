/*
 * lang: Vietnamese or English. Every bilingual text is two spans (core.bi); the
 * body's class picks which one shows.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});

  /** The language a page address asks for: ?lang=en, else Vietnamese. */
  function fromSearch(search) {
    return /[?&]lang=en\b/.test(search || "") ? "en" : "vi";
  }

  /** href with the language in its query: ?lang=en for English, none for Vietnamese. */
  function withLang(href, value) {
    var text = String(href);
    var at = text.indexOf("#");
    var hash = at >= 0 ? text.slice(at) : "";
    var parts = (at >= 0 ? text.slice(0, at) : text).split("?");
    var query = (parts[1] || "").split("&").filter(function (kv) {
      return kv && !/^lang=/.test(kv);
    });
    if (value === "en") query.push("lang=en");
    return parts[0] + (query.length ? "?" + query.join("&") : "") + hash;
  }

  function set(value) {
    var changed = BA.app.lang !== value;
    BA.app.lang = value;
    // The address keeps the language, so a reload, a bookmark or a copied link opens
    // the map in it.
    if (changed || /[?&]lang=/.test(window.location.search)) {
      try {
        window.history.replaceState(window.history.state, "", withLang(window.location.href, value));
      } catch (err) {
        /* file:// in some browsers: the links below still carry the language */
      }
    }
    if (BA.hash && BA.hash.refreshLinks) BA.hash.refreshLinks();
    document.body.classList.toggle("ba-lang-en", value === "en");
    document.documentElement.setAttribute("lang", value);
    if (BA.search) BA.search.placeholder(value);
    var btn = document.querySelector(".ba-lang");
    if (btn) {
      // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
      btn.textContent = value === "vi" ? "EN" : "VI";
      btn.setAttribute("aria-label", value === "vi" ? "EN – English" : "VI – Tiếng Việt");
    }
  }

  BA.lang = { fromSearch: fromSearch, set: set, withLang: withLang };
})();
