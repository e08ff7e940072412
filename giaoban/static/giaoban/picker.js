// A filter box above long lists of units (org.forms.directory_picker): each option carries its body's
// search key (names, aliases, abbreviations expanded, no accents); typing "hdnd tinh", "bdbp" or
// "tan thanh" keeps the options whose key holds every word. Chosen options always stay visible.
(function () {
  "use strict";

  function key(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐðÐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function attach(before, items, label) {
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-2 directory-filter";
    input.placeholder = label;
    input.setAttribute("aria-label", label);
    before.parentNode.insertBefore(input, before);
    // Enter in the filter must not submit the form it sits in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    input.addEventListener("input", function () {
      const words = key(input.value).split(" ").filter(Boolean);
      items.forEach(function (item) {
        const match = words.every(function (word) {
          return item.search.indexOf(word) !== -1;
        });
        item.element.hidden = words.length > 0 && !item.chosen() && !match;
      });
    });
  }

  const MIN_OPTIONS = 8;

  document.querySelectorAll(".checkbox-group").forEach(function (group) {
    const inputs = Array.from(group.querySelectorAll("input[data-search]"));
    if (inputs.length < MIN_OPTIONS) return;
    attach(
      group,
      inputs.map(function (input) {
        return {
          element: input.closest(".form-check") || input,
          search: input.dataset.search,
          chosen: function () { return input.checked; },
        };
      }),
      inputs[0].dataset.filterLabel,
    );
  });

  document.querySelectorAll("select").forEach(function (select) {
    const options = Array.from(select.querySelectorAll("option[data-search]"));
    if (options.length < MIN_OPTIONS) return;
    attach(
      select,
      options.map(function (option) {
        return {
          element: option,
          search: option.dataset.search,
          chosen: function () { return option.selected; },
        };
      }),
      options[0].dataset.filterLabel,
    );
  });
})();
