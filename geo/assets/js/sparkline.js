/*
 * sparkline: how many ingested articles mention a feature, per year, in its popup.
 *
 * `geo build --mentions SUMMARY.json` (geo/mentions.py) puts the summary's years in the
 * config ({dir, years: [first, last]}) and the counts in one data script per popup
 * shard, map/mentions/<k>.js, which calls BorderAtlas.mentionsData(k, {id: {n:
 * [articles, mentions], y: {year | "unknown": [articles, mentions]}}}); a shard loads
 * with the first popup of its shard (the self-contained page inlines them all). A feature with counts gets a line in the
 * reader's language, a small SVG line of its articles per year over the summary's
 * whole range (hidden from screen readers: the line and the per-year table say it all),
 * and the counts per year behind a disclosure. Pure functions first, unit-tested by
 * tests/js/sparkline.test.js.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var UNKNOWN = "unknown";
  /** The drawing's size in CSS pixels, and the room kept for the stroke and the dot. */
  var SIZE = { width: 160, height: 32, pad: 3 };

  /** Every year from first to last ([] for an empty range). */
  function yearRange(years) {
    var out = [];
    if (!years || years.length !== 2) return out;
    for (var y = years[0]; y <= years[1]; y++) out.push(y);
    return out;
  }

  /** Articles per year of rec.y over the years given, 0 where it has none. */
  function series(rec, years) {
    return years.map(function (y) {
      var c = rec.y[String(y)];
      return c ? c[0] : 0;
    });
  }

  /** [[x, y]] in an SVG box of size: years spread across, 0 on the bottom, the most on top. */
  function points(values, size) {
    var s = size || SIZE;
    var top = Math.max.apply(null, [1].concat(values));
    var n = values.length;
    var span = s.width - 2 * s.pad;
    var rise = s.height - 2 * s.pad;
    return values.map(function (v, i) {
      var x = n === 1 ? s.width / 2 : s.pad + (span * i) / (n - 1);
      var y = s.height - s.pad - (rise * v) / top;
      return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    });
  }

  /** The SVG path through the points ("M x,y L x,y …"); a single point is a short flat line. */
  function pathOf(pts) {
    if (!pts.length) return "";
    if (pts.length === 1) return "M" + (pts[0][0] - 4) + "," + pts[0][1] + "L" + (pts[0][0] + 4) + "," + pts[0][1];
    return pts
      .map(function (p, i) {
        return (i ? "L" : "M") + p[0] + "," + p[1];
      })
      .join("");
  }

  /**
   * What the sentence says: {articles, undated, first, last (dated years with articles),
   * peak (the most articles in a year), peakYears (the years that have it)}.
   */
  function stats(rec) {
    var out = { articles: rec.n[0], undated: 0, first: null, last: null, peak: 0, peakYears: [] };
    Object.keys(rec.y)
      .sort()
      .forEach(function (key) {
        var a = rec.y[key][0];
        if (key === UNKNOWN) {
          out.undated = a;
          return;
        }
        var year = Number(key);
        if (out.first === null) out.first = year;
        out.last = year;
        if (a > out.peak) {
          out.peak = a;
          out.peakYears = [year];
        } else if (a === out.peak) out.peakYears.push(year);
      });
    return out;
  }

  function number(n, lang) {
    return Number(n).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB");
  }

  /**
   * The sentence in "vi" or "en": "Mentioned in 37 ingested articles, 2016–2024; most in
   * 2021 (12)." A peak is named when there are several dated years and at most two share
   * it; undated articles count in the total and are said apart.
   */
  function sentence(rec, lang) {
    var s = stats(rec);
    var vi = lang === "vi";
    var n = function (x) {
      return number(x, lang);
    };
    var text = vi ? "Được nhắc đến trong " + n(s.articles) + " bài báo đã nhập" : "Mentioned in " + n(s.articles) + " ingested article" + (s.articles === 1 ? "" : "s");
    if (s.first === null) return text + (vi ? ", không bài nào rõ ngày." : s.articles === 1 ? ", of unknown date." : ", none of known date.");
    text += s.first === s.last ? (vi ? ", năm " : ", ") + s.first : ", " + s.first + "–" + s.last;
    var several = s.first !== s.last;
    if (several && s.peakYears.length === 1) {
      text += vi ? "; nhiều nhất năm " + s.peakYears[0] + " (" + n(s.peak) + " bài)" : "; most in " + s.peakYears[0] + " (" + n(s.peak) + ")";
    } else if (several && s.peakYears.length === 2) {
      var pair = s.peakYears[0] + (vi ? " và " : " and ") + s.peakYears[1];
      text += vi ? "; nhiều nhất năm " + pair + " (mỗi năm " + n(s.peak) + " bài)" : "; most in " + pair + " (" + n(s.peak) + " each)";
    }
    if (s.undated) text += vi ? "; " + n(s.undated) + " bài không rõ ngày" : "; " + n(s.undated) + " undated";
    return text + ".";
  }

  /** Rows of the per-year table: every year of the feature's own span (0 included), then the undated. */
  function tableRows(rec) {
    var s = stats(rec);
    var rows = [];
    if (s.first !== null) {
      yearRange([s.first, s.last]).forEach(function (y) {
        var c = rec.y[String(y)] || [0, 0];
        rows.push({ year: String(y), articles: c[0], mentions: c[1] });
      });
    }
    if (rec.y[UNKNOWN]) rows.push({ year: UNKNOWN, articles: rec.y[UNKNOWN][0], mentions: rec.y[UNKNOWN][1] });
    return rows;
  }

  // --- in the page -----------------------------------------------------------------

  var shards = {}; // k → {id: counts} once map/mentions/<k>.js has run

  BA.mentionsData = function (k, features) {
    shards[k] = features;
  };

  function config() {
    return (BA.app && BA.app.cfg) || {};
  }

  /** done() once the counts of id's shard are here (at once when the build has none). */
  function ensure(id, done) {
    var cfg = config();
    if (!cfg.mentions) return done();
    var k = String(BA.text.shardOf(id, cfg.shards));
    if (shards[k]) return done();
    BA.data.load(cfg.mentions.dir + k + ".js", function () {
      if (!shards[k]) shards[k] = {}; // a missing file: popups without counts
      done();
    });
  }

  /** The counts of a feature, or null (not counted, or its shard not loaded). */
  function countsOf(id) {
    var cfg = config();
    if (!cfg.mentions) return null;
    var shard = shards[String(BA.text.shardOf(id, cfg.shards))];
    return (shard && shard[id]) || null;
  }

  function svgNode(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, String(attrs[key]));
    });
    return node;
  }

  /** The drawing: the line over the summary's years, a dot on the (first) busiest year. */
  function drawing(rec, years) {
    var values = series(rec, years);
    var pts = points(values, SIZE);
    var svg = svgNode("svg", { class: "ba-spark", width: SIZE.width, height: SIZE.height, viewBox: "0 0 " + SIZE.width + " " + SIZE.height, "aria-hidden": "true", focusable: "false", "data-years": years[0] + "-" + years[years.length - 1], "data-values": values.join(" ") });
    var base = SIZE.height - SIZE.pad;
    svg.appendChild(svgNode("line", { class: "ba-spark-base", x1: 0, y1: base, x2: SIZE.width, y2: base }));
    var line = pathOf(pts);
    if (pts.length > 1) svg.appendChild(svgNode("path", { class: "ba-spark-area", d: line + "L" + pts[pts.length - 1][0] + "," + base + "L" + pts[0][0] + "," + base + "Z" }));
    svg.appendChild(svgNode("path", { class: "ba-spark-line", d: line }));
    var top = Math.max.apply(null, values);
    var at = values.indexOf(top);
    if (top > 0) svg.appendChild(svgNode("circle", { class: "ba-spark-peak", cx: pts[at][0], cy: pts[at][1], r: 2.5 }));
    return svg;
  }

  /** The block of a popup: the sentence, the drawing and the per-year table; null without counts. */
  function block(id) {
    var rec = countsOf(id);
    if (!rec) return null;
    var el = BA.dom.el;
    var bi = BA.dom.bi;
    var box = el("div", { className: "ba-mentions", "data-articles": rec.n[0] });
    box.appendChild(el("p", { className: "ba-mentions-line" }, [bi(sentence(rec, "vi"), sentence(rec, "en"))]));
    var years = yearRange(config().mentions.years);
    if (years.length && stats(rec).first !== null) {
      var figure = el("div", { className: "ba-spark-box", "aria-hidden": "true" });
      figure.appendChild(drawing(rec, years));
      figure.appendChild(el("div", { className: "ba-spark-axis" }, [el("span", { text: String(years[0]) }), el("span", { text: String(years[years.length - 1]) })]));
      box.appendChild(figure);
    }
    var details = el("details", { className: "ba-mentions-years" });
    details.appendChild(el("summary", {}, [bi("Số bài theo năm", "Articles per year")]));
    var table = el("table");
    var head = el("tr", {}, [el("th", { scope: "col" }, [bi("Năm", "Year")]), el("th", { scope: "col" }, [bi("Bài báo", "Articles")]), el("th", { scope: "col" }, [bi("Lần nhắc", "Mentions")])]);
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    tableRows(rec).forEach(function (r) {
      var year = r.year === UNKNOWN ? bi("Không rõ ngày", "Undated") : document.createTextNode(r.year);
      body.appendChild(el("tr", { "data-year": r.year }, [el("th", { scope: "row" }, [year]), el("td", {}, [bi(number(r.articles, "vi"), number(r.articles, "en"))]), el("td", {}, [bi(number(r.mentions, "vi"), number(r.mentions, "en"))])]));
    });
    table.appendChild(body);
    details.appendChild(table);
    box.appendChild(details);
    return box;
  }

  BA.sparkline = {
    yearRange: yearRange,
    series: series,
    points: points,
    pathOf: pathOf,
    stats: stats,
    sentence: sentence,
    tableRows: tableRows,
    ensure: ensure,
    block: block,
  };
})();
