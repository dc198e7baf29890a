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

  function set(value) {
    BA.app.lang = value;
    document.body.classList.toggle("ba-lang-en", value === "en");
    document.documentElement.setAttribute("lang", value);
    var btn = document.querySelector(".ba-lang");
    if (btn) {
      // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
      btn.textContent = value === "vi" ? "EN" : "VI";
      btn.setAttribute("aria-label", value === "vi" ? "EN – English" : "VI – Tiếng Việt");
    }
  }

  BA.lang = { fromSearch: fromSearch, set: set };
})();
