/* Compendium fixes to the book theme (see analysis/sphinx_swedish.py).
 *
 * The theme binds its menu handlers to the FIRST .primary-toggle / .secondary-toggle on the
 * page, which is a hidden duplicate in the header; the buttons readers see (article header)
 * did nothing. Every other toggle forwards its click to the bound one, so ☰ opens the
 * chapter menu on phones and collapses the sidebar on wide screens, and ≣ opens the page
 * contents. Wide tables get a scroll wrapper so that no page is wider than a phone.
 */
(function () {
  // Jupyter Book also loads every .js under _static, including the copy of the package in
  // _static/code; run once so that a click is not forwarded twice (which undoes it).
  if (window.gnvFixesLoaded) return;
  window.gnvFixesLoaded = true;
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    ["primary-toggle", "secondary-toggle"].forEach(function (cls) {
      var buttons = Array.prototype.slice.call(document.querySelectorAll("." + cls));
      var bound = buttons[0];
      buttons.slice(1).forEach(function (b) {
        b.addEventListener("click", function (ev) {
          ev.preventDefault();
          ev.stopPropagation();
          b.blur();
          bound.click();
        });
      });
    });
    // Tables of class gnv-stack show each row as "header: value" lines on phones (gnv.css);
    // every cell carries its column's header for that.
    document.querySelectorAll("article table.gnv-stack").forEach(function (t) {
      var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      t.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (heads[i]) td.setAttribute("data-label", heads[i]);
        });
      });
    });
    document.querySelectorAll("article table").forEach(function (t) {
      var parent = t.parentElement;
      if (parent && (parent.classList.contains("gnv-scroll") || parent.classList.contains("pst-scrollable-table-container"))) return;
      var wrap = document.createElement("div");
      wrap.className = "gnv-scroll";
      parent.insertBefore(wrap, t);
      wrap.appendChild(t);
    });
  });
})();
