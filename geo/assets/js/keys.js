/*
 * keys: the map's arrow keys. A press pans a step (Leaflet's keyboardPanDelta, three
 * with Shift), gliding a quarter of a second, or at once with reduced motion. A key
 * held down pans at a steady speed, frame by frame, and stops where it is let go:
 * Leaflet's own handler dropped every press that came while a step still glided, so a
 * held key moved in jerks, and redrew the legend and the minimap at each.
 */
/* global window, document, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});

  var DIRS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  /** How fast a held key pans, CSS px a second: a step of 80 px each quarter second. */
  var SPEED = 320;

  /** While a key is held, the map says it has moved (legend, tiles, pins) this often, ms. */
  var SETTLE_MS = 250;

  /** The longest frame counted, ms: a stalled frame does not throw the map. */
  var MAX_FRAME_MS = 50;

  /**
   * The direction of the arrow keys held (their names, as KeyboardEvent.key), [x, y],
   * each -1, 0 or 1: two keys at a right angle go diagonally, opposite ones cancel.
   */
  function direction(keys) {
    var d = [0, 0];
    keys.forEach(function (k) {
      var v = DIRS[k];
      if (!v) return;
      d[0] += v[0];
      d[1] += v[1];
    });
    return [Math.sign(d[0]), Math.sign(d[1])];
  }

  /**
   * How far a held key pans in a frame of ms milliseconds, [x, y] in px: speed px a
   * second (three times with Shift), as fast diagonally as straight.
   */
  function heldStep(dir, ms, shift, speed) {
    var len = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1]);
    if (!len) return [0, 0];
    var px = (speed * (shift ? 3 : 1) * Math.min(Math.max(ms, 0), MAX_FRAME_MS)) / 1000 / len;
    return [dir[0] * px, dir[1] * px];
  }

  /** The map's arrow keys, ahead of Leaflet's (which keeps + and − and Escape). */
  function setup(map) {
    var container = map.getContainer();
    var reduce = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var held = {};
    var shift = false;
    var frame = null;
    var last = 0;
    var settled = 0;
    var carry = [0, 0];

    function tick(now) {
      var step = heldStep(direction(Object.keys(held)), last ? now - last : 16, shift, SPEED);
      last = now;
      // whole pixels, the rest carried over: tiles stay sharp
      carry = [carry[0] + step[0], carry[1] + step[1]];
      var by = L.point(Math.round(carry[0]), Math.round(carry[1]));
      carry = [carry[0] - by.x, carry[1] - by.y];
      if (by.x || by.y) {
        map._rawPanBy(by); // as Leaflet's drag moves the map
        map.fire("move");
      }
      if (now - settled >= SETTLE_MS) {
        settled = now;
        map.fire("moveend");
      }
      frame = window.requestAnimationFrame(tick);
    }

    function release() {
      held = {};
      if (frame === null) return;
      window.cancelAnimationFrame(frame);
      frame = null;
      map.fire("moveend");
    }

    document.addEventListener(
      "keydown",
      function (ev) {
        if (ev.target !== container || ev.altKey || ev.ctrlKey || ev.metaKey || !DIRS[ev.key]) return;
        ev.preventDefault();
        ev.stopPropagation(); // not Leaflet's handler too
        shift = ev.shiftKey;
        var first = !ev.repeat && !Object.keys(held).length;
        held[ev.key] = true;
        if (first) {
          var d = DIRS[ev.key];
          var n = map.options.keyboardPanDelta * (shift ? 3 : 1);
          map.panBy([d[0] * n, d[1] * n], { animate: !reduce });
          return;
        }
        if (frame !== null) return;
        map.stop(); // a step still gliding ends where it is
        last = 0;
        carry = [0, 0];
        settled = window.performance.now();
        map.fire("movestart");
        frame = window.requestAnimationFrame(tick);
      },
      true
    );
    document.addEventListener("keyup", function (ev) {
      if (!DIRS[ev.key] || !held[ev.key]) return;
      delete held[ev.key];
      if (!Object.keys(held).length) release();
    });
    container.addEventListener("blur", release);
  }

  BA.keys = { direction: direction, heldStep: heldStep, setup: setup };
})();
