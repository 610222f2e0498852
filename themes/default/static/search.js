// Search page: reads the handbook's own static index (soeg-indeks/, built by
// `handbook build`; its address comes from the form's data-index) for ?q=…,
// and filters by content kind, sector, level and theme (all in the URL:
// ?q=…&type=Case&sektor=kommune). No inline code, no eval, no WASM (CSP).
//
// What a query loads: indeks.json (with the page); the lookup file of each
// word (opslag/n.json, n from a hash of the word: its stem, the stem's word
// forms, and its posting list, inline when short; fetched already while the
// reader types), which for a common word holds the list's best pages
// whole and of the rest which pages they are and a level each (the score
// in 255ths of the rest's best, how the index ranks them), so a query ranks
// and counts from its words' lookup files alone; the result data of the results on screen only
// (sider/n.json.gz, one page per file, gzip) unless the lookup file holds it (a
// common word's entry carries what its best pages show: title, URL, kind,
// section and the excerpt cut at build time, so a one-word query, and a
// longer one whose results are among its words' best pages, renders
// without a further round trip); the dictionary shard of a word's first two
// letters (ord/xx.json: word forms → stem and frequency) only for
// completions while typing, an unknown word and "Mente du"; and a filter's
// page sets only when that filter is chosen. Every query word is stemmed
// here as the index stems (Snowball Danish from stem-da.js, then `fold`),
// so an inflected form the site never uses finds its stem's pages. A word
// the site has no stem of is read as a derivation (the site's longer forms
// of its stem), a compound of site words (`split`), or a one-letter typo,
// in that order; else it is left out and the status line says so.
//
// Each search is measured as `performance.measure("soeg")` from its start to
// the results on screen (bench/search-payload.mjs reads it).
(function () {
  "use strict";
  const form = document.querySelector("#soeg form");
  const input = document.getElementById("soegefelt");
  const status = document.getElementById("soegestatus");
  const list = document.getElementById("soegeresultater");
  const note = document.getElementById("soegenote");
  const selects = Array.prototype.slice.call(document.querySelectorAll("#soegefiltre select"));
  const more = document.getElementById("soegeflere");
  if (!form || !input || !list || !form.dataset.index || !self.handbookWords) return;
  const noJs = document.querySelector(".no-js-note");
  if (noJs) noJs.hidden = true;
  const filterFold = document.getElementById("soegefold");
  if (filterFold) filterFold.hidden = false;
  const base = form.dataset.index;
  const PAGE_SIZE = 5;
  const MAX_QUERY = 1000;
  // Fewer pages than this with every word: add those with most of the words.
  const FEW = 3;
  // Completions of the last word while typing, most frequent first.
  const COMPLETIONS = 3;
  // A first search says "Søger …" only when it takes longer than this (ms).
  const SAY_SEARCHING = 150;
  // Phrases are checked against the text of this many best candidates.
  const PHRASE_CHECK = 60;
  const stopWords = new Set((form.dataset.stopWords || "").split(" ").filter(Boolean));
  const segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("da", { granularity: "word" }) : null;
  // The first segmenting loads the word-break rules: do it now, not on Enter.
  if (segmenter) Array.from(segmenter.segment("ord"));

  // Words as the index breaks them (Unicode word rules), lower-cased, with
  // where each starts in the text.
  function words(text) {
    const out = [];
    if (segmenter) {
      for (const s of segmenter.segment(text)) {
        if (s.isWordLike) out.push({ word: s.segment.toLowerCase(), at: s.index, end: s.index + s.segment.length });
      }
    } else {
      const re = /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu;
      let m;
      while ((m = re.exec(text))) out.push({ word: m[0].toLowerCase(), at: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  // A key of an index file, only if the file itself has it: a word such as
  // `constructor` or `__proto__` must not find Object.prototype's.
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  // A JSON file of the index; a `.gz` one is inflated here, unless the host
  // already did (it sent it with Content-Encoding: the bytes are JSON).
  async function parse(r) {
    const bytes = new Uint8Array(await r.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }
  const cache = new Map();
  function get(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return /\.gz$/.test(path) ? parse(r) : r.json();
      }));
    }
    return cache.get(path);
  }
  // The index format this script reads (indeks.json's `v`; docs/search-index.md).
  const FORMAT = 5;
  const meta = get("indeks.json").then(function (m) {
    if (m.v !== FORMAT) throw new Error("format " + m.v);
    return m;
  });
  // The site's page count (page ids run below it), once indeks.json is in.
  let pageCount = 0;
  meta.then(function (m) { pageCount = m.sider; }).catch(function () {});

  // The file name of a shard key, as the index writes it (æ → _e6_).
  function shardName(key) {
    return Array.from(key).map(function (c) {
      return /[a-z0-9]/i.test(c) && c.charCodeAt(0) < 128 ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }
  async function shard(word) {
    const name = shardName(Array.from(word).slice(0, 2).join(""));
    const m = await meta;
    return m.ord.indexOf(name) >= 0 ? get("ord/" + name + ".json") : null;
  }

  // The search stem of a word and the lookup file of a stem (search-words.js).
  const stemOf = self.handbookWords.stem;
  async function lookup(word) {
    const m = await meta;
    const stem = stemOf(word);
    const file = await get("opslag/" + self.handbookWords.lookupFile(stem, m.opslag) + ".json");
    const entry = own(file, stem);
    return entry && entry[2] ? entry : null;
  }

  // A posting list ([page deltas, scores, sections]) as Map(page → [score, section]).
  function entries(lists, into) {
    let doc = 0;
    for (let i = 0; i < lists[0].length; i++) {
      doc += lists[0][i];
      into.set(doc, [lists[1][i], lists[2][i]]);
    }
    return into;
  }

  // A rest page's section is not in the index: its result finds the section
  // where the word occurs most (`render`).
  const NO_SECTION = 0xffff;

  // A stem's postings, from its lookup entry ([stem, forms, [count, list]]):
  // `seen` (page → [score, section]); for a long list split in two, the
  // rest's pages (`restDocs`) and their scores (`restScores`: a level, in
  // 255ths of the rest's best score `t`, as the index ranks them).
  // `shown`: page → what its result shows, for the list's best pages.
  function postings(info) {
    const entry = info && info[2];
    const out = { seen: new Map(), restDocs: null, restScores: null, shown: new Map() };
    if (!entry) return out;
    const data = entry[1];
    ((Array.isArray(data) ? data[3] : data.v) || []).forEach(function (v) {
      out.shown.set(v[0], { url: v[1], title: v[2], kind: v[3], section: [v[4], v[5]], text: v[6], ends: v[7] });
    });
    if (Array.isArray(data)) { entries(data, out.seen); return out; }
    entries(data.h, out.seen);
    const bits = atob(data.m);
    const levels = atob(data.q);
    out.restDocs = new Uint32Array(levels.length);
    out.restScores = new Float64Array(levels.length);
    let k = 0;
    for (let i = 0; i < bits.length; i++) {
      const byte = bits.charCodeAt(i);
      if (!byte) continue;
      for (let b = 0; b < 8; b++) {
        if (!(byte & (1 << b)) || k >= levels.length) continue;
        out.restDocs[k] = i * 8 + b;
        out.restScores[k] = levels.charCodeAt(k) * data.t / 255;
        k++;
      }
    }
    return out;
  }

  // A word's pages, in arrays by page id (no object per page: a common
  // word has thousands): which pages have it (`has`), and the best score of
  // its stems there and that stem's section.
  function combine(g) {
    const n = pageCount;
    const score = new Float64Array(n);
    const section = new Uint16Array(n);
    const has = new Uint8Array(n);
    const take = function (doc, s, sec) {
      if (doc >= n) return;
      if (!has[doc] || score[doc] < s) { score[doc] = s; section[doc] = sec; }
      has[doc] = 1;
    };
    g.lists.forEach(function (l) {
      l.seen.forEach(function (v, doc) { take(doc, v[0] * l.factor, v[1]); });
      if (!l.restDocs) return;
      for (let i = 0; i < l.restDocs.length; i++) take(l.restDocs[i], l.restScores[i] * l.factor, NO_SECTION);
    });
    g.pages = { score: score, section: section, has: has };
  }

  // The site's most frequent word forms longer than `prefix` that start
  // with it, at most `k` of distinct stems none of `skip` (from the shard
  // of its first two letters).
  async function completions(prefix, k, skip) {
    if (Array.from(prefix).length < 2) return [];
    const sh = await shard(prefix);
    if (!sh) return [];
    const done = new Set(skip);
    const out = [];
    Object.keys(sh.f)
      .filter(function (f) { return f.length > prefix.length && f.startsWith(prefix) && sh.f[f][1] > 0; })
      .sort(function (a, b) { return sh.f[b][1] - sh.f[a][1] || (a < b ? -1 : 1); })
      .forEach(function (f) {
        const stem = sh.f[f][0];
        if (out.length < k && !done.has(stem)) { done.add(stem); out.push(f); }
      });
    return out;
  }

  // One query word: the stems it stands for (its own, and the most frequent
  // completions of `prefix` when given: the word while typing, the word's
  // stem for a derivation), and the forms to mark.
  async function group(word, prefix) {
    const own = await lookup(word);
    const g = { word: word, stems: [], forms: new Set(), known: !!own, lists: [], pages: null, prefix: prefix || null };
    const infos = own ? [own] : [];
    if (own) g.stems.push([own[0], 1]);
    if (prefix) {
      const more = await completions(prefix, COMPLETIONS, g.stems.map(function (s) { return s[0]; }));
      (await Promise.all(more.map(lookup))).forEach(function (info) {
        if (!info || g.stems.some(function (s) { return s[0] === info[0]; })) return;
        infos.push(info);
        g.stems.push([info[0], 0.8]);
      });
    }
    infos.forEach(function (info) { info[1].forEach(function (f) { g.forms.add(f); }); });
    g.lists = infos.map(postings);
    g.lists.forEach(function (l, i) { l.factor = g.stems[i][1]; });
    // A list's shown results were cut around its own stem's word forms:
    // they serve a word that is that stem alone.
    g.shown = g.known && g.stems.length === 1 ? g.lists[0].shown : null;
    combine(g);
    return g;
  }

  // A compound of site words: `word` as a modifier the site has (a form or
  // a stem, with or without a linking s or e) and a head whose stem the
  // site has, the longest modifier first; a head may itself be a compound
  // (`depth`). Returns the parts as words, or null. Parts have 3 letters or
  // more; the modifiers come from the shard of the word's first letters.
  const MIN_PART = 3;
  async function split(word, depth) {
    const chars = Array.from(word);
    if (chars.length < 2 * MIN_PART) return null;
    const sh = await shard(word);
    if (!sh) return null;
    const stems = new Set(Object.keys(sh.f).map(function (f) { return sh.f[f][0]; }));
    const known = function (w) { return own(sh.f, w) || stems.has(stemOf(w)); };
    const candidates = [];
    for (let i = chars.length - MIN_PART; i >= MIN_PART; i--) {
      const head = chars.slice(i).join("");
      let modifier = chars.slice(0, i).join("");
      if (!known(modifier) && /[se]$/.test(modifier) && i - 1 >= MIN_PART && known(modifier.slice(0, -1))) modifier = modifier.slice(0, -1);
      if (known(modifier)) candidates.push([modifier, head]);
    }
    const heads = await Promise.all(candidates.slice(0, 4).map(function (c) { return lookup(c[1]); }));
    for (let i = 0; i < heads.length; i++) {
      if (heads[i]) return [candidates[i][0], candidates[i][1]];
    }
    if (depth > 1) {
      for (const c of candidates.slice(0, 2)) {
        const rest = await split(c[1], depth - 1);
        if (rest) return [c[0]].concat(rest);
      }
    }
    return null;
  }

  // What an unknown word stands for: the site's longer forms of its stem (a
  // derivation: `aktionsforsker` → `aktionsforskning`), a single site word
  // one letter off (a typo, for a word of six letters or more), or its parts
  // (a compound). A long word is read as a typo before it is split, so a
  // misspelt compound is not cut into word pieces. `null`: nothing.
  async function understand(word) {
    const stem = stemOf(word);
    const length = Array.from(word).length;
    if (Array.from(stem).length >= 4) {
      const g = await group(word, stem);
      if (g.stems.length) return { how: "derivation", groups: [g] };
    }
    const typo = async function () {
      const fixed = length >= 6 ? await suggestion(word, 1) : null;
      return fixed ? { how: "typo", groups: [await group(fixed, null)], fixed: fixed } : null;
    };
    const early = length >= 8 ? await typo() : null;
    if (early) return early;
    const parts = await split(word, 2);
    if (parts) {
      const groups = await Promise.all(parts.map(function (p) { return group(p, null); }));
      if (groups.every(function (g) { return g.stems.length; })) return { how: "compound", groups: groups, parts: parts };
    }
    return length < 8 ? typo() : null;
  }

  // Edit distance, giving up beyond `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, function (_, i) { return i; });
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        best = Math.min(best, row[j]);
      }
      if (best > max) return max + 1;
      prev = row;
    }
    return prev[b.length];
  }

  // "Mente du …?": the site's most frequent word closest to an unknown word
  // (at most `limit` edits, else 1 for short words and 2 for longer ones);
  // with a `limit`, only a word that no other site word ties with.
  async function suggestion(word, limit) {
    const max = limit || (word.length <= 4 ? 1 : 2);
    let ties = 0;
    const chars = Array.from(word);
    const m = await meta;
    // The shards of the word's first two letters and of them swapped; for a
    // long word to correct, every shard of its first letter too (a typo in
    // the second letter: "omboarding").
    const names = new Set([word, chars[1] + chars[0]].map(function (k) {
      return shardName(Array.from(k).slice(0, 2).join(""));
    }));
    if (limit && chars.length >= 8) {
      const first = shardName(chars[0]);
      m.ord.filter(function (n) { return n.startsWith(first); }).slice(0, 12).forEach(function (n) { names.add(n); });
    }
    const shards = await Promise.all(Array.from(names).filter(function (n) { return m.ord.indexOf(n) >= 0; }).map(function (n) {
      return get("ord/" + n + ".json").catch(function () { return null; });
    }));
    let best = null;
    for (const sh of shards) {
      if (!sh) continue;
      Object.keys(sh.f).forEach(function (f) {
        if (!sh.f[f][1]) return;
        const d = distance(word, f, max);
        if (d > max) return;
        if (best && d === best.d && stemOf(f) !== stemOf(best.f)) ties++;
        if (!best || d < best.d || (d === best.d && sh.f[f][1] > best.n)) {
          if (best && d < best.d) ties = 0;
          best = { f: f, d: d, n: sh.f[f][1] };
        }
      });
    }
    if (limit && ties) return null;
    return best && best.f;
  }

  async function pageData(doc) {
    const m = await meta;
    const chunk = await get("sider/" + Math.floor(doc / m.klump) + ".json.gz");
    const d = chunk[doc % m.klump];
    return { url: d[0], title: d[1], kind: d[2], summary: d[3], sections: d[4] };
  }

  // The pages with a filter's value, or null when the filter is not chosen.
  async function filterSet() {
    const m = await meta;
    let set = null;
    for (const s of selects) {
      if (!s.value) continue;
      const name = s.dataset.filter || s.dataset.param;
      const value = s.dataset.filter ? s.selectedOptions[0].dataset.label : s.value;
      const file = own(m.filtre, name);
      const values = file ? await get(file) : {};
      const ids = new Set();
      let doc = 0;
      (own(values, value) || []).forEach(function (d) { doc += d; ids.add(doc); });
      set = set ? new Set(Array.from(set).filter(function (d) { return ids.has(d); })) : ids;
    }
    return set;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // The passage around the first form of the word that found the page
  // (`anchor`), with every query word marked: text nodes and <mark>
  // elements only, never HTML. `ends` (a passage cut at build time, the same
  // way: layout.rs, `passage`): bit 1, text precedes it; bit 2, text follows.
  function excerpt(target, text, marks, anchor, ends) {
    const ws = words(text);
    const hit = ws.findIndex(function (w) { return anchor(w.word); });
    const from = Math.max(0, hit - 8);
    const to = Math.min(ws.length, from + 30);
    if (!ws.length) return;
    let at = ws[from].at;
    if (ends === undefined ? from > 0 : ends & 1) target.appendChild(document.createTextNode("… "));
    for (let i = from; i < to; i++) {
      if (!marks(ws[i].word)) continue;
      target.appendChild(document.createTextNode(text.slice(at, ws[i].at)));
      target.appendChild(el("mark", null, text.slice(ws[i].at, ws[i].end)));
      at = ws[i].end;
    }
    const end = to < ws.length ? ws[to - 1].end : text.length;
    target.appendChild(document.createTextNode(text.slice(at, end) + ((ends === undefined ? to < ws.length : ends & 2) ? " …" : "")));
  }

  // The section (of a page's [anchor, heading, text]) where the word occurs
  // most, the first of them on a tie; the first section when none has it.
  function mostHits(sections, anchor) {
    let best = 0;
    let most = 0;
    sections.forEach(function (s, i) {
      const hits = words(s[1] + " " + s[2]).filter(function (w) { return anchor(w.word); }).length;
      if (hits > most) { most = hits; best = i; }
    });
    return best;
  }

  // `d`: a page's result data, or what a lookup file shows of it (`text`).
  function render(r, d, marks, anchor) {
    const item = el("li", "search-result");
    const heading = el("h2");
    const link = el("a", null, d.title || d.url);
    link.href = d.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (d.kind) item.appendChild(el("p", "kicker", d.kind));
    const p = el("p");
    const section = d.section || d.sections[r.section === NO_SECTION ? mostHits(d.sections, anchor) : r.section] || ["", "", ""];
    if (d.section) excerpt(p, d.text, marks, anchor, d.ends);
    else {
      const hasHit = words(section[2]).some(function (w) { return anchor(w.word); });
      excerpt(p, hasHit || !d.summary ? section[2] : d.summary, marks, anchor);
    }
    item.appendChild(p);
    if (section[0]) {
      const ul = el("ul", "sub-results");
      const li = el("li");
      // A heading such as "Situationen" says little alone: the page's title first.
      const a = el("a", null, section[1] && section[1] !== d.title ? d.title + " › " + section[1] : d.title);
      a.href = d.url + "#" + encodeURIComponent(section[0]);
      li.appendChild(a);
      ul.appendChild(li);
      item.appendChild(ul);
    }
    list.appendChild(item);
    return link;
  }

  // The search on screen.
  let query = "";
  let results = inOrder([]);
  let shown = 0;
  let marks = function () { return false; };
  // Per query word: its forms to mark (the excerpt centres on the word that
  // found the page).
  let anchors = [];
  let extraNote = "";
  // The query's words (a result's data may come from one's lookup entry).
  let openGroups = [];

  function announce() {
    if (results.length === 0) {
      status.textContent = "Ingen resultater for »" + query + "«." + extraNote;
      return;
    }
    status.textContent = results.length + (results.length === 1 ? " resultat" : " resultater") + " for »" + query + "«." +
      (shown < results.length ? " Viser de første " + shown + "." : "") + extraNote;
  }

  async function showMore(ticket) {
    const batch = results.first(shown + PAGE_SIZE).slice(shown);
    const data = await Promise.all(batch.map(function (r) {
      const g = openGroups[r.group];
      const inline = g && g.shown && g.shown.get(r.doc);
      return inline || pageData(r.doc);
    }));
    if (ticket !== current) return null;
    shown += batch.length;
    const links = batch.map(function (r, i) { return render(r, data[i], marks, anchors[r.group] || marks); });
    if (more) more.hidden = shown >= results.length;
    announce();
    return links[0] || null;
  }

  function setNote(parts) {
    if (!note) return;
    note.replaceChildren();
    parts.forEach(function (p) { note.appendChild(p); });
    note.hidden = parts.length === 0;
  }

  // The phrase as the index's words, joined by single spaces.
  function flat(text) {
    return " " + words(text).map(function (w) { return w.word; }).join(" ") + " ";
  }

  let current = 0;
  async function run(typing, submitted) {
    query = input.value.trim().slice(0, MAX_QUERY);
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    selects.forEach(function (s) { if (s.value) params.set(s.dataset.param, s.value); });
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    // Results or a status on screen: they go, so say at once that a search
    // runs. Nothing on screen yet: say it only if the search takes a while,
    // so a quick one doesn't wait for the page to be drawn in between.
    const onScreen = list.firstChild !== null || status.textContent !== "" || (note && !note.hidden);
    list.replaceChildren();
    setNote([]);
    results = inOrder([]);
    openGroups = [];
    shown = 0;
    extraNote = "";
    if (more) more.hidden = true;
    if (!query) { status.textContent = ""; return; }
    const ticket = ++current;
    const started = performance.now();
    const searching = function () { if (ticket === current) status.textContent = "Søger …"; };
    let later = null;
    if (onScreen) searching();
    else later = setTimeout(searching, SAY_SEARCHING);
    try {
      await search(ticket, typing);
    } catch (error) {
      if (ticket === current) {
        status.textContent = /^format/.test(error && error.message)
          ? "Søgeindekset er i et format, som denne side ikke kender (" + error.message + "). Genindlæs siden; hjælper det ikke, så byg håndbogen igen."
          : "Søgningen kunne ikke indlæses. Prøv at genindlæse siden.";
      }
      return;
    } finally {
      clearTimeout(later);
    }
    if (ticket !== current) return;
    performance.measure("soeg", { start: started, detail: { query: query, results: results.length } });
    // On a phone the form and filters fill the screen: after Enter, bring
    // the status line and the first result into view.
    const first = list.firstElementChild;
    if (submitted && first && first.getBoundingClientRect().bottom > window.innerHeight) {
      status.scrollIntoView({ block: "start" });
    }
  }

  // The `k` best of `docs` by `before` (negative: the first goes first), in
  // order: one pass keeping the best so far, so a common word's thousands
  // of pages are not all sorted for the five on screen.
  function best(docs, k, before) {
    const out = [];
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      if (out.length >= k && before(d, out[out.length - 1]) >= 0) continue;
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(out[mid], d) < 0) lo = mid + 1; else hi = mid;
      }
      out.splice(lo, 0, d);
      if (out.length > k) out.pop();
    }
    return out;
  }

  // Results as a list already in order (`first(k)`: the best k).
  function inOrder(list) {
    return { length: list.length, first: function (k) { return list.slice(0, k); } };
  }

  // The pages of the query's words (those in `only`, when a filter is
  // chosen), most words first, then by score, then page order; when few
  // pages have all the words, those with most of them follow (`some` says
  // so). Only the results asked for are ordered (`first(k)`).
  function rank(groups, only) {
    const n = pageCount;
    const count = new Uint16Array(n);
    const score = new Float64Array(n);
    const top = new Float64Array(n).fill(-1);
    const section = new Uint16Array(n);
    const group = new Uint16Array(n);
    groups.forEach(function (g, gi) {
      const p = g.pages;
      for (let doc = 0; doc < n; doc++) {
        if (!p.has[doc] || (only && !only.has(doc))) continue;
        const s = p.score[doc];
        count[doc] += 1;
        score[doc] += s;
        if (s > top[doc]) { top[doc] = s; section[doc] = p.section[doc]; group[doc] = gi; }
      }
    });
    const any = [];
    const all = [];
    for (let doc = 0; doc < n; doc++) {
      if (!count[doc]) continue;
      any.push(doc);
      if (count[doc] === groups.length) all.push(doc);
    }
    let docs = all;
    let some = "";
    if (all.length < FEW && groups.length > 1 && any.length > all.length) {
      some = all.length ? "few" : "none";
      docs = any;
    }
    const before = function (a, b) { return count[b] - count[a] || score[b] - score[a] || a - b; };
    const page = function (doc) {
      return { doc: doc, score: score[doc], count: count[doc], section: section[doc], group: group[doc] };
    };
    let order = [];
    const found = {
      length: docs.length,
      first: function (k) {
        if (order.length < Math.min(k, docs.length)) order = best(docs, k, before).map(page);
        return order.slice(0, k);
      },
    };
    return { found: found, some: some };
  }

  async function search(ticket, typing) {
    const phrases = [];
    query.replace(/"([^"]*)"/g, function (_, p) { if (words(p).length > 1) phrases.push(flat(p)); return ""; });
    const all = words(query.replace(/"/g, " "));
    const seen = new Set();
    const terms = all.map(function (w) { return w.word; }).filter(function (w) {
      if (stopWords.has(w) || seen.has(w)) return false;
      seen.add(w);
      return true;
    });
    if (!terms.length) {
      status.textContent = all.length ? "Søg på andet end småord: »" + query + "« består kun af ord som »og« og »på«." : "Skriv et eller flere ord for at søge.";
      return;
    }
    // While typing, the last word may be unfinished: a prefix too.
    const endsInWord = /[\p{L}\p{N}]$/u.test(query);
    let groups = await Promise.all(terms.map(function (w, i) {
      return group(w, typing && endsInWord && i === terms.length - 1 ? w : null);
    }));
    if (ticket !== current) return;
    // Words the site has no stem of: read as a derivation, a compound or a
    // typo; else left out, and said so.
    const said = [];
    const missing = [];
    const read = await Promise.all(groups.map(function (g) {
      return g.stems.length ? null : understand(g.word);
    }));
    if (ticket !== current) return;
    groups = groups.flatMap(function (g, i) {
      const r = read[i];
      if (!g.stems.length && !r) { missing.push(g.word); return [g]; }
      if (!r) return [g];
      if (r.how === "compound") said.push("»" + g.word + "« søges som »" + r.parts.join("« + »") + "«.");
      if (r.how === "typo") said.push("Ingen sider med »" + g.word + "«; viser sider med »" + r.fixed + "«.");
      r.groups.forEach(function (p) { p.typed = g.word; });
      return r.groups;
    });
    const found = groups.filter(function (g) { return g.stems.length; });
    if (missing.length && found.length) {
      said.push("Ingen sider med »" + missing.join("«, »") + "«; viser sider med de andre ord.");
      groups = found;
    }
    if (ticket !== current) return;
    const only = await filterSet();
    if (ticket !== current) return;
    const r = rank(groups, only);
    let results_ = r.found;
    if (r.some) {
      said.push(r.some === "few"
        ? "Kun få sider har alle ordene. Derefter vises sider med flest af dem."
        : "Ingen sider har alle ordene. Viser sider med flest af dem.");
    }
    if (said.length) setNote([document.createTextNode(said.join(" "))]);
    if (phrases.length) {
      const candidates = results_.first(PHRASE_CHECK);
      const data = await Promise.all(candidates.map(function (c) { return pageData(c.doc); }));
      if (ticket !== current) return;
      results_ = inOrder(candidates.filter(function (c, i) {
        const d = data[i];
        const text = flat([d.title, d.summary].concat(d.sections.map(function (s) { return s[1] + " " + s[2]; })).join(" "));
        return phrases.every(function (p) { return text.indexOf(p) >= 0; });
      }));
    }
    const forms = new Set();
    groups.forEach(function (g) { g.forms.forEach(function (f) { forms.add(f); }); });
    const prefixes = groups.filter(function (g) { return g.prefix && g.stems.length > (g.known ? 1 : 0); })
      .map(function (g) { return g.prefix; });
    marks = function (w) { return forms.has(w) || prefixes.some(function (p) { return w.startsWith(p); }); };
    anchors = groups.map(function (g) {
      const own = g.prefix && g.stems.length > (g.known ? 1 : 0) ? g.prefix : null;
      return function (w) { return g.forms.has(w) || (own !== null && w.startsWith(own)); };
    });
    const unknown = groups.filter(function (g) { return !g.stems.length; });
    if (unknown.length) {
      const better = await Promise.all(unknown.map(function (g) { return suggestion(g.word); }));
      if (ticket !== current) return;
      let fixed = query;
      let any = false;
      unknown.forEach(function (g, i) {
        if (!better[i]) return;
        any = true;
        fixed = fixed.replace(new RegExp(g.word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "iu"), better[i]);
      });
      if (any) {
        const a = el("a", null, fixed);
        const p = new URLSearchParams(location.search);
        p.set("q", fixed);
        a.href = location.pathname + "?" + p;
        const parts = note && !note.hidden ? Array.from(note.childNodes).concat([document.createTextNode(" ")]) : [];
        setNote(parts.concat([document.createTextNode("Mente du »"), a, document.createTextNode("«?")]));
      }
    }
    results = results_;
    openGroups = groups;
    if (note && !note.hidden) extraNote = " " + note.textContent;
    await showMore(ticket);
  }

  let timer = null;
  // Enter searches at once; the search the typing scheduled is then not needed.
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(false, true); });
  selects.forEach(function (s) { s.addEventListener("change", function () { run(false); }); });
  if (more) {
    more.addEventListener("click", async function () {
      const first = await showMore(current);
      // Keyboard and screen-reader users continue at the first new result.
      if (first) first.focus();
    });
  }
  // While the reader types, the lookup file of each word is fetched (its
  // list comes with it), so Enter mostly waits only for the result data.
  function prefetch() {
    words(input.value.slice(0, MAX_QUERY)).forEach(function (w) {
      if (stopWords.has(w.word) || Array.from(w.word).length < 2) return;
      lookup(w.word).catch(function () {});
    });
  }
  input.addEventListener("input", function () {
    prefetch();
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 200);
  });
  const params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").slice(0, MAX_QUERY);
  input.maxLength = MAX_QUERY;
  selects.forEach(function (s) {
    const wanted = params.get(s.dataset.param) || "";
    if (Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
  });
  // The filters fold away on a narrow screen unless one is chosen.
  if (filterFold && (window.matchMedia("(min-width: 48em)").matches || selects.some(function (s) { return s.value; }))) filterFold.open = true;
  if (input.value) run(false);
})();
