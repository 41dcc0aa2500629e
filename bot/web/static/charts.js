// Draws every <div class="chart" data-option='{...}'> with ECharts, also after htmx swaps.
function drawCharts(root) {
  root.querySelectorAll(".chart[data-option]").forEach(function (el) {
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(el.dataset.option), true);
  });
}
document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSettle", function (e) { drawCharts(e.target); });
window.addEventListener("resize", function () {
  document.querySelectorAll(".chart").forEach(function (el) {
    var chart = echarts.getInstanceByDom(el); if (chart) { chart.resize(); }
  });
});
