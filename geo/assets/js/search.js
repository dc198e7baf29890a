/*
 * search: names and aliases of every layer, with or without diacritics, from the
 * index the build wrote. A search loads, for each word of the query, the bucket of
 * index words that can fit it (map/search/w<k>.js: words and the rows that use them,
 * filed by their pairs of letters), picks the query's most selective word, and loads
 * only the row shards (map/search/<k>.js) that hold its rows; the rows are then
 * scored as before, so the answers are those of a scan of every row.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var el = BA.dom.el;
  var LIMIT = 12;
  /** An index of more row shards than this waits EVERY_ROW_WAIT_MS before reading them all. */
  var EVERY_ROW_SHARDS = 8;
  var EVERY_ROW_WAIT_MS = 300;
  var RANK = { border_gates: 0, localities: 1, crossings: 2, partnerships: 3, projects: 4, corridor: 5, events: 6, border: 7 };

  /** Index rows [id, layer, name_vi, meta, key...] as items {id, layer, name_vi, meta, keys}. */
  function items(rows) {
    return rows.map(function (r) {
      return { id: r[0], layer: r[1], name_vi: r[2], meta: r[3], keys: r.slice(4) };
    });
  }

  /** How well one folded key matches a folded query: 4 exact … 1 anywhere, 0 not. */
  function score(key, q) {
    if (key === q) return 4;
    if (key.indexOf(q) === 0) return 3;
    if ((" " + key).indexOf(" " + q) >= 0) return 2;
    return key.indexOf(q) >= 0 ? 1 : 0;
  }

  /** The best items for a query: by score, then kind of layer, then name. */
  function rank(list, query, limit) {
    var q = BA.text.fold(query);
    if (!q) return [];
    var scored = [];
    for (var i = 0; i < list.length; i++) {
      var best = 0;
      var keys = list[i].keys;
      for (var k = 0; k < keys.length && best < 4; k++) {
        var s = score(keys[k], q);
        if (s > best) best = s;
      }
      if (best) scored.push({ item: list[i], score: best });
    }
    scored.sort(function (a, b) {
      return (
        b.score - a.score ||
        (a.item.layer in RANK ? RANK[a.item.layer] : 9) - (b.item.layer in RANK ? RANK[b.item.layer] : 9) ||
        (a.item.name_vi < b.item.name_vi ? -1 : a.item.name_vi > b.item.name_vi ? 1 : 0)
      );
    });
    return scored.slice(0, limit || LIMIT).map(function (s) {
      return s.item;
    });
  }

  /** Whether a word of a key fits a word of the query: "exact", "prefix", "suffix" or "any". */
  function fits(word, part, mode) {
    if (mode === "exact") return word === part;
    if (mode === "prefix") return word.lastIndexOf(part, 0) === 0;
    if (mode === "suffix") return word.length >= part.length && word.indexOf(part, word.length - part.length) >= 0;
    return word.indexOf(part) >= 0;
  }

  /** The keys an index word is filed under: its distinct pairs of letters (one letter: itself). */
  function grams(word) {
    var cs = Array.from(word);
    if (cs.length < 2) return [word];
    var out = [];
    for (var i = 0; i < cs.length - 1; i++) {
      var g = cs[i] + cs[i + 1];
      if (out.indexOf(g) < 0) out.push(g);
    }
    return out;
  }

  /**
   * The words of a (non-empty) query that can pick its rows, each with how it must fit
   * an index word and the bucket of its first pair of letters: [{part, mode, bucket}],
   * or null when none can (one-letter words that need not be whole: every row).
   *
   * A folded query found in a key has, among the key's words, its first word as a
   * suffix, its last as a prefix and those between exactly (one word: anywhere in a
   * word); so each index word a query word fits shares its first pair of letters,
   * and the rows of any one query word hold every answer.
   */
  function plan(query, buckets) {
    var parts = BA.text.fold(query).split(" ");
    var out = [];
    parts.forEach(function (part, i) {
      var mode = parts.length === 1 ? "any" : i === 0 ? "suffix" : i === parts.length - 1 ? "prefix" : "exact";
      if (Array.from(part).length < 2 && mode !== "exact") return;
      out.push({ part: part, mode: mode, bucket: BA.text.shardOf(grams(part)[0], buckets) });
    });
    return out.length ? out : null;
  }

  /**
   * The rows that can answer a plan, from its buckets {k: {w: words, p: rows of each
   * word | minus how many}}: ascending row numbers, or null for every row. The query
   * word with the fewest rows is used; one too common to be listed means every row.
   */
  function candidates(wordsByBucket, steps) {
    if (steps === null) return null;
    var best = null;
    steps.forEach(function (step) {
      var words = wordsByBucket[step.bucket] || { w: [], p: [] };
      var total = 0;
      var lists = [];
      var every = false;
      for (var j = 0; j < words.w.length && (!best || total < best.total); j++) {
        if (!fits(words.w[j], step.part, step.mode)) continue;
        var p = words.p[j];
        if (typeof p === "number") {
          total -= p;
          every = true;
        } else {
          total += p.length;
          lists.push(p);
        }
      }
      if (!best || total < best.total) best = { total: total, lists: lists, every: every };
    });
    if (best.every) return null;
    var seen = {};
    var out = [];
    best.lists.forEach(function (list) {
      list.forEach(function (r) {
        if (!seen[r]) {
          seen[r] = true;
          out.push(r);
        }
      });
    });
    return out.sort(function (a, b) {
      return a - b;
    });
  }

  /** The row shards that hold rows (null: every row) of an index of n shards, size rows each. */
  function shardsOf(rows, n, size) {
    var out = [];
    if (rows === null) {
      for (var k = 0; k < n; k++) out.push(k);
      return out;
    }
    rows.forEach(function (r) {
      var s = Math.floor(r / size);
      if (out[out.length - 1] !== s) out.push(s);
    });
    return out;
  }

  var shardItems = {};

  /** Search items of the rows (null: every row), in row order, from the loaded shards. */
  function gather(rowsByShard, rows, size) {
    var out = [];
    Object.keys(rowsByShard).forEach(function (k) {
      if (!shardItems[k]) shardItems[k] = items(rowsByShard[k]);
    });
    if (rows === null) {
      Object.keys(rowsByShard)
        .map(Number)
        .sort(function (a, b) {
          return a - b;
        })
        .forEach(function (k) {
          out = out.concat(shardItems[k]);
        });
      return out;
    }
    rows.forEach(function (r) {
      var k = Math.floor(r / size);
      var item = shardItems[k] && shardItems[k][r - k * size];
      if (item) out.push(item);
    });
    return out;
  }

  /** done(best items for query), loading what it needs; nothing if stale() turns true. */
  function lookup(query, done, stale) {
    var cfg = BA.app.cfg.search;
    if (!BA.text.fold(query)) return done([]);
    var steps = plan(query, cfg.buckets);
    var ks = [];
    (steps || []).forEach(function (step) {
      if (ks.indexOf(step.bucket) < 0) ks.push(step.bucket);
    });
    BA.data.searchWords(ks, function (wordsByBucket) {
      if (stale && stale()) return;
      var rows = candidates(wordsByBucket, steps);
      function answer() {
        BA.data.searchRows(shardsOf(rows, cfg.shards, cfg.size), function (rowsByShard) {
          if (stale && stale()) return;
          done(rank(gather(rowsByShard, rows, cfg.size), query));
        });
      }
      // Every row of a large index (a query of one letter, or of words in most names):
      // wait a moment, the reader is probably still typing a narrower one.
      if (rows === null && stale && cfg.shards > EVERY_ROW_SHARDS) {
        return setTimeout(function () {
          if (!stale()) answer();
        }, EVERY_ROW_WAIT_MS);
      }
      answer();
    });
  }

  function build(node) {
    var input = el("input", { type: "search", className: "ba-search-input", placeholder: "Tìm địa danh… / Search places…", "aria-label": "Tìm kiếm / Search", autocomplete: "off" });
    // Named, and focusable so that a keyboard can scroll a long list of results.
    var list = el("ul", { id: "ba-results", className: "ba-results", role: "listbox", "aria-label": "Kết quả tìm kiếm / Search results", tabindex: "0" });
    var current = [];
    var active = -1;
    function render() {
      list.textContent = "";
      current.forEach(function (item, i) {
        var li = el("li", { role: "option", "data-id": item.id, className: i === active ? "ba-active" : "" }, [
          el("span", { className: "ba-r-name", text: item.name_vi }),
          el("span", { className: "ba-r-meta", text: item.meta }),
          el("span", { className: "ba-r-layer" }, [BA.popups.layerTitle(item.layer)]),
        ]);
        li.addEventListener("mousedown", function (ev) {
          ev.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = current.length === 0;
    }
    function choose(i) {
      var item = current[i];
      if (!item) return;
      input.value = item.name_vi;
      current = [];
      render();
      input.blur();
      BA.hash.show(item.id);
    }
    function update() {
      var query = input.value;
      lookup(
        query,
        function (found) {
          current = found;
          active = current.length ? 0 : -1;
          render();
        },
        function () {
          return input.value !== query; // a newer query is on its way
        }
      );
    }
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") active = Math.min(active + 1, current.length - 1);
      else if (ev.key === "ArrowUp") active = Math.max(active - 1, 0);
      else if (ev.key === "Enter") {
        ev.preventDefault();
        var query = input.value;
        // Enter right after typing: answer once the index is there.
        lookup(query, function (found) {
          if (!current.length) current = found;
          choose(active < 0 ? 0 : active);
        });
        return;
      } else if (ev.key === "Escape") current = [];
      else return;
      ev.preventDefault();
      render();
    });
    input.addEventListener("blur", function () {
      setTimeout(function () {
        current = [];
        render();
      }, 150);
    });
    node.appendChild(input);
    node.appendChild(list);
    list.hidden = true;
  }

  BA.search = {
    items: items,
    score: score,
    rank: rank,
    fits: fits,
    grams: grams,
    plan: plan,
    candidates: candidates,
    shardsOf: shardsOf,
    gather: gather,
    lookup: lookup,
    build: build,
  };
})();
