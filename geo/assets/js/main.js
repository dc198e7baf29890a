/*
 * main: BorderAtlas.start(map, options), called by the page once folium has made the
 * map: builds the layers from the loaded data, then the controls, and opens the
 * feature the address names.
 */
/* global window, document, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;
  var el = BA.dom.el;
  var bi = BA.dom.bi;

  /**
   * The map and its controls in a <main> landmark, so that screen-reader users can
   * jump to it and nothing on the page sits outside a landmark. Returns the landmark.
   */
  function landmark(map) {
    var container = map.getContainer();
    var main = el("main", { className: "ba-main" });
    container.parentNode.insertBefore(main, container);
    main.appendChild(container);
    return main;
  }

  /** The basemap's tile layer, added by the app (the page's folium map has none) once the
   * view is fitted, so that fitting the view does not reset it. */
  function tiles(map, conf) {
    return L.tileLayer(conf.url, { attribution: conf.attribution, maxZoom: conf.max_zoom }).addTo(map);
  }

  function start(map, options) {
    app.cfg = options.config;
    app.map = map;
    var main = landmark(map);
    BA.layers.build();
    document.body.classList.toggle("ba-embed", app.embed);
    map.fitBounds(app.cfg.bounds, { animate: false });
    // The tiles once the view is set: fitBounds has no tile grid to reset.
    tiles(map, app.cfg.tiles);
    app.cfg.layers.forEach(function (c) {
      BA.layers.setVisible(c.name, c.visible);
    });

    var ctl = BA.controls;
    ctl.control("topleft", "ba-head", BA.about.build);
    ctl.control("topleft", "ba-search", BA.search.build);
    ctl.control("topleft", "ba-tools", ctl.tools);
    ctl.control("topright", "ba-layers", ctl.layerControl);
    ctl.control("bottomleft", "ba-year", BA.year.build);
    if (!app.embed) ctl.control("bottomright", "ba-minimap-ctl", ctl.minimap);
    ctl.control("bottomright", "ba-legend", ctl.legend);
    ctl.labels();

    BA.popups.setup();
    main.appendChild(el("div", { id: "ba-message", className: "ba-message", role: "status", hidden: true }));
    if (app.embed) {
      var full = el("a", { className: "ba-full-map", target: "_blank", rel: "noopener", href: BA.hash.permalink("") }, [bi("Mở bản đồ đầy đủ ↗", "Open full map ↗")]);
      main.appendChild(full);
      var update = function () {
        full.href = BA.hash.permalink(window.location.hash.replace(/^#/, ""));
      };
      window.addEventListener("hashchange", update);
      update();
    }
    BA.lang.set(BA.lang.fromSearch(window.location.search));
    map.attributionControl.addAttribution(app.cfg.tiles.data);
    ctl.watchTiles();
    window.addEventListener("hashchange", BA.hash.onHash);
    BA.hash.onHash();
    document.body.setAttribute("data-ready", "true");
    BA.search.preload(); // once the map has settled: nothing first render needs
  }

  /** What the reader sees, for tests and debugging: read-only. */
  function state() {
    return {
      open: app.openId,
      layers: BA.layers.visibleNames(),
      shown: BA.layers.shown(),
      abroad: BA.layers.abroad(),
      year: BA.year.filter.on ? BA.year.filter.year : null,
      zoom: app.map.getZoom(),
      lang: app.lang,
      embed: app.embed,
      offline: document.body.classList.contains("ba-offline"),
    };
  }

  BA.start = start;
  BA.state = state;
  BA.show = function (id) {
    BA.hash.show(id);
  };
  BA.fold = BA.text.fold;
  /** The features by id with their Leaflet layers (tests and debugging). */
  BA._features = BA.layers.records;
})();
