/* The ranking page's charts (issue #14): ECharts (vendored, as the cockpit's) over the data the page carries in
 * <script type="application/json" id="evaluation-charts"> (json_script). No inline script: the CSP allows only our
 * static files. data-chart="classes" (classes per district, stacked bars) | "quarters" (each district's mean over
 * the quarters, lines). */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("evaluation-charts");
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart_data = data[element.getAttribute("data-chart")];
      if (!chart_data) return;
      if (!element.style.height) element.style.height = "320px"; // CSSOM, not a style attribute: the CSP allows it
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 36, bottom: 28 },
        xAxis: { type: "category", data: chart_data.names },
        yAxis: [{ type: "value" }],
        series: chart_data.series.map(function (s) {
          return { name: s.name, type: s.type, stack: s.stack, data: s.data, connectNulls: false };
        }),
      });
      charts.push(chart);
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
