// "Chọn tất cả / Bỏ chọn tất cả" above a long list of checkboxes (core.forms.CheckboxSelectAll).
// The buttons stay hidden without JavaScript, where they could not work.
(function () {
  "use strict";
  document.querySelectorAll("[data-check-all] [role=group][hidden]").forEach(function (group) {
    group.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-check-all] [data-check]");
    if (!button) return;
    var checked = button.dataset.check === "all";
    button.closest("[data-check-all]").querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.disabled || box.checked === checked) return;
      box.checked = checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
