/* Task dashboard charts: data from the page's json_script, drawn with the bundled Chart.js. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = {
    completed_on_time: "#198754",
    completed_late: "#6f42c1",
    open_on_time: "#0d6efd",
    open_overdue: "#dc3545",
    recurring: "#6c757d",
    cancelled: "#adb5bd"
  };
  var keys = ["completed_on_time", "completed_late", "open_on_time", "open_overdue", "recurring", "cancelled"];
  var classes = document.getElementById("chart-classes");
  if (classes) {
    new Chart(classes, {
      type: "doughnut",
      data: {
        labels: data.labels,
        datasets: [{ data: data.values, backgroundColor: keys.map(function (k) { return colours[k]; }) }]
      },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }
  var units = document.getElementById("chart-units");
  if (units && data.units.length) {
    new Chart(units, {
      type: "bar",
      data: {
        labels: data.units,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: colours[s.key] };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: "y",
        responsive: true,
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
})();
