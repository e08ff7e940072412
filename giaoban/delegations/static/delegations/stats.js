/* Charts of the delegation statistics page. The data comes from the page's json_script block
   (#delegation-chart-data); no inline script, so a strict Content-Security-Policy can apply. */
(function () {
  "use strict";
  var source = document.getElementById("delegation-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Two colours that stay apart in greyscale print: dark red and a light steel blue.
  var OUTBOUND = "#8b1a1a";
  var INBOUND = "#7fa7cf";
  var locale = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(locale);

  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  Chart.defaults.color = "#212529";
  Chart.defaults.maintainAspectRatio = false;

  function datasets(rows) {
    return [
      { label: data.labels.outbound, data: rows.map(function (r) { return r.outbound; }), backgroundColor: OUTBOUND, borderColor: "#000", borderWidth: 1 },
      { label: data.labels.inbound, data: rows.map(function (r) { return r.inbound; }), backgroundColor: INBOUND, borderColor: "#000", borderWidth: 1 }
    ];
  }

  function options(horizontal) {
    var valueAxis = { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return number.format(v); } } };
    return {
      indexAxis: horizontal ? "y" : "x",
      animation: false,
      responsive: true,
      plugins: { legend: { position: "bottom" } },
      scales: horizontal ? { x: valueAxis } : { y: valueAxis }
    };
  }

  function monthLabel(value) {
    var parts = value.split("-");
    return Number(parts[1]) + "/" + parts[0];
  }

  var charts = [];
  function draw(id, type, labels, rows, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    charts.push(new Chart(canvas, { type: type, data: { labels: labels, datasets: datasets(rows) }, options: options(horizontal) }));
  }

  draw("chart-country", "bar", data.by_country.map(function (r) { return r.name; }), data.by_country, true);
  draw("chart-month", "bar", data.by_month.map(function (r) { return monthLabel(r.month); }), data.by_month, false);
  draw("chart-purpose", "bar", data.by_purpose.map(function (r) { return r.label; }), data.by_purpose, true);

  // Redraw at the paper's width before printing, and back afterwards.
  function resizeAll() {
    charts.forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  document.body.dataset.chartsReady = String(charts.length);
})();
