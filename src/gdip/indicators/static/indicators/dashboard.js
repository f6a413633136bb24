/* Plan monitoring: trend charts. Each <div data-chart="trend" data-source="<id>" data-code="<code>">
 * reads its series from <script type="application/json" id="<id>"> (json_script): an object
 * code → {name, unit, years, values, target, status}. The table cells carry the same figures
 * for readers without JS. No inline scripts: the Content-Security-Policy forbids them.
 * (The city map uses web/charts.js's "map" chart.) */
(function () {
  "use strict";
  var COLOURS = { achieved: "#1b7f3b", on_track: "#124e8c", behind: "#b3121d", no_data: "#8a939c", no_target: "#5c6670" };
  var cache = {};

  function payload(id) {
    if (!(id in cache)) {
      var src = document.getElementById(id);
      try { cache[id] = src ? JSON.parse(src.textContent) : null; } catch (e) { cache[id] = null; }
    }
    return cache[id];
  }

  function option(d) {
    var colour = COLOURS[d.status] || "#b3121d";
    var series = [{
      type: "line", name: d.name, data: d.values, connectNulls: false, symbolSize: 5,
      lineStyle: { color: colour, width: 2 }, itemStyle: { color: colour }
    }];
    if (d.target !== null && d.target !== undefined) {
      series[0].markLine = { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#5c6670" },
        label: { show: false }, data: [{ yAxis: d.target }] };
    }
    return {
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + " " + d.unit; } },
      grid: { left: 4, right: 8, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: d.years, axisLabel: { fontSize: 9 } },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 9 }, splitLine: { show: false } },
      series: series
    };
  }

  function init() {
    if (typeof window.echarts === "undefined") { return; }
    var charts = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart='trend']"), function (el) {
      var all = payload(el.getAttribute("data-source"));
      var d = all && all[el.getAttribute("data-code")];
      if (!d || !d.values.some(function (v) { return v !== null; })) { return; }
      el.classList.add("ready");
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(d));
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
