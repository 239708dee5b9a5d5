// Draws the page's charts from the figure JSON placed beside each one with json_script.
// plotly.js is large, so it is fetched when a chart comes near the viewport (or before
// printing), and each chart is drawn in its own task to keep the page responsive.
(function () {
  "use strict";
  var plotlyUrl = document.currentScript.dataset.plotly;
  var config = { responsive: true, displayModeBar: false };
  var loading = null;

  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function draw(plot) {
    if (plot.dataset.drawn) { return Promise.resolve(); }
    plot.dataset.drawn = "true";
    var figure = JSON.parse(document.getElementById(plot.dataset.figure).textContent);
    return loadPlotly().then(nextTask).then(function () {
      return window.Plotly.newPlot(plot, figure.data, figure.layout, config);
    });
  }

  function drawAll() {
    var plots = Array.prototype.slice.call(document.querySelectorAll(".plot[data-figure]"));
    return plots.reduce(function (done, plot) {
      return done.then(function () { return draw(plot); });
    }, Promise.resolve());
  }

  function download(button) {
    var plot = document.getElementById(button.dataset.plot);
    draw(plot).then(function () {
      window.Plotly.downloadImage(plot, {
        format: button.dataset.download,
        filename: button.dataset.filename,
        width: plot.offsetWidth,
        height: plot.offsetHeight,
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var plots = document.querySelectorAll(".plot[data-figure]");
    var queue = Promise.resolve();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          queue = queue.then(function () { return draw(entry.target); });
        }
      });
    }, { rootMargin: "600px 0px" });
    plots.forEach(function (plot) { observer.observe(plot); });
    document.querySelectorAll("button[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(button); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        drawAll().then(function () { window.print(); });
      });
    });
  });
})();
