"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const { sparkline } = load("sparkline");

/** A feature of map/mentions/<k>.js: {n: [articles, mentions], y: {year: [articles, mentions]}}. */
function rec(years) {
  let a = 0;
  let m = 0;
  for (const [, c] of Object.entries(years)) {
    a += c[0];
    m += c[1];
  }
  return { n: [a, m], y: years };
}

test("yearRange lists every year from first to last, and nothing for no dated year", () => {
  assert.deepEqual(plain(sparkline.yearRange([2016, 2019])), [2016, 2017, 2018, 2019]);
  assert.deepEqual(plain(sparkline.yearRange([2021, 2021])), [2021]);
  assert.deepEqual(plain(sparkline.yearRange([])), []);
  assert.deepEqual(plain(sparkline.yearRange(undefined)), []);
});

test("series gives articles per year over the whole range, zero years as zero, undated left out", () => {
  const r = rec({ 2017: [3, 5], 2019: [1, 1], unknown: [4, 4] });
  assert.deepEqual(plain(sparkline.series(r, [2016, 2017, 2018, 2019, 2020])), [0, 3, 0, 1, 0]);
});

test("points spread the years across the box, zero on the baseline and the most at the top", () => {
  const size = { width: 100, height: 20, pad: 2 };
  const pts = plain(sparkline.points([0, 4, 2], size));
  assert.deepEqual(pts, [
    [2, 18],
    [50, 2],
    [98, 10],
  ]);
  // all zeros stay on the baseline (no division by zero)
  assert.deepEqual(plain(sparkline.points([0, 0], size)), [
    [2, 18],
    [98, 18],
  ]);
  // one year: in the middle
  assert.deepEqual(plain(sparkline.points([5], size)), [[50, 2]]);
});

test("pathOf draws through every point; one point is a short flat line", () => {
  assert.equal(
    sparkline.pathOf([
      [2, 18],
      [50, 2],
      [98, 10],
    ]),
    "M2,18L50,2L98,10"
  );
  assert.equal(sparkline.pathOf([[50, 2]]), "M46,2L54,2");
  assert.equal(sparkline.pathOf([]), "");
});

test("the sentence gives the total, the span and the busiest year, in English and Vietnamese", () => {
  const r = rec({ 2016: [2, 2], 2019: [5, 9], 2021: [12, 20], 2024: [18, 30] });
  // 37 articles: 2 + 5 + 12 + 18; the busiest year is 2024
  assert.equal(sparkline.sentence(r, "en"), "Mentioned in 37 ingested articles, 2016–2024; most in 2024 (18).");
  assert.equal(sparkline.sentence(r, "vi"), "Được nhắc đến trong 37 bài báo đã nhập, 2016–2024; nhiều nhất năm 2024 (18 bài).");
});

test("undated articles count in the total and are said apart, not in the span", () => {
  const r = rec({ 2019: [1, 1], 2021: [3, 4], unknown: [2, 2] });
  assert.equal(sparkline.sentence(r, "en"), "Mentioned in 6 ingested articles, 2019–2021; most in 2021 (3); 2 undated.");
  assert.equal(sparkline.sentence(r, "vi"), "Được nhắc đến trong 6 bài báo đã nhập, 2019–2021; nhiều nhất năm 2021 (3 bài); 2 bài không rõ ngày.");
  const undated = rec({ unknown: [1, 2] });
  assert.equal(sparkline.sentence(undated, "en"), "Mentioned in 1 ingested article, of unknown date.");
  assert.equal(sparkline.sentence(rec({ unknown: [3, 3] }), "en"), "Mentioned in 3 ingested articles, none of known date.");
  assert.equal(sparkline.sentence(undated, "vi"), "Được nhắc đến trong 1 bài báo đã nhập, không bài nào rõ ngày.");
});

test("one year names no busiest year; a tie of two names both; a wider tie names none", () => {
  assert.equal(sparkline.sentence(rec({ 2021: [1, 1] }), "en"), "Mentioned in 1 ingested article, 2021.");
  assert.equal(sparkline.sentence(rec({ 2021: [4, 4] }), "vi"), "Được nhắc đến trong 4 bài báo đã nhập, năm 2021.");
  const two = rec({ 2018: [3, 3], 2019: [1, 1], 2020: [3, 3] });
  assert.equal(sparkline.sentence(two, "en"), "Mentioned in 7 ingested articles, 2018–2020; most in 2018 and 2020 (3 each).");
  assert.equal(sparkline.sentence(two, "vi"), "Được nhắc đến trong 7 bài báo đã nhập, 2018–2020; nhiều nhất năm 2018 và 2020 (mỗi năm 3 bài).");
  const flat = rec({ 2018: [1, 1], 2019: [1, 1], 2020: [1, 1] });
  assert.equal(sparkline.sentence(flat, "en"), "Mentioned in 3 ingested articles, 2018–2020.");
});

test("large counts are written in each language's number format", () => {
  const r = rec({ 2020: [1200, 1500], 2021: [34, 40] });
  assert.equal(sparkline.sentence(r, "en"), "Mentioned in 1,234 ingested articles, 2020–2021; most in 2020 (1,200).");
  assert.equal(sparkline.sentence(r, "vi"), "Được nhắc đến trong 1.234 bài báo đã nhập, 2020–2021; nhiều nhất năm 2020 (1.200 bài).");
});

test("stats and the table rows cover the feature's own span, zero years included, undated last", () => {
  const r = rec({ 2019: [2, 3], 2021: [1, 1], unknown: [1, 2] });
  assert.deepEqual(plain(sparkline.stats(r)), { articles: 4, undated: 1, first: 2019, last: 2021, peak: 2, peakYears: [2019] });
  assert.deepEqual(plain(sparkline.tableRows(r)), [
    { year: "2019", articles: 2, mentions: 3 },
    { year: "2020", articles: 0, mentions: 0 },
    { year: "2021", articles: 1, mentions: 1 },
    { year: "unknown", articles: 1, mentions: 2 },
  ]);
});
