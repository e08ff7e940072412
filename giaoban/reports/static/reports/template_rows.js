/* The outline form: "Thêm đề mục" / "Thêm chỉ tiêu" add a blank row from the formset's empty form.
   A static file, no inline script (the Content-Security-Policy forbids them); without JavaScript the
   buttons stay hidden and the form still offers its blank rows. */
(function () {
  "use strict";
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var prefix = button.dataset.addRow;
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    var empty = document.getElementById(prefix + "-empty");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!body || !empty || !total) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var html = empty.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var rows = body.querySelectorAll("tr.formset-row");
      var first = rows[rows.length - 1].querySelector("input:not([type=hidden]), textarea, select");
      if (first) {
        first.focus();
      }
    });
  });
})();
