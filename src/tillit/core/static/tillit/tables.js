// A wide table on a narrow screen scrolls sideways inside its wrapper (.tl-table-wrap). When it
// does, a line above it says so ("Tabellen kan rullas i sidled.", the text from this script's
// data-hint) and the wrapper becomes a region a keyboard can scroll, named by the table's
// caption. Wrappers with a hint of their own (aria-describedby) are left alone. Checked on load,
// on resize and after HTMX swaps. Without JavaScript the table still scrolls, with the shadow
// at its right edge (tillit.css).
(function () {
  "use strict";
  var script = document.currentScript;
  var text = (script && script.getAttribute("data-hint")) || "Tabellen kan rullas i sidled.";
  var count = 0;

  function check(wrap) {
    var own = wrap.previousElementSibling;
    var hint = own && own.classList.contains("tl-scroll-hint--auto") ? own : null;
    if (!hint && wrap.hasAttribute("aria-describedby")) return;
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (!scrolls && !hint) return;
    if (!hint) {
      count += 1;
      hint = document.createElement("p");
      hint.className = "tl-scroll-hint tl-scroll-hint--auto";
      hint.id = "tl-scroll-hint-" + count;
      hint.textContent = text;
      wrap.parentNode.insertBefore(hint, wrap);
    }
    hint.hidden = !scrolls;
    if (scrolls) {
      wrap.setAttribute("aria-describedby", hint.id);
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        var name = caption ? caption.textContent.trim() : "";
        if (name && !wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", name);
      }
    }
  }

  function checkAll() {
    document.querySelectorAll(".tl-table-wrap").forEach(check);
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(checkAll, 150);
  });
  document.addEventListener("DOMContentLoaded", checkAll);
  document.addEventListener("htmx:afterSettle", checkAll);
})();
