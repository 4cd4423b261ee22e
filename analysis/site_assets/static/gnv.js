/* Compendium fixes to the book theme (see analysis/sphinx_swedish.py).
 *
 * The theme binds its menu handlers to the FIRST .primary-toggle / .secondary-toggle on the
 * page, which is a hidden duplicate in the header; the buttons readers see (article header)
 * did nothing. Every other toggle forwards its click to the bound one, so ☰ opens the
 * chapter menu on phones and collapses the sidebar on wide screens, and ≣ opens the page
 * contents. Wide tables get a scroll wrapper so that no page is wider than a phone, and a
 * figure is shown alone at full size when tapped.
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
    // Figures are drawn for the printed page, so on a phone their text is small. A tap on a
    // figure shows it alone over the page at its drawn size (text at print size), to scroll
    // sideways or turn the phone; "Stäng", Escape or a tap beside it closes the view. Without
    // script the link still opens the image itself.
    document.querySelectorAll("article figure img").forEach(function (img) {
      if (img.closest("a")) return;
      var link = document.createElement("a");
      link.href = img.getAttribute("src");
      link.className = "gnv-zoom";
      link.title = "Visa figuren i full storlek";
      img.parentNode.insertBefore(link, img);
      link.appendChild(img);
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        showAlone(img, link);
      });
    });
    function showAlone(img, link) {
      var view = document.createElement("div");
      view.className = "gnv-lightbox";
      view.setAttribute("role", "dialog");
      view.setAttribute("aria-modal", "true");
      view.setAttribute("aria-label", img.alt || "Figur");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "gnv-lightbox-close";
      close.textContent = "Stäng";
      var big = document.createElement("img");
      big.src = img.src;
      big.alt = img.alt;
      if (img.naturalWidth) big.style.minWidth = img.naturalWidth + "px";
      view.appendChild(close);
      view.appendChild(big);
      function shut() {
        view.remove();
        document.removeEventListener("keydown", onKey);
        link.focus();
      }
      function onKey(ev) {
        if (ev.key === "Escape") shut();
      }
      close.addEventListener("click", shut);
      view.addEventListener("click", function (ev) {
        if (ev.target === view) shut();
      });
      document.addEventListener("keydown", onKey);
      document.body.appendChild(view);
      close.focus();
    }
    document.querySelectorAll("article table").forEach(function (t) {
      var parent = t.parentElement;
      if (!(parent.classList.contains("gnv-scroll") || parent.classList.contains("pst-scrollable-table-container"))) {
        var wrap = document.createElement("div");
        wrap.className = "gnv-scroll";
        parent.insertBefore(wrap, t);
        wrap.appendChild(t);
      }
      fitNumbers(t);
      var box = t.parentElement;
      box.addEventListener("scroll", function () { cueMore(box); }, { passive: true });
      cueMore(box);
    });
    // widths can change once fonts and images have loaded, and on turning the phone
    ["load", "resize"].forEach(function (ev) {
      window.addEventListener(ev, function () {
        document.querySelectorAll("article table").forEach(function (t) { cueMore(t.parentElement); });
      });
    });
    // a table in a closed dropdown has no width until it is opened
    document.querySelectorAll("article details").forEach(function (d) {
      d.addEventListener("toggle", function () {
        d.querySelectorAll("table").forEach(function (t) {
          fitNumbers(t);
          cueMore(t.parentElement);
        });
      });
    });
    // A table that scrolls sideways fades out at its right edge while columns lie beyond it
    // (class gnv-more, gnv.css): phones hide scroll bars, and a cut column looked complete.
    function cueMore(box) {
      box.classList.toggle("gnv-more", box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    }
    // Numbers stay on one line (gnv.css). A table too wide for its column may instead break
    // a number cell before an interval, "−0,008 / (−0,138 till 0,123)", never inside one (the
    // interval's spaces are no-break spaces, analysis.presentation.tables.bind_intervals), and
    // a long phrase in a number column wraps as text.
    function fitNumbers(t) {
      if (t.scrollWidth <= t.parentElement.clientWidth + 1) return;
      t.classList.add("gnv-fit");
    }
  });
})();
