// tuijin site script: sortable and filterable tables, and a navigation bar
// that shows where the reader is. It runs on every page, offline and from
// file://, so it needs no server and loads nothing.
//
// Cell text comes from submitted workbooks. It is only read (textContent,
// data-sort) and compared, and every element made here gets its text
// through textContent: nothing is parsed as HTML and nothing is evaluated.
(function () {
  "use strict";

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // ---- sorting ------------------------------------------------------------

  function key(td) {
    if (!td) return { t: "" };
    var s = td.getAttribute("data-sort");
    if (s !== null && s !== "" && !isNaN(Number(s))) return { n: Number(s) };
    return { t: (s !== null ? s : td.textContent).trim() };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    var x = a.t !== undefined ? a.t : String(a.n), y = b.t !== undefined ? b.t : String(b.n);
    return x.localeCompare(y, "zh-CN");
  }
  function sortBy(table, th, col) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    each(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    // Array.prototype.sort is stable, so equal keys keep the page's order.
    rows.sort(function (r1, r2) {
      var c = compare(key(r1.cells[col]), key(r2.cells[col]));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // The header text moves into a <button>: a button is reachable with Tab,
  // is announced as one by screen readers and answers Enter and Space on
  // its own, which a clickable <th> does not.
  function makeSortable(table) {
    each(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.title = "点击按此列排序";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      // Chromium prints a button blank in a header repeated on the next
      // page: the print style shows the text from this attribute instead.
      th.setAttribute("data-label", b.textContent);
      th.setAttribute("data-sortable", "");
      b.addEventListener("click", function () { sortBy(table, th, col); });
    });
  }

  // ---- filters ------------------------------------------------------------

  var filterCount = 0;

  function cellText(row, col) {
    var td = row.cells[col];
    return td ? td.textContent.trim() : "";
  }

  // makeFilters puts one drop-down per column marked data-filter above the
  // table. Rows that do not match every chosen value are hidden.
  function makeFilters(table) {
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    var filters = [];
    each(heads, function (th, col) {
      if (!th.hasAttribute("data-filter")) return;
      var seen = {}, values = [];
      each(body.rows, function (r) {
        var v = cellText(r, col);
        if (!Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = true; values.push(v); }
      });
      // A drop-down with one choice filters nothing.
      if (values.length < 2) return;
      values.sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
      filters.push({ col: col, label: th.textContent.trim(), values: values });
    });
    if (!filters.length) return;

    var wrap = table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    var box = document.createElement("div");
    box.className = "table-filters";
    var status = document.createElement("p");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var selects = [];
    filterCount++;
    filters.forEach(function (f, i) {
      var id = "filter-" + filterCount + "-" + i;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = f.label;
      var sel = document.createElement("select");
      sel.id = id;
      sel.setAttribute("data-col", String(f.col));
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      sel.appendChild(all);
      f.values.forEach(function (v) {
        var o = document.createElement("option");
        // A prefix keeps an empty cell apart from "全部".
        o.value = "=" + v;
        o.textContent = v === "" ? "（空）" : v;
        sel.appendChild(o);
      });
      sel.addEventListener("change", apply);
      var field = document.createElement("span");
      field.className = "filter";
      field.appendChild(label);
      field.appendChild(sel);
      box.appendChild(field);
      selects.push({ col: f.col, el: sel });
    });
    box.appendChild(status);
    wrap.parentNode.insertBefore(box, wrap);

    function apply() {
      var shown = 0, total = body.rows.length;
      each(body.rows, function (r) {
        var ok = selects.every(function (s) {
          return s.el.value === "" || "=" + cellText(r, s.col) === s.el.value;
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = "显示 " + shown + " / " + total + " 行";
    }
    apply();
  }

  // ---- navigation -------------------------------------------------------

  // On a phone the navigation bar scrolls sideways; bring the current page's
  // entry into view inside the bar without moving the page itself (which
  // scrollIntoView would do).
  function showCurrentNav() {
    var nav = document.querySelector(".nav");
    var cur = nav && nav.querySelector('a[aria-current="page"]');
    if (!cur || nav.scrollWidth <= nav.clientWidth) return;
    var n = nav.getBoundingClientRect(), r = cur.getBoundingClientRect();
    nav.scrollLeft += (r.left + r.width / 2) - (n.left + n.width / 2);
  }

  function start() {
    each(document.querySelectorAll("table.data"), function (table) {
      if (!table.tHead || !table.tHead.rows.length || !table.tBodies[0]) return;
      makeFilters(table);
      makeSortable(table);
      // A table scrolls sideways inside its box, which makes the box,
      // not the window, what its sticky header sticks to: on a long
      // table the header scrolled away with the first rows. A long
      // table's box is therefore at most about a screen high and
      // scrolls both ways, its header and first column staying in view;
      // the browser does it, with no script on every scroll. The test is
      // the rows, not the height, which a phone turned on its side
      // changes.
      var wrap = table.parentNode;
      if (wrap.classList && wrap.classList.contains("table-wrap") && table.tBodies[0].rows.length > 12) {
        wrap.classList.add("tall");
      }
    });
    showCurrentNav();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
