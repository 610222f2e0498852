// Search page: runs Pagefind (loaded from /pagefind/) on ?q=…, shows results with
// the heading that matched, and filters by content kind, sector, level and theme
// (all in the URL: ?q=…&type=Case&sektor=kommune). No inline code (CSP).
(function () {
  "use strict";
  const form = document.querySelector("#soeg form");
  const input = document.getElementById("soegefelt");
  const status = document.getElementById("soegestatus");
  const list = document.getElementById("soegeresultater");
  const filters = document.getElementById("soegefiltre");
  const selects = Array.prototype.slice.call(document.querySelectorAll("#soegefiltre select"));
  if (!form || !input || !list) return;
  const note = document.querySelector(".no-js-note");
  if (note) note.hidden = true;
  filters.hidden = false;
  const base = document.querySelector("link[rel=stylesheet]").getAttribute("href").replace(/style\.css$/, "");
  let pagefind = null;

  async function load() {
    if (!pagefind) {
      pagefind = await import(base + "pagefind/pagefind.js");
      await pagefind.options({ excerptLength: 24 });
      pagefind.init();
    }
    return pagefind;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Pagefind excerpts mark hits with <mark>; rebuild them as DOM nodes, never as HTML.
  function excerpt(target, html) {
    const parts = html.split(/<\/?mark>/);
    parts.forEach(function (part, i) {
      const text = part.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
      target.appendChild(i % 2 ? el("mark", null, text) : document.createTextNode(text));
    });
  }

  let current = 0;
  async function run() {
    const query = input.value.trim();
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    selects.forEach(function (s) { if (s.value) params.set(s.dataset.param, s.value); });
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    list.replaceChildren();
    if (!query) { status.textContent = ""; return; }
    const ticket = ++current;
    status.textContent = "Søger …";
    const pf = await load();
    // The kind filter's value is the indexed value; the case facets put a key in
    // the URL and the reader's label (what the index holds) in data-label.
    const filter = {};
    selects.forEach(function (s) {
      if (!s.value) return;
      filter[s.dataset.filter || s.dataset.param] = s.dataset.filter ? s.selectedOptions[0].dataset.label : s.value;
    });
    const search = await pf.search(query, { filters: filter });
    if (ticket !== current) return;
    const top = await Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    if (ticket !== current) return;
    status.textContent = search.results.length === 0
      ? "Ingen resultater for »" + query + "«."
      : search.results.length + (search.results.length === 1 ? " resultat" : " resultater") + " for »" + query + "«.";
    top.forEach(function (data) {
      const item = el("li", "search-result");
      const heading = el("h2");
      const link = el("a", null, data.meta.title || data.url);
      link.href = data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      const kind = (data.filters && data.filters.type && data.filters.type[0]) || "";
      if (kind) item.appendChild(el("p", "kicker", kind));
      const p = el("p");
      excerpt(p, data.excerpt);
      item.appendChild(p);
      const subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; }).slice(0, 3);
      if (subs.length) {
        const ul = el("ul", "sub-results");
        subs.forEach(function (s) {
          const li = el("li");
          const a = el("a", null, s.title);
          a.href = s.url;
          li.appendChild(a);
          ul.appendChild(li);
        });
        item.appendChild(ul);
      }
      list.appendChild(item);
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  selects.forEach(function (s) { s.addEventListener("change", run); });
  let timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (s) {
    const wanted = params.get(s.dataset.param) || "";
    if (Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
  });
  if (input.value) run();
})();
