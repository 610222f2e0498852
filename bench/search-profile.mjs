// Where a first query's time goes (issue 14): for each query of a set, a
// fresh context opens /soeg/, types the query, presses Enter, and prints the
// index files fetched (start and end relative to Enter, ms, and size), the
// `soeg-*` marks search.js sets, and the `soeg` measure.
//
//   node bench/search-profile.mjs SITE_DIR QUERIES.json [N]
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage } from '../tests/browser/lib/browser.mjs';
import { startServer } from '../tests/browser/lib/server.mjs';

const [site, queriesFile, n] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')).slice(0, Number(n) || 1000);
const server = await startServer(site);
const browser = await launchBrowser();
for (const { q } of queries) {
  const page = await newPage(browser);
  await page.goto(server.url + '/soeg/');
  await page.waitForLoadState('networkidle');
  await page.fill('#soegefelt', q);
  const out = await page.evaluate((query) => new Promise((resolve) => {
    let enter = 0;
    new PerformanceObserver((list, observer) => {
      const done = list.getEntries().find((m) => m.name === 'soeg' && m.detail?.query === query);
      if (!done) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        const t = (x) => Math.round(x - enter);
        const files = performance.getEntriesByType('resource')
          .filter((r) => r.name.includes('/soeg-indeks/'))
          .map((r) => `${r.name.split('/soeg-indeks/')[1]} ${t(r.startTime)}→${t(r.responseEnd)} ${r.decodedBodySize}B`);
        const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('soeg-')).map((m) => `${m.name} ${t(m.startTime)}`);
        resolve({ ms: Math.round(done.duration), paint: t(performance.now()), files, marks });
      }, 0));
    }).observe({ type: 'measure' });
    enter = performance.now();
    document.getElementById('soegefelt').form.requestSubmit();
  }), q);
  console.log(`${q}: ${out.ms} ms (next frame ${out.paint})\n  ${out.files.join('\n  ')}\n  ${out.marks.join('\n  ')}`);
  await page.context().close();
}
await browser.close();
await server.close();
