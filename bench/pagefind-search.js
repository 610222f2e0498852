// The search page's client as it was with Pagefind (before issue 14), kept for
// bench/search: it runs the Pagefind CLI's index through the same page.
// Search page: runs Pagefind (loaded from /pagefind/) on ?q=…, shows results with
// the heading that matched, and filters by content kind, sector, level and theme
// (all in the URL: ?q=…&type=Case&sektor=kommune). No inline code (CSP).
//
// Speed (measured at 10,000 cases, see BENCHMARKS.md):
// - Pagefind loads as soon as the page does, so a query waits only for its own
//   index chunks.
// - It runs on the page's thread, not in its web worker: the worker is one more
//   file to fetch, and copying thousands of results back from it took longer
//   than the search.
// - Stop words (site.toml `[search] stop_words`) are left out of a query unless
//   it is in quotes: they narrow nothing, and each fetches one of the largest
//   index chunks.
// - Only the results on screen fetch their excerpts, five at a time like
//   Pagefind's own UI ("Vis flere" for more).
// - Typing does not preload chunks: each prefix ("t", "ti", "til") fetched
//   chunks of its own, which doubled the bytes of a first search.
// Each search is measured as `performance.measure("soeg")` from its start to
// the results on screen (bench/search-payload.mjs reads it).
(function () {
  "use strict";
  const form = document.querySelector("#soeg form");
  const input = document.getElementById("soegefelt");
  const status = document.getElementById("soegestatus");
  const list = document.getElementById("soegeresultater");
  const filters = document.getElementById("soegefiltre");
  const selects = Array.prototype.slice.call(document.querySelectorAll("#soegefiltre select"));
  const more = document.getElementById("soegeflere");
  if (!form || !input || !list) return;
  const note = document.querySelector(".no-js-note");
  if (note) note.hidden = true;
  filters.hidden = false;
  const base = document.querySelector("link[rel=stylesheet]").getAttribute("href").replace(/style\.css$/, "");
  const PAGE_SIZE = 5;
  const stopWords = new Set((form.dataset.stopWords || "").split(" ").filter(Boolean));

  // What Pagefind is asked: the query without its stop words, unless it is an
  // exact phrase in quotes or nothing but stop words.
  function searchTerms(query) {
    if (/^\s*".*"\s*$/.test(query)) return query;
    const kept = query.split(/\s+/).filter(function (word) { return !stopWords.has(word.toLocaleLowerCase("da")); });
    return kept.length ? kept.join(" ") : query;
  }
  let loading = null;

  function load() {
    if (!loading) {
      loading = import(base + "pagefind/pagefind.js").then(async function (pf) {
        await pf.options({ excerptLength: 24, noWorker: true });
        await pf.init();
        return pf;
      });
    }
    return loading;
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

  function render(data) {
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
    return link;
  }

  // The results of the search on screen, and how many of them are shown.
  let query = "";
  let results = [];
  let shown = 0;

  function announce() {
    if (results.length === 0) {
      status.textContent = "Ingen resultater for »" + query + "«.";
      return;
    }
    status.textContent = results.length + (results.length === 1 ? " resultat" : " resultater") + " for »" + query + "«." +
      (shown < results.length ? " Viser de første " + shown + "." : "");
  }

  async function showMore(ticket) {
    const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map(function (r) { return r.data(); }));
    if (ticket !== current) return null;
    shown += batch.length;
    const links = batch.map(render);
    if (more) more.hidden = shown >= results.length;
    announce();
    return links[0] || null;
  }

  function failed() {
    status.textContent = "Søgningen kunne ikke indlæses. Prøv at genindlæse siden.";
  }

  let current = 0;
  async function run() {
    query = input.value.trim();
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    selects.forEach(function (s) { if (s.value) params.set(s.dataset.param, s.value); });
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    list.replaceChildren();
    results = [];
    shown = 0;
    if (more) more.hidden = true;
    if (!query) { status.textContent = ""; return; }
    const ticket = ++current;
    const started = performance.now();
    status.textContent = "Søger …";
    let pf;
    try {
      pf = await load();
    } catch (error) {
      failed();
      return;
    }
    // The kind filter's value is the indexed value; the case facets put a key in
    // the URL and the reader's label (what the index holds) in data-label.
    const filter = {};
    selects.forEach(function (s) {
      if (!s.value) return;
      filter[s.dataset.filter || s.dataset.param] = s.dataset.filter ? s.selectedOptions[0].dataset.label : s.value;
    });
    const search = await pf.search(searchTerms(query), { filters: filter });
    if (ticket !== current || !search) return;
    results = search.results;
    await showMore(ticket);
    if (ticket !== current) return;
    performance.measure("soeg", { start: started, detail: { query: query, results: results.length } });
  }

  let timer = null;
  // Enter searches at once; the search the typing scheduled is then not needed.
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  selects.forEach(function (s) { s.addEventListener("change", run); });
  if (more) {
    more.addEventListener("click", async function () {
      const first = await showMore(current);
      // Keyboard and screen-reader users continue at the first new result.
      if (first) first.focus();
    });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (s) {
    const wanted = params.get(s.dataset.param) || "";
    if (Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
  });
  if (input.value) run();
  else load().catch(failed);
})();
