/* The unit's report form: saves the draft in the background about 5 seconds after a change, by POSTing
   the form to its autosave address, and shows "Đã lưu nháp lúc HH:MM". The answer carries the new
   version, kept in the form so the next save (or the full "Lưu") is not taken for someone else's edit;
   a 409 shows the conflict message and stops autosaving. A static file, no inline script (the
   Content-Security-Policy forbids them); without JavaScript the form saves with its buttons. */
(function () {
  "use strict";
  var DELAY = 5000;
  var form = document.getElementById("submission-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !form.dataset.autosaveUrl || !window.fetch || !window.FormData) {
    return;
  }
  var version = form.querySelector('input[name="version"]');
  var timer = null;
  var inFlight = null;
  var dirty = false;
  var stopped = false;

  function show(text, kind) {
    status.textContent = text;
    status.classList.remove("text-success", "text-danger");
    if (kind) {
      status.classList.add(kind);
    }
  }

  function save() {
    timer = null;
    if (stopped || !dirty) {
      return Promise.resolve();
    }
    if (inFlight) {
      schedule();
      return inFlight;
    }
    dirty = false;
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" }
    })
      .then(function (response) {
        if (response.redirected) {
          // Logged out meanwhile: the answer is the login page; stop until the page is reloaded.
          return { ok: false, status: 401, data: {} };
        }
        return response.json().then(
          function (data) { return { ok: response.ok, status: response.status, data: data }; },
          function () { return { ok: false, status: response.status, data: {} }; }
        );
      })
      .then(function (result) {
        if (result.ok) {
          if (version && result.data.version) {
            version.value = String(result.data.version);
          }
          show(result.data.message || "", "text-success");
          return;
        }
        if (result.status === 409 || result.status === 403 || result.status === 401) {
          stopped = true;
        } else {
          dirty = true;
        }
        show(result.data.error || form.dataset.autosaveFailed || "", "text-danger");
      })
      .catch(function () {
        dirty = true;
        show(form.dataset.autosaveFailed || "", "text-danger");
      })
      .then(function () {
        inFlight = null;
      });
    return inFlight;
  }

  function schedule() {
    if (timer === null && !stopped) {
      timer = window.setTimeout(save, DELAY);
    }
  }

  function changed() {
    dirty = true;
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    stopped = true;
    if (inFlight) {
      // Let the background save finish first, so the form posts the version it answered.
      event.preventDefault();
      var submitter = event.submitter || null;
      inFlight.then(function () {
        if (submitter && form.requestSubmit) {
          form.requestSubmit(submitter);
        } else {
          form.submit();
        }
      });
    }
  });
})();
