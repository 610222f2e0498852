// What a reader's first search costs, measured in headless Chromium through
// the real search page:
//
//   HANDBOOK_ROOT=SITE node bench/search-payload.mjs [query ...]   (starts `handbook serve --root SITE`)
//   HANDBOOK_SITE=DIR  node bench/search-payload.mjs [query ...]   (a built site, plain file server)
//
// `handbook serve` gzips text as web hosts do, so its figures are what a
// reader transfers; the plain file server sends everything uncompressed.
//
// For each query a fresh browser context (empty cache) opens /soeg/, waits
// until the page and the index's entry file have loaded (search.js loads it with the page),
// then types the query and presses Enter (the form is submitted). It reports:
// - the bytes transferred for search.js and everything fetched from
//   /soeg-indeks/ (the entry file plus the query: its words' lookup files
//   and the result data of the results shown);
// (bench/search compares with Pagefind side by side.)
// - the time from the search's start to the results on screen (search.js
//   records it as `performance.measure("soeg")`).
// Without arguments it runs the 37 reader queries of tests/search-queries.json
// and prints a summary against the targets: under 300 KB and under 100 ms.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { launchBrowser, newPage, REPO_ROOT } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const KB_TARGET = 300;
const MS_TARGET = 100;

const queries = process.argv.slice(2).length
  ? process.argv.slice(2)
  : JSON.parse(readFileSync(REPO_ROOT + 'tests/search-queries.json', 'utf8')).map((entry) => entry.q);
// `handbook serve --port 0` prints the address it listens on once the site is built.
async function startServe(root) {
  const child = spawn(REPO_ROOT + 'target/release/handbook', ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const match = /http:\/\/[0-9.:]+/.exec(line);
    if (match) return { url: match[0], close: async () => child.kill() };
  }
  throw new Error('handbook serve stopped before it served the site');
}
const server = process.env.HANDBOOK_ROOT ? await startServe(process.env.HANDBOOK_ROOT) : await startServer();
const base = server.url;
const browser = await launchBrowser();
const rows = [];
for (const query of queries) {
  const page = await newPage(browser);
  let loadBytes = 0;
  let queryBytes = 0;
  let loaded = false;
  page.on('response', async (response) => {
    if (!response.url().includes('/soeg-indeks/') && !response.url().endsWith('/search.js')) return;
    try {
      await response.finished();
      const length = (await response.request().sizes()).responseBodySize;
      if (loaded) queryBytes += length;
      else loadBytes += length;
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await page.goto(base + '/soeg/');
  await page.waitForLoadState('networkidle');
  loaded = true;
  await page.fill('#soegefelt', query);
  // Submit (Enter) and wait for the measure in one evaluation: Playwright's
  // polling (waitForFunction) would run on the page's thread during the search.
  const { duration, detail } = await page.evaluate((q) => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const done = list.getEntries().find((m) => m.name === 'soeg' && m.detail?.query === q);
      if (done) {
        observer.disconnect();
        resolve({ duration: done.duration, detail: done.detail });
      }
    }).observe({ type: 'measure' });
    document.getElementById('soegefelt').form.requestSubmit();
  }), query);
  await page.waitForLoadState('networkidle');
  rows.push({ query, results: detail.results, load: loadBytes / 1000, fetched: queryBytes / 1000, ms: duration });
  await page.close();
}
await browser.close();
await server.close();

const fmt = (n) => n.toFixed(0);
console.log('| query | results | KB loading search | KB for the query | KB in all | ms to results on screen |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.query} | ${r.results} | ${fmt(r.load)} | ${fmt(r.fetched)} | ${fmt(r.load + r.fetched)} | ${fmt(r.ms)} |`);
}
if (rows.length > 1) {
  const sorted = (values) => [...values].sort((a, b) => a - b);
  const at = (values, share) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * share))];
  const ms = rows.map((r) => r.ms);
  const kb = rows.map((r) => r.load + r.fetched);
  console.log('');
  console.log(`${rows.length} queries: median ${fmt(at(ms, 0.5))} ms, 90th percentile ${fmt(at(ms, 0.9))} ms, slowest ${fmt(at(ms, 1))} ms; ` +
    `median ${fmt(at(kb, 0.5))} KB, largest ${fmt(at(kb, 1))} KB`);
  console.log(`under ${MS_TARGET} ms: ${ms.filter((v) => v < MS_TARGET).length}/${rows.length}; ` +
    `under ${KB_TARGET} KB: ${kb.filter((v) => v < KB_TARGET).length}/${rows.length}`);
}
