/*
 * Border Atlas map application.
 *
 * folium writes one L.geoJson per layer whose options call into this file
 * (pointToLayer, style, onEachFeature); BorderAtlas.start(config) then wires the
 * layer control, legend, search, year filter, deep links, minimap and embed view.
 *
 * Every text that comes from the data is put into the page with textContent or
 * attribute setters, never as HTML.
 */
/* global L */
(function () {
  "use strict";

  var cfg = null; // set by start()
  var map = null;
  var features = {}; // id -> {feature, leaflet, layer}
  var layerObjects = {}; // layer name -> top-level Leaflet object (geojson or cluster)
  var layerConfigs = {};
  var visible = {}; // layer name -> bool
  var yearFilter = { on: false, year: null, unknown: true };
  var lang = "vi";
  var embed = /[?&]embed=1\b/.test(window.location.search);
  var openId = null; // id of the feature whose popup or panel is open

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** A small stroked SVG icon from one path: no icon font to load. */
  function icon(d) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  /** Two spans, one per language; CSS shows the one of the current language. */
  function bi(vi, en, tag) {
    var wrap = el(tag || "span", { className: "bi" });
    wrap.appendChild(el("span", { className: "vi", lang: "vi", text: vi }));
    wrap.appendChild(el("span", { className: "en", lang: "en", text: en === undefined ? vi : en }));
    return wrap;
  }

  /** Lower-case, no diacritics, đ → d: "Hà Khẩu" and "ha khau" compare equal. */
  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function category(layerName, field, value) {
    var conf = layerConfigs[layerName];
    var cats = (conf && conf.fields && conf.fields[field]) || [];
    for (var i = 0; i < cats.length; i++) if (cats[i].value === value) return cats[i];
    return null;
  }

  function statusOf(value) {
    var list = (cfg && cfg.statuses) || [];
    for (var i = 0; i < list.length; i++) if (list[i].value === value) return list[i];
    return { value: value, label_vi: value, label_en: value };
  }

  function colourOf(layerName, props) {
    var conf = layerConfigs[layerName];
    if (!conf || !conf.style_field) return "#555";
    var cat = category(layerName, conf.style_field, props[conf.style_field]);
    if (!cat && conf.style_field === "iso_a2") {
      var cats = conf.categories || [];
      for (var i = 0; i < cats.length; i++) if (cats[i].value === props.iso_a2) return cats[i].colour;
    }
    return cat ? cat.colour : "#555";
  }

  function notYetBuilt(props) {
    return cfg.notYetBuilt.indexOf(props.status) >= 0;
  }

  function permalink(id) {
    var base = (cfg && cfg.baseUrl) || "";
    if (base) return base.replace(/\/?$/, "/") + "index.html#" + id;
    var here = window.location.href.split("#")[0].replace(/[?&]embed=1\b/, "").replace(/\?$/, "");
    return here + "#" + id;
  }

  // ------------------------------------------------- hooks folium calls into

  function style(layerName) {
    return function (feature) {
      var props = feature.properties;
      var colour = colourOf(layerName, props);
      if (layerName === "countries") {
        return { color: "#b9b3a3", weight: 1, fillColor: colour, fillOpacity: 1 };
      }
      if (layerName === "partner_counties") {
        return { color: "#a6611a", weight: 1, dashArray: "4 3", fillColor: colour, fillOpacity: 0.35 };
      }
      if (layerName === "border") {
        return { color: "#222", weight: 2.5, dashArray: "12 4 2 4", opacity: 0.9 };
      }
      var weight = layerName === "corridor" ? 7 : layerName === "crossings" ? 5 : 3;
      return {
        color: colour,
        weight: weight,
        opacity: layerName === "corridor" ? 0.45 : 0.9,
        dashArray: cfg.lineDash[props.status] || null,
        lineCap: "round",
      };
    };
  }

  var RADIUS = { province: 9, prefecture: 8, city: 7, town: 6, district: 6 };

  function pointToLayer(layerName) {
    return function (feature, latlng) {
      var props = feature.properties;
      var colour = colourOf(layerName, props);
      var hollow = notYetBuilt(props);
      var clustered = (layerConfigs[layerName] || {}).cluster;
      if (clustered) {
        var icon = L.divIcon({
          className: "ba-pin" + (hollow ? " ba-hollow" : ""),
          html: "",
          iconSize: [14, 14],
        });
        var marker = L.marker(latlng, { icon: icon, title: props.name_vi, alt: props.name_vi });
        marker.on("add", function () {
          var node = marker.getElement();
          if (node) {
            node.style.setProperty("--pin", colour);
            node.setAttribute("data-id", props.id);
          }
        });
        return marker;
      }
      var gate = layerName === "border_gates";
      return L.circleMarker(latlng, {
        radius: gate ? 8 : RADIUS[props.level] || 6,
        color: gate ? colour : "#fff",
        weight: hollow ? 3 : gate ? 2 : 1.5,
        fillColor: colour,
        fillOpacity: hollow ? 0 : 0.95,
        dashArray: hollow ? "3 3" : null,
      });
    };
  }

  function onEachFeature(layerName) {
    return function (feature, leaflet) {
      var props = feature.properties;
      features[props.id] = { feature: feature, leaflet: leaflet, layer: layerName, parent: null };
      if (layerName === "countries") return; // the basemap is context, not a pin
      // A node, not a string: Leaflet would parse a string as HTML.
      leaflet.bindTooltip(el("span", { text: props.name_vi }), { sticky: feature.geometry.type !== "Point", direction: "top" });
      leaflet.bindPopup(
        function () {
          return popup(props.id);
        },
        embed
          ? { maxWidth: 300, minWidth: 200, maxHeight: 230, autoPanPadding: [10, 40], className: "ba-popup" }
          : { maxWidth: 380, minWidth: 240, autoPanPaddingTopLeft: [50, 60], className: "ba-popup" }
      );
      leaflet.on("popupopen", function () {
        openId = props.id;
        setHash(props.id);
      });
      leaflet.on("popupclose", function () {
        if (openId === props.id) openId = null;
        if (window.location.hash === "#" + props.id) setHash(null);
      });
    };
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

  // ------------------------------------------------------------------ popups

  function layerTitle(name) {
    var conf = layerConfigs[name];
    return conf ? bi(conf.title_vi, conf.title_en) : document.createTextNode(name);
  }

  function featureLink(id) {
    var rec = features[id];
    var props = rec ? rec.feature.properties : null;
    if (!props) {
      var un = unlocated(id);
      props = un ? un.properties : { name_vi: id, name_en: id };
    }
    return el("a", { href: "#" + id, className: "ba-link", "data-target": id }, [
      bi(props.name_vi, props.name_en),
    ]);
  }

  function partnersOf(id) {
    var out = [];
    Object.keys(features).forEach(function (key) {
      var rec = features[key];
      if (rec.layer !== "partnerships") return;
      var p = rec.feature.properties;
      if (p.from_id === id) out.push({ pair: p, other: p.to_id });
      else if (p.to_id === id) out.push({ pair: p, other: p.from_id });
    });
    out.sort(function (a, b) {
      return a.other < b.other ? -1 : a.other > b.other ? 1 : 0;
    });
    return out;
  }

  function formatValue(value) {
    var n = Number(value);
    if (!isFinite(n)) return String(value);
    return {
      vi: n.toLocaleString("vi-VN", { maximumFractionDigits: 3 }),
      en: n.toLocaleString("en-GB", { maximumFractionDigits: 3 }),
    };
  }

  /** A unit's labels from the schema; a plain count shows no unit at all. */
  function unitLabels(unit) {
    if (unit === "count") return { vi: "", en: "" };
    var list = cfg.units || [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].value === unit) return { vi: list[i].label_vi, en: list[i].label_en };
    }
    return { vi: unit, en: unit };
  }

  function factItem(fact) {
    var li = el("li", { className: "ba-fact", "data-fact": fact.id });
    if (fact.value !== null && fact.value !== undefined) {
      var v = formatValue(fact.value);
      var unit = unitLabels(fact.unit);
      li.appendChild(el("strong", { className: "ba-figure" }, [bi((v.vi + " " + unit.vi).trim(), (v.en + " " + unit.en).trim())]));
      li.appendChild(document.createTextNode(" "));
    }
    li.appendChild(bi(fact.statement_vi, fact.statement_en));
    var cite = el("div", { className: "ba-cite" });
    cite.appendChild(document.createTextNode("— "));
    var title = fact.source_title || fact.source;
    if (fact.source_url && /^https?:\/\//.test(fact.source_url)) {
      cite.appendChild(el("a", { href: fact.source_url, target: "_blank", rel: "noopener noreferrer", text: title }));
    } else {
      cite.appendChild(el("cite", { text: title }));
    }
    var bits = [];
    if (fact.source_outlet) bits.push(fact.source_outlet);
    bits.push(fact.source_date || (fact.source_year ? String(fact.source_year) : ""));
    var tail = bits.filter(Boolean).join(", ");
    if (tail) cite.appendChild(document.createTextNode(" (" + tail + ")"));
    cite.appendChild(el("span", { className: "ba-para" }, [bi(" ¶" + fact.paragraph, " ¶" + fact.paragraph)]));
    li.appendChild(cite);
    return li;
  }

  function factsBlock(facts) {
    if (!facts || !facts.length) return null;
    var box = el("div", { className: "ba-facts" });
    box.appendChild(el("h4", {}, [bi("Các bài báo nói gì", "What the articles say")]));
    var groups = {};
    var order = [];
    facts.forEach(function (fact) {
      var key = fact.year === null || fact.year === undefined ? "?" : String(fact.year);
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(fact);
    });
    order.forEach(function (key) {
      var heading = key === "?" ? bi("Không nêu năm", "Year not stated") : document.createTextNode(key);
      box.appendChild(el("h5", { className: "ba-year", "data-year": key }, [heading]));
      var ul = el("ul");
      groups[key].forEach(function (fact) {
        ul.appendChild(factItem(fact));
      });
      box.appendChild(ul);
    });
    return box;
  }

  function row(labelVi, labelEn, value) {
    return el("div", { className: "ba-row" }, [el("span", { className: "ba-key" }, [bi(labelVi, labelEn)]), value]);
  }

  function popup(id) {
    var rec = features[id] || unlocatedRecord(id);
    var feature = rec.feature;
    var layerName = rec.layer;
    var p = feature.properties;
    var box = el("div", { className: "ba-card", "data-id": id });
    box.appendChild(el("div", { className: "ba-kicker" }, [layerTitle(layerName)]));
    box.appendChild(el("h3", { className: "ba-name", lang: "vi", text: p.name_vi }));
    if (p.name_zh) box.appendChild(el("div", { className: "ba-zh", lang: "zh", text: p.name_zh }));
    box.appendChild(el("div", { className: "ba-en", lang: "en", text: p.name_en }));

    var conf = layerConfigs[layerName];
    if (conf && conf.style_field && p[conf.style_field] !== undefined) {
      var cat = category(layerName, conf.style_field, p[conf.style_field]);
      var county = layerName === "partner_counties";
      if (cat) box.appendChild(row(county ? "Tỉnh" : "Loại", county ? "Province" : "Kind", bi(cat.label_vi, cat.label_en)));
    }
    if (layerName === "partnerships" && p.level) {
      var lv = category("partnerships", "level", p.level);
      if (lv) box.appendChild(row("Cấp", "Level", bi(lv.label_vi, lv.label_en)));
    }
    var st = statusOf(p.status);
    var context = conf && conf.context;
    if (!context) box.appendChild(row("Tình trạng", "Status", bi(st.label_vi, st.label_en)));
    var undated = p.since === null || p.since === undefined;
    if (!context && !(undated && layerName === "localities")) {
      box.appendChild(row("Từ năm", "Since", undated ? bi("chưa rõ", "not stated") : document.createTextNode(String(p.since))));
    }
    if (p.date) box.appendChild(row("Ngày", "Date", document.createTextNode(p.date)));
    if (layerName === "border_gates") {
      box.appendChild(row("Phía Việt Nam", "Vietnamese side", document.createTextNode(p.side_vn)));
      var cn = p.side_cn + (p.side_cn_zh ? " (" + p.side_cn_zh + ")" : "");
      box.appendChild(row("Phía Trung Quốc", "Chinese side", document.createTextNode(cn)));
    }
    if (layerName === "partner_counties") {
      box.appendChild(row("Địa phương", "Locality", featureLink(p.locality)));
      box.appendChild(row("Châu", "Prefecture", el("span", { lang: "zh", text: p.prefecture_zh })));
    }
    if (p.attribution) box.appendChild(el("p", { className: "ba-geonote", text: p.attribution }));
    if (layerName === "projects" && p.funder) {
      box.appendChild(row("Nhà đầu tư / tài trợ", "Investor / donor", document.createTextNode(p.funder)));
    }
    if (layerName === "partnerships") {
      var pair = el("div", { className: "ba-pair" }, [featureLink(p.from_id), document.createTextNode(" ↔ "), featureLink(p.to_id)]);
      box.appendChild(row("Đối tác", "Partners", pair));
    }
    if (layerName === "localities") {
      var partners = partnersOf(id);
      if (partners.length) {
        var ul = el("ul", { className: "ba-partners" });
        partners.forEach(function (item) {
          var kind = category("partnerships", "kind", item.pair.kind);
          var li = el("li", {}, [featureLink(item.other)]);
          var extra = [];
          if (kind) extra.push(bi(kind.label_vi, kind.label_en));
          if (item.pair.status !== "existing") {
            var s = statusOf(item.pair.status);
            extra.push(bi(s.label_vi, s.label_en));
          }
          if (item.pair.since) extra.push(document.createTextNode(String(item.pair.since)));
          if (extra.length) {
            li.appendChild(document.createTextNode(" — "));
            extra.forEach(function (node, i) {
              if (i) li.appendChild(document.createTextNode(", "));
              li.appendChild(node);
            });
          }
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("a", { href: "#" + item.pair.id, className: "ba-link ba-small", "data-target": item.pair.id }, [bi("(quan hệ)", "(link)")]));
          ul.appendChild(li);
        });
        box.appendChild(el("div", { className: "ba-row ba-block" }, [el("span", { className: "ba-key" }, [bi("Quan hệ với", "Partners")]), ul]));
      }
    }
    if (p.note_vi || p.note_en) box.appendChild(el("p", { className: "ba-note" }, [bi(p.note_vi || p.note_en, p.note_en || p.note_vi)]));
    if (p.geometry_note) {
      box.appendChild(el("p", { className: "ba-geonote" }, [bi("Vị trí: ", "Position: "), el("span", { lang: "en", text: p.geometry_note })]));
    }
    var facts = factsBlock(p.facts);
    if (facts) box.appendChild(facts);

    var link = permalink(id);
    var copy = el("button", { type: "button", className: "ba-copy", "data-link": link }, [bi("Sao chép liên kết", "Copy link")]);
    copy.addEventListener("click", function () {
      copyText(link, copy);
    });
    var foot = el("div", { className: "ba-foot" }, [copy, el("input", { className: "ba-permalink", readonly: true, value: link, "aria-label": "Permalink" })]);
    if (embed) {
      foot.appendChild(el("a", { href: link, target: "_blank", rel: "noopener", className: "ba-full" }, [bi("Mở bản đồ đầy đủ ↗", "Open full map ↗")]));
    }
    box.appendChild(foot);
    box.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a[data-target]") : null;
      if (a) {
        ev.preventDefault();
        show(a.getAttribute("data-target"));
      }
    });
    return box;
  }

  function copyText(text, button) {
    function done() {
      button.classList.add("ba-copied");
      setTimeout(function () {
        button.classList.remove("ba-copied");
      }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
    function fallback() {
      var input = button.parentNode.querySelector("input");
      input.select();
      try {
        document.execCommand("copy");
      } catch (err) {
        /* the selected field lets the reader copy by hand */
      }
      done();
    }
  }

  // --------------------------------------------- features with no geometry

  /** A feature an article names but nobody could locate: {layer, feature} or null. */
  function unlocatedRecord(id) {
    var list = (cfg && cfg.unlocated) || [];
    for (var i = 0; i < list.length; i++) if (list[i].feature.properties.id === id) return list[i];
    return null;
  }

  function unlocated(id) {
    var rec = unlocatedRecord(id);
    return rec ? rec.feature : null;
  }

  var panel = null;
  function showPanel(id) {
    map.closePopup();
    panel.innerHTML = "";
    var close = el("button", { type: "button", className: "ba-close", "aria-label": "Close", text: "×" });
    close.addEventListener("click", function () {
      panel.hidden = true;
      openId = null;
      setHash(null);
    });
    panel.appendChild(close);
    panel.appendChild(el("p", { className: "ba-unlocated" }, [bi("Chưa xác định được vị trí trên bản đồ.", "Not located on the map.")]));
    panel.appendChild(popup(id));
    panel.hidden = false;
    openId = id;
    setHash(id);
  }

  // ----------------------------------------------------------- visibility

  function setLayerVisible(name, on) {
    visible[name] = on;
    var obj = layerObjects[name];
    if (!obj) return;
    if (on && !map.hasLayer(obj)) map.addLayer(obj);
    if (!on && map.hasLayer(obj)) map.removeLayer(obj);
    var box = document.querySelector('input[data-layer="' + name + '"]');
    if (box) box.checked = on;
  }

  function passesYear(props) {
    if (!yearFilter.on) return true;
    if (props.since === null || props.since === undefined) return yearFilter.unknown;
    return props.since <= yearFilter.year;
  }

  /** Put each feature in or out of its layer by the year filter and the abroad switch. */
  function refresh() {
    Object.keys(features).forEach(function (id) {
      var rec = features[id];
      var conf = layerConfigs[rec.layer];
      if (!conf || conf.context) return;
      var container = rec.parent;
      var props = rec.feature.properties;
      var ok = passesYear(props) && (abroadOn || !isAbroad(props));
      var has = container.hasLayer(rec.leaflet);
      if (ok && !has) container.addLayer(rec.leaflet);
      if (!ok && has) {
        rec.leaflet.closePopup && rec.leaflet.closePopup();
        container.removeLayer(rec.leaflet);
      }
    });
    document.body.setAttribute("data-year-filter", yearFilter.on ? String(yearFilter.year) : "off");
  }

  // ---------------------------------------------------------- go to feature

  function show(rawId) {
    var id = (cfg.redirects && cfg.redirects[rawId]) || rawId;
    if (id !== rawId) setHash(id);
    var rec = features[id];
    if (!rec) {
      if (unlocated(id)) showPanel(id);
      else notFound(rawId);
      return;
    }
    if (panel) panel.hidden = true;
    if (!visible[rec.layer]) setLayerVisible(rec.layer, true);
    if (!passesYear(rec.feature.properties)) setYearFilter(false);
    if (isAbroad(rec.feature.properties) && !abroadOn) setAbroad(true);
    var layer = rec.leaflet;
    var conf = layerConfigs[rec.layer];
    if (conf.cluster) {
      layerObjects[rec.layer].zoomToShowLayer(layer, function () {
        layer.openPopup();
      });
      return;
    }
    if (layer.getLatLng) {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 11), { animate: false });
      layer.openPopup();
    } else {
      var bounds = layer.getBounds();
      map.fitBounds(bounds, { maxZoom: 12, padding: [30, 30], animate: false });
      layer.openPopup(bounds.getCenter());
    }
  }

  function notFound(id) {
    var box = document.getElementById("ba-message");
    box.textContent = "";
    box.appendChild(bi("Không tìm thấy “" + id + "”.", "Nothing found for “" + id + "”."));
    box.hidden = false;
    setTimeout(function () {
      box.hidden = true;
    }, 5000);
  }

  function onHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (id) show(id);
  }

  // -------------------------------------------------------------- controls

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
    ctl.addTo(map);
    return ctl;
  }

  function buildLayerControl(node) {
    var toggle = el("button", { type: "button", className: "ba-toggle", "aria-expanded": "true", title: "Lớp / Layers", "aria-label": "Lớp bản đồ / Layers" });
    toggle.appendChild(icon("M12 3l9 5-9 5-9-5 9-5zM3 13l9 5 9-5M3 17l9 5 9-5"));
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
      var extra = group.value === "partners";
      if (!members.length) return;
      var fs = el("fieldset", { className: "ba-group", "data-group": group.value }, [el("legend", {}, [bi(group.label_vi, group.label_en)])]);
      members.forEach(function (conf) {
        var box = el("input", { type: "checkbox", "data-layer": conf.name });
        box.checked = !!visible[conf.name];
        box.addEventListener("change", function () {
          setLayerVisible(conf.name, box.checked);
        });
        fs.appendChild(el("label", { className: "ba-check" }, [box, bi(conf.title_vi, conf.title_en)]));
        if (conf.name === "localities" && extra) {
          var abroad = el("input", { type: "checkbox", "data-layer": "abroad" });
          abroad.checked = false;
          abroad.addEventListener("change", function () {
            setAbroad(abroad.checked);
          });
          fs.appendChild(el("label", { className: "ba-check ba-sub" }, [abroad, bi("Đối tác ở nước ngoài", "Partners abroad")]));
        }
      });
      body.appendChild(fs);
    });
    var base = el("input", { type: "checkbox", "data-layer": "countries" });
    base.addEventListener("change", function () {
      setLayerVisible("countries", base.checked);
    });
    body.appendChild(el("label", { className: "ba-check ba-basemap" }, [base, bi("Nền ngoại tuyến (Natural Earth)", "Offline basemap (Natural Earth)")]));
    node.appendChild(toggle);
    node.appendChild(body);
    if (embed || window.innerWidth < 640) {
      node.classList.add("ba-collapsed");
      toggle.setAttribute("aria-expanded", "false");
    }
  }

  // Partners abroad (localities and partnerships outside VN and CN): off by default,
  // so the border region stays readable.
  var abroadOn = false;
  function isAbroad(props) {
    return (props.country || []).some(function (c) {
      return c !== "VN" && c !== "CN";
    });
  }
  function setAbroad(on) {
    abroadOn = on;
    refresh();
    var box = document.querySelector('input[data-layer="abroad"]');
    if (box) box.checked = on;
  }

  function swatch(conf, cat, status) {
    var point = conf.geometry === "Point";
    var area = /Polygon$/.test(conf.geometry || "");
    var hollow = status && cfg.notYetBuilt.indexOf(status) >= 0;
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

  function buildLegend(node) {
    var details = el("details", { open: !(embed || window.innerWidth < 640) });
    details.appendChild(el("summary", {}, [bi("Chú giải", "Legend")]));
    cfg.layers.forEach(function (conf) {
      if (conf.name === "countries" || !conf.categories.length) return;
      var sec = el("div", { className: "ba-legend-layer", "data-legend-layer": conf.name }, [el("div", { className: "ba-legend-title" }, [bi(conf.title_vi, conf.title_en)])]);
      conf.categories.forEach(function (cat) {
        if (conf.present.indexOf(cat.value) < 0) return; // only what the map shows
        sec.appendChild(el("div", { className: "ba-legend-item", "data-category": cat.value }, [swatch(conf, cat, null), bi(cat.label_vi, cat.label_en)]));
      });
      node.appendChild(sec);
      details.appendChild(sec);
    });
    var st = el("div", { className: "ba-legend-layer", "data-legend-layer": "status" }, [el("div", { className: "ba-legend-title" }, [bi("Tình trạng", "Status")])]);
    cfg.statuses.forEach(function (s) {
      if (s.value === "held") return;
      var item = el("div", { className: "ba-legend-item", "data-status": s.value }, [
        swatch({ geometry: "LineString" }, null, s.value),
        swatch({ geometry: "Point" }, null, s.value),
        bi(s.label_vi, s.label_en),
      ]);
      st.appendChild(item);
    });
    details.appendChild(st);
    node.appendChild(details);
  }

  // -- search
  var index = [];
  function buildIndex() {
    index = [];
    function add(feature, layerName) {
      var p = feature.properties;
      var names = [p.name_vi, p.name_en, p.name_zh].concat(p.aliases || []).filter(Boolean);
      index.push({ id: p.id, layer: layerName, p: p, keys: names.map(fold), raw: names });
    }
    Object.keys(features).forEach(function (id) {
      var rec = features[id];
      if (rec.layer === "countries") return;
      add(rec.feature, rec.layer);
    });
    (cfg.unlocated || []).forEach(function (rec) {
      add(rec.feature, rec.layer);
    });
  }

  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var scored = [];
    index.forEach(function (item) {
      var best = 0;
      item.keys.forEach(function (key) {
        var score = 0;
        if (key === q) score = 4;
        else if (key.indexOf(q) === 0) score = 3;
        else if ((" " + key).indexOf(" " + q) >= 0) score = 2;
        else if (key.indexOf(q) >= 0) score = 1;
        if (score > best) best = score;
      });
      if (best) scored.push({ item: item, score: best });
    });
    var rank = { border_gates: 0, localities: 1, crossings: 2, partnerships: 3, projects: 4, corridor: 5, events: 6, border: 7 };
    scored.sort(function (a, b) {
      return b.score - a.score || (rank[a.item.layer] || 9) - (rank[b.item.layer] || 9) || (a.item.p.name_vi < b.item.p.name_vi ? -1 : 1);
    });
    return scored.slice(0, 12).map(function (s) {
      return s.item;
    });
  }

  function buildSearch(node) {
    var input = el("input", { type: "search", className: "ba-search-input", placeholder: "Tìm địa danh… / Search places…", "aria-label": "Tìm kiếm / Search", autocomplete: "off" });
    var list = el("ul", { className: "ba-results", role: "listbox" });
    var current = [];
    var active = -1;
    function render() {
      list.innerHTML = "";
      current.forEach(function (item, i) {
        var li = el("li", { role: "option", "data-id": item.id, className: i === active ? "ba-active" : "" }, [
          el("span", { className: "ba-r-name", text: item.p.name_vi }),
          el("span", { className: "ba-r-meta", text: [item.p.name_en, item.p.name_zh].filter(Boolean).join(" · ") }),
          el("span", { className: "ba-r-layer" }, [layerTitle(item.layer)]),
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
      input.value = item.p.name_vi;
      current = [];
      render();
      input.blur();
      show(item.id);
    }
    input.addEventListener("input", function () {
      current = search(input.value);
      active = current.length ? 0 : -1;
      render();
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") active = Math.min(active + 1, current.length - 1);
      else if (ev.key === "ArrowUp") active = Math.max(active - 1, 0);
      else if (ev.key === "Enter") return choose(active < 0 ? 0 : active);
      else if (ev.key === "Escape") current = [];
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

  // -- year filter
  function setYearFilter(on, year) {
    yearFilter.on = on;
    if (year !== undefined) yearFilter.year = year;
    var box = document.querySelector(".ba-year-on");
    if (box) box.checked = on;
    var range = document.querySelector(".ba-year-range");
    if (range) range.disabled = !on;
    refresh();
  }

  function buildYear(node) {
    var lo = cfg.years[0];
    var hi = cfg.years[1];
    yearFilter.year = hi;
    var on = el("input", { type: "checkbox", className: "ba-year-on", "aria-label": "Lọc theo năm / Filter by year" });
    var range = el("input", { type: "range", className: "ba-year-range", min: lo, max: hi, step: 1, value: hi, disabled: true, "aria-label": "Năm / Year" });
    var out = el("output", { className: "ba-year-value", text: String(hi) });
    var unknown = el("input", { type: "checkbox", className: "ba-year-unknown" });
    unknown.checked = true;
    on.addEventListener("change", function () {
      setYearFilter(on.checked, Number(range.value));
    });
    range.addEventListener("input", function () {
      out.textContent = range.value;
      setYearFilter(true, Number(range.value));
    });
    unknown.addEventListener("change", function () {
      yearFilter.unknown = unknown.checked;
      refresh();
    });
    node.appendChild(el("label", { className: "ba-check" }, [on, bi("Mạng lưới năm", "Network in")]));
    node.appendChild(el("div", { className: "ba-year-row" }, [range, out]));
    node.appendChild(el("label", { className: "ba-check ba-small" }, [unknown, bi("gồm mục chưa rõ năm", "include undated items")]));
  }

  // -- fullscreen, language, minimap
  function buildTools(node) {
    var full = el("button", { type: "button", className: "ba-btn ba-fullscreen", title: "Toàn màn hình / Fullscreen", "aria-label": "Toàn màn hình / Fullscreen" });
    full.appendChild(icon("M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"));
    full.addEventListener("click", function () {
      var target = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (target.requestFullscreen) target.requestFullscreen();
    });
    var langBtn = el("button", { type: "button", className: "ba-btn ba-lang", title: "Tiếng Việt / English", "aria-label": "Language", text: "EN" });
    langBtn.addEventListener("click", function () {
      setLang(lang === "vi" ? "en" : "vi");
    });
    node.appendChild(full);
    node.appendChild(langBtn);
  }

  function setLang(value) {
    lang = value;
    document.body.classList.toggle("ba-lang-en", lang === "en");
    document.documentElement.setAttribute("lang", lang);
    var btn = document.querySelector(".ba-lang");
    if (btn) btn.textContent = lang === "vi" ? "EN" : "VI";
  }

  function buildMinimap(node) {
    node.classList.add("ba-minimap");
    var host = el("div", { className: "ba-minimap-map" });
    node.appendChild(host);
    setTimeout(function () {
      var mini = L.map(host, { attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false });
      var tiles = L.tileLayer(cfg.tiles.url, { maxZoom: 10 });
      tiles.addTo(mini);
      var countries = layerObjects.countries;
      var shapes = countries ? L.geoJson(countries.toGeoJSON(), { style: style("countries"), interactive: false }) : null;
      tiles.on("tileerror", function () {
        if (shapes && !mini.hasLayer(shapes)) shapes.addTo(mini);
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

  // -- offline basemap
  function watchTiles() {
    var tileLayer = null;
    map.eachLayer(function (layer) {
      if (layer instanceof L.TileLayer) tileLayer = layer;
    });
    if (!tileLayer) return;
    var loaded = false;
    function offline() {
      if (loaded || visible.countries) return;
      setLayerVisible("countries", true);
      document.body.classList.add("ba-offline");
    }
    tileLayer.on("tileload", function () {
      loaded = true;
    });
    tileLayer.on("tileerror", offline);
  }

  // ------------------------------------------------------------------ start

  /** Called in <head>, before folium draws the layers that style themselves from it. */
  function configure(config) {
    cfg = config;
    cfg.layers.forEach(function (conf) {
      layerConfigs[conf.name] = conf;
    });
  }

  function start() {
    map = window[cfg.map];
    cfg.layers.forEach(function (conf) {
      layerObjects[conf.name] = window[conf.js];
    });
    // Which container holds each feature's Leaflet layer (for the year filter).
    Object.keys(features).forEach(function (id) {
      var rec = features[id];
      rec.parent = layerObjects[rec.layer];
      if (rec.layer === "countries") rec.parent = layerObjects.countries;
    });
    document.body.classList.toggle("ba-embed", embed);
    map.fitBounds(cfg.bounds, { animate: false });
    cfg.layers.forEach(function (conf) {
      setLayerVisible(conf.name, conf.visible);
    });
    setAbroad(false);

    control("topleft", "ba-search", buildSearch);
    control("topleft", "ba-tools", buildTools);
    control("topright", "ba-layers", buildLayerControl);
    control("bottomleft", "ba-year", buildYear);
    if (!embed) control("bottomright", "ba-minimap-ctl", buildMinimap);
    control("bottomright", "ba-legend", buildLegend);

    panel = el("aside", { className: "ba-panel", id: "ba-panel", hidden: true });
    document.body.appendChild(panel);
    var message = el("div", { id: "ba-message", className: "ba-message", role: "status", hidden: true });
    document.body.appendChild(message);
    if (embed) {
      var full = el("a", { className: "ba-full-map", target: "_blank", rel: "noopener", href: permalink("") }, [bi("Mở bản đồ đầy đủ ↗", "Open full map ↗")]);
      document.body.appendChild(full);
      window.addEventListener("hashchange", function () {
        full.href = permalink(window.location.hash.replace(/^#/, ""));
      });
      full.href = permalink(window.location.hash.replace(/^#/, ""));
    }
    setLang(/[?&]lang=en\b/.test(window.location.search) ? "en" : "vi");
    buildIndex();
    watchTiles();
    window.addEventListener("hashchange", onHash);
    onHash();
    document.body.setAttribute("data-ready", "true");
  }

  window.BorderAtlas = {
    configure: configure,
    start: start,
    style: style,
    pointToLayer: pointToLayer,
    onEachFeature: onEachFeature,
    show: show,
    fold: fold,
    search: search,
    /** The features by id with their Leaflet layers (tests and debugging). */
    _features: features,
    /** What the reader sees, for tests and debugging: read-only. */
    state: function () {
      var shown = {};
      Object.keys(features).forEach(function (id) {
        var rec = features[id];
        var obj = layerObjects[rec.layer];
        if (obj && map.hasLayer(obj) && rec.parent.hasLayer(rec.leaflet)) {
          (shown[rec.layer] = shown[rec.layer] || []).push(id);
        }
      });
      Object.keys(shown).forEach(function (k) {
        shown[k].sort();
      });
      return {
        open: openId,
        layers: Object.keys(visible).filter(function (k) {
          return visible[k] && map.hasLayer(layerObjects[k]);
        }).sort(),
        shown: shown,
        abroad: abroadOn,
        year: yearFilter.on ? yearFilter.year : null,
        zoom: map.getZoom(),
        lang: lang,
        embed: embed,
        offline: document.body.classList.contains("ba-offline"),
      };
    },
  };
})();
