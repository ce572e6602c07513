/* The home page's charts (issue #13): ECharts (vendored) over the data the page carries in
 * <script type="application/json" id="cockpit-charts"> (json_script). No inline script: the CSP allows only our
 * static files. Each chart's element names its data with data-chart="orders" | "people" | "children". */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("cockpit-charts");
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = [];

    function axes(series) {
      var twoAxes = series.some(function (s) { return s.axis === 1; });
      var yAxis = [{ type: "value" }];
      if (twoAxes) yAxis.push({ type: "value", splitLine: { show: false } });
      return yAxis;
    }

    function build(element, categories, series) {
      if (!element.style.height) element.style.height = "320px"; // CSSOM, not a style attribute: the CSP allows it
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 48, top: 36, bottom: 28 },
        xAxis: { type: "category", data: categories },
        yAxis: axes(series),
        series: series.map(function (s) {
          return {
            name: s.name,
            type: s.type,
            yAxisIndex: s.axis || 0,
            data: s.data,
            connectNulls: true,
          };
        }),
      });
      charts.push(chart);
    }

    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var name = element.getAttribute("data-chart");
      if (name === "children" && data.children) {
        build(element, data.children.names, data.children.series);
      } else if (data[name]) {
        build(element, data.months, data[name]);
      }
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
