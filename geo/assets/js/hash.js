/*
 * hash: permalinks. index.html#<id> zooms to a feature and opens its popup (on load
 * and on hash change); old ids resolve through the redirect table; opening a popup
 * puts its id in the address bar.
 */
/* global window, document, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;

  /**
   * The address of a feature: under baseUrl when the build had one, else this page's,
   * without the embed flag, in language lang (?lang=en; Vietnamese needs nothing).
   */
  function permalinkFor(id, baseUrl, href, lang) {
    var page = baseUrl ? baseUrl.replace(/\/?$/, "/") + "index.html" : String(href).split("#")[0];
    var parts = page.split("?");
    var query = (parts[1] || "").split("&").filter(function (kv) {
      return kv && !/^(embed|lang)=/.test(kv);
    });
    if (lang === "en") query.push("lang=en");
    return parts[0] + (query.length ? "?" + query.join("&") : "") + "#" + id;
  }

  function permalink(id) {
    return permalinkFor(id, (app.cfg && app.cfg.baseUrl) || "", window.location.href, app.lang);
  }

  /** After a language switch: the links on the page carry the new language. */
  function refreshLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".ba-card[data-id]"), function (card) {
      var link = permalink(card.getAttribute("data-id"));
      Array.prototype.forEach.call(card.querySelectorAll(".ba-copy"), function (b) {
        b.setAttribute("data-link", link);
      });
      Array.prototype.forEach.call(card.querySelectorAll(".ba-permalink"), function (i) {
        i.value = link;
      });
      Array.prototype.forEach.call(card.querySelectorAll("a.ba-full"), function (a) {
        a.href = link;
      });
    });
    var full = document.querySelector(".ba-full-map");
    if (full) full.href = permalink(window.location.hash.replace(/^#/, ""));
  }

  /** The current id an old or current id stands for. */
  function resolve(redirects, id) {
    return (redirects && redirects[id]) || id;
  }

  function setHash(id) {
    var url = window.location.href.split("#")[0] + (id ? "#" + id : "");
    try {
      window.history.replaceState(null, "", url);
    } catch (err) {
      // file:// pages in some browsers refuse replaceState; the hash still works
      if (id) window.location.hash = id;
    }
  }

  function unlocated(id) {
    var list = app.cfg.unlocated || [];
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function show(rawId) {
    // Ids are lower case; a link typed or pasted in another case still opens.
    var id = resolve(app.cfg.redirects, String(rawId).toLowerCase());
    if (id !== rawId) setHash(id);
    var rec = BA.layers.record(id);
    if (!rec) {
      if (unlocated(id)) return BA.popups.openPanel(id);
      // Perhaps in a layer that is hidden and not loaded yet.
      return BA.layers.loadAll(function () {
        if (BA.layers.record(id)) showRecord(id, BA.layers.record(id));
        else notFound(rawId);
      });
    }
    showRecord(id, rec);
  }

  function showRecord(id, rec) {
    // The popup's content first: moving the map requests tiles that would queue ahead.
    BA.data.details(id, function () {
      move(id, rec);
    });
  }

  /**
   * The zoom a link opens a pin at when it shares its spot with others: the region
   * stays in view (street level would fan them out around an empty street).
   */
  var SPOT_ZOOM = 11;

  /**
   * The other records drawn at exactly the spot of rec (the first-render data's 5
   * decimals), for which shown(record) is true; by id.
   */
  function spotMates(records, rec, shown) {
    if (!rec || !rec.latlng) return [];
    var out = [];
    Object.keys(records).forEach(function (key) {
      var r = records[key];
      if (r === rec || !r.latlng || r.latlng[0] !== rec.latlng[0] || r.latlng[1] !== rec.latlng[1]) return;
      if (shown(r)) out.push(r);
    });
    return out.sort(function (a, b) {
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  /** The pins a reader sees at the spot of feature id, besides it. */
  function mates(id) {
    return spotMates(BA.layers.records, BA.layers.record(id), function (r) {
      return r.on && BA.layers.isVisible(r.layer);
    });
  }

  function move(id, rec) {
    if (!BA.layers.isVisible(rec.layer)) {
      return BA.layers.setVisible(rec.layer, true, function () {
        move(id, rec);
      });
    }
    if (!BA.year.passes(rec.p)) BA.year.set(false);
    if (BA.layers.isAbroad(rec.p) && !BA.layers.abroad()) BA.layers.setAbroad(true);
    var conf = BA.layers.conf(rec.layer);
    if (conf.cluster && mates(id).length) {
      // Shared with other pins: at a regional zoom, the popup lists the others.
      app.map.setView(rec.latlng, Math.max(app.map.getZoom(), SPOT_ZOOM), { animate: false });
      BA.popups.open(id, L.latLng(rec.latlng));
      return;
    }
    if (conf.cluster) {
      BA.layers.object(rec.layer).reveal(id, function () {
        BA.popups.open(id, L.latLng(rec.latlng));
      });
      return;
    }
    if (rec.latlng) {
      app.map.setView(rec.latlng, Math.max(app.map.getZoom(), SPOT_ZOOM), { animate: false });
      BA.popups.open(id, L.latLng(rec.latlng));
    } else {
      var bounds = rec.leaflet.getBounds();
      app.map.fitBounds(bounds, { maxZoom: 12, padding: [30, 30], animate: false });
      BA.popups.open(id, bounds.getCenter());
    }
  }

  function notFound(id) {
    var box = document.getElementById("ba-message");
    box.textContent = "";
    box.appendChild(BA.dom.bi("Không tìm thấy “" + id + "”.", "Nothing found for “" + id + "”."));
    box.hidden = false;
    setTimeout(function () {
      box.hidden = true;
    }, 5000);
  }

  function onHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (id) show(id);
  }

  BA.hash = {
    permalinkFor: permalinkFor,
    permalink: permalink,
    refreshLinks: refreshLinks,
    resolve: resolve,
    setHash: setHash,
    show: show,
    notFound: notFound,
    onHash: onHash,
    spotMates: spotMates,
    mates: mates,
    SPOT_ZOOM: SPOT_ZOOM,
  };
})();
