// tuijin charts: draws each <div data-chart="ID"> from the ECharts option
// in <script type="application/json" id="ID-option">.
//
// The option is data, not code: it is read with JSON.parse and handed to
// setOption, never evaluated, and nothing here writes HTML. The names in
// it come from submitted workbooks, so that is what keeps a crafted name
// from running as script. When ECharts is missing or a chart fails, the
// page is left as it is: the data table beside every chart still holds
// all the numbers.
(function () {
  "use strict";

  var ID = /^[a-z0-9-]{1,64}$/; // the ids generator/charts allows
  var charts = [];
  var ec = null; // window.echarts, once known to be there

  function optionFor(id) {
    var src = document.getElementById(id + "-option");
    // Only a JSON data block; any other element with that id is not ours.
    if (!src || src.tagName !== "SCRIPT" ||
        (src.getAttribute("type") || "").toLowerCase() !== "application/json") {
      return null;
    }
    try {
      var option = JSON.parse(src.textContent);
      return option !== null && typeof option === "object" && !Array.isArray(option) ? option : null;
    } catch (e) {
      return null;
    }
  }

  function draw(el) {
    var id = el.getAttribute("data-chart") || "";
    if (!ID.test(id) || ec.getInstanceByDom(el)) return;
    var option = optionFor(id);
    if (!option) {
      el.setAttribute("data-chart-state", "error");
      return;
    }
    var chart = null;
    try {
      // SVG prints sharply at any scale; the locale gives Chinese
      // default texts, such as for missing values.
      chart = ec.init(el, null, { renderer: "svg", locale: "ZH" });
      // Readers who asked their system for less motion get the final
      // chart at once instead of bars growing into place.
      if (typeof window.matchMedia === "function" &&
          window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
        option.animation = false;
      }
      chart.setOption(option);
      charts.push(chart);
      fit(el);
      el.setAttribute("data-chart-state", "ready");
    } catch (e) {
      if (chart) chart.dispose();
      el.setAttribute("data-chart-state", "error");
    }
  }

  // fit gives the chart's SVG a viewBox of its drawn size, so that the
  // print style can scale it to the paper's width: printing to PDF from
  // the command line (tuijin build --pdf, chromium --print-to-pdf) lays
  // the page out for A4 without a beforeprint event to redraw in, and a
  // chart drawn for a wider screen was cut off at the right.
  function fit(el) {
    var svg = el.querySelector("svg");
    if (!svg) return;
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    if (w > 0 && h > 0) {
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    }
  }

  function resizeAll() {
    for (var i = 0; i < charts.length; i++) {
      try {
        charts[i].resize();
        fit(charts[i].getDom());
      } catch (e) {
        // A chart removed from the page has nothing to resize.
      }
    }
  }

  // Window resizing fires many events; redraw once it settles.
  var timer = 0;
  function resizeSoon() {
    clearTimeout(timer);
    timer = setTimeout(resizeAll, 150);
  }

  function start() {
    if (typeof window.echarts !== "object" || window.echarts === null ||
        typeof window.echarts.init !== "function") {
      return;
    }
    ec = window.echarts;
    var nodes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < nodes.length; i++) draw(nodes[i]);
    if (!charts.length) return;

    window.addEventListener("resize", resizeSoon);
    // Printed pages are narrower than most screens: redraw at once, not
    // after a delay, so the chart fits the paper, and again afterwards.
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    // Some browsers apply print styles only after beforeprint; the media
    // query change comes when they are in place.
    if (typeof window.matchMedia === "function") {
      var print = window.matchMedia("print");
      if (typeof print.addEventListener === "function") {
        print.addEventListener("change", resizeAll);
      } else if (typeof print.addListener === "function") {
        print.addListener(resizeAll);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
