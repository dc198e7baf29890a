/*
 * year: "Network in …": relationships, gates and links as they stood in a year,
 * from their `since`; items with no known start year can be included or not. A
 * locality stays while a relationship of that year has it at one end, and the control
 * says (to screen readers too, politely) how many relationships it shows.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var el = BA.dom.el;
  var bi = BA.dom.bi;
  /** on, year, unknown (include undated items), keep: {id: true} localities kept. */
  var filter = { on: false, year: null, unknown: true, keep: {} };
  var timer = null;

  /** Whether properties pass the year alone: began by the year (or undated, if asked). */
  function passesYear(f, props) {
    if (!f.on) return true;
    if (props.since === null || props.since === undefined) return f.unknown;
    return props.since <= f.year;
  }

  /** Whether a feature's properties pass a filter {on, year, unknown, keep}. */
  function passesFilter(f, props) {
    if (!f.on) return true;
    if (f.keep && props.id && f.keep[props.id]) return true;
    return passesYear(f, props);
  }

  /** The ids at either end of the partnerships (records {p}) that pass the year: {id: true}. */
  function endpoints(f, partnerships) {
    var keep = {};
    if (!f.on) return keep;
    partnerships.forEach(function (rec) {
      if (!passesYear(f, rec.p)) return;
      if (rec.p.from_id) keep[rec.p.from_id] = true;
      if (rec.p.to_id) keep[rec.p.to_id] = true;
    });
    return keep;
  }

  /** How many of records the filter lets through: {shown, total}. */
  function count(f, records) {
    var shown = 0;
    records.forEach(function (rec) {
      if (passesFilter(f, rec.p)) shown += 1;
    });
    return { shown: shown, total: records.length };
  }

  /**
   * What the control says: {vi, en}, e.g. "Showing 18 of 32 relationships as of 2005;
   * 3 other features on the map hidden", or empty strings when the filter is off.
   */
  function message(f, rel, others) {
    if (!f.on) return { vi: "", en: "" };
    var vi = "Đang hiện " + rel.shown + "/" + rel.total + " quan hệ tính đến năm " + f.year;
    var en = "Showing " + rel.shown + " of " + rel.total + " relationship" + (rel.total === 1 ? "" : "s") + " as of " + f.year;
    var hidden = others.total - others.shown;
    if (hidden > 0) {
      vi += "; ẩn " + hidden + " đối tượng khác trên bản đồ";
      en += "; " + hidden + " other feature" + (hidden === 1 ? "" : "s") + " on the map hidden";
    }
    return { vi: vi + ".", en: en + "." };
  }

  /** The records of the loaded layers, those the partners-abroad switch lets through. */
  function inPlay() {
    var all = BA.layers.records;
    var rel = [];
    var others = [];
    Object.keys(all).forEach(function (id) {
      var rec = all[id];
      var c = BA.layers.conf(rec.layer);
      if (!c || c.context) return;
      if (BA.layers.isAbroad(rec.p) && !BA.layers.abroad()) return;
      if (rec.layer === "partnerships") rel.push(rec);
      else if (BA.layers.isVisible(rec.layer)) others.push(rec);
    });
    return { rel: rel, others: others };
  }

  function announce() {
    var box = document.querySelector(".ba-year-status");
    if (!box) return;
    clearTimeout(timer);
    // Once the slider rests, so that a screen reader reads one message, not each step.
    timer = setTimeout(function () {
      var now = inPlay();
      var text = message(filter, count(filter, now.rel), count(filter, now.others));
      box.textContent = "";
      if (text.en) box.appendChild(bi(text.vi, text.en));
    }, 250);
  }

  function set(on, year) {
    filter.on = on;
    if (year !== undefined) filter.year = year;
    var box = document.querySelector(".ba-year-on");
    if (box) box.checked = on;
    var range = document.querySelector(".ba-year-range");
    if (range) range.disabled = !on;
    // The partnerships' ends first: their localities stay on the map.
    BA.layers.whenLoaded("partnerships", function () {
      var rel = [];
      var all = BA.layers.records;
      Object.keys(all).forEach(function (id) {
        if (all[id].layer === "partnerships") rel.push(all[id]);
      });
      filter.keep = endpoints(filter, rel);
      BA.layers.refresh();
      announce();
    });
  }

  /** A screen lower than this (CSS px: a desktop at 300 % zoom) folds the control. */
  var SHORT = 330;

  /**
   * On a screen too low for it beside the left-hand column (a desktop at 300 % zoom),
   * the control folds behind a button (aria-expanded), as the layer list does on a
   * phone; Escape folds it again.
   */
  function fold(node, parts) {
    var toggle = el("button", { type: "button", className: "ba-toggle ba-year-toggle", "aria-expanded": "false", "aria-controls": "ba-year-body", title: "Mạng lưới năm / Network in year", "aria-label": "Mạng lưới năm / Network in year" });
    toggle.appendChild(BA.dom.icon("M4 6h16v14H4zM4 10h16M8 3v5M16 3v5"));
    var body = el("div", { id: "ba-year-body", className: "ba-year-body", hidden: true }, parts);
    node.classList.add("ba-foldable", "ba-collapsed");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
      node.classList.toggle("ba-collapsed", !open);
    }
    toggle.addEventListener("click", function () {
      setOpen(body.hidden);
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || body.hidden) return;
      var inside = node.contains(document.activeElement);
      setOpen(false);
      if (inside) toggle.focus();
    });
    node.appendChild(toggle);
    node.appendChild(body);
  }

  function build(node) {
    var lo = BA.app.cfg.years[0];
    var hi = BA.app.cfg.years[1];
    filter.year = hi;
    // named by its visible label (WCAG 2.5.3: a reader who says what they see reaches it)
    var on = el("input", { type: "checkbox", className: "ba-year-on" });
    var range = el("input", { type: "range", className: "ba-year-range", min: lo, max: hi, step: 1, value: hi, disabled: true, "aria-label": "Năm / Year" });
    var out = el("output", { className: "ba-year-value", text: String(hi) });
    var unknown = el("input", { type: "checkbox", className: "ba-year-unknown" });
    unknown.checked = true;
    on.addEventListener("change", function () {
      set(on.checked, Number(range.value));
    });
    range.addEventListener("input", function () {
      out.textContent = range.value;
      set(true, Number(range.value));
    });
    unknown.addEventListener("change", function () {
      filter.unknown = unknown.checked;
      set(filter.on);
    });
    var parts = [
      el("label", { className: "ba-check" }, [on, bi("Mạng lưới năm", "Network in year")]),
      el("div", { className: "ba-year-row" }, [range, out]),
      el("label", { className: "ba-check ba-small" }, [unknown, bi("gồm mục chưa rõ năm", "include undated items")]),
      el("p", { className: "ba-year-status", role: "status" }),
    ];
    if (window.innerHeight < SHORT) fold(node, parts);
    else
      parts.forEach(function (part) {
        node.appendChild(part);
      });
    // Layers and the partners-abroad switch change what is in play: say it again.
    document.addEventListener("change", function (ev) {
      if (filter.on && ev.target && ev.target.matches && ev.target.matches("input[data-layer]")) announce();
    });
  }

  BA.year = {
    filter: filter,
    passesYear: passesYear,
    passesFilter: passesFilter,
    endpoints: endpoints,
    count: count,
    message: message,
    passes: function (props) {
      return passesFilter(filter, props);
    },
    set: set,
    announce: announce,
    build: build,
  };
})();
