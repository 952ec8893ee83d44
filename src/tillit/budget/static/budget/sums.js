// Live sums per organ on the budget proposal form (review P4-31): as amounts are typed, the
// changes per organ, the new frame (previous frame + changes) and the total. Without script the
// same table comes from the server after "Visa summor per organ" (budget/views.py, _totals).
(function () {
  "use strict";
  function parse(text) {
    var t = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-").replace(",", ".");
    if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return null;
    return parseFloat(t);
  }
  function mnkr(value, signed) {
    var text = (Math.abs(value) / 1e6).toLocaleString("sv-SE", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    var sign = value < 0 ? "\u2212" : signed && value > 0 ? "+" : "";
    return sign + text + "\u00a0mnkr";
  }
  function render(form, box, previous) {
    var sums = {};
    var names = {};
    var order = [];
    form.querySelectorAll("select[id$='-body']").forEach(function (select) {
      var m = /^c(\d+)-body$/.exec(select.id);
      if (!m || !select.value) return;
      var amount = form.querySelector("#c" + m[1] + "-amount");
      var value = amount ? parse(amount.value) : null;
      if (value === null) return;
      if (!(select.value in sums)) {
        sums[select.value] = 0;
        order.push(select.value);
        names[select.value] = select.options[select.selectedIndex].text;
      }
      sums[select.value] += value;
    });
    var list = box.querySelector("ul");
    list.textContent = "";
    var change = 0;
    var frame = 0;
    order.forEach(function (slug) {
      var li = document.createElement("li");
      var line = names[slug] + ": " + box.dataset.changes + " " + mnkr(sums[slug], true);
      if (previous[slug] !== undefined) {
        line += ", " + box.dataset.frame + " " + mnkr(previous[slug] + sums[slug], false);
        frame += previous[slug] + sums[slug];
      }
      change += sums[slug];
      li.textContent = line;
      list.appendChild(li);
    });
    box.querySelector("[data-total]").textContent = order.length
      ? box.dataset.total + " " + mnkr(change, true) + ", " + box.dataset.frame + " " + mnkr(frame, false)
      : "";
    box.hidden = order.length === 0;
  }
  function init() {
    var box = document.getElementById("live-sums");
    var data = document.getElementById("previous-frames");
    if (!box || !data) return;
    var form = box.closest("form");
    var previous = JSON.parse(data.textContent);
    var update = function () { render(form, box, previous); };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    document.body.addEventListener("htmx:afterSwap", update);
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
