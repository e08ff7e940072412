/* The news brief page: copy the edited headline and text to the clipboard. A static file, no inline
   script, so the Content-Security-Policy can forbid them; without JavaScript the button stays hidden. */
(function () {
  "use strict";
  var button = document.getElementById("copy-brief");
  var status = document.getElementById("copy-status");
  if (!button || !status) {
    return;
  }
  var text = document.getElementById(button.dataset.target);
  var title = document.getElementById(button.dataset.title);
  if (!text) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var content = (title && title.value.trim() ? title.value.trim() + "\n\n" : "") + text.value.trim();
    function done() { status.textContent = status.dataset.done; }
    function fallback() {
      text.focus();
      text.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      status.textContent = copied ? status.dataset.done : status.dataset.failed;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(content).then(done, fallback);
    } else {
      fallback();
    }
  });
})();
