"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const { search, text } = load("text", "search");

// Index rows as geo/search_index.py writes them: [id, layer, name_vi, meta, kind rank, keys...].
const rows = [
  ["kim-thanh-gate", "border_gates", "Cửa khẩu Kim Thành", "Kim Thanh gate", 0, "cua khau kim thanh", "kim thanh gate"],
  ["lao-cai-gate", "border_gates", "Cửa khẩu quốc tế Lào Cai", "Lào Cai gate · 河口口岸", 0, "cua khau quoc te lao cai", "lao cai gate", "河口口岸"],
  ["hekou", "localities", "Huyện Hà Khẩu", "Hekou County · 河口县", 1, "huyen ha khau", "hekou county", "河口县", "hekou"],
  ["lao-cai-city", "localities", "Thành phố Lào Cai", "Lào Cai City · 老街市", 1, "thanh pho lao cai", "lao cai city", "老街市"],
  ["malipo", "localities", "Huyện Ma Lật Pha", "Malipo County", 1, "huyen ma lat pha", "malipo county", "malypho"],
  ["ha-khau-station", "crossings", "Ga Hà Khẩu", "Hekou station", 2, "ga ha khau", "hekou station"],
  ["pair-lao-cai-city-hekou", "partnerships", "Thành phố Lào Cai – Huyện Hà Khẩu", "Lào Cai City – Hekou County", 6, "thanh pho lao cai – huyen ha khau", "lao cai city – hekou county"],
  ["county-hekou", "partner_counties", "Huyện Hà Khẩu", "Hekou County · 河口县", 7, "huyen ha khau", "hekou county", "河口县"],
  ["lao-cai-victoria", "localities", "Bang Victoria", "Victoria", 11, "bang victoria", "victoria", "lao cai partner victoria"],
  ["pair-lao-cai-victoria", "partnerships", "Tỉnh Lào Cai – Bang Victoria", "Lào Cai Province – Victoria", 16, "tinh lao cai – bang victoria", "lao cai province – victoria"],
  ["hekou-port", "border_gates", "Cảng Hà Khẩu", "Hekou port", 0, "cang ha khau", "hekou port"],
  ["lai-chau-province", "localities", "Tỉnh Lai Châu", "Lai Châu Province", 1, "tinh lai chau", "lai chau"],
  ["lao-cai-province", "localities", "Tỉnh Lào Cai", "Lào Cai Province", 1, "tinh lao cai", "lao cai"],
];
const items = search.items(rows);
const ids = (query) => plain(search.rank(items, query).map((item) => item.id));

test("words folds a text and splits it at anything but letters and digits", () => {
  assert.deepEqual(plain(search.words("  Hà Khẩu (河口) – Lào Cai, 2019 ")), ["ha", "khau", "河口", "lao", "cai", "2019"]);
  assert.deepEqual(plain(search.words("Đồng Đăng")), ["dong", "dang"]);
  assert.deepEqual(plain(search.words(" – ")), []);
});

test("typos allowed: none in short words and numbers, one up to four letters, two from five", () => {
  assert.equal(search.fuzziness("du"), 0);
  assert.equal(search.fuzziness("2019"), 0);
  assert.equal(search.fuzziness("g20s"), 0);
  assert.equal(search.fuzziness("kai"), 1);
  assert.equal(search.fuzziness("tanh"), 1);
  assert.equal(search.fuzziness("hekuo"), 2);
});

test("items turns index rows into search items with their kind rank", () => {
  assert.equal(items[2].id, "hekou");
  assert.equal(items[2].rank, 1);
  assert.deepEqual(plain(items[2].keys), ["huyen ha khau", "hekou county", "河口县", "hekou"]);
});

test("names are found with or without diacritics, in Chinese, by alias and by word prefix", () => {
  assert.equal(ids("kim thành")[0], "kim-thanh-gate");
  assert.equal(ids("河口")[0], "lao-cai-gate"); // the gate's Chinese name starts with 河口 too
  assert.ok(ids("河口").includes("hekou"));
  assert.deepEqual(ids("MALYPHO"), ["malipo"]);
  assert.deepEqual(ids("mal"), ["malipo"]);
  assert.deepEqual(ids(""), []);
  assert.deepEqual(ids(" – "), []);
});

test("typos are tolerated: kim tanh, lao kai, hekuo", () => {
  assert.equal(ids("kim tanh")[0], "kim-thanh-gate");
  // "lao cai", misspelt, is closer than "lai chau" (both words one typo away from "lai")
  assert.deepEqual(ids("lao kai").slice(0, 3), ["lao-cai-province", "lai-chau-province", "lao-cai-gate"]);
  assert.ok(ids("lao kai").includes("lao-cai-city"));
  assert.equal(ids("hekuo")[0], "hekou"); // "hekou", misspelt, before the gate's "hekou port"
  assert.deepEqual(ids("zzzz"), []);
  assert.deepEqual(ids("kim tanh nowhere"), [], "every word must match");
});

test("ranking: gates and localities before crossings, partnerships and partners abroad", () => {
  assert.deepEqual(ids("lao cai"), [
    "lao-cai-province", // the name itself
    "lao-cai-gate",
    "lao-cai-city",
    "pair-lao-cai-city-hekou",
    "lao-cai-victoria",
    "pair-lao-cai-victoria",
    "lai-chau-province", // with typos: last
  ]);
  assert.deepEqual(ids("hekou"), ["hekou", "hekou-port", "ha-khau-station", "pair-lao-cai-city-hekou"]);
});

test("ranking: matches without typos before matches with typos, whatever their kind", () => {
  const more = search.items([
    ...rows,
    ["kim-thanh-town", "localities", "Thị trấn Kim Thanh", "", 1, "thi tran kim thanh"],
    ["kim-tanh-project", "projects", "Dự án Kim Tanh", "", 4, "du an kim tanh"],
  ]);
  const found = plain(search.rank(more, "kim tanh").map((item) => item.id));
  assert.deepEqual(found, ["kim-tanh-project", "kim-thanh-gate", "kim-thanh-town"]);
});

test("a name that is the query comes before one that starts with it, then one with its words, whatever the kind", () => {
  const list = search.items([
    ["a", "localities", "Sa Pa town", "", 1, "thi xa sa pa"],
    ["b", "localities", "Sa Pa district", "", 1, "sa pa district"],
    ["c", "localities", "Sa Pa", "", 1, "sa pa"],
    ["d", "border_gates", "Sa Pa gate", "", 0, "cua khau sa pa"],
    ["e", "partnerships", "Sa Pa – Shiping", "", 6, "sa pa – shiping"],
  ]);
  assert.deepEqual(plain(search.rank(list, "sa pa").map((item) => item.id)), ["c", "b", "e", "d", "a"]);
});

test("no duplicate results: a feature that reads exactly as a better-ranked one is left out", () => {
  const found = ids("huyen ha khau");
  assert.equal(found.filter((id) => id === "hekou" || id === "county-hekou").length, 1);
  assert.equal(new Set(found).size, found.length);
  assert.ok(found.includes("hekou"));
});

test("rank returns every match; the list shows LIMIT at a time", () => {
  const many = [];
  for (let i = 0; i < 50; i++) many.push([`p-${i}`, "projects", `Dự án ${i}`, "", 4, `du an ${i}`]);
  assert.equal(search.rank(search.items(many), "du an").length, 50);
  assert.ok(search.LIMIT < 50);
});

// The word buckets the build writes for `list` (as geo/search_index.py's search_buckets,
// with a posting limit of `limit` and `n` buckets).
function buckets(list, n = 3, limit = 2) {
  const postings = new Map();
  list.forEach((row, i) => {
    for (const w of new Set(row.slice(5).flatMap((key) => search.words(key)))) {
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

test("grams are a word's distinct pairs of letters and its first and third, or the one letter", () => {
  assert.deepEqual(plain(search.grams("khau")), ["kh", "ha", "au", "ka"]);
  assert.deepEqual(plain(search.grams("aaa")), ["aa"]);
  assert.deepEqual(plain(search.grams("kai")), ["ka", "ai", "ki"]);
  assert.deepEqual(plain(search.grams("河口县")), ["河口", "口县", "河县"]);
  assert.deepEqual(plain(search.grams("o")), ["o"]);
  // a word with a digit is only found by its start: its first two and three characters
  assert.deepEqual(plain(search.grams("99999")), ["99", "999"]);
  assert.deepEqual(plain(search.grams("g20")), ["g2", "g20"]);
  assert.deepEqual(plain(search.grams("20")), ["20"]);
});

test("plan: the buckets of each query word; all its pairs when typos are allowed; one-letter words left out", () => {
  const steps = search.plan("Hà Khẩu 2019", 5).map((s) => [s.term, s.fuzzy, s.buckets]);
  const b = (g) => text.shardOf(g, 5);
  assert.deepEqual(plain(steps), [
    ["ha", 0, [b("ha")]],
    ["khau", 1, [...new Set([b("kh"), b("ha"), b("au"), b("ka")])]],
    ["2019", 0, [b("201")]],
  ]);
  assert.deepEqual(plain(search.plan("20", 5).map((s) => s.buckets)), [[b("20")]]);
  assert.equal(search.plan("a b", 5), null);
  assert.equal(search.plan("k", 5), null);
});

test("candidate: a word that starts with the term, or about as long and sharing a pair of letters", () => {
  const step = search.plan("tanh", 1)[0];
  assert.equal(search.candidate("tanhoa", step), true);
  assert.equal(search.candidate("thanh", step), true);
  assert.equal(search.candidate("than", step), true);
  assert.equal(search.candidate("thanhpho", step), false); // too long for one typo
  assert.equal(search.candidate("kiem", step), false); // no pair in common
  const number = search.plan("2019", 1)[0];
  assert.equal(search.candidate("2018", number), false); // no typos in numbers
  assert.equal(search.candidate("20190", number), true);
});

test("candidates are the rows of the query's most selective word, typos included", () => {
  const words = buckets(rows);
  const cands = (q) => search.candidates(words, search.plan(q, 3));
  assert.deepEqual(plain(cands("cửa khẩu Kim")), [0]);
  assert.deepEqual(plain(cands("kim tanh")), [0]);
  assert.deepEqual(plain(cands("malyp")), [4]);
  assert.deepEqual(plain(cands("河口")), [1, 2, 7]);
  assert.deepEqual(plain(cands("qqqq")), []);
  // words in too many rows to list, or of one letter: every row
  assert.equal(cands("lao"), null);
  assert.equal(cands("k"), null);
});

test("shardsOf lists each shard of the candidate rows once; null means all", () => {
  assert.deepEqual(plain(search.shardsOf([0, 1, 5, 6], 4, 2)), [0, 2, 3]);
  assert.deepEqual(plain(search.shardsOf(null, 4, 2)), [0, 1, 2, 3]);
  assert.deepEqual(plain(search.shardsOf([], 4, 2)), []);
});

test("the sharded lookup answers as MiniSearch over every row does", () => {
  const words = buckets(rows);
  const byShard = {};
  rows.forEach((row, i) => (byShard[Math.floor(i / 2)] = [...(byShard[Math.floor(i / 2)] || []), row]));
  const queries = ["kim thành", "kim tanh", "河口", "MALYPHO", "hekou", "hekuo", "ha khau", "lao kai", "a", "khau kim thanh gate", "zzz"];
  for (const query of queries) {
    const cands = search.candidates(words, search.plan(query, 3));
    const loaded = {};
    for (const k of search.shardsOf(cands, Math.ceil(rows.length / 2), 2)) loaded[k] = byShard[k];
    const found = search.rank(search.gather(loaded, cands, 2), query).map((item) => item.id);
    assert.deepEqual(plain(found), ids(query), query);
  }
});
