/* Adds a 复制 button to each citation (p.cite-text inside .citation).
   Loaded as an external script (the CSP allows no inline code); without it
   the citations are plain selectable text. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function addButton(target) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "复制";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copy(target.textContent.trim()).then(function () {
        status.textContent = "已复制";
      }, function () {
        status.textContent = "复制失败，请手动选择文字";
      });
    });
    target.parentNode.appendChild(button);
    target.parentNode.appendChild(status);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var items = document.querySelectorAll(".citation .cite-text");
    for (var i = 0; i < items.length; i++) { addButton(items[i]); }
  });
})();
