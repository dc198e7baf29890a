/*
 * search: names and aliases of every layer, with or without diacritics, with typos,
 * as an ARIA combobox. Matching is MiniSearch's (vendored): every query word must
 * start a word of a name or be a typo or two away from one (search.fuzziness).
 *
 * MiniSearch needs its documents in memory; 100,000 take seconds to index, so the
 * build (geo/search_index.py) writes what picks the few that can answer: index words
 * with the rows that use them (map/search/w<k>.js, filed by their keys: pairs of
 * letters) and the rows (map/search/<k>.js). A search looks up its cheapest, likely
 * most selective word first (then, if its rows are many, the others), takes the rows
 * of the index words it can stand for, loads their shards and gives MiniSearch those
 * rows only. A query in most names (every row) goes through the rows shard by shard,
 * best kinds first, and lists what it has found as it goes.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var el = BA.dom.el;
  var bi = BA.dom.bi;
  /** Results listed at first, and added by each "more results". */
  var LIMIT = 10;
  /** An index of more rows than this waits EVERY_ROW_WAIT_MS before reading them all. */
  var EVERY_ROW_WAIT_ABOVE = 2000;
  var EVERY_ROW_WAIT_MS = 300;
  /** Row shards the first query word looked up may need for the others to be skipped. */
  var FEW_SHARDS = 4;
  /** About how many rows a query that needs every row reads at a time. */
  var EVERY_ROW_BATCH = 4000;
  /** Where a row's folded keys start: [id, layer, name_vi, meta, kind rank, key...]. */
  var FIRST_KEY = 5;
  /** Anything but letters and digits separates words (as geo/search_index.py's words). */
  var SPLIT = /[^\p{L}\p{N}]+/u;
  var DIGIT = /\p{N}/u;

  /** The words of a text, folded: "Hà Khẩu (河口)" → ["ha", "khau", "河口"]. */
  function words(text) {
    return BA.text.fold(text)
      .split(SPLIT)
      .filter(function (w) {
        return w.length > 0;
      });
  }

  function length(word) {
    return Array.from(word).length;
  }

  /**
   * Typos a query word may have (edits, MiniSearch's fuzzy distance): none in a word
   * of one or two letters or with a digit (a number), one up to four letters, two from
   * five.
   */
  function fuzziness(term) {
    var n = length(term);
    if (n < 3 || DIGIT.test(term)) return 0;
    return n < 5 ? 1 : 2;
  }

  /** Index rows [id, layer, name_vi, meta, rank, key...] as items {id, layer, name_vi, meta, rank, keys}. */
  function items(rows) {
    return rows.map(function (r) {
      return { id: r[0], layer: r[1], name_vi: r[2], meta: r[3], rank: r[4], keys: r.slice(FIRST_KEY) };
    });
  }

  var OPTIONS = { prefix: true, fuzzy: fuzziness, combineWith: "AND" };

  /** MiniSearch over items: their keys, split into words as the index was. */
  function engine(list) {
    var mini = new window.MiniSearch({
      idField: "id",
      fields: ["keys"],
      extractField: function (doc, field) {
        return field === "keys" ? doc.keys.join(" ") : doc[field];
      },
      tokenize: function (text) {
        return text.split(SPLIT);
      },
      processTerm: function (term) {
        return term || null;
      },
      searchOptions: OPTIONS,
    });
    mini.addAll(list);
    return mini;
  }

  /**
   * How an item matched: 0 a name is the query, 1 a name starts with it, 2 each query
   * word starts a word of a name; with typos (not in MiniSearch's answer without
   * them): 3 a name of as many words as the query matches it (the name, misspelt),
   * 4 others. misspelt: the items with such a name, by id.
   */
  function tier(item, q, exact, misspelt) {
    if (!exact) return item.id in misspelt ? 3 : 4;
    for (var k = 0; k < item.keys.length; k++) if (item.keys[k] === q) return 0;
    for (var j = 0; j < item.keys.length; j++) if (item.keys[j].lastIndexOf(q, 0) === 0) return 1;
    return 2;
  }

  /** Fuzzy matches above this many are not told apart by their names (all tier 4). */
  var MISSPELT_MAX = 500;

  /**
   * The items one of whose names, of as many words as the query, matches it on its own
   * (MiniSearch over those names as documents), by id: the best name's score (how
   * close it is; independent of the other items searched, as only matches are given).
   */
  function misspelt(list, q) {
    var n = words(q).length;
    var names = [];
    list.forEach(function (item) {
      item.keys.forEach(function (key) {
        if (words(key).length === n) names.push({ id: names.length, item: item.id, keys: [key] });
      });
    });
    var out = {};
    if (!names.length) return out;
    engine(names)
      .search(q)
      .forEach(function (r) {
        var id = names[r.id].item;
        if (!(id in out) || r.score > out[id]) out[id] = r.score;
      });
    return out;
  }

  function compare(a, b) {
    return (
      a.tier - b.tier ||
      b.close - a.close ||
      a.item.rank - b.item.rank ||
      (a.item.name_vi < b.item.name_vi ? -1 : a.item.name_vi > b.item.name_vi ? 1 : 0) ||
      (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0)
    );
  }

  /** The matches among items, each {item, tier}, in no particular order. */
  function matches(list, query) {
    var q = words(query).join(" ");
    if (!q || !list.length) return [];
    var mini = engine(list);
    var byId = {};
    list.forEach(function (item) {
      byId[item.id] = item;
    });
    var exact = {};
    mini.search(q, { fuzzy: false }).forEach(function (r) {
      exact[r.id] = true;
    });
    var folded = BA.text.fold(query);
    var found = mini.search(q);
    var fuzzy = found.filter(function (r) {
      return !exact[r.id];
    });
    var typos = fuzzy.length && fuzzy.length <= MISSPELT_MAX ? misspelt(fuzzy.map(function (r) {
      return byId[r.id];
    }), q) : {};
    return found.map(function (r) {
      var t = tier(byId[r.id], folded, exact[r.id], typos);
      return { item: byId[r.id], tier: t, close: t === 3 ? typos[r.id] : 0 };
    });
  }

  /**
   * Ranked matches, each once: a name that is the query, then one that starts with it,
   * one that has its words, then with typos (see tier; a misspelt name by how close
   * it is); each by kind (gates and localities first, partners abroad last), then name. A result that reads exactly as a better one
   * (same names) is left out.
   */
  function order(found, sorted) {
    var seen = {};
    return (sorted ? found : found.slice().sort(compare))
      .filter(function (m) {
        var key = m.item.name_vi + "\u0000" + m.item.meta;
        if (seen[key]) return false;
        seen[key] = true;
        return true;
      })
      .map(function (m) {
        return m.item;
      });
  }

  /** The items that match a query, best first (every match: the list shows LIMIT at a time). */
  function rank(list, query) {
    return order(matches(list, query));
  }

  /**
   * The keys an index word is filed under: its distinct pairs of letters and the pair
   * of its first and third (one letter: itself). A word one edit away from another of
   * three letters or more shares one of them. A word with a digit is only found by
   * its start: its first two and first three characters.
   */
  function grams(word) {
    var cs = Array.from(word);
    if (cs.length < 2) return [word];
    if (DIGIT.test(word)) return cs.length > 2 ? [cs[0] + cs[1], cs[0] + cs[1] + cs[2]] : [word];
    var out = [];
    for (var i = 0; i < cs.length - 1; i++) {
      var g = cs[i] + cs[i + 1];
      if (out.indexOf(g) < 0) out.push(g);
    }
    if (cs.length >= 3 && out.indexOf(cs[0] + cs[2]) < 0) out.push(cs[0] + cs[2]);
    return out;
  }

  /**
   * The words of a query that can pick its rows: [{term, fuzzy, grams, buckets}], or
   * null when none can (words of one letter). A word that starts with the term shares
   * its first pair of letters; one a typo away shares one of its keys (two typos away,
   * nearly always), so a term with typos allowed reads the buckets of all its keys.
   */
  function plan(query, buckets) {
    var out = [];
    words(query).forEach(function (term) {
      if (length(term) < 2) return;
      var fuzzy = fuzziness(term);
      var gs = grams(term);
      var ks = [];
      // Without typos, the words that start with the term: its first key (with a digit
      // and three characters or more, its first three).
      (fuzzy ? gs : gs.slice(DIGIT.test(term) && gs.length > 1 ? 1 : 0).slice(0, 1)).forEach(function (g) {
        var k = BA.text.shardOf(g, buckets);
        if (ks.indexOf(k) < 0) ks.push(k);
      });
      out.push({ term: term, fuzzy: fuzzy, grams: gs, buckets: ks });
    });
    return out.length ? out : null;
  }

  /**
   * Whether an index word can be what a query term stands for: it starts with the
   * term, or (typos allowed) it is about as long and shares a key (grams) with it.
   * A wider net than MiniSearch's, which then decides.
   */
  function candidate(word, step) {
    if (word.lastIndexOf(step.term, 0) === 0) return true;
    if (!step.fuzzy || Math.abs(length(word) - length(step.term)) > step.fuzzy) return false;
    var gs = grams(word);
    for (var i = 0; i < gs.length; i++) if (step.grams.indexOf(gs[i]) >= 0) return true;
    return false;
  }

  /**
   * The rows that can answer a plan, from its buckets {k: {w: words, p: rows of each
   * word | minus how many}}: ascending row numbers, or null for every row. The query
   * word with the fewest candidate rows is used; one whose candidates include a word
   * too common to be listed counts as every row.
   */
  function candidates(wordsByBucket, steps) {
    if (steps === null) return null;
    var best = null;
    steps.forEach(function (step) {
      var lists = [];
      var total = 0;
      var every = false;
      var seen = {};
      for (var b = 0; b < step.buckets.length && !every; b++) {
        var bucket = wordsByBucket[step.buckets[b]] || { w: [], p: [] };
        for (var j = 0; j < bucket.w.length; j++) {
          var word = bucket.w[j];
          if (seen[word] || !candidate(word, step)) continue;
          seen[word] = true;
          var p = bucket.p[j];
          if (typeof p === "number") {
            every = true;
            break;
          }
          total += p.length;
          lists.push(p);
        }
        if (best && total >= best.total) break;
      }
      if (every) return;
      if (!best || total < best.total) best = { total: total, lists: lists };
    });
    if (best === null) return null;
    var rows = {};
    var out = [];
    best.lists.forEach(function (list) {
      list.forEach(function (r) {
        if (!rows[r]) {
          rows[r] = true;
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

  /** Search items of the rows (null: every row of the loaded shards), in row order. */
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

  var PRELOAD_AFTER_MS = 1000;
  /**
   * done() once MiniSearch has run: assets/minisearch.js (cfg.engine), loaded by the first
   * search or when the search box is focused; a self-contained page has it inline.
   */
  function withEngine(done) {
    var src = BA.app && BA.app.cfg && BA.app.cfg.engine;
    if (window.MiniSearch || !src) return done();
    BA.data.script(src, done);
  }

  /**
   * Fetch the engine once the map has settled (a second after it is ready, then when the
   * browser is idle), so that it never competes with the first render and a first search
   * need not wait for it. Focusing the search box fetches it at once.
   */
  function preload() {
    var idle = window.requestIdleCallback || function (cb) { return setTimeout(cb, 0); };
    setTimeout(function () {
      idle(function () { withEngine(function () {}); }, { timeout: 5000 });
    }, PRELOAD_AFTER_MS);
  }

  /** The index's rows ks, handed on once the engine that ranks them has run too. */
  function rowsWithEngine(ks, done) {
    BA.data.searchRows(ks, function (rowsByShard) {
      withEngine(function () {
        done(rowsByShard);
      });
    });
  }

  /**
   * done(ranked items, finished) for a query, loading what it needs; nothing once
   * stale() turns true. A query that needs every row calls done after each batch of
   * shards (finished false) with what it has found so far.
   */
  function lookup(query, done, stale) {
    var cfg = BA.app.cfg.search;
    if (!words(query).length) return done([], true);
    withEngine(function () {}); // fetched beside the index's words and rows
    var steps = plan(query, cfg.buckets);
    // First the query word that is cheapest to look up and likely the most selective:
    // one with a digit (a number), then the fewest buckets, then the longest. Its rows
    // hold every answer; if they fit in a few shards the other words are not looked up.
    var first = steps && steps.slice().sort(function (a, b) {
      return DIGIT.test(b.term) - DIGIT.test(a.term) || a.buckets.length - b.buckets.length || length(b.term) - length(a.term);
    })[0];
    function bucketsOf(list) {
      var ks = [];
      (list || []).forEach(function (step) {
        step.buckets.forEach(function (k) {
          if (ks.indexOf(k) < 0) ks.push(k);
        });
      });
      return ks;
    }
    if (!first || steps.length === 1) return withRows(bucketsOf(steps), steps);
    BA.data.searchWords(bucketsOf([first]), function (wordsByBucket) {
      if (stale && stale()) return;
      var rows = candidates(wordsByBucket, [first]);
      if (rows !== null && shardsOf(rows, cfg.shards, cfg.size).length <= FEW_SHARDS) return answer(rows);
      withRows(bucketsOf(steps), steps);
    });

    function withRows(ks, list) {
      BA.data.searchWords(ks, function (wordsByBucket) {
        if (stale && stale()) return;
        answer(candidates(wordsByBucket, list));
      });
    }

    function answer(rows) {
      if (rows !== null) {
        return rowsWithEngine(shardsOf(rows, cfg.shards, cfg.size), function (rowsByShard) {
          if (stale && stale()) return;
          done(rank(gather(rowsByShard, rows, cfg.size), query), true);
        });
      }
      // Every row: shard by shard (best kinds first), listing what is found so far.
      var all = shardsOf(null, cfg.shards, cfg.size);
      var per = Math.max(1, Math.round(EVERY_ROW_BATCH / cfg.size));
      var found = [];
      function next(from) {
        rowsWithEngine(all.slice(from, from + per), function (rowsByShard) {
          if (stale && stale()) return;
          found = merge(found, matches(gather(rowsByShard, null, cfg.size), query).sort(compare));
          var finished = from + per >= all.length;
          done(order(found, true), finished);
          if (!finished) setTimeout(next, 0, from + per);
        });
      }
      // A large index: wait a moment, the reader is probably still typing a narrower one.
      if (stale && cfg.shards * cfg.size > EVERY_ROW_WAIT_ABOVE) {
        return setTimeout(function () {
          if (!stale()) next(0);
        }, EVERY_ROW_WAIT_MS);
      }
      next(0);
    }
  }

  /** Two lists of matches sorted by compare, as one. */
  function merge(a, b) {
    var out = new Array(a.length + b.length);
    var i = 0;
    var j = 0;
    for (var k = 0; k < out.length; k++) out[k] = j >= b.length || (i < a.length && compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
    return out;
  }

  /** What the empty box says, in each language: both at once did not fit a phone's box. */
  var PLACEHOLDER = ["Tìm địa danh…", "Search places…"];

  function placeholder(lang) {
    var input = document.getElementById("ba-search-q");
    if (input) input.placeholder = PLACEHOLDER[lang === "en" ? 1 : 0];
  }

  /**
   * Cap the open list's height at half the screen and at what the visible viewport (less
   * the on-screen keyboard) leaves below its top.
   */
  function fitList(list) {
    var view = window.visualViewport;
    var bottom = view ? view.offsetTop + view.height : window.innerHeight;
    var room = Math.min(bottom - list.getBoundingClientRect().top - 8, window.innerHeight / 2);
    list.style.maxHeight = Math.max(room, MIN_LIST) + "px";
  }
  var MIN_LIST = 120; // px: two results, whatever the screen

  function build(node) {
    var input = el("input", {
      type: "search",
      id: "ba-search-q",
      className: "ba-search-input",
      placeholder: PLACEHOLDER[0],
      "aria-label": "Tìm kiếm / Search",
      autocomplete: "off",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": "ba-results",
    });
    // Named, and focusable so that a keyboard can scroll a long list of results.
    var list = el("ul", { id: "ba-results", className: "ba-results", role: "listbox", "aria-label": "Kết quả tìm kiếm / Search results", tabindex: "0" });
    // What was found, or that nothing was: shown when nothing was, always announced.
    var status = el("p", { className: "ba-search-status", role: "status", "aria-live": "polite" });
    var current = [];
    var shown = LIMIT;
    var active = -1;
    var finished = true;
    var asked = "";

    function optionId(i) {
      return "ba-opt-" + i;
    }
    function count() {
      return Math.min(shown, current.length) + (current.length > shown ? 1 : 0);
    }
    function say() {
      status.textContent = "";
      status.classList.remove("ba-nomatch");
      if (!asked) return;
      if (!current.length && finished) {
        status.classList.add("ba-nomatch");
        status.appendChild(bi("Không tìm thấy “" + asked + "”. Thử viết khác đi?", "No match for “" + asked + "”. Try another spelling?"));
      } else if (current.length) {
        var n = Math.min(shown, current.length);
        var more = finished ? "" : "+";
        status.appendChild(
          bi(
            current.length > n ? "Hiện " + n + " trong " + current.length + more + " kết quả" : n + more + " kết quả",
            current.length > n ? "Showing " + n + " of " + current.length + more + " results" : n + more + (n === 1 ? " result" : " results")
          )
        );
      }
    }
    /** The list of answers, written to the page at once (one fragment). */
    function render() {
      var options = document.createDocumentFragment();
      current.slice(0, shown).forEach(function (item, i) {
        var li = el("li", { id: optionId(i), role: "option", "aria-selected": i === active ? "true" : "false", "data-id": item.id, className: i === active ? "ba-active" : "" }, [
          el("span", { className: "ba-r-name", text: item.name_vi }),
          el("span", { className: "ba-r-meta", text: item.meta }),
          el("span", { className: "ba-r-layer" }, [BA.popups.layerTitle(item.layer)]),
        ]);
        li.addEventListener("mousedown", function (ev) {
          ev.preventDefault();
          choose(i);
        });
        options.appendChild(li);
      });
      if (current.length > shown) {
        var rest = current.length - shown;
        var i = Math.min(shown, current.length);
        var more = el("li", { id: optionId(i), role: "option", "aria-selected": i === active ? "true" : "false", className: "ba-more" + (i === active ? " ba-active" : "") }, [
          bi("Xem thêm " + Math.min(rest, LIMIT) + " kết quả (còn " + rest + ")", "Show " + Math.min(rest, LIMIT) + " more results (" + rest + " left)"),
        ]);
        more.addEventListener("mousedown", function (ev) {
          ev.preventDefault();
          showMore();
        });
        options.appendChild(more);
      }
      list.textContent = "";
      list.appendChild(options);
      var open = current.length > 0;
      list.hidden = !open;
      // While the list is open a phone's title card folds (app.css) and the list ends
      // where the screen (or what the on-screen keyboard leaves of it) does.
      document.body.classList.toggle("ba-searching", open);
      if (open) fitList(list);
      list.setAttribute("data-query", asked); // the query these results answer
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && active >= 0) {
        input.setAttribute("aria-activedescendant", optionId(active));
        scrollToActive();
      } else input.removeAttribute("aria-activedescendant");
      say();
    }
    var scrolling = false;
    /** The active option scrolled into view in the next frame (laid out once, with it). */
    function scrollToActive() {
      if (scrolling) return;
      scrolling = true;
      window.requestAnimationFrame(function () {
        scrolling = false;
        var node = active >= 0 && document.getElementById(optionId(active));
        if (node && node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
      });
    }
    function showMore() {
      var first = shown;
      shown += LIMIT;
      active = first;
      render();
    }
    function choose(i) {
      if (i === Math.min(shown, current.length) && current.length > shown) return showMore();
      var item = current[i];
      if (!item) return;
      input.value = item.name_vi;
      close();
      input.blur();
      BA.hash.show(item.id);
    }
    function close() {
      current = [];
      asked = "";
      active = -1;
      render();
    }
    function update() {
      var query = input.value;
      lookup(
        query,
        function (found, done) {
          current = found;
          finished = done;
          asked = query.trim();
          active = current.length ? Math.min(Math.max(active, 0), count() - 1) : -1;
          render();
        },
        function () {
          return input.value !== query; // a newer query is on its way
        }
      );
    }
    // The reader is about to search: fetch the engine while they type (main.js also
    // fetches it once the map has painted and the browser is idle: preload).
    input.addEventListener("focus", function () {
      withEngine(function () {});
    });
    input.addEventListener("input", function () {
      finished = true;
      asked = "";
      shown = LIMIT;
      active = -1;
      say(); // the last query's message no longer holds
      update();
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") active = Math.min(active + 1, count() - 1);
      else if (ev.key === "ArrowUp") active = Math.max(active - 1, 0);
      else if (ev.key === "Home" && current.length) active = 0;
      else if (ev.key === "End" && current.length) active = count() - 1;
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (current.length) return choose(active < 0 ? 0 : active);
        var query = input.value;
        // Enter right after typing: answer once the index is there.
        var answered = false;
        lookup(query, function (found, done) {
          if (answered || input.value !== query) return;
          if (!current.length) current = found;
          if (current.length) {
            answered = true;
            choose(active < 0 ? 0 : active);
          } else if (done) {
            finished = true;
            asked = query.trim();
            render();
          }
        });
        return;
      } else if (ev.key === "Escape" && current.length) close();
      else return;
      ev.preventDefault();
      render();
    });
    input.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement === input) return;
        current = [];
        active = -1;
        render();
      }, 150);
    });
    node.appendChild(input);
    node.appendChild(list);
    node.appendChild(status);
    list.hidden = true;
  }

  BA.search = {
    words: words,
    fuzziness: fuzziness,
    items: items,
    engine: engine,
    matches: matches,
    order: order,
    rank: rank,
    grams: grams,
    plan: plan,
    candidate: candidate,
    candidates: candidates,
    shardsOf: shardsOf,
    gather: gather,
    lookup: lookup,
    preload: preload,
    build: build,
    placeholder: placeholder,
    LIMIT: LIMIT,
  };
})();
