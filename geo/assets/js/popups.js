/*
 * popups: the card of a feature (names, kind, status, partners, facts with their
 * sources, a copy-link control), built from text nodes once its shard has loaded;
 * one Leaflet popup for the map and a panel for features that have no position.
 */
/* global window, document, navigator, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;
  var el = BA.dom.el;
  var bi = BA.dom.bi;
  var popup = null;
  var panel = null;
  var returnTo = null; // where the focus was before a popup or the panel opened
  var lastOutside = null;

  function layerTitle(name) {
    var c = BA.layers.conf(name);
    return c ? bi(c.title_vi, c.title_en) : document.createTextNode(name);
  }

  /**
   * A text the data has in both languages, or in one: then the other language's
   * reader sees it labelled "(in English)" / "(tiếng Anh)", marked with its language.
   */
  function both(vi, en) {
    if (vi && en) return bi(vi, en);
    var wrap = el("span", { className: "bi" });
    if (en) {
      wrap.appendChild(el("span", { className: "vi", lang: "vi" }, [el("span", { className: "ba-lang-note", text: "(tiếng Anh) " }), el("span", { lang: "en", text: en })]));
      wrap.appendChild(el("span", { className: "en", lang: "en", text: en }));
    } else {
      wrap.appendChild(el("span", { className: "vi", lang: "vi", text: vi || "" }));
      wrap.appendChild(el("span", { className: "en", lang: "en" }, [el("span", { className: "ba-lang-note", text: "(in Vietnamese) " }), el("span", { lang: "vi", text: vi || "" })]));
    }
    return wrap;
  }

  function featureLink(id, names) {
    var n = (names && names[id]) || [id, id];
    return el("a", { href: "#" + id, className: "ba-link", "data-target": id }, [bi(n[0], n[1])]);
  }

  /** Popups with more facts than this show the key facts first, the rest folded. */
  var SUMMARY_ABOVE = 5;

  function topicLabel(value) {
    var list = (app.cfg && app.cfg.topics) || [];
    for (var i = 0; i < list.length; i++) if (list[i].value === value) return bi(list[i].label_vi, list[i].label_en);
    return document.createTextNode(String(value || ""));
  }

  /** "2022", "2020 article" (a fact of no stated year, from an article of 2020), "year not stated". */
  function yearLabel(item) {
    if (item.year === null) return bi("không nêu năm", "year not stated");
    if (item.reported) return bi("bài năm " + item.year, item.year + " article");
    return document.createTextNode(String(item.year));
  }

  function citeOf(fact, sources) {
    var src = (sources && sources[fact.source]) || {};
    var cite = el("div", { className: "ba-cite" });
    cite.appendChild(document.createTextNode("— "));
    var title = src.title || fact.source;
    // Headlines and outlets are the articles' own, in Vietnamese, in either mode.
    if (src.url && /^https?:\/\//.test(src.url)) {
      // It opens in a new tab: said, so that the reader knows where Back will not go.
      var newTab = el("span", { className: "ba-sr" }, [bi(" (mở trong thẻ mới)", " (opens in a new tab)")]);
      cite.appendChild(el("a", { href: src.url, target: "_blank", rel: "noopener noreferrer", className: "ba-source" }, [el("span", { lang: "vi", text: title }), newTab]));
    } else {
      cite.appendChild(el("cite", { lang: "vi", className: "ba-source", text: title }));
    }
    var tail = [];
    if (src.outlet) tail.push(el("span", { lang: "vi", className: "ba-source", text: src.outlet }));
    var when = src.date || (src.year ? String(src.year) : "");
    if (when) tail.push(document.createTextNode(when));
    if (tail.length) {
      cite.appendChild(document.createTextNode(" ("));
      tail.forEach(function (node, i) {
        if (i) cite.appendChild(document.createTextNode(", "));
        cite.appendChild(node);
      });
      cite.appendChild(document.createTextNode(")"));
    }
    cite.appendChild(el("span", { className: "ba-para" }, [bi(" ¶" + fact.paragraph, " ¶" + fact.paragraph)]));
    return cite;
  }

  /**
   * One item of text.summariseFacts: the figure with its unit, the statement and the
   * source of each fact merged into it; withTopic puts its topic and year first.
   */
  function factItem(item, sources, withTopic) {
    var fact = item.fact;
    var li = el("li", { className: "ba-fact", "data-fact": fact.id });
    if (item.facts.length > 1) {
      li.setAttribute(
        "data-merged",
        item.facts
          .map(function (f) {
            return f.id;
          })
          .join(" ")
      );
    }
    if (withTopic) {
      li.appendChild(el("span", { className: "ba-topic", "data-topic": item.topic }, [topicLabel(item.topic), document.createTextNode(" · "), yearLabel(item)]));
      li.appendChild(document.createTextNode(" "));
    }
    if (fact.value !== null && fact.value !== undefined) {
      var v = BA.text.formatValue(fact.value);
      var unit = BA.text.unitLabels(app.cfg.units, fact.unit);
      li.appendChild(el("strong", { className: "ba-figure" }, [bi((v.vi + " " + unit.vi).trim(), (v.en + " " + unit.en).trim())]));
      li.appendChild(document.createTextNode(" "));
    }
    li.appendChild(bi(fact.statement_vi, fact.statement_en));
    if (fact.note_vi || fact.note_en) li.appendChild(el("div", { className: "ba-factnote" }, [both(fact.note_vi, fact.note_en)]));
    item.facts.forEach(function (f) {
      li.appendChild(citeOf(f, sources));
    });
    return li;
  }

  /** Every item, by year (newest first). */
  function byYear(items, sources) {
    var nodes = [];
    BA.text.groupItems(items).forEach(function (group) {
      var key = group.year;
      var heading = key === "?" ? bi("Không nêu năm", "Year not stated") : key.charAt(0) === "r" ? bi("Không nêu năm · bài năm " + key.slice(1), "Year not stated · " + key.slice(1) + " article") : document.createTextNode(key);
      nodes.push(el("h4", { className: "ba-year", "data-year": key }, [heading]));
      var ul = el("ul");
      group.items.forEach(function (item) {
        ul.appendChild(factItem(item, sources, false));
      });
      nodes.push(ul);
    });
    return nodes;
  }

  /**
   * The facts of a popup: {key, all}. A long list (more than SUMMARY_ABOVE) gives key
   * facts (the newest of each topic, same reports merged) and the whole list behind an
   * "all N facts" disclosure; a short one gives the whole list only (key is null).
   */
  function factsBlocks(facts, sources) {
    if (!facts || !facts.length) return { key: null, all: null };
    var sum = BA.text.summariseFacts(facts, sources, app.cfg.topics);
    var n = sum.items.length;
    if (n <= SUMMARY_ABOVE) {
      var box = el("div", { className: "ba-facts" });
      box.appendChild(el("h3", { className: app.embed ? "ba-sr" : null }, [bi("Các bài báo nói gì", "What the articles say")]));
      byYear(sum.items, sources).forEach(function (node) {
        box.appendChild(node);
      });
      return { key: null, all: box };
    }
    var key = el("div", { className: "ba-facts ba-keyfacts" });
    // In the embed view the heading is for screen readers only: the facts come first.
    key.appendChild(el("h3", { className: app.embed ? "ba-sr" : null }, [bi("Dữ kiện chính", "Key facts")]));
    var ul = el("ul");
    sum.key.forEach(function (item) {
      ul.appendChild(factItem(item, sources, true));
    });
    key.appendChild(ul);
    var details = el("details", { className: "ba-facts ba-allfacts" });
    details.appendChild(el("summary", {}, [bi("Tất cả " + n + " dữ kiện, theo năm", "All " + n + " facts, by year")]));
    byYear(sum.items, sources).forEach(function (node) {
      details.appendChild(node);
    });
    return { key: key, all: details };
  }

  function row(labelVi, labelEn, value) {
    return el("div", { className: "ba-row" }, [el("span", { className: "ba-key" }, [bi(labelVi, labelEn)]), value]);
  }

  function partnersBlock(d) {
    var ul = el("ul", { className: "ba-partners" });
    d.partners.forEach(function (item) {
      var kind = BA.layers.category("partnerships", "kind", item.kind);
      var li = el("li", {}, [featureLink(item.other, d.names)]);
      var extra = [];
      if (kind) extra.push(bi(kind.label_vi, kind.label_en));
      if (item.status !== "existing") {
        var s = BA.layers.statusOf(item.status);
        extra.push(bi(s.label_vi, s.label_en));
      }
      if (item.since) extra.push(document.createTextNode(String(item.since)));
      if (extra.length) {
        li.appendChild(document.createTextNode(" — "));
        extra.forEach(function (node, i) {
          if (i) li.appendChild(document.createTextNode(", "));
          li.appendChild(node);
        });
      }
      li.appendChild(document.createTextNode(" "));
      // Named for what it opens, for a screen reader listing the links: not "(link)".
      var other = (d.names && d.names[item.other]) || [item.other, item.other];
      li.appendChild(
        el("a", { href: "#" + item.pair, className: "ba-link ba-small", "data-target": item.pair }, [
          bi("(quan hệ", "(partnership"),
          el("span", { className: "ba-sr" }, [bi(" với " + other[0], " with " + other[1])]),
          ")",
        ])
      );
      ul.appendChild(li);
    });
    return el("div", { className: "ba-row ba-block" }, [el("span", { className: "ba-key" }, [bi("Quan hệ với", "Partners")]), ul]);
  }

  /** The card of one feature from its popup record {id, layer, p, facts, partners, names}. */
  function card(d) {
    var id = d.id;
    var layerName = d.layer;
    var p = d.p;
    var box = el("div", { className: "ba-card", "data-id": id });
    box.appendChild(el("div", { className: "ba-kicker" }, [layerTitle(layerName)]));
    box.appendChild(el("h2", { className: "ba-name", lang: "vi", text: p.name_vi }));
    if (p.name_zh) box.appendChild(el("div", { className: "ba-zh", lang: "zh", text: p.name_zh }));
    box.appendChild(el("div", { className: "ba-en", lang: "en", text: p.name_en }));
    var facts = factsBlocks(d.facts, d.sources);
    // The embed view is small: what the articles say comes right after the name.
    if (app.embed && facts.key) box.appendChild(facts.key);
    else if (app.embed && facts.all) box.appendChild(facts.all);

    var c = BA.layers.conf(layerName);
    if (c && c.style_field && p[c.style_field] !== undefined) {
      var cat = BA.layers.category(layerName, c.style_field, p[c.style_field]);
      var county = layerName === "partner_counties";
      if (cat) box.appendChild(row(county ? "Tỉnh" : "Loại", county ? "Province" : "Kind", bi(cat.label_vi, cat.label_en)));
    }
    if (layerName === "partnerships" && p.level) {
      var lv = BA.layers.category("partnerships", "level", p.level);
      if (lv) box.appendChild(row("Cấp", "Level", bi(lv.label_vi, lv.label_en)));
    }
    var st = BA.layers.statusOf(p.status);
    var context = c && c.context;
    if (!context) box.appendChild(row("Tình trạng", "Status", bi(st.label_vi, st.label_en)));
    var undated = p.since === null || p.since === undefined;
    if (!context && !(undated && layerName === "localities")) {
      var held = layerName === "events"; // an event's year is the year it was held
      box.appendChild(row(held ? "Năm tổ chức" : "Từ năm", held ? "Held in" : "Since", undated ? bi("chưa rõ", "not stated") : document.createTextNode(String(p.since))));
    }
    if (!app.embed && facts.key) box.appendChild(facts.key);
    if (p.date) box.appendChild(row("Ngày", "Date", document.createTextNode(p.date)));
    if (layerName === "border_gates") {
      box.appendChild(row("Phía Việt Nam", "Vietnamese side", el("span", { lang: "vi", className: "ba-place", text: p.side_vn })));
      // side_cn is the Vietnamese reading of the Chinese name: said so in English.
      var zh = p.side_cn_zh ? el("span", { lang: "zh", text: p.side_cn_zh }) : null;
      var cnVi = el("span", { className: "vi", lang: "vi" }, [p.side_cn, zh ? " (" : null, zh, zh ? ")" : null]);
      var cnEn = el("span", { className: "en", lang: "en" }, [
        zh ? zh.cloneNode(true) : null,
        zh ? " (" : "",
        el("span", { className: "ba-lang-note", text: "Vietnamese reading: " }),
        el("span", { lang: "vi", text: p.side_cn }),
        zh ? ")" : "",
      ]);
      box.appendChild(row("Phía Trung Quốc", "Chinese side", el("span", { className: "bi" }, [cnVi, cnEn])));
    }
    if (layerName === "partner_counties") {
      box.appendChild(row("Địa phương", "Locality", featureLink(p.locality, d.names)));
      box.appendChild(row("Châu", "Prefecture", el("span", { lang: "zh", text: p.prefecture_zh })));
    }
    // A dataset's credit line, as its makers word it (in English).
    if (p.attribution) box.appendChild(el("p", { className: "ba-geonote" }, [bi("Nguồn dữ liệu: ", "Data: "), both(null, p.attribution)]));
    if (layerName === "projects" && (p.funder || p.funder_vi)) {
      box.appendChild(row("Nhà đầu tư / tài trợ", "Investor / donor", both(p.funder_vi, p.funder)));
    }
    if (layerName === "partnerships") {
      var pair = el("div", { className: "ba-pair" }, [featureLink(p.from_id, d.names), document.createTextNode(" ↔ "), featureLink(p.to_id, d.names)]);
      box.appendChild(row("Đối tác", "Partners", pair));
    }
    if (d.partners && d.partners.length) box.appendChild(partnersBlock(d));
    if (p.note_vi || p.note_en) box.appendChild(el("p", { className: "ba-note" }, [both(p.note_vi, p.note_en)]));
    if (p.geometry_note || p.geometry_note_vi) {
      box.appendChild(el("p", { className: "ba-geonote" }, [bi("Vị trí: ", "Position: "), both(p.geometry_note_vi, p.geometry_note)]));
    }
    if (facts.all && !(app.embed && !facts.key)) box.appendChild(facts.all);
    var mentions = BA.sparkline.block(id); // geo build --mentions: articles per year
    if (mentions) box.appendChild(mentions);

    var link = BA.hash.permalink(id);
    var copy = el("button", { type: "button", className: "ba-copy", "data-link": link }, [bi("Sao chép liên kết", "Copy link")]);
    copy.addEventListener("click", function () {
      copyText(copy.getAttribute("data-link"), copy); // the language may have changed
    });
    var foot = el("div", { className: "ba-foot" }, [copy, el("span", { className: "ba-copy-status ba-sr", role: "status" }), el("input", { className: "ba-permalink", readonly: true, value: link, "aria-label": "Liên kết cố định / Permalink" })]);
    if (app.embed) {
      foot.appendChild(el("a", { href: link, target: "_blank", rel: "noopener", className: "ba-full" }, [bi("Mở bản đồ đầy đủ ↗", "Open full map ↗")]));
    }
    box.appendChild(foot);
    box.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a[data-target]") : null;
      if (a) {
        ev.preventDefault();
        // Not on to the map: when the next card replaces this one at once, the link
        // is gone from the page and Leaflet would take the click for one on the map
        // and close the new popup.
        ev.stopPropagation();
        // A history entry of its own, so Back returns to this popup.
        var target = a.getAttribute("data-target");
        try {
          window.history.pushState(null, "", window.location.href.split("#")[0] + "#" + target);
        } catch (err) {
          /* some browsers refuse it for file://: the link still opens */
        }
        BA.hash.show(target);
      }
    });
    return box;
  }

  function copyText(text, button) {
    var status = button.parentNode.querySelector(".ba-copy-status");
    function done(ok) {
      // Announced by screen readers (role=status), and shown by the tick.
      status.textContent = "";
      status.appendChild(ok === false ? bi("Đã chọn liên kết: hãy nhấn Ctrl+C để sao chép.", "Link selected: press Ctrl+C to copy it.") : bi("Đã sao chép liên kết.", "Link copied."));
      if (ok === false) return;
      button.classList.add("ba-copied");
      setTimeout(function () {
        button.classList.remove("ba-copied");
      }, 1500);
    }
    function fallback() {
      var input = button.parentNode.querySelector("input");
      input.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (err) {
        /* the selected field lets the reader copy by hand */
      }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  /**
   * How a popup shows on this screen: "sheet" on a phone held upright (a bottom sheet
   * the width of the screen), "side" on a phone held sideways (a sheet along the right
   * edge), else "popup" (Leaflet's popup at the feature; also in the embed view).
   */
  function mode() {
    if (app.embed) return "popup";
    if (window.innerWidth < 640) return "sheet";
    if (window.innerHeight < 480) return "side";
    return "popup";
  }

  function options(how) {
    if (how !== "popup") {
      if (!app.map.getPane("ba-sheet")) {
        // A pane outside the map pane, so it does not move with the map.
        var pane = app.map.createPane("ba-sheet", app.map.getContainer());
        L.DomEvent.disableClickPropagation(pane);
        L.DomEvent.disableScrollPropagation(pane);
      }
      return { pane: "ba-sheet", autoPan: false, maxWidth: 2000, minWidth: 0, className: "ba-popup ba-sheet ba-sheet-" + how };
    }
    return app.embed
      ? { maxWidth: 300, minWidth: 200, maxHeight: 230, autoPanPadding: [10, 40], className: "ba-popup" }
      : { maxWidth: 380, minWidth: 240, autoPanPaddingTopLeft: [50, 60], className: "ba-popup" };
  }

  /**
   * Where an opened pin should sit on a phone: in sight, clear of the sheet and of the
   * map's controls (the title card and search box cover the top of an upright phone).
   *
   * size is the map's {x, y}; edge is where the sheet starts (its top when "sheet",
   * along the bottom; its left when "side", along the right); covers are the
   * controls' boxes {left, top, right, bottom}, all in map pixels. The pin goes to the
   * middle of the free span of the map's middle line (a column upright, a row
   * sideways) between the controls and the sheet; when the controls leave that line
   * less than MIN_SPAN, to the line across the free part that they leave the most of.
   */
  function sightPoint(size, edge, covers, how) {
    var upright = how === "sheet";
    var across = upright ? size.x : size.y; // the lines run across this
    function spanAt(c) {
      var start = 0;
      covers.forEach(function (b) {
        var lo = upright ? b.left : b.top, hi = upright ? b.right : b.bottom;
        var from = upright ? b.top : b.left, to = upright ? b.bottom : b.right;
        if (lo <= c && c <= hi && from < edge) start = Math.max(start, to);
      });
      return [start, edge];
    }
    var best = across / 2;
    var span = spanAt(best);
    if (span[1] - span[0] < MIN_SPAN) {
      for (var k = 1; k < 10; k++) {
        var c = (across * k) / 10;
        var s = spanAt(c);
        if (s[1] - s[0] > span[1] - span[0]) {
          best = c;
          span = s;
        }
      }
    }
    var along = (span[0] + span[1]) / 2;
    return upright ? { x: best, y: along } : { x: along, y: best };
  }
  var MIN_SPAN = 120;

  var ring = null;
  var RING = 20; // the ring around an open pin: its radius (17), stroke and a gap, in px

  /** Ring the spot of the open pin (or take the ring away: null). */
  function mark(latlng) {
    if (ring) app.map.removeLayer(ring);
    ring = null;
    if (!latlng) return;
    ring = L.circleMarker(latlng, { radius: RING - 3, className: "ba-open-ring", color: "#111", weight: 3, opacity: 0.9, fill: false, interactive: false });
    ring.addTo(app.map);
  }

  /** Pan the map so that latlng sits in sight: clear of the sheet and the controls. */
  function clearOfSheet(how, latlng) {
    var node = popup.getElement();
    if (!node) return;
    var size = app.map.getSize();
    var at = app.map.latLngToContainerPoint(latlng);
    var box = app.map.getContainer().getBoundingClientRect();
    var covers = [];
    app.map
      .getContainer()
      .querySelectorAll(".leaflet-control")
      .forEach(function (c) {
        var r = c.getBoundingClientRect();
        // Grown by the ring's size, so that the ring around the pin is clear of them too.
        if (r.width && r.height && window.getComputedStyle(c).visibility !== "hidden") {
          covers.push({ left: r.left - box.left - RING, top: r.top - box.top - RING, right: r.right - box.left + RING, bottom: r.bottom - box.top + RING });
        }
      });
    var edge = how === "sheet" ? size.y - node.offsetHeight : size.x - node.offsetWidth;
    var want = sightPoint(size, edge, covers, how);
    app.map.panBy(at.subtract(L.point(want.x, want.y)), { animate: false });
  }

  /**
   * A pin's name in both languages from its first-render record. Large (clustered)
   * layers leave name_en out of their first-render data: in English it comes from the
   * pin's popup shard, loaded then, and onDone() runs once it is in place.
   */
  function nameOf(rec, onDone) {
    var vi = rec.p.name_vi || rec.id;
    if (rec.p.name_en || app.lang !== "en") return bi(vi, rec.p.name_en || "…");
    var node = bi(vi, "…");
    BA.data.details(rec.id, function (d) {
      var en = (d && d.p && d.p.name_en) || vi;
      rec.p.name_en = en;
      node.querySelector(".en").textContent = en;
      if (onDone) onDone();
    });
    return node;
  }

  /** A pin's hover text: its name in the reader's language. */
  function tooltip(rec, leaflet) {
    return nameOf(rec, function () {
      var tip = leaflet.getTooltip && leaflet.getTooltip();
      if (tip && tip.isOpen && tip.isOpen()) tip.update();
    });
  }

  /** "Also at this spot: …": the other pins drawn where this one is, as links. */
  function spotList(box, id) {
    var others = BA.hash.mates(id);
    if (!others.length) return;
    var line = el("p", { className: "ba-spot" }, [bi("Cùng vị trí (" + others.length + "): ", "Also at this spot (" + others.length + "): ")]);
    others.forEach(function (r, i) {
      if (i) line.appendChild(document.createTextNode(", "));
      line.appendChild(el("a", { href: "#" + r.id, className: "ba-link", "data-target": r.id }, [nameOf(r)]));
    });
    var after = box.querySelector(".ba-en");
    box.insertBefore(line, after ? after.nextSibling : box.firstChild);
  }

  /** done(record) once a feature's popup shard and the archive's counts (if any) have loaded. */
  function details(id, done) {
    var left = 2;
    var rec = null;
    function one() {
      if (--left === 0) done(rec);
    }
    BA.data.details(id, function (d) {
      rec = d;
      one();
    });
    BA.sparkline.ensure(id, one);
  }

  /** Open the popup of feature id at latlng once its content has loaded. */
  function open(id, latlng) {
    details(id, function (d) {
      if (!d) return BA.hash.notFound(id);
      if (panel) panel.hidden = true;
      var how = mode();
      if (popup && popup.baMode !== how) {
        app.map.closePopup(popup);
        popup = null;
      }
      if (!popup) {
        popup = L.popup(options(how));
        popup.baMode = how;
        var mine = popup;
        app.map.on("popupclose", function (ev) {
          if (ev.popup !== mine || popup !== mine) return;
          document.body.classList.remove("ba-side-open", "ba-sheet-open");
          grow(mine, false);
          mark(null);
          var was = app.openId;
          app.openId = null;
          if (was && window.location.hash === "#" + was) BA.hash.setHash(null);
          restoreFocus(mine);
        });
      }
      returnTo = lastOutside || returnTo;
      var content = card(d);
      spotList(content, id);
      popup.setLatLng(latlng).setContent(content);
      if (app.map.hasLayer(popup)) popup.update();
      else popup.openOn(app.map);
      asDialog(popup);
      if (how === "sheet") growable(popup);
      focusInto(popup);
      document.body.classList.toggle("ba-side-open", how === "side");
      // On a phone the title card folds to its title while a sheet is open (app.css),
      // before the pin is placed in what the controls leave uncovered.
      document.body.classList.toggle("ba-sheet-open", how !== "popup");
      if (how !== "popup") clearOfSheet(how, latlng);
      // A sheet has no tip pointing at its pin: a ring marks which one is open.
      mark(how === "popup" ? null : latlng);
      app.openId = id;
      BA.hash.setHash(id);
    });
  }

  /**
   * A sheet along the bottom of an upright phone keeps to the lower part of the screen,
   * under the pin it belongs to: a long one (Lào Cai province has 41 facts) is read in
   * that strip unless the reader grows it. Its handle, a button at its top (aria-expanded,
   * keyboard-operable), grows it to most of the screen and back; the map moves the pin
   * into what the grown sheet and the controls leave uncovered.
   */
  function growable(p) {
    var node = p.getElement();
    if (!node || node.querySelector(".ba-sheet-grow")) return;
    var handle = el("button", { type: "button", className: "ba-sheet-grow", "aria-expanded": "false", "aria-label": "Mở rộng / Expand", title: "Mở rộng / Expand" }, [el("span", { className: "ba-sheet-bar", "aria-hidden": "true" })]);
    handle.addEventListener("click", function () {
      grow(p, handle.getAttribute("aria-expanded") !== "true");
    });
    node.insertBefore(handle, node.firstChild);
  }

  /** Grow a sheet (or shrink it back: full false) and bring its pin into sight. */
  function grow(p, full) {
    var node = p.getElement();
    var handle = node && node.querySelector(".ba-sheet-grow");
    if (!handle) return;
    handle.setAttribute("aria-expanded", full ? "true" : "false");
    node.classList.toggle("ba-sheet-full", full);
    // the controls it would cover give way, out of sight and out of the Tab order (app.css)
    document.body.classList.toggle("ba-sheet-grown", full);
    if (app.map.hasLayer(p) && p.getLatLng()) {
      clearOfSheet("sheet", p.getLatLng());
      mark(p.getLatLng());
    }
  }

  /**
   * To a screen reader the popup is a dialog named by its heading, and its close
   * button (Leaflet's, named "Close popup" in English only) speaks both languages.
   */
  function asDialog(p) {
    var node = p.getElement();
    var heading = node && node.querySelector(".ba-name");
    if (!heading) return;
    heading.id = "ba-popup-name";
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-labelledby", heading.id);
    var close = node.querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", "Đóng / Close");
      close.setAttribute("title", "Đóng / Close");
    }
  }

  /**
   * Keyboard and screen-reader users land in the popup when it opens (on its heading,
   * without scrolling the map) and go back where they were when it closes.
   */
  function focusInto(p) {
    var heading = p.getElement() && p.getElement().querySelector(".ba-name");
    // Not for a link opened on page load: the reader has not used the page yet.
    if (!heading || !lastOutside) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }

  function restoreFocus(p) {
    var node = p.getElement();
    var active = document.activeElement;
    var lost = !active || active === document.body || (node && node.contains(active));
    if (lost) focusBack(returnTo);
    returnTo = null;
  }

  /**
   * Give the focus back to where it was; if that is now hidden (an entry of "what is
   * here", whose list closed as the popup opened), to the button that opens what hides it.
   */
  function focusBack(node) {
    if (!node || !document.contains(node)) return;
    if (node.getClientRects().length) return node.focus({ preventScroll: true });
    for (var n = node.parentElement; n && n !== document.body; n = n.parentElement) {
      var opener = n.id && document.querySelector('[aria-controls="' + n.id + '"]');
      if (opener && opener.getClientRects().length) return opener.focus({ preventScroll: true });
    }
  }

  /** Escape closes the popup or the panel wherever the focus is. */
  function onKey(ev) {
    if (ev.key !== "Escape") return;
    if (ev.target && ev.target.closest && ev.target.closest("dialog")) return; // the dialog's own
    if (popup && app.map.hasLayer(popup)) app.map.closePopup(popup);
    else if (panel && !panel.hidden) closePanel();
  }

  function closePanel() {
    panel.hidden = true;
    app.openId = null;
    BA.hash.setHash(null);
    focusBack(returnTo);
    returnTo = null;
  }

  /** A feature an article names but nobody could locate: its card in a side panel. */
  function openPanel(id) {
    details(id, function (d) {
      if (!d) return BA.hash.notFound(id);
      app.map.closePopup();
      panel.textContent = "";
      var close = el("button", { type: "button", className: "ba-close", "aria-label": "Đóng / Close", text: "×" });
      close.addEventListener("click", closePanel);
      panel.appendChild(close);
      panel.appendChild(el("p", { className: "ba-unlocated" }, [bi("Chưa xác định được vị trí trên bản đồ.", "Not located on the map.")]));
      returnTo = lastOutside || returnTo;
      panel.appendChild(card(d));
      panel.hidden = false;
      var heading = panel.querySelector(".ba-name");
      heading.setAttribute("tabindex", "-1");
      if (lastOutside) heading.focus({ preventScroll: true });
      app.openId = id;
      BA.hash.setHash(id);
    });
  }

  function setup() {
    panel = el("aside", { className: "ba-panel", id: "ba-panel", hidden: true });
    document.body.appendChild(panel);
    document.addEventListener("keydown", onKey);
    // The last control focused outside the popup and the panel (the search box blurs
    // itself before it opens a result, so the focus at opening time is not enough).
    document.addEventListener("focusin", function (ev) {
      var node = popup && popup.getElement();
      if (panel.contains(ev.target) || (node && node.contains(ev.target))) return;
      lastOutside = ev.target;
    });
  }

  BA.popups = { card: card, open: open, openPanel: openPanel, setup: setup, layerTitle: layerTitle, tooltip: tooltip, sightPoint: sightPoint };
})();
