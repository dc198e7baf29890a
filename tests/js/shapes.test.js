"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");

const BA = load("text", "data", "year", "layers");
const shapePoints = BA.layers.shapePoints;

/** Area of a polygon by the shoelace formula. */
function area(pts) {
  let sum = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    const [x2, y2] = pts[(i + 1) % pts.length];
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

test("each pin shape has its number of corners, and a circle none", () => {
  assert.equal(shapePoints("square", 0, 0, 6).length, 4);
  assert.equal(shapePoints("diamond", 0, 0, 6).length, 4);
  assert.equal(shapePoints("triangle", 0, 0, 6).length, 3);
  assert.deepEqual(plain(shapePoints("circle", 0, 0, 6)), []);
  assert.deepEqual(plain(shapePoints("unknown", 0, 0, 6)), []);
});

test("a diamond stands on its tips, a square on its side, a triangle points up", () => {
  const d = plain(shapePoints("diamond", 10, 20, 8));
  assert.deepEqual(d[0], [10, 10]); // top tip, 1.25 r above the centre
  assert.deepEqual(d[2], [10, 30]);
  const s = plain(shapePoints("square", 0, 0, 10));
  assert.ok(s.every(([x, y]) => Math.abs(Math.abs(x) - Math.abs(y)) < 1e-9));
  const t = plain(shapePoints("triangle", 0, 0, 10));
  assert.ok(t[0][1] < t[1][1] && t[1][1] === t[2][1]);
});

test("shapes are centred on the pin and about as heavy as its circle", () => {
  const circle = Math.PI * 10 * 10;
  for (const shape of ["square", "diamond", "triangle"]) {
    const pts = plain(shapePoints(shape, 50, 50, 10));
    const cx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const cy = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    assert.ok(Math.abs(cx - 50) < 1e-9 && Math.abs(cy - 50) < 1e-9, shape);
    const ratio = area(pts) / circle;
    assert.ok(ratio > 0.7 && ratio < 1.1, `${shape}: ${ratio.toFixed(2)} of the circle`);
  }
});
