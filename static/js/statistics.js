// Charts of the statistics page (templates/admin/statistics.html): data from the json_script block.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-charts").textContent);
  if (typeof Chart === "undefined") { return; }
  function bar(id, labels, values, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !labels.length) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: "#417690" }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { ticks: { autoSkip: false, precision: 0 } }, y: { ticks: { precision: 0 } } }
      }
    });
  }
  // One small line chart per headline figure: their scales differ too much to share one.
  function trend(series, years) {
    var canvas = document.getElementById("chart-trend-" + series.id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: years,
        datasets: [{ label: series.label, data: series.values, borderColor: "#417690", backgroundColor: "#417690", tension: 0 }]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }
  bar("chart-city", data.city[0], data.city[1], false);
  bar("chart-theme", data.theme[0], data.theme[1], true);
  data.trend.series.forEach(function (series) { trend(series, data.trend.years); });
})();
