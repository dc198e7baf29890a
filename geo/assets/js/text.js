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

  /** A unit's labels from the schema's list; a plain count shows no unit at all. */
  function unitLabels(units, unit) {
    if (unit === "count") return { vi: "", en: "" };
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

  BA.text = { fold: fold, crc32: crc32, shardOf: shardOf, formatValue: formatValue, unitLabels: unitLabels, groupByYear: groupByYear };
})();
