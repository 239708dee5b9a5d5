// Draws the page's charts from the figure JSON placed beside each one with json_script.
// plotly.js is large, so it is fetched when a chart comes near the viewport, or in the background
// once the reader scrolls or types; charts are drawn as they come near, each in its own task.
// A print cannot wait for a download: Ctrl+P and the Print buttons draw every chart first, and
// once plotly.js is here any print draws the undrawn ones at once.
(function () {
  "use strict";
  var plotlyUrl = document.currentScript.dataset.plotly;
  var config = { responsive: true, displayModeBar: false };
  var NARROW = 600; // below this plot width, the figure's phone layout
  var PRINT_WIDTH = 1000; // A4 landscape less its margins (site.css @page), in CSS pixels
  var SLIDE = { width: 1280, height: 720 };
  var SCALE = 3;
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

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function merge(target, patch) {
    Object.keys(patch || {}).forEach(function (key) {
      if (isObject(patch[key]) && isObject(target[key])) {
        merge(target[key], patch[key]);
      } else {
        target[key] = patch[key];
      }
    });
    return target;
  }

  function plots() {
    return Array.prototype.slice.call(document.querySelectorAll(".plot[data-figure]"));
  }

  // A fresh copy of the figure the plot shows: the default one, or the alternate.
  function source(plot) {
    var id = plot.dataset.showing === "all" ? plot.dataset.alternate : plot.dataset.figure;
    return JSON.parse(document.getElementById(id).textContent);
  }

  function isNarrow(plot) {
    return plot.clientWidth > 0 && plot.clientWidth < NARROW;
  }

  function shaped(plot, narrow) {
    var figure = source(plot);
    if (narrow && figure.narrow) {
      merge(figure.layout, figure.narrow.layout);
      Object.keys(figure.narrow.data || {}).forEach(function (index) {
        merge(figure.data[Number(index)], figure.narrow.data[index]);
      });
    }
    return figure;
  }

  // Synchronous once plotly.js is loaded, so that a print can rely on it.
  function render(plot, extra) {
    var narrow = isNarrow(plot);
    var figure = shaped(plot, narrow);
    merge(figure.layout, extra || {});
    plot.dataset.drawn = "true";
    plot.dataset.narrow = String(narrow);
    return window.Plotly.react(plot, figure.data, figure.layout, config);
  }

  function draw(plot) {
    if (plot.dataset.drawn) { return Promise.resolve(); }
    return loadPlotly().then(nextTask).then(function () {
      if (!plot.dataset.drawn) { return render(plot); }
    });
  }

  function drawAll() {
    return plots().reduce(function (done, plot) {
      return done.then(function () { return draw(plot); });
    }, Promise.resolve());
  }

  // On print: every chart drawn now, no wider than the printed page.
  function beforePrint() {
    if (!window.Plotly) {
      // Too late for a print already under way; in time for a print preview that waits.
      loadPlotly().then(function () { return printMedia.matches ? beforePrint() : drawAll(); });
      return;
    }
    plots().forEach(function (plot) {
      var width = plot.clientWidth;
      if (width > PRINT_WIDTH) {
        plot.dataset.printed = "true";
        render(plot, { width: PRINT_WIDTH });
      } else if (!plot.dataset.drawn) {
        render(plot);
      }
    });
  }

  function afterPrint() {
    plots().forEach(function (plot) {
      if (plot.dataset.printed) {
        delete plot.dataset.printed;
        window.Plotly.purge(plot); // a fresh plot sizes itself to its container again
        render(plot);
      }
    });
  }

  function toggle(input) {
    var plot = document.getElementById(input.dataset.toggle);
    var status = document.getElementById("status-" + plot.dataset.figure);
    plot.dataset.showing = input.checked ? "all" : "default";
    if (status) {
      status.textContent = input.checked ? status.dataset.all : status.dataset.default;
    }
    loadPlotly().then(function () { render(plot); });
  }

  // A download carries its title (with the trials shown) and a footnote naming the data cuts
  // and sources, under the axes: drawn once off screen to measure the space the axes take.
  function exportImage(plot, kind) {
    var figure = source(plot); // the wide layout: slides and documents are wide
    var notes = figure.export || {};
    var lines = notes.lines || 0;
    var slide = kind === "slide";
    var width = slide ? SLIDE.width : Math.max(plot.clientWidth, 960);
    var height = slide ? SLIDE.height : figure.layout.height + 90 + 14 * lines;
    var layout = merge(figure.layout, {
      width: width,
      height: height,
      showlegend: figure.layout.showlegend,
      title: {
        text: notes.title || "",
        automargin: true,
        x: 0,
        xref: "container",
        xanchor: "left",
        y: 1,
        yref: "paper",
        yanchor: "bottom",
        pad: { b: 12, l: 12 },
        font: { size: 18 },
      },
    });
    var box = document.createElement("div");
    box.style.cssText = "position:fixed;left:-20000px;top:0;width:" + width + "px;height:" + height + "px";
    document.body.appendChild(box);
    var done = function () {
      window.Plotly.purge(box);
      box.remove();
    };
    var settle = function () {
      return new Promise(function (resolve) { setTimeout(resolve, 50); });
    };
    // How far below the plot area the axes reach, as drawn.
    var axesDepth = function () {
      var size = box._fullLayout._size;
      var top = box.getBoundingClientRect().top;
      var plotBottom = size.t + size.h;
      var below = plotBottom;
      box.querySelectorAll(".xtick text, .g-xtitle text").forEach(function (node) {
        below = Math.max(below, node.getBoundingClientRect().bottom - top);
      });
      return below - plotBottom;
    };
    var footnoteHeight = 14 * lines + 16;
    return window.Plotly.newPlot(box, figure.data, layout, { staticPlot: true })
      .then(settle)
      .then(function () {
        return window.Plotly.relayout(box, { "margin.b": axesDepth() + footnoteHeight + 12 });
      })
      .then(settle)
      .then(function () {
        var footnote = {
          text: notes.footnote || "",
          xref: "paper",
          yref: "paper",
          x: 0,
          y: 0,
          xshift: -box._fullLayout._size.l + 12,
          yshift: -axesDepth() - 10,
          xanchor: "left",
          yanchor: "top",
          align: "left",
          showarrow: false,
          font: { size: 10, color: "#374151" },
        };
        return window.Plotly.relayout(box, {
          annotations: (layout.annotations || []).concat([footnote]),
        });
      })
      .then(function () {
        return window.Plotly.toImage(box, {
          format: kind === "svg" ? "svg" : "png",
          width: width,
          height: height,
          scale: kind === "svg" ? 1 : SCALE,
        });
      })
      .then(function (url) { done(); return url; }, function (error) { done(); throw error; });
  }

  function download(button) {
    var plot = document.getElementById(button.dataset.plot);
    var kind = button.dataset.download;
    var name = button.dataset.filename;
    if (plot.dataset.showing === "all" && button.dataset.filenameAlternate) {
      name = button.dataset.filenameAlternate;
    }
    loadPlotly()
      .then(function () { return exportImage(plot, kind); })
      .then(function (url) {
        var link = document.createElement("a");
        link.href = url;
        link.download = name + (kind === "slide" ? "_slide-16x9.png" : "." + kind);
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(callback, { timeout: 3000 });
    } else {
      setTimeout(callback, 1000);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var queue = Promise.resolve();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          queue = queue.then(function () { return draw(entry.target); });
        }
      });
    }, { rootMargin: "600px 0px" });
    plots().forEach(function (plot) { observer.observe(plot); });
    document.querySelectorAll("input[data-toggle]").forEach(function (input) {
      input.checked = false; // a restored page starts from the default figure
      input.addEventListener("change", function () { toggle(input); });
    });
    document.querySelectorAll("button[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(button); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        drawAll().then(function () { window.print(); });
      });
    });
  });

  // Not on load: parsing plotly.js would hold up a phone that may never scroll to a chart.
  var warm = function () {
    ["scroll", "pointerdown", "keydown", "touchstart"].forEach(function (type) {
      window.removeEventListener(type, warm, true);
    });
    if (plots().length) { whenIdle(loadPlotly); }
  };
  ["scroll", "pointerdown", "keydown", "touchstart"].forEach(function (type) {
    window.addEventListener(type, warm, { capture: true, passive: true });
  });

  // Ctrl+P (Cmd+P) prints what the Print buttons print: every chart drawn.
  window.addEventListener("keydown", function (event) {
    var key = (event.key || "").toLowerCase();
    if (key === "p" && (event.ctrlKey || event.metaKey) && !event.altKey && plots().length) {
      event.preventDefault();
      drawAll().then(function () { window.print(); });
    }
  });

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      plots().forEach(function (plot) {
        if (plot.dataset.drawn && !plot.dataset.printed &&
            plot.dataset.narrow !== String(isNarrow(plot))) {
          render(plot);
        }
      });
    }, 150);
  });

  var printMedia = window.matchMedia("print");
  var onPrintMedia = function (event) {
    if (event.matches) { beforePrint(); } else { afterPrint(); }
  };
  if (printMedia.addEventListener) {
    printMedia.addEventListener("change", onPrintMedia);
  } else {
    printMedia.addListener(onPrintMedia);
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
})();
