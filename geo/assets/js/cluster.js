/*
 * cluster: a large point layer drawn from a supercluster index (vendored,
 * geo/assets/vendor/) instead of one Leaflet marker per point. Only what is in view
 * is drawn: cluster bubbles as small DOM markers, single points on the map's canvas.
 * Points that share a spot fan out in a small ring once the index stops clustering.
 */
/* global window, L, Supercluster */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var MAX_ZOOM = 16; // above this every point is drawn on its own
  var RING = 14; // pixels between points that share a spot

  function ClusterLayer(records, options) {
    this.records = records;
    this.options = options;
    this.group = L.layerGroup();
    this.drawn = {};
    this.map = null;
    this.setFilter(options.keep);
  }

  ClusterLayer.prototype = {
    setFilter: function (keep) {
      var points = [];
      var recs = this.records;
      for (var i = 0; i < recs.length; i++) {
        if (!keep(recs[i])) continue;
        points.push({ type: "Feature", properties: { i: i }, geometry: { type: "Point", coordinates: [recs[i].latlng[1], recs[i].latlng[0]] } });
      }
      this.index = new Supercluster({ radius: 60, maxZoom: MAX_ZOOM }).load(points);
      if (this.map) this.redraw();
      return this;
    },
    onAdd: function (map) {
      this.map = map;
      this.group.addTo(map);
      map.on("moveend", this.redraw, this);
      this.redraw();
      return this;
    },
    onRemove: function (map) {
      map.off("moveend", this.redraw, this);
      map.removeLayer(this.group);
      this.map = null;
      this.drawn = {};
    },
    redraw: function () {
      var map = this.map;
      if (!map) return;
      var b = map.getBounds().pad(0.2);
      var zoom = Math.round(map.getZoom());
      var west = Math.max(-180, b.getWest());
      var east = Math.min(180, b.getEast());
      var items = this.index.getClusters([west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())], zoom);
      var self = this;
      this.group.clearLayers();
      this.drawn = {};
      var spots = {};
      items.forEach(function (item) {
        if (!item.properties.cluster) {
          var key = item.geometry.coordinates.join(",");
          (spots[key] = spots[key] || []).push(item);
          return;
        }
        var count = item.properties.point_count;
        var size = count < 100 ? "s" : count < 1000 ? "m" : "l";
        var latlng = L.latLng(item.geometry.coordinates[1], item.geometry.coordinates[0]);
        var marker = L.marker(latlng, {
          icon: L.divIcon({ className: "ba-cluster ba-cluster-" + size, html: BA.dom.el("span", { text: String(count) }), iconSize: [34, 34] }),
          keyboard: false,
        });
        marker.on("click", function () {
          map.setView(latlng, Math.min(self.index.getClusterExpansionZoom(item.properties.cluster_id), MAX_ZOOM + 1));
        });
        self.group.addLayer(marker);
      });
      Object.keys(spots).forEach(function (key) {
        var list = spots[key];
        list.forEach(function (item, k) {
          var rec = self.records[item.properties.i];
          var latlng = L.latLng(rec.latlng);
          if (list.length > 1) {
            var angle = (2 * Math.PI * k) / list.length;
            var radius = RING * Math.max(1, list.length / 6);
            var pt = map.project(latlng, zoom).add([radius * Math.cos(angle), radius * Math.sin(angle)]);
            latlng = map.unproject(pt, zoom);
          }
          var marker = BA.layers.marker(latlng, self.options.style(rec));
          self.options.bind(rec, marker);
          self.drawn[rec.id] = marker;
          self.group.addLayer(marker);
        });
      });
    },
    /** Zoom until a point is drawn on its own, then call done(marker). */
    reveal: function (id, done) {
      var rec = null;
      for (var i = 0; i < this.records.length; i++) {
        if (this.records[i].id === id) {
          rec = this.records[i];
          break;
        }
      }
      if (!rec || !this.map) return done(null);
      this.map.setView(rec.latlng, Math.max(this.map.getZoom(), MAX_ZOOM + 1), { animate: false });
      this.redraw();
      done(this.drawn[id] || null);
    },
  };

  BA.cluster = {
    MAX_ZOOM: MAX_ZOOM,
    layer: function (records, options) {
      var Layer = L.Layer.extend(ClusterLayer.prototype);
      var layer = new Layer();
      ClusterLayer.call(layer, records, options);
      return layer;
    },
  };
})();
