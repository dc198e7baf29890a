"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const BA = load("text", "data", "year", "layers", "controls");
const folds = (...args) => plain(BA.controls.legendFolds(...args));

test("a legend that fits keeps every section open and the minimap", () => {
  assert.deepEqual(folds(300, [50, 60, 70], 500, 120), { open: [true, true, true], hideMini: false });
  assert.deepEqual(folds(300, [50, 60, 70], 300, null), { open: [true, true, true], hideMini: false });
});

test("sections fold from the bottom until the legend fits beside the minimap", () => {
  // 300 tall, room 400, minimap 120: 280 left; folding the last (70) leaves 230.
  assert.deepEqual(folds(300, [50, 60, 70], 400, 120), { open: [true, true, false], hideMini: false });
  // 210 left: the last two fold (300 - 70 = 230 is too tall; 230 - 60 = 170).
  assert.deepEqual(folds(300, [50, 60, 70], 330, 120), { open: [true, false, false], hideMini: false });
});

test("without a minimap the whole room is the legend's", () => {
  assert.deepEqual(folds(300, [50, 60, 70], 240, null), { open: [true, true, false], hideMini: false });
});

test("when even folded it does not fit, the minimap gives way and the first sections open again", () => {
  // Folded: 300 - 180 = 120, + minimap 120 > 200. Without it: open 50 (170), 60 would be 230.
  assert.deepEqual(folds(300, [50, 60, 70], 200, 120), { open: [true, false, false], hideMini: true });
  // Not even the first fits.
  assert.deepEqual(folds(300, [50, 60, 70], 130, 120), { open: [false, false, false], hideMini: true });
});

test("a legend with no section to fold keeps the minimap, whatever the room", () => {
  assert.deepEqual(folds(300, [], 100, 120), { open: [], hideMini: false });
});
