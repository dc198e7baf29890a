"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const BA = load("keys");
const direction = (...keys) => plain(BA.keys.direction(keys));
const step = (...args) => plain(BA.keys.heldStep(...args)).map((v) => Math.round(v * 1000) / 1000);

test("arrow keys held give a direction; two at a right angle go diagonally", () => {
  assert.deepEqual(direction("ArrowRight"), [1, 0]);
  assert.deepEqual(direction("ArrowUp"), [0, -1]);
  assert.deepEqual(direction("ArrowDown", "ArrowLeft"), [-1, 1]);
});

test("opposite arrows cancel and other keys do not count", () => {
  assert.deepEqual(direction("ArrowLeft", "ArrowRight"), [0, 0]);
  assert.deepEqual(direction("Shift", "a"), [0, 0]);
});

test("a held key pans at a steady speed, three times as fast with Shift", () => {
  assert.deepEqual(step([1, 0], 20, false, 320), [6.4, 0]);
  assert.deepEqual(step([0, -1], 20, true, 320), [0, -19.2]);
});

test("diagonally as fast as straight, and a stalled frame does not throw the map", () => {
  const [x, y] = step([1, 1], 20, false, 320);
  assert.equal(Math.round(Math.hypot(x, y) * 100) / 100, 6.4);
  assert.deepEqual(step([1, 0], 2000, false, 320), [16, 0]);
  assert.deepEqual(step([0, 0], 20, false, 320), [0, 0]);
  assert.deepEqual(step([1, 0], -5, false, 320), [0, 0]);
});
