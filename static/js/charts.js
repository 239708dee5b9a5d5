// Draws every chart on the page from the figure JSON placed next to it with json_script.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false };

  function draw(plot) {
    var source = document.getElementById(plot.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(plot, figure.data, figure.layout, config);
  }

  function download(button) {
    var plot = document.getElementById(button.dataset.plot);
    window.Plotly.downloadImage(plot, {
      format: button.dataset.download,
      filename: button.dataset.filename,
      width: plot.offsetWidth,
      height: plot.offsetHeight,
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".plot[data-figure]").forEach(draw);
    document.querySelectorAll("button[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(button); });
    });
  });
})();
