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
  // A select with data-autosubmit sends its form when changed (the form's own button does it
  // without JavaScript): the approval queue's document-type filter.
  document.addEventListener("change", function (evt) {
    var select = evt.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // "Select all" for a form whose checkboxes live elsewhere on the page (form="ID"): shown
  // only with JavaScript, it ticks every box of that form.
  function showSelectAll(root) {
    root.querySelectorAll("input[data-select-all]").forEach(function (box) {
      var label = box.closest("label");
      if (label) label.hidden = false;
    });
  }
  document.addEventListener("change", function (evt) {
    var all = evt.target.closest("input[data-select-all]");
    if (!all) return;
    var selector = 'input[type="checkbox"][form="' + all.dataset.selectAll + '"]';
    document.querySelectorAll(selector).forEach(function (box) { box.checked = all.checked; });
  });
  // An inline approval decision answers with the event "approvals-queue-changed" (HX-Trigger)
  // carrying the queue's counts: {badge: nav key, total: n, types: {document type: n}}. The
  // menu badge and the queue page's count (data-queue-count, of data-queue-type or all)
  // follow, without reloading the page.
  document.addEventListener("approvals-queue-changed", function (evt) {
    var counts = evt.detail || {};
    var total = counts.total || 0;
    var types = counts.types || {};
    document.querySelectorAll('[data-badge="' + counts.badge + '"]').forEach(function (badge) {
      badge.textContent = total;
      badge.hidden = !total;
    });
    document.querySelectorAll("[data-queue-count]").forEach(function (el) {
      var type = el.dataset.queueType;
      el.textContent = type ? (types[type] || 0) : total;
    });
  });
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); showSelectAll(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { drawCharts(evt.target); });
})();
