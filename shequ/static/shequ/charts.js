/* Category charts (issue #14 item 8: the ranking, a community's indicator profile, survey results): ECharts (vendored,
 * as the cockpit's) over the data the page carries in a <script type="application/json"> (json_script). No inline
 * script: the CSP allows only our static files.
 *
 * Each chart's element names its data: data-source="<id of the JSON element>" data-chart="<key in it>". A chart's
 * data is {names: [categories], series: [{name, type ("bar" | "line" | "scatter"), stack?, data}], horizontal?,
 * max?, integer?}: `horizontal` lays the categories on the vertical axis (long names), `max` bounds the value axis
 * (100 for percentages), `integer` keeps its ticks whole (counts). A null in a series is a gap (not known), never a
 * zero. */
(function () {
  "use strict";

  function draw() {
    if (typeof window.echarts === "undefined") return;
    var sources = {};
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var id = element.getAttribute("data-source");
      if (!(id in sources)) {
        var source = document.getElementById(id);
        sources[id] = source ? JSON.parse(source.textContent) : null;
      }
      var chart_data = sources[id] && sources[id][element.getAttribute("data-chart")];
      if (!chart_data) return;
      var horizontal = Boolean(chart_data.horizontal);
      if (!element.style.height) {
        // CSSOM, not a style attribute: the CSP allows it. Horizontal charts grow with their categories.
        var rows = horizontal ? 28 * chart_data.names.length + 60 : 320;
        element.style.height = Math.max(rows, 200) + "px";
      }
      var categories = { type: "category", data: chart_data.names };
      var values = { type: "value" };
      if (chart_data.max !== undefined) values.max = chart_data.max;
      if (chart_data.integer) values.minInterval = 1; // counts: no half answers on the axis
      if (horizontal) categories.inverse = true; // the first category on top, as in the table
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 36, bottom: 28, containLabel: horizontal },
        xAxis: horizontal ? values : categories,
        yAxis: horizontal ? categories : [values],
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
