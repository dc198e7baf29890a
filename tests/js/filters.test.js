"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const BA = load("text", "data", "year", "lang", "hash");

test("the year filter keeps what began by that year, and undated items when asked", () => {
  const on = { on: true, year: 2010, unknown: true };
  assert.ok(BA.year.passesFilter(on, { since: 2001 }));
  assert.ok(!BA.year.passesFilter(on, { since: 2019 }));
  assert.ok(BA.year.passesFilter(on, { since: null }));
  assert.ok(!BA.year.passesFilter({ ...on, unknown: false }, {}));
  assert.ok(BA.year.passesFilter({ on: false }, { since: 2030 }));
});

test("the language comes from ?lang=en, else Vietnamese", () => {
  assert.equal(BA.lang.fromSearch("?embed=1&lang=en"), "en");
  assert.equal(BA.lang.fromSearch("?lang=english"), "vi");
  assert.equal(BA.lang.fromSearch(""), "vi");
});

test("permalinks drop the embed flag and use the base URL when there is one", () => {
  const href = "https://example.org/atlas/index.html?embed=1#hekou";
  assert.equal(BA.hash.permalinkFor("kim-thanh-gate", "", href), "https://example.org/atlas/index.html#kim-thanh-gate");
  assert.equal(BA.hash.permalinkFor("hekou", "https://news.example/map", href), "https://news.example/map/index.html#hekou");
});

test("permalinks keep English as ?lang=en and drop it for Vietnamese", () => {
  const href = "https://example.org/atlas/index.html?embed=1&lang=en&x=1#hekou";
  assert.equal(BA.hash.permalinkFor("hekou", "", href, "en"), "https://example.org/atlas/index.html?x=1&lang=en#hekou");
  assert.equal(BA.hash.permalinkFor("hekou", "", href, "vi"), "https://example.org/atlas/index.html?x=1#hekou");
  assert.equal(BA.hash.permalinkFor("hekou", "https://news.example/map/", href, "en"), "https://news.example/map/index.html?lang=en#hekou");
});

test("the page address carries the language", () => {
  assert.equal(BA.lang.withLang("file:///a/index.html#hekou", "en"), "file:///a/index.html?lang=en#hekou");
  assert.equal(BA.lang.withLang("https://x/index.html?embed=1&lang=en#hekou", "vi"), "https://x/index.html?embed=1#hekou");
  assert.equal(BA.lang.withLang("https://x/index.html?embed=1", "en"), "https://x/index.html?embed=1&lang=en");
});

test("redirects resolve old ids; current ids stay", () => {
  const redirects = { "kim-thanh-border-gate": "kim-thanh-gate" };
  assert.equal(BA.hash.resolve(redirects, "kim-thanh-border-gate"), "kim-thanh-gate");
  assert.equal(BA.hash.resolve(redirects, "hekou"), "hekou");
});

test("first-render columns decode from lists and from value codes", () => {
  assert.deepEqual(plain(BA.data.column(["a", "b"], 2)), ["a", "b"]);
  assert.deepEqual(plain(BA.data.column({ v: ["existing", "planned"], c: [1, 0, 1] }, 3)), ["planned", "existing", "planned"]);
  const recs = BA.data.records("projects", {
    ids: ["p1", "p2"],
    cols: { name_vi: ["Một", "Hai"], status: { v: ["existing"], c: [0, 0] }, since: [2001, null] },
    xy: [104.1, 22.5, 104.2, 22.6],
  });
  assert.deepEqual(plain(recs[1].latlng), [22.6, 104.2]);
  assert.deepEqual(plain(recs[0].p), { id: "p1", name_vi: "Một", status: "existing", since: 2001 });
  assert.ok(!("since" in recs[1].p));
});

test("pins at the same spot are found by their exact position, shown ones only", () => {
  const recs = {
    a: { id: "a", latlng: [22.43, 104.0], on: true },
    c: { id: "c", latlng: [22.43, 104.0], on: true },
    b: { id: "b", latlng: [22.43, 104.0], on: true },
    off: { id: "off", latlng: [22.43, 104.0], on: false },
    near: { id: "near", latlng: [22.43001, 104.0], on: true },
    line: { id: "line", geometry: {}, on: true },
  };
  const shown = (r) => r.on;
  assert.deepEqual(plain(BA.hash.spotMates(recs, recs.a, shown).map((r) => r.id)), ["b", "c"]);
  assert.deepEqual(plain(BA.hash.spotMates(recs, recs.near, shown)), []);
  assert.deepEqual(plain(BA.hash.spotMates(recs, recs.line, shown)), []);
});

test("the year filter keeps the localities at the ends of a relationship of that year", () => {
  const f = { on: true, year: 2010, unknown: false };
  const pairs = [
    { p: { id: "p1", since: 2001, from_id: "lao-cai-city", to_id: "hekou" } },
    { p: { id: "p2", since: 2019, from_id: "lao-cai-city", to_id: "mengzi" } },
    { p: { id: "p3", from_id: "sa-pa", to_id: "shiping" } },
  ];
  const keep = BA.year.endpoints(f, pairs);
  assert.deepEqual(Object.keys(keep).sort(), ["hekou", "lao-cai-city"]);
  const g = { ...f, keep };
  assert.ok(BA.year.passesFilter(g, { id: "hekou" })); // undated, but in a 2001 relationship
  assert.ok(!BA.year.passesFilter(g, { id: "mengzi" }));
  assert.ok(!BA.year.passesFilter(g, { id: "sa-pa" }));
  assert.deepEqual(Object.keys(BA.year.endpoints({ ...f, unknown: true }, pairs)).sort(), ["hekou", "lao-cai-city", "sa-pa", "shiping"]);
  assert.deepEqual(plain(BA.year.endpoints({ on: false }, pairs)), {});
});

test("the year filter says how many relationships it shows, and what else it hides", () => {
  const f = { on: true, year: 2005, unknown: true, keep: {} };
  const rel = BA.year.count(f, [{ p: { since: 2001 } }, { p: { since: 2019 } }, { p: {} }]);
  assert.deepEqual(plain(rel), { shown: 2, total: 3 });
  const msg = BA.year.message(f, rel, { shown: 4, total: 5 });
  assert.equal(msg.en, "Showing 2 of 3 relationships as of 2005; 1 other feature on the map hidden.");
  assert.equal(msg.vi, "Đang hiện 2/3 quan hệ tính đến năm 2005; ẩn 1 đối tượng khác trên bản đồ.");
  assert.equal(BA.year.message(f, { shown: 18, total: 32 }, { shown: 7, total: 7 }).en, "Showing 18 of 32 relationships as of 2005.");
  assert.deepEqual(plain(BA.year.message({ on: false }, rel, rel)), { vi: "", en: "" });
});
