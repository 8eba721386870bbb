// Page behaviour that needs no inline script (the Content-Security-Policy forbids inline code).
// Charts: an element <canvas data-chart="ID"> reads its Chart.js config from the json_script
// block with id ID.
(function () {
  function drawCharts(root) {
    if (typeof window.Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      var config = JSON.parse(source.textContent);
      config.options = config.options || {};
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      if (config.onClickHref) {
        var hrefs = config.onClickHref;
        config.options.onClick = function (evt, elements) {
          if (elements.length && hrefs[elements[0].index]) window.location = hrefs[elements[0].index];
        };
      }
      // Scatter charts: pointUrl ("/customers/{i}/") opens the page of the clicked point's "i";
      // tooltipName labels a point with its "name" (e.g. the customer on the classification grid).
      if (config.pointUrl) {
        var pointUrl = config.pointUrl, sets = config.data.datasets;
        config.options.onClick = function (evt, elements) {
          if (!elements.length) return;
          var point = sets[elements[0].datasetIndex].data[elements[0].index];
          if (point && point.i !== undefined) window.location = pointUrl.replace("{i}", point.i);
        };
      }
      if (config.tooltipName) {
        config.options.plugins = config.options.plugins || {};
        config.options.plugins.tooltip = config.options.plugins.tooltip || {};
        config.options.plugins.tooltip.callbacks = {
          label: function (ctx) { return (ctx.raw && ctx.raw.name ? ctx.raw.name + " " : "") + "(" + ctx.parsed.x + ", " + ctx.parsed.y + ")"; }
        };
      }
      new window.Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }
  // One navigation group open at a time; a click elsewhere closes it.
  document.addEventListener("click", function (evt) {
    document.querySelectorAll("details.navgroup-menu[open]").forEach(function (menu) {
      if (!menu.contains(evt.target)) menu.removeAttribute("open");
    });
  });
  // A button or link with data-confirm asks before it acts.
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) evt.preventDefault();
  });
  // Forms with data-once disable their submit buttons after the first submit (double click).
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.hasAttribute("data-once")) return;
    if (form.dataset.sent) { evt.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { drawCharts(evt.target); });
})();
