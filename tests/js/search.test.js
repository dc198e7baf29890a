"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const { search } = load("text", "search");

const rows = [
  ["hekou", "localities", "Huyện Hà Khẩu", "Hekou County · 河口县", "huyen ha khau", "hekou county", "河口县"],
  ["ha-khau-station", "crossings", "Ga Hà Khẩu", "Hekou station", "ga ha khau", "hekou station"],
  ["kim-thanh-gate", "border_gates", "Cửa khẩu Kim Thành", "Kim Thanh gate", "cua khau kim thanh", "kim thanh gate"],
  ["malipo", "localities", "Huyện Ma Lật Pha", "Malipo County", "huyen ma lat pha", "malipo county", "malypho"],
];

test("items turns index rows into search items", () => {
  const items = search.items(rows);
  assert.equal(items[0].id, "hekou");
  assert.deepEqual(plain(items[0].keys), ["huyen ha khau", "hekou county", "河口县"]);
});

test("score prefers exact, then prefix, then word, then anywhere", () => {
  assert.equal(search.score("hekou", "hekou"), 4);
  assert.equal(search.score("hekou county", "hekou"), 3);
  assert.equal(search.score("huyen ha khau", "ha khau"), 2);
  assert.equal(search.score("malypho", "lypho"), 1);
  assert.equal(search.score("malypho", "hekou"), 0);
});

test("rank finds names with or without diacritics, in Chinese and by alias", () => {
  const items = search.items(rows);
  assert.equal(search.rank(items, "kim thành")[0].id, "kim-thanh-gate");
  assert.equal(search.rank(items, "河口")[0].id, "hekou");
  assert.equal(search.rank(items, "MALYPHO")[0].id, "malipo");
  assert.deepEqual(plain(search.rank(items, "")), []);
});

test("rank orders equal scores by kind of layer: localities before crossings", () => {
  const ids = search.rank(search.items(rows), "hekou").map((item) => item.id);
  assert.deepEqual(plain(ids), ["hekou", "ha-khau-station"]);
});

test("rank returns at most the limit", () => {
  const many = [];
  for (let i = 0; i < 50; i++) many.push([`p-${i}`, "projects", `Dự án ${i}`, "", `du an ${i}`]);
  assert.equal(search.rank(search.items(many), "du an").length, 12);
  assert.equal(search.rank(search.items(many), "du an", 5).length, 5);
});

const { text } = load("text");

// The word buckets the build writes for `list` (as geo/render.py's search_buckets, with
// a posting limit of 2 and `n` buckets).
function buckets(list, n = 3, limit = 2) {
  const postings = new Map();
  list.forEach((row, i) => {
    for (const w of new Set(row.slice(4).flatMap((key) => key.split(" ")))) {
      postings.set(w, [...(postings.get(w) || []), i]);
    }
  });
  const out = {};
  for (let k = 0; k < n; k++) {
    const w = [...postings.keys()].filter((x) => search.grams(x).some((g) => text.shardOf(g, n) === k)).sort();
    out[k] = { w, p: w.map((x) => (postings.get(x).length <= limit ? postings.get(x) : -postings.get(x).length)) };
  }
  return out;
}

test("fits matches a query word exactly, as a prefix, a suffix or anywhere", () => {
  assert.equal(search.fits("khau", "khau", "exact"), true);
  assert.equal(search.fits("khau", "kha", "exact"), false);
  assert.equal(search.fits("hekou", "hek", "prefix"), true);
  assert.equal(search.fits("hekou", "kou", "prefix"), false);
  assert.equal(search.fits("malypho", "lypho", "suffix"), true);
  assert.equal(search.fits("malypho", "maly", "suffix"), false);
  assert.equal(search.fits("malypho", "lyp", "any"), true);
});

test("grams are a word's distinct pairs of letters, or the one letter", () => {
  assert.deepEqual(plain(search.grams("khau")), ["kh", "ha", "au"]);
  assert.deepEqual(plain(search.grams("aaa")), ["aa"]);
  assert.deepEqual(plain(search.grams("河口县")), ["河口", "口县"]);
  assert.deepEqual(plain(search.grams("o")), ["o"]);
});

test("plan: how each query word must fit, and its bucket; one-letter words that need not be whole are left out", () => {
  const steps = search.plan("Hà Khẩu", 5).map((s) => [s.part, s.mode, s.bucket]);
  assert.deepEqual(plain(steps), [
    ["ha", "suffix", text.shardOf("ha", 5)],
    ["khau", "prefix", text.shardOf("kh", 5)],
  ]);
  assert.deepEqual(plain(search.plan("lypho", 5).map((s) => s.mode)), ["any"]);
  assert.deepEqual(plain(search.plan("a o b", 5).map((s) => [s.part, s.mode])), [["o", "exact"]]);
  assert.equal(search.plan("a b", 5), null);
  assert.equal(search.plan("k", 5), null);
});

test("candidates are the rows of the query's most selective word", () => {
  const words = buckets(rows);
  const cands = (q) => search.candidates(words, search.plan(q, 3));
  // "khau" is in three rows (too many to list); "kim" in one.
  assert.deepEqual(plain(cands("cửa khẩu Kim")), [2]);
  // a one-word query anywhere in a word; the first word as a suffix, the last as a prefix
  assert.deepEqual(plain(cands("lypho")), [3]);
  assert.deepEqual(plain(cands("ou coun")), [0, 1]); // "hekou": a tie, the first word
  assert.deepEqual(plain(cands("lat pha malip")), [3]);
  assert.deepEqual(plain(cands("河口")), [0]);
  assert.deepEqual(plain(cands("nowhere")), []);
  // only words too common to list, or one letter: every row
  assert.equal(cands("khau"), null);
  assert.equal(cands("k"), null);
});

test("shardsOf lists each shard of the candidate rows once; null means all", () => {
  assert.deepEqual(plain(search.shardsOf([0, 1, 5, 6], 4, 2)), [0, 2, 3]);
  assert.deepEqual(plain(search.shardsOf(null, 4, 2)), [0, 1, 2, 3]);
  assert.deepEqual(plain(search.shardsOf([], 4, 2)), []);
});

test("the sharded lookup answers as a scan of every row does", () => {
  const words = buckets(rows);
  const byShard = {};
  rows.forEach((row, i) => (byShard[Math.floor(i / 2)] = [...(byShard[Math.floor(i / 2)] || []), row]));
  const all = search.items(rows);
  for (const query of ["kim thành", "河口", "MALYPHO", "hekou", "ha khau", "a", "u co", "khau kim thanh gate", "zzz"]) {
    const cands = search.candidates(words, search.plan(query, 3));
    const loaded = {};
    for (const k of search.shardsOf(cands, 2, 2)) loaded[k] = byShard[k];
    const found = search.rank(search.gather(loaded, cands, 2), query).map((item) => item.id);
    assert.deepEqual(plain(found), plain(search.rank(all, query).map((item) => item.id)), query);
  }
});
