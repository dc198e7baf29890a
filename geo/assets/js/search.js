/*
 * search: names and aliases of every layer, with or without diacritics, from the
 * index the build wrote (map/search.js, loaded when search is first used).
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var el = BA.dom.el;
  var LIMIT = 12;
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

  var index = null;
  function withIndex(done) {
    if (index) return done(index);
    BA.data.searchIndex(function (rows) {
      index = index || items(rows);
      done(index);
    });
  }

  function build(node) {
    var input = el("input", { type: "search", className: "ba-search-input", placeholder: "Tìm địa danh… / Search places…", "aria-label": "Tìm kiếm / Search", autocomplete: "off" });
    var list = el("ul", { className: "ba-results", role: "listbox" });
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
      withIndex(function (idx) {
        if (input.value !== query) return; // a newer query is on its way
        current = rank(idx, query);
        active = current.length ? 0 : -1;
        render();
      });
    }
    input.addEventListener("focus", function () {
      withIndex(function () {});
    });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") active = Math.min(active + 1, current.length - 1);
      else if (ev.key === "ArrowUp") active = Math.max(active - 1, 0);
      else if (ev.key === "Enter") {
        ev.preventDefault();
        var query = input.value;
        // Enter right after typing: answer once the index is there.
        withIndex(function (idx) {
          if (!current.length) current = rank(idx, query);
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

  BA.search = { items: items, score: score, rank: rank, build: build, withIndex: withIndex };
})();
