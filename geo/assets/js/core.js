/*
 * core: the BorderAtlas namespace, the shared state and DOM helpers.
 *
 * Every module of geo/assets/js/ adds itself to window.BorderAtlas; geo/render.py
 * concatenates them (in the order of render.JS_MODULES) into assets/app.js.
 * Text from the data always goes into the page as text nodes or attributes, never
 * as HTML.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});

  /** What every module reads: the config, the map, the language, the open feature. */
  BA.app = {
    cfg: null,
    map: null,
    lang: "vi",
    embed: /[?&]embed=1\b/.test((window.location && window.location.search) || ""),
    openId: null,
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** A small stroked SVG icon from one path: no icon font to load. */
  function icon(d) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  /** Two spans, one per language; CSS shows the one of the current language. */
  function bi(vi, en, tag) {
    var wrap = el(tag || "span", { className: "bi" });
    wrap.appendChild(el("span", { className: "vi", lang: "vi", text: vi }));
    wrap.appendChild(el("span", { className: "en", lang: "en", text: en === undefined ? vi : en }));
    return wrap;
  }

  /**
   * Call fn once the page has been painted and the browser is idle (at most a second
   * later): for what the first view can do without for a moment.
   */
  function afterPaint(fn) {
    window.requestAnimationFrame(function () {
      setTimeout(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 1000 });
        else fn();
      }, 0);
    });
  }

  BA.dom = { el: el, icon: icon, bi: bi };
  BA.afterPaint = afterPaint;
})();
