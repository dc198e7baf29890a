"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const { text } = load("text");

const TOPICS = [{ value: "trade" }, { value: "investment" }, { value: "aid" }, { value: "events" }];
const SOURCES = {
  "a.txt": { year: 2022 },
  "b.txt": { year: 2020 },
  "c.txt": { date: "2021-10-14" },
};

function fact(id, more) {
  return { id, topic: "trade", statement_vi: id, statement_en: id, source: "a.txt", paragraph: 1, ...more };
}

function ids(items) {
  return plain(items.map((item) => item.facts.map((f) => f.id).join("+")));
}

test("facts are listed newest first: own year, then the article's year, undated last", () => {
  const facts = [
    fact("t2019", { year: 2019 }),
    fact("undated-2020-article", { source: "b.txt" }),
    fact("t2022", { year: 2022 }),
    fact("dated-2021", { date: "2021-05-18" }),
    fact("no-year-anywhere", { source: "zzz.txt" }),
  ];
  const sum = text.summariseFacts(facts, SOURCES, TOPICS);
  assert.deepEqual(ids(sum.items), ["t2022", "dated-2021", "undated-2020-article", "t2019", "no-year-anywhere"]);
  const first = sum.items.find((item) => item.fact.id === "undated-2020-article");
  assert.equal(first.year, 2020);
  assert.equal(first.reported, true);
  assert.deepEqual(
    plain(text.groupItems(sum.items).map((g) => g.year)),
    ["2022", "2021", "r2020", "2019", "?"]
  );
});

test("key facts are the newest of each topic, in the schema's order of topics", () => {
  const facts = [
    fact("events-2021", { topic: "events", year: 2021 }),
    fact("aid-2019", { topic: "aid", year: 2019, value: 1, unit: "projects" }),
    fact("trade-2019", { year: 2019, value: 3.8, unit: "billion USD" }),
    fact("trade-2022", { year: 2022, value: 2.32, unit: "billion USD" }),
    fact("aid-2019-statement", { topic: "aid", year: 2019 }),
    fact("odd-topic", { topic: "zzz", year: 2000 }),
  ];
  const sum = text.summariseFacts(facts, SOURCES, TOPICS);
  // a figure before a plain statement of the same year; unknown topics last
  assert.deepEqual(ids(sum.key), ["trade-2022", "aid-2019", "events-2021", "odd-topic"]);
  assert.equal(sum.items.length, 6);
});

test("the same figure reported by two articles is one item with both sources", () => {
  const facts = [
    fact("trade-2019-a", { year: 2019, value: 3.8, unit: "billion USD", source: "a.txt" }),
    fact("trade-2019-b", { year: 2019, value: 3.8, unit: "billion USD", source: "b.txt" }),
    // the same article giving one figure twice is two different facts
    fact("fdi-14-projects", { topic: "investment", value: 14, unit: "projects", source: "b.txt" }),
    fact("fdi-14-disbursed", { topic: "investment", value: 14, unit: "projects", source: "b.txt" }),
    // another year, or another unit, is another fact
    fact("trade-2020", { year: 2020, value: 3.8, unit: "billion USD", source: "c.txt" }),
    fact("trade-2019-vnd", { year: 2019, value: 3.8, unit: "billion VND", source: "c.txt" }),
    // a statement without a figure, in the same words
    fact("talks-a", { topic: "events", statement_en: "Talks  were held.", source: "a.txt" }),
    fact("talks-b", { topic: "events", statement_en: "talks were held.", source: "c.txt" }),
  ];
  const sum = text.summariseFacts(facts, SOURCES, TOPICS);
  const merged = ids(sum.items).filter((k) => k.includes("+"));
  assert.deepEqual(merged.sort(), ["talks-a+talks-b", "trade-2019-a+trade-2019-b"]);
  assert.equal(sum.items.length, 6);
});

test("no facts, no summary", () => {
  assert.deepEqual(plain(text.summariseFacts([], {}, TOPICS)), { items: [], key: [] });
  assert.deepEqual(plain(text.summariseFacts(undefined, {}, TOPICS)), { items: [], key: [] });
});
