// Where an opened pin goes on a phone: clear of the sheet and of the map's controls.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./load.js");
const { popups } = load("popups");

// An upright phone as the map draws it: zoom buttons, title card and search box down
// the left, the layers button top right, a sheet from y = 438.
const SIZE = { x: 390, y: 844 };
const UPRIGHT = [
  { left: 10, top: 10, right: 42, bottom: 74 },
  { left: 10, top: 84, right: 285, bottom: 196 },
  { left: 10, top: 206, right: 207, bottom: 248 },
  { left: 10, top: 258, right: 47, bottom: 365 },
  { left: 342, top: 10, right: 380, bottom: 48 },
];

test("a pin goes between the lowest control over the middle and the sheet", () => {
  assert.deepEqual(plain(popups.sightPoint(SIZE, 438, UPRIGHT, "sheet")), { x: 195, y: 343 });
});

test("with nothing over the map, a pin goes to the middle of what the sheet leaves", () => {
  assert.deepEqual(plain(popups.sightPoint(SIZE, 438, [], "sheet")), { x: 195, y: 219 });
});

test("controls under the sheet's edge do not count", () => {
  const low = [{ left: 0, top: 500, right: 390, bottom: 560 }];
  assert.deepEqual(plain(popups.sightPoint(SIZE, 438, low, "sheet")), { x: 195, y: 219 });
});

test("when the controls leave the middle too little room, the freest line is taken", () => {
  // a card over the middle down to 400: 38 px left there, all of 438 at x = 351
  const card = [{ left: 100, top: 0, right: 300, bottom: 400 }];
  const at = plain(popups.sightPoint(SIZE, 438, card, "sheet"));
  assert.ok(at.x < 100 || at.x > 300, JSON.stringify(at));
  assert.equal(at.y, 219);
});

test("sideways the sheet is along the right and the pin goes left of it, clear of controls", () => {
  const size = { x: 844, y: 390 };
  const left = [{ left: 10, top: 150, right: 280, bottom: 240 }];
  assert.deepEqual(plain(popups.sightPoint(size, 500, left, "side")), { x: 390, y: 195 });
});
