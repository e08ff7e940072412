// An import job's page reloads itself every two seconds while the worker is on it (the CSP allows no
// inline script; the page carries its state in a data- attribute).
(function () {
  "use strict";
  if (document.querySelector("[data-import-job-running]")) {
    window.setTimeout(function () {
      window.location.reload();
    }, 2000);
  }
})();
