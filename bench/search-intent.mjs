// The reader-intent query set (tests/search-intent.json, issue 26) against
// two builds of the same site: our index and the Pagefind CLI over the same
// HTML. Driven like bench/search-compare.mjs: for each query a fresh browser
// context opens /soeg/, waits until the page has settled, types the query,
// presses Enter, waits for search.js's `performance.measure("soeg")` and
// reads the first ten result links ("Vis flere" once).
//
//   node bench/search-intent.mjs INTENT.json OURS_SITE_DIR PAGEFIND_SITE_DIR [--json FILE]
//
// A query is answered when ANY of its expected paths is among the first 3
// results. Per engine and per set (dev, holdout) it prints recall@3, MRR@10
// (1 / rank of the first expected path within the first ten, else 0) and the
// zero-result rate (no result on screen), then recall@3 per kind. For dev it
// lists every query one engine misses (top 3) and the other answers; for
// holdout only the counts, unless HOLDOUT_DETAIL=1 (the holdout set is for
// the end of a tuning round, not for looking at while tuning).
// --json FILE writes every query's ranks and result counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, newPage } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const args = process.argv.slice(2);
let jsonOut = null;
const j = args.indexOf('--json');
if (j >= 0) [, jsonOut] = args.splice(j, 2);
const [intentFile, oursSite, pfSite] = args;
if (!intentFile || !oursSite || !pfSite || (j >= 0 && !jsonOut)) {
  console.error('usage: node bench/search-intent.mjs INTENT.json OURS_SITE_DIR PAGEFIND_SITE_DIR [--json FILE]');
  process.exit(2);
}
const intent = JSON.parse(readFileSync(intentFile, 'utf8'));
// HOLDOUT=0 leaves the holdout set out entirely (while tuning: not even its counts).
const SETS = process.env.HOLDOUT === '0' ? ['dev'] : ['dev', 'holdout'];
for (const set of SETS) {
  if (!Array.isArray(intent[set])) throw new Error(`${intentFile}: no "${set}" array`);
  for (const x of intent[set]) {
    if (typeof x.q !== 'string' || !Array.isArray(x.expect) || !x.expect.length || typeof x.kind !== 'string') {
      throw new Error(`${intentFile}: bad entry in ${set}: ${JSON.stringify(x)}`);
    }
  }
}
// PAGEFIND_SITE_DIR `-`: our engine alone (bench/search-weights sweeps with it).
const ENGINES = pfSite === '-' ? [['ours', oursSite]] : [['ours', oursSite], ['pagefind', pfSite]];
const TIMEOUT_MS = 15000;

async function urlsOnScreen(page) {
  return page.$$eval('#soegeresultater > li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
}

// One query on one site: the first ten result paths and search.js's count.
async function run(browser, server, q) {
  const page = await newPage(browser);
  try {
    await page.goto(server.url + '/soeg/');
    await page.waitForLoadState('networkidle');
    await page.fill('#soegefelt', q);
    const done = await page.evaluate(({ query, timeout }) => new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), timeout);
      new PerformanceObserver((list, observer) => {
        const m = list.getEntries().find((e) => e.name === 'soeg' && e.detail?.query === query);
        if (m) {
          clearTimeout(timer);
          observer.disconnect();
          resolve({ results: m.detail.results });
        }
      }).observe({ type: 'measure' });
      document.getElementById('soegefelt').form.requestSubmit();
    }), { query: q, timeout: TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
    let urls = await urlsOnScreen(page);
    if (urls.length < 10 && (await page.isVisible('#soegeflere'))) {
      const shown = urls.length;
      await page.click('#soegeflere');
      await page.waitForFunction((k) => document.querySelectorAll('#soegeresultater > li').length > k, shown);
      urls = await urlsOnScreen(page);
    }
    return { urls: urls.slice(0, 10), results: done.results, timedOut: !!done.timedOut };
  } finally {
    await page.context().close();
  }
}

const browser = await launchBrowser();
const servers = await Promise.all(ENGINES.map(([, dir]) => startServer(dir)));
const rows = { dev: [], holdout: [] };
for (const set of SETS) {
  for (const { q, expect, kind } of intent[set]) {
    const row = { q, kind, expect };
    for (const [i, [engine]] of ENGINES.entries()) {
      const r = await run(browser, servers[i], q);
      const rank = r.urls.findIndex((u) => expect.includes(u)) + 1;
      row[engine] = { rank, top3: r.urls.slice(0, 3), results: r.results, zero: r.urls.length === 0, timedOut: r.timedOut };
    }
    rows[set].push(row);
  }
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1) + '\n');

const hit = (r) => !!r && r.rank >= 1 && r.rank <= 3;
const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) : '–') + ' %';
function stats(list, engine) {
  const n = list.length;
  if (!ENGINES.some(([e]) => e === engine)) return { recall3: '–', mrr10: '–', zero: '–' };
  return {
    recall3: pct(list.filter((x) => hit(x[engine])).length, n),
    mrr10: (list.reduce((s, x) => s + (x[engine].rank ? 1 / x[engine].rank : 0), 0) / (n || 1)).toFixed(3),
    zero: pct(list.filter((x) => x[engine].zero).length, n),
  };
}
const show = (x, e) => !x[e] ? '–' : `${x[e].rank ? `rank ${x[e].rank}` : '>10'}${x[e].zero ? ', no results' : ''}: ${x[e].top3.join(' ') || '–'}`;

console.log(`# Reader-intent queries (${intentFile.replace(/^.*\//, '')}), recall@3 / MRR@10 / zero results`);
console.log();
console.log('| set | queries | ours recall@3 | Pagefind recall@3 | ours MRR@10 | Pagefind MRR@10 | ours zero results | Pagefind zero results |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const set of SETS) {
  const a = stats(rows[set], 'ours');
  const b = stats(rows[set], 'pagefind');
  console.log(`| ${set} | ${rows[set].length} | ${a.recall3} | ${b.recall3} | ${a.mrr10} | ${b.mrr10} | ${a.zero} | ${b.zero} |`);
}
console.log();
console.log('Recall@3 per kind (ours / Pagefind):');
console.log();
console.log('| kind | dev | holdout |');
console.log('|---|---:|---:|');
const kinds = [...new Set(SETS.flatMap((s) => rows[s].map((x) => x.kind)))].sort();
for (const k of kinds) {
  const cell = (set) => {
    const l = rows[set].filter((x) => x.kind === k);
    const c = (e) => l.filter((x) => hit(x[e])).length;
    return l.length ? `${c('ours')} / ${c('pagefind')} of ${l.length}` : '–';
  };
  console.log(`| ${k} | ${cell('dev')} | ${cell('holdout')} |`);
}
for (const set of SETS) {
  const oursOnly = rows[set].filter((x) => !hit(x.ours) && hit(x.pagefind));
  const pfOnly = rows[set].filter((x) => hit(x.ours) && !hit(x.pagefind));
  const both = rows[set].filter((x) => !hit(x.ours) && !hit(x.pagefind));
  const timeouts = rows[set].filter((x) => x.ours.timedOut || x.pagefind?.timedOut).length;
  console.log();
  console.log(`${set}: ours misses and Pagefind answers ${oursOnly.length}; Pagefind misses and ours answers ${pfOnly.length}; both miss ${both.length}` +
    (timeouts ? `; ${timeouts} queries timed out waiting for results` : '') + '.');
  if (set === 'holdout' && process.env.HOLDOUT_DETAIL !== '1') continue;
  for (const [title, list] of [['ours misses, Pagefind answers', oursOnly], ['Pagefind misses, ours answers', pfOnly], ['both miss', both]]) {
    if (!list.length) continue;
    console.log();
    console.log(`${set}, ${title}:`);
    for (const x of list) {
      console.log(`- »${x.q}« (${x.kind}) → ${x.expect.join(' ')}`);
      console.log(`    ours ${show(x, 'ours')}`);
      console.log(`    Pagefind ${show(x, 'pagefind')}`);
    }
  }
}
