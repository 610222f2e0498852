// One search engine on one built site, as a reader meets it: for each query a
// fresh browser context (empty cache) opens /soeg/, waits until the page has
// settled, types the query and presses Enter, and waits for the results
// (search.js records each search as `performance.measure("soeg")`, both our
// client and the Pagefind client bench/search runs it against). Then it reads
// the first ten result links ("Vis flere" once) for recall@5 and MRR@10.
//
//   node bench/search-compare.mjs SITE_DIR ENGINE QUERIES.json
//
// ENGINE names what the search loads: "ours" (/soeg-indeks/) or "pagefind"
// (/pagefind/); search.js counts for both. Bytes are what a web host sends:
// JSON and JS gzipped (level 6, computed here, the file server sends them
// plain), Pagefind's own files as they are (they are gzip already).
// Prints one JSON object.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newPage } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const [site, engine, queriesFile] = process.argv.slice(2);
if (!site || !['ours', 'pagefind'].includes(engine) || !queriesFile) {
  console.error('usage: node bench/search-compare.mjs SITE_DIR ours|pagefind QUERIES.json');
  process.exit(2);
}
const prefix = engine === 'ours' ? '/soeg-indeks/' : '/pagefind/';
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const server = await startServer(site);
const browser = await launchBrowser();

async function urlsOnScreen(page) {
  return page.$$eval('#soegeresultater > li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
}

const rows = [];
for (const { q, expect } of queries) {
  const page = await newPage(browser);
  let bytes = 0;
  const pending = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (!path.startsWith(prefix) && !path.endsWith('/search.js')) return;
    pending.push(response.body().then((body) => {
      bytes += /\.(js|json|mjs)$/.test(path) ? gzipSync(body, { level: 6 }).length : body.length;
    }).catch(() => {}));
  });
  await page.goto(server.url + '/soeg/');
  await page.waitForLoadState('networkidle');
  await page.fill('#soegefelt', q);
  const { duration, results } = await page.evaluate((query) => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const done = list.getEntries().find((m) => m.name === 'soeg' && m.detail?.query === query);
      if (done) {
        observer.disconnect();
        resolve({ duration: done.duration, results: done.detail.results });
      }
    }).observe({ type: 'measure' });
    document.getElementById('soegefelt').form.requestSubmit();
  }), q);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const firstBytes = bytes;
  let urls = await urlsOnScreen(page);
  if (urls.length < 10 && (await page.isVisible('#soegeflere'))) {
    const shown = urls.length;
    await page.click('#soegeflere');
    await page.waitForFunction((k) => document.querySelectorAll('#soegeresultater > li').length > k, shown);
    urls = await urlsOnScreen(page);
  }
  const rank = urls.slice(0, 10).indexOf(expect) + 1;
  rows.push({ q, expect, rank, results, ms: duration, kb: firstBytes / 1000 });
  await page.context().close();
}
await browser.close();
await server.close();

const sorted = (values) => [...values].sort((a, b) => a - b);
const at = (values, share) => sorted(values)[Math.min(values.length - 1, Math.ceil(values.length * share) - 1)];
const ms = rows.map((r) => r.ms);
const kb = rows.map((r) => r.kb);
console.log(JSON.stringify({
  engine,
  queries: rows.length,
  recall5: rows.filter((r) => r.rank >= 1 && r.rank <= 5).length / rows.length,
  mrr10: rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / rows.length,
  zero: rows.filter((r) => !r.results).length / rows.length,
  ms: { median: at(ms, 0.5), p90: at(ms, 0.9), max: at(ms, 1) },
  kb: { median: at(kb, 0.5), p90: at(kb, 0.9), max: at(kb, 1) },
  misses: rows.filter((r) => !r.rank || r.rank > 5).map((r) => `${r.q} → ${r.expect} (rank ${r.rank || '>10'})`),
}));
