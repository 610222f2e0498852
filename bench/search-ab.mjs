// Enter → results on several builds of one site, interleaved so that a
// loaded machine's drift hits each alike (bench/search-compare.mjs runs one
// engine at a time): for each query, REPS rounds, each round every site in
// turn (the order reversed every other round), each time a fresh browser
// context as bench/search-compare.mjs does (open /soeg/, wait until settled,
// type, Enter, read search.js's `soeg` measure).
//
//   node bench/search-ab.mjs QUERIES.json REPS SITE_DIR...
//
// Prints per site the median / p90 / max in ms over all samples and over
// the per-query medians; VERBOSE=1 adds each query's medians.
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';
const [qf, reps, ...sites] = process.argv.slice(2);
if (!qf || !(Number(reps) > 0) || !sites.length) {
  console.error('usage: node bench/search-ab.mjs QUERIES.json REPS SITE_DIR...');
  process.exit(2);
}
const queries = JSON.parse(readFileSync(qf, 'utf8'));
const browser = await launchBrowser();
const servers = await Promise.all(sites.map((s) => startServer(s)));
const samples = sites.map(() => []);
const perQuery = sites.map(() => []);
async function once(server, q) {
  const page = await newPage(browser);
  await page.goto(server.url + '/soeg/');
  await page.waitForLoadState('networkidle');
  await page.fill('#soegefelt', q);
  const d = await page.evaluate((query) => new Promise((resolve) => {
    new PerformanceObserver((list, o) => { const m = list.getEntries().find((m) => m.name === 'soeg' && m.detail?.query === query); if (m) { o.disconnect(); resolve(m.duration); } }).observe({ type: 'measure' });
    document.getElementById('soegefelt').form.requestSubmit();
  }), q);
  await page.context().close();
  return d;
}
const sorted = (v) => [...v].sort((a, b) => a - b);
const at = (v, p) => sorted(v)[Math.min(v.length - 1, Math.ceil(v.length * p) - 1)];
const fmt = (v) => `${at(v, 0.5).toFixed(0)}/${at(v, 0.9).toFixed(0)}/${at(v, 1).toFixed(0)}`;
const rows = [];
for (const { q } of queries) {
  const mine = sites.map(() => []);
  for (let r = 0; r < Number(reps); r++) {
    const order = r % 2 ? [...sites.keys()].reverse() : [...sites.keys()];
    for (const i of order) { const d = await once(servers[i], q); mine[i].push(d); samples[i].push(d); }
  }
  mine.forEach((m, i) => perQuery[i].push(at(m, 0.5)));
  rows.push(`${q}: ` + mine.map((m) => at(m, 0.5).toFixed(0)).join(' / '));
}
if (process.env.VERBOSE) console.log(rows.join('\n'));
sites.forEach((s, i) => console.log(`${s}: all samples ${fmt(samples[i])}; per-query medians ${fmt(perQuery[i])}`));
await browser.close(); for (const s of servers) await s.close();
