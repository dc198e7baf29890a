/*
 * data: what the build wrote, loaded as script files so that file:// pages work.
 *
 * map/<layer>.js calls BorderAtlas.layerData(name, payload) with the layer's
 * first-render data (ids, geometry, name, the fields that style and filter it, as
 * columns); map/popups/<k>.js calls BorderAtlas.popupShard(k, records) with the popup
 * content of the features whose id hashes to shard k; map/search/w<k>.js calls
 * BorderAtlas.searchWords(k, bucket) with a bucket of the search index's words and
 * map/search/<k>.js BorderAtlas.searchShard(k, rows) with its rows k·size… (see
 * search.js). The self-contained page inlines all of them.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var payloads = {};
  var shards = {};
  var searchWords = {};
  var searchShards = {};
  var pending = {};

  BA.layerData = function (name, payload) {
    payloads[name] = payload;
  };
  BA.popupShard = function (k, records) {
    shards[k] = records;
  };
  BA.searchWords = function (k, bucket) {
    searchWords[k] = bucket;
  };
  BA.searchShard = function (k, rows) {
    searchShards[k] = rows;
  };

  /** A column's values: a plain list, or {v: distinct values, c: codes}. */
  function column(col, n) {
    if (!col) return new Array(n);
    if (Array.isArray(col)) return col;
    var out = new Array(col.c.length);
    for (var i = 0; i < col.c.length; i++) out[i] = col.v[col.c[i]];
    return out;
  }

  /** One record per located feature: {id, layer, p: properties, latlng | geometry}. */
  function records(name, payload) {
    var ids = payload.ids;
    var names = Object.keys(payload.cols || {});
    var cols = names.map(function (key) {
      return column(payload.cols[key], ids.length);
    });
    var out = new Array(ids.length);
    for (var i = 0; i < ids.length; i++) {
      var p = { id: ids[i] };
      for (var j = 0; j < names.length; j++) {
        var v = cols[j][i];
        if (v !== null && v !== undefined) p[names[j]] = v;
      }
      var rec = { id: ids[i], layer: name, p: p };
      if (payload.xy) rec.latlng = [payload.xy[2 * i + 1], payload.xy[2 * i]];
      else rec.geometry = payload.geoms[i];
      out[i] = rec;
    }
    return out;
  }

  function layerRecords(name) {
    var payload = payloads[name];
    return payload ? records(name, payload) : [];
  }

  /** Run the script at src once (a <script> element); callbacks run when it has run or failed. */
  function script(src, done) {
    if (pending[src]) {
      pending[src].push(done);
      return;
    }
    pending[src] = [done];
    var node = document.createElement("script");
    node.src = src;
    node.async = true;
    // The reader is waiting for it: ahead of the map tiles a move has just requested.
    node.setAttribute("fetchpriority", "high");
    function finish() {
      var list = pending[src] || [];
      delete pending[src];
      list.forEach(function (cb) {
        cb();
      });
    }
    node.onload = finish;
    node.onerror = finish;
    document.head.appendChild(node);
  }

  /** Load map/<file> once; callbacks run when it has run. */
  function load(file, done) {
    script((BA.app.cfg.mapDir || "map/") + file, done);
  }

  /** Call done() once a layer's data script has run (hidden layers load when shown). */
  function ensureLayer(name, done) {
    if (payloads[name]) return done();
    load(name + ".js", done);
  }

  /** A popup record with its shard's sources: {…record, sources: {file: {title, …}}}. */
  function fromShard(shard, id) {
    var rec = shard && shard.records[id];
    if (!rec) return null;
    rec.sources = shard.sources;
    return rec;
  }

  /** The popup content of a feature, from its shard (loaded on first need). */
  function details(id, done) {
    var k = BA.text.shardOf(id, BA.app.cfg.shards);
    if (shards[k]) return done(fromShard(shards[k], id));
    load("popups/" + k + ".js", function () {
      done(fromShard(shards[k], id));
    });
  }

  /** done({k: value}) once map/<prefix><k>.js has run for every k of ks. */
  function loadAll(store, prefix, empty, ks, done) {
    var out = {};
    var left = ks.length + 1;
    function one() {
      if (--left === 0) done(out);
    }
    ks.forEach(function (k) {
      if (store[k]) {
        out[k] = store[k];
        return one();
      }
      load(prefix + k + ".js", function () {
        out[k] = store[k] || empty;
        one();
      });
    });
    one();
  }

  /** Buckets ks of the search index's words: done({k: {w, p}}). */
  function searchWordsOf(ks, done) {
    loadAll(searchWords, "search/w", { w: [], p: [] }, ks, done);
  }

  /** Rows of the search index's shards ks: done({k: rows}). */
  function searchRows(ks, done) {
    loadAll(searchShards, "search/", [], ks, done);
  }

  BA.data = {
    column: column,
    records: records,
    layerRecords: layerRecords,
    hasLayer: function (name) {
      return !!payloads[name];
    },
    ensureLayer: ensureLayer,
    details: details,
    searchWords: searchWordsOf,
    searchRows: searchRows,
    load: load,
    script: script,
  };
})();
