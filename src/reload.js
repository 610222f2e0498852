// Live reload for `handbook serve`: reloads the page after a good rebuild and
// shows the build errors as an overlay after a failed one. Only served by `serve`.
(function () {
  "use strict";
  var overlay = null;
  function showError() {
    fetch("/__handbook/error").then(function (r) { return r.text(); }).then(function (text) {
      if (!text) return;
      if (!overlay) {
        overlay = document.createElement("div");
        overlay.setAttribute("role", "alert");
        var s = overlay.style;
        s.position = "fixed"; s.inset = "0"; s.zIndex = "9999"; s.overflow = "auto";
        s.background = "rgba(20,20,20,0.95)"; s.color = "#fff"; s.padding = "2rem";
        s.font = "14px/1.5 monospace"; s.whiteSpace = "pre-wrap";
        document.body.appendChild(overlay);
      }
      overlay.textContent = "Bygningen fejlede. Siden viser den seneste gode udgave.\n\n" + text;
    });
  }
  var source = new EventSource("/__handbook/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("builderror", showError);
  showError();
})();
