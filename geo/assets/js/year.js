/*
 * year: "Network in …": relationships, gates and links as they stood in a year,
 * from their `since`; items with no known start year can be included or not.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var el = BA.dom.el;
  var bi = BA.dom.bi;
  var filter = { on: false, year: null, unknown: true };

  /** Whether a feature's properties pass a filter {on, year, unknown}. */
  function passesFilter(f, props) {
    if (!f.on) return true;
    if (props.since === null || props.since === undefined) return f.unknown;
    return props.since <= f.year;
  }

  function set(on, year) {
    filter.on = on;
    if (year !== undefined) filter.year = year;
    var box = document.querySelector(".ba-year-on");
    if (box) box.checked = on;
    var range = document.querySelector(".ba-year-range");
    if (range) range.disabled = !on;
    BA.layers.refresh();
  }

  function build(node) {
    var lo = BA.app.cfg.years[0];
    var hi = BA.app.cfg.years[1];
    filter.year = hi;
    var on = el("input", { type: "checkbox", className: "ba-year-on", "aria-label": "Lọc theo năm / Filter by year" });
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
      BA.layers.refresh();
    });
    node.appendChild(el("label", { className: "ba-check" }, [on, bi("Mạng lưới năm", "Network in")]));
    node.appendChild(el("div", { className: "ba-year-row" }, [range, out]));
    node.appendChild(el("label", { className: "ba-check ba-small" }, [unknown, bi("gồm mục chưa rõ năm", "include undated items")]));
  }

  BA.year = {
    filter: filter,
    passesFilter: passesFilter,
    passes: function (props) {
      return passesFilter(filter, props);
    },
    set: set,
    build: build,
  };
})();
