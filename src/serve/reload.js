// Live reload for `handbook serve` (only serve sends it): reloads the page
// after a good build, shows the errors of a failed build as an overlay and the
// warnings of a good one as a notice. serve's other files are found next to
// this script, so it works under any base path; styles come from
// preview.css, since the site's CSP allows no inline styles.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource || !window.fetch) return;
  function url(name) { return new URL(name, script.src).href; }

  if (!document.querySelector("link[data-handbook-preview]")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = url("preview.css");
    css.setAttribute("data-handbook-preview", "");
    document.head.appendChild(css);
  }

  // The build this page comes from (serve sends it as Server-Timing), so a
  // build that ended while the page was loading is not missed. Browsers
  // expose it only on localhost or https; elsewhere only events count.
  var pageBuild = null;
  var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  ((nav && nav.serverTiming) || []).forEach(function (t) {
    if (t.name === "handbook") pageBuild = t.description;
  });
  // serve's error page, shown while there is no good site to show.
  var errorPage = document.querySelector(".handbook-overlay-page");

  function update() {
    fetch(url("state"), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (errorPage && !state.error) { location.reload(); return; }
        showError(state.error);
        showWarnings(state.warnings || []);
        showSlow(state.slow);
      })
      .catch(function () {});
  }

  function showError(text) {
    if (errorPage) return;
    var overlay = document.getElementById("handbook-overlay");
    if (!text) { if (overlay) overlay.remove(); return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "handbook-overlay";
      overlay.className = "handbook-overlay";
      overlay.setAttribute("role", "alert");
      var title = document.createElement("h2");
      title.textContent = "Bygningen fejlede";
      var note = document.createElement("p");
      note.textContent = "Siden viser den seneste gode udgave. Ret fejlen og gem filen, så opdaterer siden sig selv.";
      overlay.append(title, note, document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  // A build that runs long (a template that does not finish?): said at the
  // top of the page, in the flow, until it finishes or is given up.
  function showSlow(text) {
    var old = document.getElementById("handbook-slow");
    if (!text) { if (old) old.remove(); return; }
    var note = old || document.createElement("p");
    note.id = "handbook-slow";
    note.className = "handbook-notice handbook-slow";
    note.setAttribute("role", "status");
    note.textContent = text;
    if (!old) {
      var first = document.body.firstElementChild;
      var skip = first && first.matches("a[href^='#']") ? first : null;
      document.body.insertBefore(note, skip ? skip.nextSibling : first);
    }
  }

  var DISMISSED = "handbook-skjulte-advarsler";
  function remembered() {
    try { return sessionStorage.getItem(DISMISSED); } catch (e) { return null; }
  }

  function showWarnings(warnings) {
    var old = document.getElementById("handbook-notice");
    if (old) old.remove();
    var key = warnings.join("\n");
    // Hidden stays hidden until the warnings change.
    if (!warnings.length || remembered() === key) return;
    var notice = document.createElement("div");
    notice.id = "handbook-notice";
    notice.className = "handbook-notice";
    notice.setAttribute("role", "status");
    // After the skip link, which must stay the first stop for the keyboard.
    var first = document.body.firstElementChild;
    var skip = first && first.matches("a[href^='#']") ? first : null;
    document.body.insertBefore(notice, skip ? skip.nextSibling : first);

    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = warnings.length === 1
      ? "1 advarsel fra seneste bygning – vis den"
      : warnings.length + " advarsler fra seneste bygning – vis dem";
    var list = document.createElement("ul");
    warnings.forEach(function (w) {
      var item = document.createElement("li");
      var pre = document.createElement("pre");
      pre.textContent = w;
      item.appendChild(pre);
      list.appendChild(item);
    });
    details.append(summary, list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Skjul advarslerne";
    close.addEventListener("click", function () {
      try { sessionStorage.setItem(DISMISSED, key); } catch (e) { /* private mode */ }
      notice.remove();
    });
    notice.append(details, close);
  }

  var source = new EventSource(url("events"));
  source.addEventListener("hello", function (e) {
    // A build ended between this page's response and now (or serve restarted).
    if (pageBuild !== null && e.data !== pageBuild) location.reload();
    else update();
  });
  source.addEventListener("reload", function (e) {
    if (e.data !== pageBuild) location.reload();
  });
  source.addEventListener("builderror", update);
  source.addEventListener("slow", update);
})();
