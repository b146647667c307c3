// The admin's autocomplete boxes (Select2) get the name of their field for screen readers:
// Select2 draws a combobox whose only label is the chosen value, empty until one is chosen.
(function () {
  "use strict";
  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var box = select.parentElement && select.parentElement.querySelector(".select2-selection");
      if (!label || !box) return;
      var text = label.textContent.replace(/[:：]\s*$/, "").trim();
      [box, box.querySelector(".select2-selection__rendered")].forEach(function (el) {
        if (el && !el.getAttribute("aria-label")) el.setAttribute("aria-label", text);
      });
    });
  }
  window.addEventListener("load", function () {
    name(document);
    new MutationObserver(function () { name(document); }).observe(document.body, {childList: true, subtree: true});
  });
})();
