// Search-as-you-type pickers (Tom Select, from the npm registry, served by the portal itself):
// every <select class="search-picker" data-search-url="…"> asks its URL for matches as one types.
(function () {
  "use strict";
  document.querySelectorAll("select.search-picker").forEach(function (select) {
    var url = select.dataset.searchUrl;
    var label = document.querySelector('label[for="' + select.id + '"]');
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      plugins: ["remove_button"],
      maxOptions: 20,
      closeAfterSelect: true,  // an open, emptied list confuses screen readers (an empty listbox)
      preload: "focus",
      loadThrottle: 250,
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin", headers: {Accept: "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      onInitialize: function () {
        // The typed-in box is what a screen reader lands on: give it the field's name.
        // (Tom Select points the label at its own box, so the hidden original is named here too.)
        if (label && this.control_input) this.control_input.setAttribute("aria-label", label.textContent.trim());
        if (label) select.setAttribute("aria-label", label.textContent.trim());
      },
    });
  });
})();
