/*
 * controls: the grouped layer control, the legend (from the schema, only what the map
 * shows), fullscreen and language buttons, the minimap and the offline basemap.
 */
/* global window, document, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;
  var el = BA.dom.el;
  var bi = BA.dom.bi;

  function control(position, className, build) {
    var Ctl = L.Control.extend({
      onAdd: function () {
        var node = L.DomUtil.create("div", "leaflet-control ba-control " + className);
        L.DomEvent.disableClickPropagation(node);
        L.DomEvent.disableScrollPropagation(node);
        build(node);
        return node;
      },
    });
    var ctl = new Ctl({ position: position });
    ctl.addTo(app.map);
    return ctl;
  }

  function narrow() {
    return app.embed || window.innerWidth < 640 || window.innerHeight < 480;
  }

  function layerControl(node) {
    var cfg = app.cfg;
    var toggle = el("button", { type: "button", className: "ba-toggle", "aria-expanded": "true", title: "Lớp / Layers", "aria-label": "Lớp bản đồ / Layers" });
    toggle.appendChild(BA.dom.icon("M12 3l9 5-9 5-9-5 9-5zM3 13l9 5 9-5M3 17l9 5 9-5"));
    var body = el("div", { className: "ba-layers-body" });
    toggle.addEventListener("click", function () {
      var open = node.classList.toggle("ba-collapsed") === false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    body.appendChild(el("div", { className: "ba-title" }, [bi("Lớp bản đồ", "Layers")]));
    cfg.groups.forEach(function (group) {
      var members = cfg.layers.filter(function (c) {
        return c.group === group.value && c.name !== "countries";
      });
      if (!members.length) return;
      var fs = el("fieldset", { className: "ba-group", "data-group": group.value }, [el("legend", {}, [bi(group.label_vi, group.label_en)])]);
      members.forEach(function (c) {
        var box = el("input", { type: "checkbox", "data-layer": c.name });
        box.checked = BA.layers.isVisible(c.name);
        box.addEventListener("change", function () {
          BA.layers.setVisible(c.name, box.checked);
        });
        fs.appendChild(el("label", { className: "ba-check" }, [box, bi(c.title_vi, c.title_en)]));
        if (c.name === "localities" && group.value === "partners") {
          var abroad = el("input", { type: "checkbox", "data-layer": "abroad" });
          abroad.checked = BA.layers.abroad();
          abroad.addEventListener("change", function () {
            BA.layers.setAbroad(abroad.checked);
          });
          fs.appendChild(el("label", { className: "ba-check ba-sub" }, [abroad, bi("Đối tác ở nước ngoài", "Partners abroad")]));
        }
      });
      body.appendChild(fs);
    });
    var base = el("input", { type: "checkbox", "data-layer": "countries" });
    base.checked = BA.layers.isVisible("countries");
    base.addEventListener("change", function () {
      BA.layers.setVisible("countries", base.checked);
    });
    body.appendChild(el("label", { className: "ba-check ba-basemap" }, [base, bi("Nền ngoại tuyến (Natural Earth)", "Offline basemap (Natural Earth)")]));
    node.appendChild(toggle);
    node.appendChild(body);
    if (narrow()) {
      // Folded behind its button, which stays on screen while the list is open; a tap
      // on the map or Escape folds it again.
      node.classList.add("ba-narrow", "ba-collapsed");
      toggle.setAttribute("aria-expanded", "false");
      var fold = function () {
        if (node.classList.contains("ba-collapsed")) return false;
        node.classList.add("ba-collapsed");
        toggle.setAttribute("aria-expanded", "false");
        return true;
      };
      app.map.on("click", fold);
      document.addEventListener("keydown", function (ev) {
        if (ev.key !== "Escape") return;
        var inside = node.contains(document.activeElement);
        if (fold() && inside) toggle.focus();
      });
    }
  }

  function swatch(conf, cat, status) {
    var point = conf.geometry === "Point";
    var area = /Polygon$/.test(conf.geometry || "");
    var hollow = status && app.cfg.notYetBuilt.indexOf(status) >= 0;
    var colour = cat ? cat.colour : "#444";
    var shape = point ? "ba-sw-point" : area ? "ba-sw-area" : "ba-sw-line";
    var s = el("span", { className: "ba-swatch " + shape + (hollow ? " ba-sw-hollow" : "") });
    if (area) {
      s.style.background = colour;
      return s;
    }
    if (point) {
      s.style.background = hollow ? "transparent" : colour;
      s.style.borderColor = colour;
    } else {
      s.style.borderTopColor = colour;
      s.style.borderTopStyle = status === "planned" ? "dashed" : status === "proposed" ? "dotted" : "solid";
    }
    return s;
  }

  function legend(node) {
    var cfg = app.cfg;
    var details = el("details", { open: !narrow() });
    details.appendChild(el("summary", {}, [bi("Chú giải", "Legend")]));
    cfg.layers.forEach(function (c) {
      if (c.name === "countries" || !c.categories.length) return;
      var sec = el("div", { className: "ba-legend-layer", "data-legend-layer": c.name }, [el("div", { className: "ba-legend-title" }, [bi(c.title_vi, c.title_en)])]);
      c.categories.forEach(function (cat) {
        if (c.present.indexOf(cat.value) < 0) return; // only what the map shows
        sec.appendChild(el("div", { className: "ba-legend-item", "data-category": cat.value }, [swatch(c, cat, null), bi(cat.label_vi, cat.label_en)]));
      });
      details.appendChild(sec);
    });
    var st = el("div", { className: "ba-legend-layer", "data-legend-layer": "status" }, [el("div", { className: "ba-legend-title" }, [bi("Tình trạng", "Status")])]);
    cfg.statuses.forEach(function (s) {
      if (s.value === "held") return;
      st.appendChild(
        el("div", { className: "ba-legend-item", "data-status": s.value }, [swatch({ geometry: "LineString" }, null, s.value), swatch({ geometry: "Point" }, null, s.value), bi(s.label_vi, s.label_en)])
      );
    });
    details.appendChild(st);
    node.appendChild(details);
  }

  function tools(node) {
    var full = el("button", { type: "button", className: "ba-btn ba-fullscreen", title: "Toàn màn hình / Fullscreen", "aria-label": "Toàn màn hình / Fullscreen" });
    full.appendChild(BA.dom.icon("M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"));
    full.addEventListener("click", function () {
      var target = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (target.requestFullscreen) target.requestFullscreen();
    });
    var langBtn = el("button", { type: "button", className: "ba-btn ba-lang", title: "Tiếng Việt / English", "aria-label": "EN – English", text: "EN" });
    langBtn.addEventListener("click", function () {
      BA.lang.set(app.lang === "vi" ? "en" : "vi");
    });
    node.appendChild(full);
    node.appendChild(langBtn);
  }

  function minimap(node) {
    node.classList.add("ba-minimap");
    var host = el("div", { className: "ba-minimap-map" });
    node.appendChild(host);
    setTimeout(function () {
      var map = app.map;
      var mini = L.map(host, { attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false });
      var tiles = L.tileLayer(app.cfg.tiles.url, { maxZoom: 10 });
      tiles.addTo(mini);
      var shapes = null;
      tiles.on("tileerror", function () {
        BA.layers.whenLoaded("countries", function () {
          var countries = BA.layers.object("countries");
          if (!shapes && countries) {
            shapes = L.geoJSON(countries.toGeoJSON(), {
              style: function () {
                return { color: "#b9b3a3", weight: 1, fillColor: "#f2efe6", fillOpacity: 1 };
              },
              interactive: false,
            });
          }
          if (shapes && !mini.hasLayer(shapes)) shapes.addTo(mini);
        });
      });
      var box = L.rectangle(map.getBounds(), { color: "#c0392b", weight: 1.5, fill: false, interactive: false }).addTo(mini);
      function sync() {
        mini.setView(map.getCenter(), Math.max(map.getZoom() - 5, 1), { animate: false });
        box.setBounds(map.getBounds());
      }
      map.on("moveend zoomend", sync);
      sync();
    }, 0);
  }

  /** When tiles cannot load, draw Natural Earth's countries as the basemap. */
  function watchTiles() {
    var tileLayer = null;
    app.map.eachLayer(function (layer) {
      if (layer instanceof L.TileLayer) tileLayer = layer;
    });
    if (!tileLayer) return;
    var loaded = false;
    var offline = false;
    var tiles = app.cfg.tiles;
    function goOffline() {
      if (loaded || offline) return;
      offline = true;
      // Credit what is drawn: Natural Earth, not the tiles that never came.
      app.map.attributionControl.removeAttribution(tiles.attribution);
      app.map.attributionControl.addAttribution(tiles.offline);
      document.body.classList.add("ba-offline");
      if (!BA.layers.isVisible("countries")) BA.layers.setVisible("countries", true);
    }
    tileLayer.on("tileload", function () {
      loaded = true;
      if (!offline) return;
      // Tiles came after all: credit them again.
      offline = false;
      app.map.attributionControl.removeAttribution(tiles.offline);
      app.map.attributionControl.addAttribution(tiles.attribution);
      document.body.classList.remove("ba-offline");
    });
    tileLayer.on("tileerror", goOffline);
    // Tiles that hang (no answer at all) fail no request: give them a few seconds.
    setTimeout(goOffline, tiles.patience_ms);
  }

  BA.controls = { control: control, layerControl: layerControl, legend: legend, tools: tools, minimap: minimap, watchTiles: watchTiles, swatch: swatch };
})();
