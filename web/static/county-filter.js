/* Narrows the county directory as one types (#county-filter). Each entry's
   data-match holds its name, pinyin and initials, written by the server, which
   filters the same way when the form is submitted without this script. */
(function () {
  "use strict";

  function normalise(text) { return text.replace(/\s+/g, "").toLowerCase(); }

  function matches(el, needle) {
    return !needle || (el.getAttribute("data-match") || "").indexOf(needle) !== -1;
  }

  function apply(box, directory, status) {
    var needle = normalise(box.value);
    var total = 0;
    var provinces = directory.querySelectorAll(".province-group");
    for (var p = 0; p < provinces.length; p++) {
      var provinceHit = matches(provinces[p], needle);
      var provinceShown = 0;
      var cities = provinces[p].querySelectorAll(".city-group");
      for (var c = 0; c < cities.length; c++) {
        var cityHit = provinceHit || matches(cities[c], needle);
        var shown = 0;
        var items = cities[c].querySelectorAll("li");
        for (var i = 0; i < items.length; i++) {
          var show = cityHit || matches(items[i], needle);
          items[i].hidden = !show;
          if (show) { shown++; }
        }
        cities[c].hidden = shown === 0;
        provinceShown += shown;
      }
      provinces[p].hidden = provinceShown === 0;
      total += provinceShown;
    }
    var n = status.querySelector(".n");
    status.textContent = (box.value.trim() ? "“" + box.value.trim() + "”：" : "") + "共 ";
    n.textContent = String(total);
    status.appendChild(n);
    status.appendChild(document.createTextNode(" 个县区"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("county-filter");
    var directory = document.getElementById("directory");
    var status = document.getElementById("filter-status");
    if (!box || !directory || !status) { return; }
    box.addEventListener("input", function () { apply(box, directory, status); });
  });
})();
