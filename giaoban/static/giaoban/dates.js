// The calendar of every dd/mm/yyyy date field (core.forms.BootstrapFormMixin marks them data-datepicker),
// from vanillajs-datepicker (npm). It opens on a click, not on focus, so typing a date stays typing; the
// text typed is left as written (the server reads dd/mm/yyyy and ISO dates and names a wrong one).
(function () {
  "use strict";
  if (typeof Datepicker === "undefined") return;
  var vietnamese = (document.documentElement.lang || "vi").indexOf("vi") === 0;
  document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
    new Datepicker(input, {
      format: "dd/mm/yyyy",
      language: vietnamese ? "vi" : "en",
      weekStart: 1,
      autohide: true,
      todayHighlight: true,
      showOnFocus: false,
      updateOnBlur: false,
      buttonClass: "btn",
    });
  });
})();
