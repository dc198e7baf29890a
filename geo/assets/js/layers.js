/*
 * layers: styles, the Leaflet layers made from the first-render data, visibility and
 * the filters (year, partners abroad) that put features in or out of them.
 */
/* global window, document, L */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;

  var byId = {}; // id -> record {id, layer, p, latlng|geometry, leaflet, parent, on}
  var byLayer = {}; // layer name -> [records]
  var objects = {}; // layer name -> Leaflet layer added to the map
  var confs = {};
  var visible = {};
  var abroadOn = false;

  function conf(name) {
    return confs[name];
  }

  function category(layerName, field, value) {
    var c = confs[layerName];
    var cats = (c && c.fields && c.fields[field]) || [];
    for (var i = 0; i < cats.length; i++) if (cats[i].value === value) return cats[i];
    return null;
  }

  function statusOf(value) {
    var list = (app.cfg && app.cfg.statuses) || [];
    for (var i = 0; i < list.length; i++) if (list[i].value === value) return list[i];
    return { value: value, label_vi: value, label_en: value };
  }

  function colourOf(layerName, props) {
    var c = confs[layerName];
    if (!c || !c.style_field) return "#555";
    var cat = category(layerName, c.style_field, props[c.style_field]);
    if (!cat) {
      var cats = c.categories || [];
      for (var i = 0; i < cats.length; i++) if (cats[i].value === props[c.style_field]) return cats[i].colour;
    }
    return cat ? cat.colour : "#555";
  }

  function notYetBuilt(props) {
    return app.cfg.notYetBuilt.indexOf(props.status) >= 0;
  }

  var RADIUS = { province: 9, prefecture: 8, city: 7, town: 6, district: 6 };

  /**
   * Corners of a pin's shape around (x, y), for a pin of radius r: the same shapes as
   * the QGIS styles (schema Layer.marker). A circle has none (it is drawn as an arc).
   * Sizes keep the areas close to the circle's, so no shape looks heavier.
   */
  function shapePoints(shape, x, y, r) {
    if (shape === "square") {
      var h = r * 0.89;
      return [[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h]];
    }
    if (shape === "diamond") {
      var d = r * 1.25;
      return [[x, y - d], [x + d, y], [x, y + d], [x - d, y]];
    }
    if (shape === "triangle") {
      var t = r * 1.35; // centred on its centroid
      return [[x, y - t], [x + t * 0.866, y + t * 0.5], [x - t * 0.866, y + t * 0.5]];
    }
    return [];
  }

  /** A circle marker drawn as its layer's shape on the map's canvas (made on first use). */
  var ShapeMarker = null;
  var shapeMethods = {
    _updatePath: function () {
      var renderer = this._renderer;
      var corners = shapePoints(this.options.shape, 0, 0, 1);
      if (!renderer._ctx || !corners.length) return renderer._updateCircle(this);
      if (!renderer._drawing || this._empty()) return;
      var ctx = renderer._ctx;
      var p = this._point;
      var pts = shapePoints(this.options.shape, p.x, p.y, Math.max(Math.round(this._radius), 1));
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (var i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
      ctx.closePath();
      renderer._fillStroke(ctx, this);
    },
  };

  function marker(latlng, options) {
    if (!ShapeMarker) ShapeMarker = L.CircleMarker.extend(shapeMethods);
    return new ShapeMarker(latlng, options);
  }

  /** Leaflet path options of a line or area. */
  function style(layerName, props) {
    var colour = colourOf(layerName, props);
    if (layerName === "countries") return { color: "#b9b3a3", weight: 1, fillColor: colour, fillOpacity: 1 };
    if (layerName === "partner_counties") {
      return { color: "#a6611a", weight: 1, dashArray: "4 3", fillColor: colour, fillOpacity: 0.35 };
    }
    if (layerName === "border") return { color: colour, weight: 2.5, dashArray: "12 4 2 4", opacity: 0.9 };
    if (layerName === "partnerships") {
      // Light and thin under the pins until hovered: the first view is not a tangle.
      return { color: colour, weight: 2, opacity: (conf(layerName) && conf(layerName).opacity) || 0.55, dashArray: app.cfg.lineDash[props.status] || null, lineCap: "round" };
    }
    var weight = layerName === "corridor" ? 7 : layerName === "crossings" ? 5 : 3;
    return {
      color: colour,
      weight: weight,
      opacity: layerName === "corridor" ? 0.45 : 0.9,
      dashArray: app.cfg.lineDash[props.status] || null,
      lineCap: "round",
    };
  }

  /** A partnership line stands out while hovered or focused by its popup. */
  var HIGHLIGHT = { weight: 4, opacity: 1 };

  /** Lines drawn under every pin, back to front (all share the map's canvas). */
  var UNDER_PINS = ["corridor", "border", "partnerships", "crossings"];

  function restack() {
    for (var i = UNDER_PINS.length - 1; i >= 0; i--) {
      var obj = objects[UNDER_PINS[i]];
      if (obj && app.map.hasLayer(obj) && obj.bringToBack) obj.bringToBack();
    }
  }

  var listeners = [];
  /** Call fn() whenever what the map shows changes (layers, filters). */
  function onChange(fn) {
    listeners.push(fn);
  }
  function changed() {
    restack();
    listeners.forEach(function (fn) {
      fn();
    });
  }

  /** Leaflet circle-marker options of a point (drawn on the map's canvas). */
  function pointStyle(layerName, props) {
    var colour = colourOf(layerName, props);
    var hollow = notYetBuilt(props);
    var gate = layerName === "border_gates";
    var small = conf(layerName) && conf(layerName).cluster;
    return {
      shape: (conf(layerName) && conf(layerName).marker) || "circle",
      radius: gate ? 8 : small ? 6 : RADIUS[props.level] || 6,
      color: gate || small ? colour : "#fff",
      weight: hollow ? 3 : gate ? 2 : 1.5,
      fillColor: colour,
      fillOpacity: hollow ? 0 : 0.95,
      dashArray: hollow ? "3 3" : null,
    };
  }

  /** Hover names and the click that opens a popup. */
  function bind(rec, leaflet) {
    rec.leaflet = leaflet;
    if (rec.layer === "countries") return;
    // A node, not a string: Leaflet would parse a string as HTML.
    leaflet.bindTooltip(
      function () {
        return BA.popups.tooltip(rec, leaflet); // in the reader's language
      },
      { sticky: !rec.latlng, direction: "top" }
    );
    leaflet.on("click", function (ev) {
      BA.popups.open(rec.id, rec.latlng ? L.latLng(rec.latlng) : ev.latlng);
    });
    if (rec.layer === "partnerships") {
      leaflet.on("mouseover", function () {
        leaflet.setStyle(HIGHLIGHT);
      });
      leaflet.on("mouseout", function () {
        leaflet.setStyle(style(rec.layer, rec.p));
        restack();
      });
    }
  }

  function pane(c) {
    if (c.name === "countries") return "basemap";
    if (/Polygon$/.test(c.geometry)) return "context";
    return "overlayPane";
  }

  /** Read every layer's records from the data the page loaded; draw them later. */
  function build() {
    app.cfg.layers.forEach(function (c) {
      confs[c.name] = c;
    });
    app.cfg.layers.forEach(function (c) {
      if (BA.data.hasLayer(c.name)) read(c);
    });
    document.body.setAttribute("data-year-filter", "off");
  }

  function read(c) {
    var recs = BA.data.layerRecords(c.name);
    byLayer[c.name] = recs;
    recs.forEach(function (rec) {
      rec.on = c.context || passes(rec);
      byId[rec.id] = rec;
    });
  }

  /** Call done() once a layer's records are read (loading its data script if need be). */
  function whenLoaded(name, done) {
    if (byLayer[name]) return done();
    BA.data.ensureLayer(name, function () {
      if (!byLayer[name] && confs[name]) read(confs[name]);
      done();
    });
  }

  /** Call done() once every layer is read: to find an id whose layer is not known. */
  function loadAll(done) {
    var names = app.cfg.layers.map(function (c) {
      return c.name;
    });
    var left = names.length;
    names.forEach(function (name) {
      whenLoaded(name, function () {
        left -= 1;
        if (left === 0) done();
      });
    });
  }

  /** A layer's Leaflet object, made when it is first needed (hidden layers cost nothing). */
  function object(name) {
    if (objects[name]) return objects[name];
    var c = confs[name];
    var recs = byLayer[name];
    if (!c || !recs) return null;
    if (c.cluster) {
      objects[name] = BA.cluster.layer(recs, {
        style: function (rec) {
          return pointStyle(name, rec.p);
        },
        bind: bind,
        keep: function (rec) {
          return rec.on;
        },
      });
      return objects[name];
    }
    var group = L.featureGroup();
    recs.forEach(function (rec) {
      var leaflet;
      if (rec.latlng) {
        leaflet = marker(rec.latlng, pointStyle(name, rec.p));
      } else {
        leaflet = L.geoJSON(
          { type: "Feature", geometry: rec.geometry, properties: {} },
          { style: style(name, rec.p), pane: pane(c), interactive: name !== "countries" }
        );
      }
      bind(rec, leaflet);
      rec.parent = group;
      if (rec.on) group.addLayer(leaflet);
    });
    objects[name] = group;
    return group;
  }

  function setVisible(name, on, done) {
    visible[name] = on;
    var box = document.querySelector('input[data-layer="' + name + '"]');
    if (box) box.checked = on;
    if (!on && !byLayer[name]) return done && done(); // nothing drawn, nothing to load
    whenLoaded(name, function () {
      var obj = visible[name] ? object(name) : objects[name];
      if (obj && visible[name] && !app.map.hasLayer(obj)) app.map.addLayer(obj);
      if (obj && !visible[name] && app.map.hasLayer(obj)) app.map.removeLayer(obj);
      changed();
      if (done) done();
    });
  }

  /** Partners abroad: localities and partnerships outside VN and CN. */
  function isAbroad(props) {
    return (props.country || []).some(function (c) {
      return c !== "VN" && c !== "CN";
    });
  }

  function passes(rec) {
    return BA.year.passes(rec.p) && (abroadOn || !isAbroad(rec.p));
  }

  /** Put each feature in or out of its layer by the year filter and the abroad switch. */
  function refresh() {
    app.cfg.layers.forEach(function (c) {
      if (c.context) return;
      var recs = byLayer[c.name] || [];
      var changed = false;
      recs.forEach(function (rec) {
        var ok = passes(rec);
        if (ok !== rec.on) changed = true;
        rec.on = ok;
      });
      var obj = objects[c.name];
      if (!obj || !changed) return; // made later from rec.on, or nothing to do
      if (c.cluster) {
        obj.setFilter(function (rec) {
          return rec.on;
        });
        return;
      }
      recs.forEach(function (rec) {
        var ok = rec.on;
        var has = rec.parent.hasLayer(rec.leaflet);
        if (ok && !has) rec.parent.addLayer(rec.leaflet);
        if (!ok && has) rec.parent.removeLayer(rec.leaflet);
      });
    });
    var open = app.openId && byId[app.openId];
    if (open && !open.on) app.map.closePopup();
    changed();
    document.body.setAttribute("data-year-filter", BA.year.filter.on ? String(BA.year.filter.year) : "off");
  }

  function setAbroad(on) {
    abroadOn = on;
    refresh();
    var box = document.querySelector('input[data-layer="abroad"]');
    if (box) box.checked = on;
  }

  /** Ids of the features a reader can see, by layer (tests and debugging). */
  function shown() {
    var out = {};
    Object.keys(byLayer).forEach(function (name) {
      if (!visible[name] || !objects[name] || !app.map.hasLayer(objects[name])) return;
      var ids = byLayer[name]
        .filter(function (rec) {
          return rec.on;
        })
        .map(function (rec) {
          return rec.id;
        });
      if (ids.length) out[name] = ids.sort();
    });
    return out;
  }

  BA.layers = {
    build: build,
    conf: conf,
    category: category,
    statusOf: statusOf,
    colourOf: colourOf,
    style: style,
    pointStyle: pointStyle,
    record: function (id) {
      return byId[id] || null;
    },
    records: byId,
    object: object,
    isVisible: function (name) {
      return !!visible[name];
    },
    visibleNames: function () {
      return Object.keys(visible)
        .filter(function (k) {
          return visible[k];
        })
        .sort();
    },
    whenLoaded: whenLoaded,
    loadAll: loadAll,
    setVisible: setVisible,
    setAbroad: setAbroad,
    abroad: function () {
      return abroadOn;
    },
    isAbroad: isAbroad,
    passes: passes,
    refresh: refresh,
    shown: shown,
    shapePoints: shapePoints,
    marker: marker,
    onChange: onChange,
    byLayer: function (name) {
      return byLayer[name] || [];
    },
  };
})();
