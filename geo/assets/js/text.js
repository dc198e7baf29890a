/*
 * text: pure functions on text and numbers (unit-tested by tests/js/ with node --test).
 */
/* global window */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});

  /** Lower-case, no diacritics, đ → d: "Hà Khẩu" and "ha khau" compare equal. */
  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  var CRC_TABLE = null;

  /** CRC-32 (as zlib's) of a string's UTF-8 bytes. */
  function crc32(text) {
    if (!CRC_TABLE) {
      CRC_TABLE = new Array(256);
      for (var n = 0; n < 256; n++) {
        var c = n;
        for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        CRC_TABLE[n] = c >>> 0;
      }
    }
    var bytes = unescape(encodeURIComponent(String(text)));
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  /** Which popup shard holds a feature: CRC-32 of its id's UTF-8 bytes (as geo/render.py). */
  function shardOf(id, shards) {
    return crc32(id) % Math.max(1, shards);
  }

  /** A figure in both languages' number formats. */
  function formatValue(value) {
    var n = Number(value);
    if (value === null || value === undefined || value === "" || !isFinite(n)) {
      return { vi: String(value), en: String(value) };
    }
    return {
      vi: n.toLocaleString("vi-VN", { maximumFractionDigits: 3 }),
      en: n.toLocaleString("en-GB", { maximumFractionDigits: 3 }),
    };
  }

  /** A unit's labels from the schema's list (a count's unit says what it counts). */
  function unitLabels(units, unit) {
    var list = units || [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].value === unit) return { vi: list[i].label_vi, en: list[i].label_en };
    }
    return { vi: unit, en: unit };
  }

  /** Facts grouped by year in their given order, undated ("?") where they fall. */
  function groupByYear(facts) {
    var groups = {};
    var order = [];
    (facts || []).forEach(function (fact) {
      var key = fact.year === null || fact.year === undefined ? "?" : String(fact.year);
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(fact);
    });
    return order.map(function (key) {
      return { year: key, facts: groups[key] };
    });
  }

  /**
   * The year a fact is placed under: its own (year, else the year of its date), else
   * the year of its source (reported: true: "reported in 2020"), else null.
   */
  function factYear(fact, sources) {
    var own = fact.year !== null && fact.year !== undefined ? Number(fact.year) : fact.date ? Number(String(fact.date).slice(0, 4)) : null;
    if (own !== null && isFinite(own)) return { year: own, reported: false };
    var src = (sources && sources[fact.source]) || {};
    var from = src.year !== null && src.year !== undefined ? Number(src.year) : src.date ? Number(String(src.date).slice(0, 4)) : null;
    if (from !== null && isFinite(from)) return { year: from, reported: true };
    return { year: null, reported: false };
  }

  /**
   * What makes two facts the same report: a figure with its topic, unit and own year
   * or period (only when their sources differ: one article states a figure once), or
   * a statement without a figure in the same words.
   */
  function sameKey(fact) {
    if (fact.value !== null && fact.value !== undefined) {
      return ["v", fact.topic, Number(fact.value), fact.unit || "", fact.year === undefined ? "" : fact.year, fact.period || ""].join("|");
    }
    return ["s", fact.topic, fold(fact.statement_en)].join("|");
  }

  /**
   * A popup's facts summarised (pure, for tests):
   *
   * - items: every fact once, newest first; facts that report the same thing
   *   (sameKey) from different sources are merged into one item with all of them;
   * - key: the newest item of each topic, in the order of topics (the schema's), for
   *   the top of the popup;
   * - each item is {fact (the first), facts (all merged), topic, year, reported}.
   *
   * Newest first: by year (a fact's own, else its source's), then date, dated before
   * undated; a figure before a plain statement; then as given.
   */
  function summariseFacts(facts, sources, topics) {
    var items = [];
    var byKey = {};
    (facts || []).forEach(function (fact, i) {
      var key = sameKey(fact);
      var item = byKey[key];
      var merge = item && item.facts.every(function (other) {
        return other.source !== fact.source || key.charAt(0) === "s";
      });
      if (merge) {
        item.facts.push(fact);
        return;
      }
      var when = factYear(fact, sources);
      item = { fact: fact, facts: [fact], topic: fact.topic, year: when.year, reported: when.reported, order: i };
      if (!byKey[key]) byKey[key] = item;
      items.push(item);
    });
    items.sort(function (a, b) {
      var ya = a.year === null ? -Infinity : a.year;
      var yb = b.year === null ? -Infinity : b.year;
      if (ya !== yb) return yb - ya;
      if (a.reported !== b.reported) return a.reported ? 1 : -1;
      var da = a.fact.date || "";
      var db = b.fact.date || "";
      if (da !== db) return da < db ? 1 : -1;
      var fa = a.fact.value === null || a.fact.value === undefined ? 1 : 0;
      var fb = b.fact.value === null || b.fact.value === undefined ? 1 : 0;
      if (fa !== fb) return fa - fb;
      return a.order - b.order;
    });
    var order = (topics || []).map(function (t) {
      return t.value;
    });
    var first = {};
    items.forEach(function (item) {
      if (!(item.topic in first)) first[item.topic] = item;
    });
    var key = Object.keys(first)
      .sort(function (a, b) {
        var ia = order.indexOf(a);
        var ib = order.indexOf(b);
        return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || (a < b ? -1 : a > b ? 1 : 0);
      })
      .map(function (t) {
        return first[t];
      });
    return { items: items, key: key };
  }

  /**
   * Items of summariseFacts grouped by year in their order: [{year, items}], year
   * "2022" for facts of 2022, "r2020" for undated facts of an article of 2020, "?".
   */
  function groupItems(items) {
    var out = [];
    items.forEach(function (item) {
      var label = item.year === null ? "?" : (item.reported ? "r" : "") + String(item.year);
      var last = out[out.length - 1];
      if (last && last.year === label) last.items.push(item);
      else out.push({ year: label, items: [item] });
    });
    return out;
  }

  BA.text = {
    fold: fold,
    crc32: crc32,
    shardOf: shardOf,
    formatValue: formatValue,
    unitLabels: unitLabels,
    groupByYear: groupByYear,
    factYear: factYear,
    summariseFacts: summariseFacts,
    groupItems: groupItems,
  };
})();
