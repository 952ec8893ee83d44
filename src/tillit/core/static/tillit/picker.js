// The filter field of core.widgets.SearchableCheckboxSelectMultiple: typing hides the choices
// whose label does not contain the text (ticked ones stay), and groups left empty; a live line
// says how many are shown. Delegated on the document, so lists swapped in by HTMX work too.
(function () {
  "use strict";
  document.documentElement.classList.add("tl-js");

  function filter(input) {
    var picker = input.closest("[data-tl-picker]");
    if (!picker) return;
    var query = input.value.trim().toLocaleLowerCase("sv");
    var shown = 0;
    var options = picker.querySelectorAll(".tl-picker__option");
    options.forEach(function (option) {
      var box = option.querySelector("input");
      var match = !query || (box && box.checked) ||
        option.textContent.toLocaleLowerCase("sv").indexOf(query) !== -1;
      option.hidden = !match;
      if (match) shown += 1;
    });
    picker.querySelectorAll(".tl-picker__group").forEach(function (group) {
      group.hidden = !group.querySelector(".tl-picker__option:not([hidden])");
    });
    var status = picker.querySelector("[data-tl-picker-status]");
    if (status) {
      status.textContent = query
        ? status.dataset.template.replace("%(shown)s", shown).replace("%(total)s", options.length)
        : "";
    }
  }

  function isFilter(event) {
    return event.target instanceof Element && event.target.matches("[data-tl-picker-filter]");
  }

  // Captured on the document: typing in the filter is no change to the form, so the form's own
  // listeners (live checks, HTMX triggers) never see it.
  document.addEventListener("input", function (event) {
    if (!isFilter(event)) return;
    event.stopPropagation();
    filter(event.target);
  }, true);
  document.addEventListener("change", function (event) {
    if (isFilter(event)) event.stopPropagation();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (isFilter(event) && event.key === "Enter") event.preventDefault();
  }, true);
})();
