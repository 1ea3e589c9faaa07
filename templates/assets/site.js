// tuijin site script: sortable tables. No data is ever evaluated; cell text
// and data-sort attributes are only compared.
(function () {
  "use strict";
  function key(td) {
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
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(key(r1.cells[col]), key(r2.cells[col]));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.data").forEach(function (table) {
      if (!table.tHead || !table.tBodies[0]) return;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        th.setAttribute("data-sortable", "");
        th.tabIndex = 0;
        th.title = "点击排序";
        th.addEventListener("click", function () { sortBy(table, th, col); });
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, col); }
        });
      });
    });
  });
})();
