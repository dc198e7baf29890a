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
    // The map takes the focus (its keys pan and zoom): a named region that says so,
    // not a nameless box.
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Bản đồ: phím mũi tên để di chuyển, + và − để phóng to / Map: arrow keys pan, + and − zoom");
    return main;
  }

  /**
   * The zoom buttons: top left above the title card, or, on a screen too low for the
   * left-hand column (a phone held sideways), top right under the layers button. They
   * were hidden there, which left a pinch, a gesture of two fingers, as the only way
   * to zoom out by touch (WCAG 2.5.1).
   */
  function placeZoom(map) {
    var zoom = map.zoomControl;
    if (!zoom) return;
    var where = window.innerHeight < 480 ? "topright" : "topleft";
    if (zoom.getPosition() === where) return;
    zoom.setPosition(where);
    // Leaflet appends a control to a top corner: at the top left it goes first again.
    var node = zoom.getContainer();
    if (where === "topleft") node.parentNode.insertBefore(node, node.parentNode.firstChild);
  }

  /**
   * Skip links, the first stops of the Tab key (shown when focused): to the search box,
   * and to the list of what is in view (every feature there, by keyboard and screen
   * reader), past the map and its controls.
   */
  function skipLinks(main) {
    var nav = el("div", { className: "ba-skips" });
    function link(target, vi, en, go) {
      var a = el("a", { className: "ba-skip", href: "#" + target }, [bi(vi, en)]);
      a.addEventListener("click", function (ev) {
        ev.preventDefault(); // the address's hash names features: leave it alone
        go();
      });
      nav.appendChild(a);
    }
    link("ba-search-q", "Đến ô tìm kiếm", "Skip to search", function () {
      document.getElementById("ba-search-q").focus();
    });
    link("ba-here", "Danh sách đối tượng trong khung nhìn", "List what is in view", function () {
      var btn = document.querySelector(".ba-here-btn");
      if (btn.getAttribute("aria-expanded") !== "true") btn.click();
      else (document.querySelector("#ba-here button") || btn).focus();
    });
    main.insertBefore(nav, main.firstChild);
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
    // Reduced motion: the map stops where the finger leaves it, without gliding on
    // (Leaflet reads the option at each drag's end; zooms are in app.css).
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) map.options.inertia = false;
    BA.keys.setup(map);
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
    placeZoom(map);
    // Leaflet names its zoom buttons in English only; every other control speaks both.
    [
      [".leaflet-control-zoom-in", "Phóng to / Zoom in"],
      [".leaflet-control-zoom-out", "Thu nhỏ / Zoom out"],
    ].forEach(function (pair) {
      var button = map.getContainer().querySelector(pair[0]);
      if (!button) return;
      button.setAttribute("title", pair[1]);
      button.setAttribute("aria-label", pair[1]);
    });
    window.addEventListener("resize", function () {
      placeZoom(map);
    });
    if (!app.embed) skipLinks(main);

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
