// tuijin search: finds projects in the index that search.html carries in
// <script type="application/json" id="search-index">, as the reader types.
//
// The index is inline because Chromium refuses to fetch a file from
// file://; the query comes from ?q= (the search form in every page's
// header) so the page works opened from disk too. Matching is by substring,
// which suits Chinese (no word breaks to find) and codes alike: the text and
// the query are folded with NFKC (full-width letters, digits and the
// ideographic space become their ASCII forms) and lower-cased, and every
// space-separated term must occur in one of the searched fields.
//
// Index entries are workbook text. They are read with JSON.parse, shown only
// through textContent, and a link is made only from a path that looks like
// a project page, which Go built; nothing is parsed as HTML or evaluated.
(function () {
  "use strict";

  var MAX = 100; // results shown; the rest are counted
  var FIELDS = [
    ["name", "项目名称"], ["code", "项目代码"], ["unit", "填报单位"],
    ["builder", "建设单位"], ["responsible", "责任单位"]
  ];
  var PATH = /^projects\/[0-9A-Za-z-]{1,48}\.html$/;

  function fold(s) {
    s = typeof s === "string" ? s : "";
    if (typeof s.normalize === "function") s = s.normalize("NFKC");
    return s.toLowerCase();
  }

  function terms(q) {
    return fold(q).split(/\s+/).filter(function (t) { return t !== ""; });
  }

  function loadIndex() {
    var src = document.getElementById("search-index");
    if (!src || src.tagName !== "SCRIPT" ||
        (src.getAttribute("type") || "").toLowerCase() !== "application/json") {
      return [];
    }
    var raw;
    try {
      raw = JSON.parse(src.textContent);
    } catch (e) {
      return [];
    }
    if (!Array.isArray(raw)) return [];
    var out = [];
    raw.forEach(function (e, i) {
      if (e === null || typeof e !== "object") return;
      var folded = {};
      FIELDS.forEach(function (f) { folded[f[0]] = fold(e[f[0]]); });
      out.push({ raw: e, folded: folded, order: i });
    });
    return out;
  }

  // find returns the entries matching every term: those whose name holds
  // every term first, then the rest, each group in index order.
  function find(entries, ts) {
    var hits = [];
    entries.forEach(function (e) {
      var inName = true;
      for (var i = 0; i < ts.length; i++) {
        var t = ts[i], any = false;
        for (var j = 0; j < FIELDS.length && !any; j++) {
          any = e.folded[FIELDS[j][0]].indexOf(t) >= 0;
        }
        if (!any) return;
        if (e.folded.name.indexOf(t) < 0) inName = false;
      }
      hits.push({ e: e, rank: e.folded.code === ts.join(" ") ? 0 : inName ? 1 : 2 });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.e.order - b.e.order; });
    return hits.map(function (h) { return h.e; });
  }

  function text(tag, cls, s) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = s;
    return el;
  }

  function str(v) { return typeof v === "string" ? v : ""; }

  function item(e, ts) {
    var r = e.raw;
    var li = document.createElement("li");
    var name = str(r.name) || str(r.code);
    var path = str(r.path);
    var title;
    if (PATH.test(path)) {
      title = text("a", "title", name);
      title.href = path;
    } else {
      title = text("span", "title", name);
    }
    li.appendChild(title);
    var meta = [str(r.code), str(r.unit), str(r.stage), str(r.centre)].filter(Boolean).join(" · ");
    li.appendChild(text("span", "meta", meta));
    // Say where a term was found when it is not in what is already shown.
    FIELDS.slice(3).forEach(function (f) {
      var v = e.folded[f[0]];
      if (v && ts.some(function (t) { return v.indexOf(t) >= 0; })) {
        li.appendChild(text("span", "meta", f[1] + "：" + str(r[f[0]])));
      }
    });
    return li;
  }

  function show(entries, q, list, status) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var ts = terms(q);
    if (!ts.length) {
      status.textContent = entries.length ? "请输入关键词。" : "本期没有可搜索的项目。";
      return;
    }
    var hits = find(entries, ts);
    if (!hits.length) {
      status.textContent = "没有找到包含“" + q.trim() + "”的项目。";
      return;
    }
    status.textContent = "找到 " + hits.length + " 个项目" +
      (hits.length > MAX ? "，显示前 " + MAX + " 个，请增加关键词缩小范围。" : "。");
    hits.slice(0, MAX).forEach(function (e) { list.appendChild(item(e, ts)); });
  }

  function queryOf(search) {
    try {
      return new URLSearchParams(search).get("q") || "";
    } catch (e) {
      return "";
    }
  }

  function start() {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!input || !list || !status) return;
    var entries = loadIndex();
    var header = document.getElementById("site-q");
    // This page has its own, larger box; a second one in the header would
    // only compete with it.
    if (header && header.form) header.form.hidden = true;

    function update() {
      var q = input.value;
      show(entries, q, list, status);
      // Keep ?q= in the address so Back and a shared link give the same
      // results; some browsers refuse this for file:// pages, which only
      // costs that convenience.
      try {
        history.replaceState(null, "", q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname);
      } catch (e) {
        // ignored: see above
      }
    }

    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 80);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        clearTimeout(timer);
        update();
      });
    }
    input.value = queryOf(location.search);
    show(entries, input.value, list, status);
    if (!input.value) input.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
