// What a reader's browser fetches and waits for on a first search, measured in
// Chromium over loopback:
//
//   HANDBOOK_SITE=DIR node bench/search-payload.mjs [query ...]
//
// For each query, a fresh page opens /soeg/ (the search page, not counted),
// then types the query; we count the bytes of every response the search
// triggers (pagefind.js, its WebAssembly, the index chunks and the fragments
// of the top 10 results) and time loading Pagefind, the first query after
// load, and a second, different query. NO_WORKER=1 runs Pagefind on the main
// thread instead of in its web worker (one file less to fetch).
import { launchBrowser, newPage } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const queries = process.argv.slice(2).length ? process.argv.slice(2) : ['tillid', 'mødefacilitering', 'borgeren', 'ledelsesgrupper'];
const server = await startServer();
const browser = await launchBrowser();
const rows = [];
for (const query of queries) {
  const page = await newPage(browser);
  await page.goto(server.url + '/soeg/');
  let bytes = 0;
  let requests = 0;
  page.on('response', async (response) => {
    if (!response.url().includes('/pagefind/')) return;
    try {
      bytes += (await response.body()).length;
      requests += 1;
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  const timings = await page.evaluate(async ({ q, noWorker }) => {
    const base = document.querySelector('link[rel=stylesheet]').getAttribute('href').replace(/style\.css$/, '');
    const t0 = performance.now();
    const pagefind = await import(base + 'pagefind/pagefind.js');
    await pagefind.options({ excerptLength: 24, noWorker });
    await pagefind.init();
    // Pagefind fetches its WebAssembly on the first search; a search for a word
    // no page has makes that part of loading, not of the query.
    await pagefind.search('qqqq');
    const t1 = performance.now();
    const first = await pagefind.search(q);
    await Promise.all(first.results.slice(0, 10).map((r) => r.data()));
    const t2 = performance.now();
    const other = await pagefind.search('samarbejde');
    await Promise.all(other.results.slice(0, 10).map((r) => r.data()));
    const t3 = performance.now();
    return { load: t1 - t0, first: t2 - t1, second: t3 - t2, results: first.results.length };
  }, { q: query, noWorker: process.env.NO_WORKER === '1' });
  await page.waitForTimeout(200);
  rows.push({ query, results: timings.results, requests, kib: (bytes / 1024).toFixed(0), load: timings.load.toFixed(0), first: timings.first.toFixed(0), second: timings.second.toFixed(0) });
  await page.close();
}
await browser.close();
await server.close();
console.log('| query | results | requests | KiB fetched (Pagefind load + first query) | load ms (JS, wasm, metadata) | first query ms after load | a second query ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.query} | ${r.results} | ${r.requests} | ${r.kib} | ${r.load} | ${r.first} | ${r.second} |`);
