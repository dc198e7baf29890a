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
