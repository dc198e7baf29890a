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

  var SVG = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
    return node;
  }

  /**
   * A legend swatch drawn as the map draws the feature: the pin's shape (schema
   * Layer.marker) and colour, hollow when not built yet; a line with the status's dash;
   * an area's fill. Decorative: the label next to it says what it means.
   */
  function swatch(conf, cat, status) {
    var point = conf.geometry === "Point";
    var area = /Polygon$/.test(conf.geometry || "");
    var hollow = status && app.cfg.notYetBuilt.indexOf(status) >= 0;
    var colour = cat ? cat.colour : "#444";
    var shape = point ? "ba-sw-point" : area ? "ba-sw-area" : "ba-sw-line";
    if (area) {
      var s = el("span", { className: "ba-swatch " + shape, "aria-hidden": "true" });
      s.style.background = colour;
      return s;
    }
    var svg = svgEl("svg", { class: "ba-swatch " + shape + (hollow ? " ba-sw-hollow" : ""), width: point ? 16 : 28, height: 16, viewBox: point ? "0 0 16 16" : "0 0 28 16", "aria-hidden": "true", "data-colour": colour });
    if (point) {
      var attrs = { fill: hollow ? "none" : colour, stroke: colour, "stroke-width": hollow ? 2 : 1, "stroke-dasharray": hollow ? "2 2" : null };
      var corners = BA.layers.shapePoints(conf.marker, 8, 8, 5.5);
      if (corners.length) {
        attrs.points = corners.map(function (c) {
          return c[0].toFixed(1) + "," + c[1].toFixed(1);
        }).join(" ");
        svg.appendChild(svgEl("polygon", attrs));
      } else {
        attrs.cx = 8;
        attrs.cy = 8;
        attrs.r = 5.5;
        svg.appendChild(svgEl("circle", attrs));
      }
      return svg;
    }
    var width = conf.name === "corridor" ? 6 : conf.name === "crossings" ? 4 : 3;
    svg.appendChild(
      svgEl("line", { x1: 2, y1: 8, x2: 26, y2: 8, stroke: colour, "stroke-width": width, "stroke-linecap": "round", "stroke-opacity": conf.opacity && conf.opacity < 1 ? Math.max(conf.opacity, 0.7) : null, "stroke-dasharray": (status && app.cfg.lineDash[status]) || (conf.name === "border" ? "8 3 2 3" : null) })
    );
    return svg;
  }

  /** The bounding box [south, west, north, east] of a GeoJSON geometry (cached on rec). */
  function bbox(rec) {
    if (rec.bbox) return rec.bbox;
    var b = [90, 180, -90, -180];
    (function walk(c) {
      if (typeof c[0] === "number") {
        b = [Math.min(b[0], c[1]), Math.min(b[1], c[0]), Math.max(b[2], c[1]), Math.max(b[3], c[0])];
        return;
      }
      for (var i = 0; i < c.length; i++) walk(c[i]);
    })(rec.geometry.coordinates);
    rec.bbox = b;
    return b;
  }

  /** Values of a layer's style field among the features shown in the current view. */
  /** Whether a record is shown (its filters pass) and lies in, or crosses, the view. */
  function inView(rec, view) {
    if (!rec.on) return false;
    if (rec.latlng) return view.contains(rec.latlng);
    if (!rec.geometry) return false;
    var b = bbox(rec);
    return view.intersects(L.latLngBounds([b[0], b[1]], [b[2], b[3]]));
  }

  /** The layers a reader reads features from: visible, with categories (not context). */
  function readLayers() {
    return app.cfg.layers.filter(function (c) {
      return c.name !== "countries" && c.categories.length && BA.layers.isVisible(c.name);
    });
  }

  function presentInView(c) {
    var field = c.style_field;
    var view = app.map.getBounds().pad(0.05);
    var found = {};
    BA.layers.byLayer(c.name).forEach(function (rec) {
      if (!found[rec.p[field]] && inView(rec, view)) found[rec.p[field]] = true;
    });
    return found;
  }

  /**
   * Which of the legend's automatic sections to fold: those at the bottom first, until the
   * legend (height, all open; heights: each section's list of items) fits in room
   * beside the minimap (miniHeight, null without one). If even with every section
   * folded it does not, the minimap gives way and the first sections open again as far
   * as there is room. Returns {open: [bool per section], hideMini}.
   */
  function legendFolds(height, heights, room, miniHeight) {
    var open = heights.map(function () {
      return true;
    });
    var mini = miniHeight === null ? 0 : miniHeight;
    for (var i = heights.length - 1; i >= 0 && height > room - mini; i--) {
      open[i] = false;
      height -= heights[i];
    }
    if (miniHeight === null || height + mini <= room || !heights.length) return { open: open, hideMini: false };
    for (var k = 0; k < heights.length && height + heights[k] <= room; k++) {
      open[k] = true;
      height += heights[k];
    }
    return { open: open, hideMini: true };
  }

  /** The least gap between the layer list and the legend under it, px. */
  var LEGEND_GAP = 4;

  /** Which legend sections the reader opened or closed (the rest fold to fit). */
  var chosen = {};

  function section(name, title, items, open, onToggle) {
    var listId = "ba-legend-" + name;
    var button = el("button", { type: "button", className: "ba-legend-title", "aria-expanded": open ? "true" : "false", "aria-controls": listId }, [el("span", { className: "ba-chevron", "aria-hidden": "true" }), title]);
    // A list to a screen reader ("list, 4 items"), not one run of words.
    var list = el("div", { id: listId, className: "ba-legend-items", role: "list", hidden: !open }, items);
    button.addEventListener("click", function () {
      var now = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", now ? "true" : "false");
      list.hidden = !now;
      // the reader's choice: fitting the legend leaves this section as it is
      button.parentNode.setAttribute("data-auto", "false");
      onToggle(now);
    });
    return el("div", { className: "ba-legend-layer", "data-legend-layer": name }, [button, list]);
  }

  function setSection(sec, open) {
    sec.querySelector(".ba-legend-title").setAttribute("aria-expanded", open ? "true" : "false");
    sec.querySelector(".ba-legend-items").hidden = !open;
  }

  /**
   * The legend follows the map: a section per visible layer with the categories shown
   * in view, the status key and (with clustered layers) the cluster bubble, always.
   * Sections fold (buttons with aria-expanded) rather than scroll: those the reader
   * did not open fold from the bottom until the legend fits beside the other controls.
   */
  function legend(node) {
    var cfg = app.cfg;
    var small = narrow();
    var toggle = el("button", { type: "button", className: "ba-legend-toggle", "aria-expanded": small ? "false" : "true", "aria-controls": "ba-legend-body" }, [el("span", { className: "ba-chevron", "aria-hidden": "true" }), bi("Chú giải", "Legend")]);
    var body = el("div", { id: "ba-legend-body", className: "ba-legend-body", hidden: small });
    node.appendChild(toggle);
    node.appendChild(body);

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
      if (open) fit();
    }
    // Whether the reader opened the legend (it stays open), and whether it folded itself
    // for want of room (it opens again when there is room).
    var readerOpened = false;
    var autoFolded = false;
    toggle.addEventListener("click", function () {
      var open = body.hidden;
      readerOpened = open;
      autoFolded = false;
      setOpen(open);
      // On a phone the legend and a popup share the screen: one at a time.
      if (open && small) app.map.closePopup();
    });
    if (small) {
      app.map.on("popupopen", function () {
        setOpen(false);
      });
      // a tap on the map folds it again, as the layer list
      app.map.on("click", function () {
        if (!body.hidden) setOpen(false);
      });
      document.addEventListener("keydown", function (ev) {
        if (ev.key !== "Escape" || body.hidden) return;
        var inside = node.contains(document.activeElement);
        setOpen(false);
        if (inside) toggle.focus();
      });
    }

    var drawn = null; // what the legend shows: its layers and their categories
    function render() {
      var present = readLayers().map(function (c) {
        return { c: c, found: presentInView(c) };
      });
      var key = present
        .map(function (x) {
          return x.c.name + ":" + Object.keys(x.found).sort().join(",");
        })
        .join(" ");
      if (key === drawn) return; // the map moved, the legend stays: no redraw, no refit
      drawn = key;
      var focused = document.activeElement && node.contains(document.activeElement) ? document.activeElement.getAttribute("aria-controls") : null;
      while (body.firstChild) body.removeChild(body.firstChild);
      var clustered = false;
      present.forEach(function (x) {
        var c = x.c;
        var found = x.found;
        var items = [];
        c.categories.forEach(function (cat) {
          if (!found[cat.value]) return; // only what the map shows here
          items.push(el("div", { className: "ba-legend-item", role: "listitem", "data-category": cat.value }, [swatch(c, cat, null), bi(cat.label_vi, cat.label_en)]));
        });
        if (!items.length) return;
        if (c.cluster) clustered = true;
        var open = chosen[c.name] !== undefined ? chosen[c.name] : true;
        var sec = section(c.name, bi(c.title_vi, c.title_en), items, open, function (now) {
          chosen[c.name] = now;
        });
        sec.setAttribute("data-auto", chosen[c.name] === undefined ? "true" : "false");
        body.appendChild(sec);
      });
      // The key: how status and clustering are drawn, whatever layers are on.
      var keyList = el("div", { role: "list", "aria-labelledby": "ba-legend-keytitle" });
      var key = el("div", { className: "ba-legend-layer ba-legend-key", "data-legend-layer": "status" }, [el("div", { className: "ba-legend-keytitle", id: "ba-legend-keytitle" }, [bi("Tình trạng (rỗng: chưa xây dựng)", "Status (hollow: not built yet)")]), keyList]);
      cfg.statuses.forEach(function (s) {
        if (s.value === "held") return;
        var how = s.value === "planned" ? ["nét đứt, điểm rỗng", "dashed, hollow pin"] : s.value === "proposed" ? ["nét chấm, điểm rỗng", "dotted, hollow pin"] : ["nét liền, điểm đặc", "solid, filled pin"];
        keyList.appendChild(
          el("div", { className: "ba-legend-item", role: "listitem", "data-status": s.value }, [
            swatch({ geometry: "LineString" }, null, s.value),
            swatch({ geometry: "Point", marker: "circle" }, null, s.value),
            el("span", {}, [bi(s.label_vi.split(" /")[0], s.label_en.split(" (")[0].split(" /")[0]), el("span", { className: "ba-sr" }, [bi(" — " + how[0], " — " + how[1])])]),
          ])
        );
      });
      if (clustered) {
        keyList.appendChild(
          el("div", { className: "ba-legend-item", role: "listitem", "data-legend": "cluster" }, [
            el("span", { className: "ba-swatch ba-sw-cluster", "aria-hidden": "true", text: "12" }),
            bi("Nhóm điểm gần nhau (số điểm); bấm để phóng to", "Nearby pins grouped (how many); click to zoom"),
          ])
        );
      }
      body.appendChild(key);
      fit();
      if (focused) {
        var again = body.querySelector('[aria-controls="' + focused + '"]');
        if (again) again.focus();
      }
    }

    /**
     * Fold the sections the reader has not chosen, from the bottom, until it fits. Every
     * size is read in one pass (one layout), the folds worked out from them
     * (legendFolds) and written; only if the legend then still does not fit (folding
     * changed its width, so its lines wrap differently) is it measured section by
     * section. Before the legend is on the page there is nothing to measure.
     */
    function fit() {
      if (autoFolded) {
        autoFolded = false;
        toggle.setAttribute("aria-expanded", "true");
        body.hidden = false;
      }
      if (body.hidden || !node.isConnected) return;
      var room = fitSections();
      var mini = document.querySelector(".ba-minimap-ctl");
      if (mini && !mini.hidden && BA.controls.minimapShown) BA.controls.minimapShown();
      // Even folded it does not fit beside the layer list (a short window, 200 % zoom):
      // the legend folds to its button, unless the reader opened it.
      if (!small && !readerOpened && node.getBoundingClientRect().height > room) {
        autoFolded = true;
        toggle.setAttribute("aria-expanded", "false");
        body.hidden = true;
      }
    }

    /** Fold the sections to fit (see fit); returns the room the legend has, px. */
    function fitSections() {
      var secs = Array.prototype.slice.call(body.querySelectorAll('.ba-legend-layer[data-auto="true"]'));
      secs.forEach(function (sec) {
        setSection(sec, true);
      });
      var above = document.querySelector(".ba-layers");
      var mini = document.querySelector(".ba-minimap-ctl");
      if (mini) mini.hidden = false;
      // reads
      var room = app.map.getSize().y * (small ? 0.45 : 1) - 20;
      if (!small && above) room -= above.getBoundingClientRect().height + LEGEND_GAP;
      // The credits share the legend's corner, under it (a few lines on a narrow screen).
      var credits = node.parentNode && node.parentNode.querySelector(".leaflet-control-attribution");
      if (credits) room -= credits.getBoundingClientRect().height;
      var miniHeight = mini ? mini.getBoundingClientRect().height + 10 : 0;
      var heights = secs.map(function (sec) {
        return sec.querySelector(".ba-legend-items").getBoundingClientRect().height;
      });
      var plan = legendFolds(node.getBoundingClientRect().height, heights, room, mini ? miniHeight : null);
      // writes
      plan.open.forEach(function (open, i) {
        if (!open) setSection(secs[i], false);
      });
      if (mini && plan.hideMini) mini.hidden = true;
      var height = function () {
        return node.getBoundingClientRect().height;
      };
      if (height() <= room - (mini && !mini.hidden ? miniHeight : 0)) return room;
      // Folding changed how the legend wraps: measure as it folds.
      for (var i = secs.length - 1; i >= 0 && height() > room - miniHeight; i--) setSection(secs[i], false);
      if (!mini || height() + miniHeight <= room || !secs.length) return room;
      mini.hidden = true;
      for (var k = 0; k < secs.length; k++) {
        setSection(secs[k], true);
        if (height() > room) {
          setSection(secs[k], false);
          break;
        }
      }
      return room;
    }

    BA.layers.onChange(render);
    BA.layers.onChange(syncWorld);
    app.map.on("moveend", render);
    // once the map knows its new size (Leaflet reads it after the window's resize)
    app.map.on("resize", fit);
    // and when the layer list or the credits change height (a reader's text spacing,
    // WCAG 1.4.12, or larger text): once a frame at most
    if (window.ResizeObserver) {
      var pending = false;
      var refit = new window.ResizeObserver(function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          fit();
        });
      });
      BA.afterPaint(function () {
        var watched = [document.querySelector(".ba-layers"), node.parentNode.querySelector(".leaflet-control-attribution")];
        watched.forEach(function (w) {
          if (w) refit.observe(w);
        });
      });
    }
    render();
    // Once the control is on the page: before the first paint, so that it is drawn folded.
    window.requestAnimationFrame(fit);
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
    here(node);
  }

  /** The least height of the open "what is here" panel, px: three entries. */
  var HERE_MIN = 120;

  /** At most this many features are listed by "what is here"; zooming in lists the rest. */
  var HERE_LIMIT = 40;

  /**
   * "What is here": a keyboard way to every feature, a list of the features shown in
   * view (visible layers, filters applied), each a button that opens its popup. Opens
   * with focus on its first entry, follows the map while open, Escape closes it and
   * gives focus back to its button.
   */
  function here(node) {
    var btn = el("button", { type: "button", className: "ba-btn ba-here-btn", title: "Ở đây có gì / What is here", "aria-label": "Ở đây có gì / What is here", "aria-expanded": "false", "aria-controls": "ba-here" });
    btn.appendChild(BA.dom.icon("M4 6h16M4 12h16M4 18h16"));
    var status = el("p", { className: "ba-here-status" });
    var list = el("ul", { className: "ba-here-list" });
    var panel = el("div", { id: "ba-here", className: "ba-here", role: "region", "aria-label": "Ở đây có gì / What is here", hidden: true }, [status, list]);
    node.appendChild(btn);
    node.appendChild(panel);
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);

    function render() {
      var view = app.map.getBounds();
      var found = [];
      readLayers().forEach(function (c) {
        BA.layers.byLayer(c.name).forEach(function (rec) {
          if (inView(rec, view)) found.push({ rec: rec, layer: c });
        });
      });
      var ids = found.slice(0, HERE_LIMIT).map(function (f) {
        return f.rec.p.id;
      });
      var key = ids.join(" ") + " " + found.length;
      if (key === listed) return; // the same list: keep it, and the focus in it
      listed = key;
      var active = document.activeElement;
      var focusedId = active && list.contains(active) ? active.getAttribute("data-id") : null;
      while (list.firstChild) list.removeChild(list.firstChild);
      found.slice(0, HERE_LIMIT).forEach(function (f) {
        var p = f.rec.p;
        var item = el("button", { type: "button", className: "ba-here-item", "data-id": p.id }, [bi(p.name_vi, p.name_en || p.name_vi), el("span", { className: "ba-here-layer" }, [bi(f.layer.title_vi, f.layer.title_en)])]);
        item.addEventListener("click", function () {
          setOpen(false);
          BA.hash.show(p.id);
        });
        list.appendChild(el("li", {}, [item]));
      });
      while (status.firstChild) status.removeChild(status.firstChild);
      var n = found.length;
      if (!n) status.appendChild(bi("Không có gì trong khung nhìn này.", "Nothing in this view."));
      else if (n > HERE_LIMIT) status.appendChild(bi(HERE_LIMIT + " trong " + n + " đối tượng; phóng to để xem phần còn lại.", HERE_LIMIT + " of " + n + " features; zoom in for the rest."));
      else status.appendChild(bi(n + " đối tượng trong khung nhìn", n + (n === 1 ? " feature in view" : " features in view")));
      // The map moved under a reader tabbing through the list: focus stays in it.
      if (focusedId !== null) {
        var again = list.querySelector('[data-id="' + focusedId.replace(/"/g, "") + '"]') || list.querySelector("button");
        (again || btn).focus();
      }
    }
    var listed = null; // the list drawn: its ids and how many were found
    function setOpen(open) {
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      listed = null;
      panel.hidden = !open;
      // While open it is over the controls of the other corners, a phone's title card
      // folds (app.css), and it ends where the screen does.
      document.body.classList.toggle("ba-here-open", open);
      if (open) {
        app.map.closePopup(); // one at a time, and its focus handed back before ours
        fitHere();
        render();
        var first = list.querySelector("button");
        (first || btn).focus();
      }
    }
    function fitHere() {
      var top = panel.getBoundingClientRect().top;
      panel.style.maxHeight = Math.max(window.innerHeight - top - 10, HERE_MIN) + "px";
    }
    window.addEventListener("resize", function () {
      if (!panel.hidden) fitHere();
    });
    btn.addEventListener("click", function () {
      setOpen(panel.hidden);
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || panel.hidden) return;
      var inside = panel.contains(document.activeElement) || document.activeElement === btn;
      setOpen(false);
      if (inside) btn.focus();
    });
    app.map.on("moveend", function () {
      if (!panel.hidden) render();
    });
    BA.layers.onChange(function () {
      if (!panel.hidden) render();
    });
  }

  function minimap(node) {
    node.classList.add("ba-minimap");
    var host = el("div", { className: "ba-minimap-map" });
    node.appendChild(host);
    // Its box has its size from the stylesheet; its map is made once the main map has
    // been painted and the browser is idle.
    BA.afterPaint(function () {
      var map = app.map;
      var mini = L.map(host, { attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false });
      var tiles = L.tileLayer(app.cfg.tiles.url, { maxZoom: 10 });
      tiles.addTo(mini);
      var shapes = null;
      var miniWorld = null;
      tiles.on("tileerror", function () {
        withWorld(function () {
          miniWorld = miniWorld || L.geoJSON(world, { style: WORLD_STYLE, interactive: false });
          if (!mini.hasLayer(miniWorld)) miniWorld.addTo(mini).bringToBack();
        });
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
      var stale = false;
      // Not while it is hidden (the legend took its room): when it is shown again.
      BA.controls.minimapShown = function () {
        if (stale) sync();
      };
      function sync() {
        stale = node.hidden;
        if (stale) return;
        mini.setView(map.getCenter(), Math.max(map.getZoom() - 5, 1), { animate: false });
        box.setBounds(map.getBounds());
      }
      map.on("moveend zoomend", sync);
      sync();
    });
  }

  // --- the world under the offline basemap, and the labels ---------------------------

  var world = null; // Natural Earth 1:110m, from map/basemap.js (geo/basemap.py)
  var worldWaiting = [];
  BA.basemapData = function (payload) {
    world = payload;
  };

  /** Call done() once the world's countries are loaded (once, only when needed). */
  function withWorld(done) {
    if (world) return done();
    worldWaiting.push(done);
    if (worldWaiting.length > 1) return;
    var script = document.createElement("script");
    script.src = (app.cfg.mapDir || "map/") + "basemap.js";
    script.onload = script.onerror = function () {
      var list = worldWaiting;
      worldWaiting = [];
      if (world)
        list.forEach(function (cb) {
          cb();
        });
    };
    document.head.appendChild(script);
  }

  var WORLD_STYLE = { color: "#c9c3b3", weight: 0.8, fillColor: "#efece4", fillOpacity: 1 };

  /** The world's countries in the pane of the basemap, under Vietnam, China and Laos. */
  function worldLayer(map) {
    return L.geoJSON(world, { pane: map === app.map ? "basemap" : "overlayPane", interactive: false, style: WORLD_STYLE });
  }

  var drawnWorld = null;
  /** The offline basemap covers the whole world whenever it is shown. */
  function syncWorld() {
    if (!BA.layers.isVisible("countries")) {
      if (drawnWorld && app.map.hasLayer(drawnWorld)) app.map.removeLayer(drawnWorld);
      return;
    }
    withWorld(function () {
      if (!BA.layers.isVisible("countries")) return;
      drawnWorld = drawnWorld || worldLayer(app.map);
      if (!app.map.hasLayer(drawnWorld)) drawnWorld.addTo(app.map);
      drawnWorld.bringToBack();
    });
  }

  function boxesOverlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /**
   * Country and place names (geo/basemap.py: countries, provinces, gate towns, Kunming,
   * Hà Nội) over whatever basemap is drawn, in the reader's language. Where two would
   * overlap, the higher-ranked one (countries, then provinces) is kept.
   */
  function labels() {
    var list = app.cfg.labels || [];
    var pane = app.map.createPane("ba-labels");
    pane.style.zIndex = 450; // over lines and pins' canvas, under tooltips and popups
    pane.style.pointerEvents = "none";
    var markers = list.map(function (lab) {
      var text = el("span", { className: "ba-label-text" }, [bi(lab.name_vi, lab.name_en)]);
      var m = L.marker(lab.at, { pane: "ba-labels", interactive: false, keyboard: false, icon: L.divIcon({ className: "ba-label ba-label-" + lab.kind, html: text, iconSize: null }) });
      m.addTo(app.map);
      var node = m.getElement();
      node.setAttribute("aria-hidden", "true"); // the names are in the features' own text
      if (lab.id) node.setAttribute("data-label", lab.id);
      return m;
    });
    /** Every label shown, then measured in one pass, then the overlapping ones hidden. */
    function declutter() {
      var nodes = markers
        .map(function (m) {
          return m.getElement();
        })
        .filter(Boolean);
      nodes.forEach(function (node) {
        node.style.visibility = "";
      });
      var boxes = nodes.map(function (node) {
        return node.firstChild.getBoundingClientRect();
      });
      var placed = [];
      nodes.forEach(function (node, i) {
        var r = boxes[i];
        if (!r.width) return;
        var hit = placed.some(function (p) {
          return boxesOverlap(p, r);
        });
        if (hit) node.style.visibility = "hidden";
        else placed.push(r);
      });
    }
    app.map.on("zoomend moveend", declutter);
    // The names change length with the language.
    new window.MutationObserver(declutter).observe(document.body, { attributes: true, attributeFilter: ["class"] });
    window.requestAnimationFrame(declutter); // once they are on the page, before it is painted
    BA.labels = { declutter: declutter };
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

  BA.controls = { legendFolds: legendFolds, control: control, layerControl: layerControl, legend: legend, tools: tools, minimap: minimap, watchTiles: watchTiles, swatch: swatch, labels: labels, syncWorld: syncWorld };
})();
