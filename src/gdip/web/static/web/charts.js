/* GDIP charts: progressive enhancement. Each chart is a <div data-chart="bar|map|stacked"
 * data-source="<id>"> whose data sits in <script type="application/json" id="<id>"> (Django's
 * json_script); the tables next to the charts carry the same figures for readers without JS.
 * No inline scripts: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  var RED = "#b3121d";
  var PALETTE = [RED, "#124e8c", "#d98e04", "#1b7f3b", "#6a3d9a", "#5c6670"];

  function readData(el) {
    var src = document.getElementById(el.getAttribute("data-source"));
    if (!src) { return null; }
    try { return JSON.parse(src.textContent); } catch (e) { return null; }
  }

  function bar(data) {
    var cities = data.cities.slice().reverse();
    return {
      color: [RED],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: cities.map(function (c) { return c.name; }) },
      series: [{ type: "bar", name: data.title, data: cities.map(function (c) { return c.value; }), barMaxWidth: 22 }]
    };
  }

  function map(data) {
    var max = 1;
    data.cities.forEach(function (c) { if (c.value > max) { max = c.value; } });
    return {
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + (isNaN(p.value) ? 0 : p.value); } },
      visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, inRange: { color: ["#fbe9e7", "#f4a08f", RED] } },
      series: [{
        type: "map", map: data.map, roam: false, name: data.title, layoutCenter: ["50%", "50%"], layoutSize: "118%",
        label: { show: true, fontSize: 10 }, itemStyle: { borderColor: "#fff" },
        data: data.cities.map(function (c) { return { name: c.name, value: c.value }; })
      }]
    };
  }

  function stacked(data) {
    return {
      color: PALETTE,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) { return { type: "bar", stack: "all", name: s.name, data: s.values, barMaxWidth: 40 }; })
    };
  }

  var BUILDERS = { bar: bar, map: map, stacked: stacked };

  function init() {
    if (typeof window.echarts === "undefined") { return; }
    var charts = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
      var kind = el.getAttribute("data-chart");
      var data = readData(el);
      var empty = !data || (data.cities && data.cities.length === 0) || (data.series && data.series.length === 0);
      if (!BUILDERS[kind] || empty) { return; }
      if (kind === "map" && !window.echarts.getMap(data.map)) { return; }
      el.classList.add("ready");
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(BUILDERS[kind](data));
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
