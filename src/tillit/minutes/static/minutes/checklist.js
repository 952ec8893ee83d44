// Searchable checkbox lists (minutes/meetings/_checklist.html): progressive enhancement.
// Without JavaScript every choice is shown; with it a filter field narrows the list as you type.
(function () {
  "use strict";
  function normalise(text) {
    return (text || "").toLocaleLowerCase("sv").normalize("NFC").trim();
  }
  function enhance(list) {
    var box = list.querySelector(".tl-checklist__filter");
    var input = list.querySelector("[data-checklist-filter]");
    var none = list.querySelector(".tl-checklist__none");
    if (!box || !input) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var needle = normalise(input.value);
      var shown = 0;
      list.querySelectorAll("[data-checklist-item]").forEach(function (item) {
        var hit = !needle || normalise(item.textContent).indexOf(needle) !== -1;
        // A ticked choice stays visible so nobody loses sight of what is chosen.
        var ticked = item.querySelector("input:checked");
        item.hidden = !(hit || ticked);
        if (!item.hidden) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not submitting
    });
  }
  function init() {
    document.querySelectorAll("[data-checklist]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
