// The calendar of every dd/mm/yyyy date field (core.forms.BootstrapFormMixin marks them data-datepicker),
// from vanillajs-datepicker (npm). It opens on a click, not on focus, so typing a date stays typing. A date
// typed d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd is rewritten dd/mm/yyyy when the field is left;
// the server reads the same forms and names a wrong one.
(function () {
  "use strict";
  if (typeof Datepicker === "undefined") return;
  var vietnamese = (document.documentElement.lang || "vi").indexOf("vi") === 0;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function parse(text) {
    var value = String(text || "").trim();
    var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    var dmy = /^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/.exec(value);
    var year, month, day;
    if (iso) {
      year = +iso[1]; month = +iso[2]; day = +iso[3];
    } else if (dmy) {
      day = +dmy[1]; month = +dmy[2]; year = +dmy[3];
    } else {
      return NaN;
    }
    var date = new Date(year, month - 1, day);
    // 31/02 is not 03/03: an impossible date is no date.
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return NaN;
    return date.getTime();
  }

  var format = {
    toValue: parse,
    toDisplay: function (date) {
      return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear();
    },
  };

  document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
    new Datepicker(input, {
      format: format,
      language: vietnamese ? "vi" : "en",
      weekStart: 1,
      autohide: true,
      todayHighlight: true,
      showOnFocus: false,
    });
  });
})();
