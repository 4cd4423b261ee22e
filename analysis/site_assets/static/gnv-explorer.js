/* Region explorer (page "Utforska regionerna"): choose a region and an indicator and see the
   region's series beside Riket and the regions' range, with the values of a year on hover.
   Hand-written, no library, no request: the data are embedded in the page as JSON
   (analysis/presentation/explorer.py) and the figure is inline SVG. */
(function () {
  "use strict";
  var root = document.getElementById("gnv-explorer");
  var source = document.getElementById("gnv-explorer-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var regionSelect = document.getElementById("gnv-explorer-region");
  var indicatorSelect = document.getElementById("gnv-explorer-indicator");
  var figure = document.getElementById("gnv-explorer-figure");
  var title = document.getElementById("gnv-explorer-title");
  var readout = document.getElementById("gnv-explorer-readout");
  var SVG = "http://www.w3.org/2000/svg";
  var BLUE = "#0072B2";
  var names = {};
  data.regions.forEach(function (r) { names[r.code] = r.name; });

  function fmt(v, d) {
    if (v === null || v === undefined) return "–";
    return new Intl.NumberFormat("sv-SE", { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
  }
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  }
  function indicator() {
    return data.indicators.find(function (i) { return i.id === indicatorSelect.value; }) || data.indicators[0];
  }
  function niceTicks(lo, hi, n) {
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / n || 1)));
    [1, 2, 2.5, 5, 10].some(function (m) { if ((hi - lo) / (step * m) <= n) { step *= m; return true; } return false; });
    var ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(t);
    return ticks;
  }

  function draw() {
    var ind = indicator();
    var code = regionSelect.value;
    var values = ind.values[code];
    var years = ind.years;
    var lows = ind.range;  // [lowest, highest] per year, null where too few regions report
    var all = [].concat(values, ind.riket).concat([].concat.apply([], lows.filter(Boolean))).filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    var pad = (hi - lo) * 0.08 || 1;
    lo -= pad; hi += pad;
    var width = Math.max(280, Math.min(figure.clientWidth || 640, 760));
    var height = width < 500 ? 300 : 360;
    var ticks = niceTicks(lo, hi, 5);
    var tickDecimals = ticks.length > 1 && ticks[1] - ticks[0] >= 1 ? 0 : ind.decimals;
    // room for the widest tick label ("40 000" needs more than "80"), about 7 px a character
    var widest = Math.max.apply(null, ticks.map(function (t) { return fmt(t, tickDecimals).length; }));
    var m = { left: Math.max(width < 500 ? 44 : 64, 7 * widest + 14), right: 24, top: 40, bottom: 30 };
    var x = function (year) {
      return years.length < 2 ? m.left : m.left + (year - years[0]) / (years[years.length - 1] - years[0]) * (width - m.left - m.right);
    };
    var y = function (v) { return m.top + (hi - v) / (hi - lo) * (height - m.top - m.bottom); };

    figure.innerHTML = "";
    var svg = el("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": ind.title + ": " + names[code] + " och riket",
      "font-family": "sans-serif", "font-size": "13"
    }, figure);
    // legend first (wrapped onto more rows on a narrow screen), then the plot below it
    var lx = m.left, ly = 16;
    [[BLUE, "", names[code]], ["#000", "6 4", "Riket"], ["#bbbbbb", "", "Regionernas spann"]].forEach(function (item) {
      var g = el("g", {}, svg);
      el("line", { x1: 0, x2: 22, y1: 0, y2: 0, stroke: item[0], "stroke-width": item[0] === "#bbbbbb" ? 8 : 2.5, "stroke-dasharray": item[1] }, g);
      var t = text(g, 27, 4, item[2], { fill: "#222" });
      var w = 27 + t.getComputedTextLength() + 16;
      if (lx > m.left && lx + w > width - m.right) { lx = m.left; ly += 20; }
      g.setAttribute("transform", "translate(" + lx + "," + ly + ")");
      lx += w;
    });
    m.top = ly + 22;
    ticks.forEach(function (t) {
      el("line", { x1: m.left, x2: width - m.right, y1: y(t), y2: y(t), stroke: "#dddddd" }, svg);
      text(svg, m.left - 6, y(t) + 4, fmt(t, tickDecimals), { "text-anchor": "end", fill: "#333" });
    });
    var step = Math.ceil(years.length / (width < 500 ? 5 : 9));
    years.forEach(function (yr, k) {
      // counted from the last year, so it is always labelled and never crowds its neighbour
      if ((years.length - 1 - k) % step === 0) text(svg, x(yr), height - m.bottom + 18, String(yr), { "text-anchor": "middle", fill: "#333" });
    });
    // one polygon per run of years with a range, so a year without one leaves a gap
    var band = [], back = [];
    function closeBand() {
      if (band.length) el("polygon", { points: band.concat(back).join(" "), fill: "#d9d9d9", "class": "gnv-band" }, svg);
      band = []; back = [];
    }
    var breaks = ind.breaks || [];  // a part after a series break is not joined to the one before
    lows.forEach(function (b, k) {
      if (breaks.indexOf(k) >= 0) closeBand();
      if (!b) { closeBand(); return; }
      band.push(x(years[k]) + "," + y(b[1])); back.unshift(x(years[k]) + "," + y(b[0]));
    });
    closeBand();
    function line(series, attrs) {
      var d = "", pen = false;
      series.forEach(function (v, k) {
        if (v === null) { pen = false; return; }
        if (breaks.indexOf(k) >= 0) pen = false;
        d += (pen ? " L" : " M") + x(years[k]).toFixed(1) + " " + y(v).toFixed(1);
        pen = true;
      });
      return el("path", Object.assign({ d: d.trim(), fill: "none" }, attrs), svg);
    }
    line(ind.riket, { stroke: "#000", "stroke-width": 1.6, "stroke-dasharray": "6 4", "class": "gnv-riket" });
    line(values, { stroke: BLUE, "stroke-width": 2.5, "class": "gnv-region" });
    values.forEach(function (v, k) {
      if (v === null) return;
      var dot = el("circle", { cx: x(years[k]), cy: y(v), r: 3.5, fill: BLUE }, svg);
      el("title", {}, dot).textContent = years[k] + ": " + fmt(v, ind.decimals);
    });
    var cursor = el("line", { y1: m.top, y2: height - m.bottom, stroke: "#666", visibility: "hidden" }, svg);
    var hit = el("rect", { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom, fill: "transparent" }, svg);
    function show(evt) {
      var box = svg.getBoundingClientRect();
      var px = ((evt.touches ? evt.touches[0].clientX : evt.clientX) - box.left) * width / box.width;
      var k = 0;
      years.forEach(function (yr, j) { if (Math.abs(x(yr) - px) < Math.abs(x(years[k]) - px)) k = j; });
      cursor.setAttribute("x1", x(years[k]));
      cursor.setAttribute("x2", x(years[k]));
      cursor.setAttribute("visibility", "visible");
      readout.textContent = years[k] + ": " + names[code] + " " + fmt(values[k], ind.decimals) + ", riket " +
        fmt(ind.riket[k], ind.decimals) + (lows[k] ? ", regionerna " + fmt(lows[k][0], ind.decimals) + " till " + fmt(lows[k][1], ind.decimals) : "") +
        " (" + ind.unit_label + ").";
    }
    hit.addEventListener("mousemove", show);
    hit.addEventListener("touchstart", show, { passive: true });
    hit.addEventListener("click", show);
    title.textContent = ind.title + " (" + ind.unit_label + ") – " + names[code] + " och riket, " + years[0] + "–" + years[years.length - 1];
    figure.setAttribute("data-region", code);
    figure.setAttribute("data-indicator", ind.id);
    readout.textContent = "Peka på figuren (eller tryck) för att se värdena ett visst år.";
  }

  var params = new URLSearchParams(window.location.hash.slice(1));
  regionSelect.value = names[params.get("region")] ? params.get("region") : data.default_region;
  if (params.get("indikator")) indicatorSelect.value = params.get("indikator");
  if (!indicatorSelect.value) indicatorSelect.selectedIndex = 0;
  regionSelect.addEventListener("change", draw);
  indicatorSelect.addEventListener("change", draw);
  var resizeTimer = null;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(draw, 150); });
  draw();
})();
