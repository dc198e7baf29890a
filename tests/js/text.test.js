"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const { text } = load("text");

test("fold removes diacritics, case and extra spaces", () => {
  assert.equal(text.fold("Hà Khẩu"), "ha khau");
  assert.equal(text.fold("  Đồng   Đăng "), "dong dang");
  assert.equal(text.fold("MALYPHO"), "malypho");
  assert.equal(text.fold("河口县"), "河口县");
  assert.equal(text.fold(null), "");
});

test("fold matches NFC and NFD input alike", () => {
  assert.equal(text.fold("Kim Thành".normalize("NFD")), text.fold("Kim Thành".normalize("NFC")));
});

test("crc32 is zlib's CRC-32 of the UTF-8 bytes", () => {
  assert.equal(text.crc32("123456789"), 0xcbf43926); // the standard check value
  assert.equal(text.crc32(""), 0);
  // as Python's zlib.crc32("hà".encode()), which geo/render.py uses for the same shards
  assert.equal(text.crc32("hà"), 0x8f8464ef);
  assert.equal(text.crc32("河口"), 0x48f287a1);
});

test("shardOf spreads ids over every shard and stays in range", () => {
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    const k = text.shardOf(`bench-project-${i}`, 8);
    assert.ok(k >= 0 && k < 8);
    seen.add(k);
  }
  assert.equal(seen.size, 8);
  assert.equal(text.shardOf("anything", 1), 0);
  assert.equal(text.shardOf("anything", 0), 0);
});

test("formatValue writes a figure in both languages' formats", () => {
  const v = text.formatValue(2.32);
  assert.equal(v.vi, "2,32");
  assert.equal(v.en, "2.32");
  assert.equal(text.formatValue(10389).vi, "10.389");
  assert.equal(text.formatValue(null).vi, "null");
});

test("unitLabels reads the schema's list; a count says what it counts", () => {
  const units = [
    { value: "billion USD", label_vi: "tỷ USD", label_en: "billion USD" },
    { value: "pairs of localities", label_vi: "cặp địa phương", label_en: "pairs of localities" },
  ];
  assert.deepEqual(plain(text.unitLabels(units, "billion USD")), { vi: "tỷ USD", en: "billion USD" });
  assert.deepEqual(plain(text.unitLabels(units, "pairs of localities")), { vi: "cặp địa phương", en: "pairs of localities" });
  assert.deepEqual(plain(text.unitLabels(units, "km")), { vi: "km", en: "km" });
});

test("groupByYear keeps the facts' order and puts undated ones under ?", () => {
  const groups = text.groupByYear([{ year: 2001 }, { year: 2001 }, { year: null }, { year: 2019 }]);
  assert.deepEqual(
    plain(groups.map((g) => [g.year, g.facts.length])),
    [
      ["2001", 2],
      ["?", 1],
      ["2019", 1],
    ]
  );
});
