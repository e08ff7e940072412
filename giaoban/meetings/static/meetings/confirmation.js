// The invitation's answer: a name picked from the unit's people fills in their title.
(function () {
  "use strict";
  const name = document.getElementById("id_name");
  const title = document.getElementById("id_title");
  const people = document.getElementById("unit-people");
  if (!name || !title || !people) return;
  name.addEventListener("change", function () {
    for (const option of people.options) {
      if (option.value === name.value) {
        title.value = option.dataset.title || title.value;
        return;
      }
    }
  });
})();
