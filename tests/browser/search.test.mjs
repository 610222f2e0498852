// Search as a reader uses it: the header box, the /soeg/ page, a filter, and a
// result followed to the heading that matched; plus recall over a query set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage, gotoOk, pageProblems, REPO_ROOT, assertSiteBuilt } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

// Share of queries with the expected page in the top 5 that must hold.
const RECALL_FLOOR = 0.9;

let browser, server;
before(async () => {
  assertSiteBuilt();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function resultUrls(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('soegestatus');
    return s && s.textContent && !s.textContent.startsWith('Søger');
  });
  return page.$$eval('#soegeresultater > li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
}

test('the header search box leads to results on /soeg/', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/');
  await page.fill('#sitesoeg', 'tillid');
  await page.press('#sitesoeg', 'Enter');
  await page.waitForURL(/\/soeg\/\?q=tillid/);
  const urls = await resultUrls(page);
  assert.ok(urls.slice(0, 5).includes('/temaer/relationer-og-tillid/'), urls.join(', '));
  assert.deepEqual(await pageProblems(page), []);
  await page.close();
});

test('stemming: "møde" finds pages that say "møderne"', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=m%C3%B8de');
  const urls = await resultUrls(page);
  assert.ok(urls.includes('/temaer/fra-moedeafvikling-til-moedefacilitering/'), urls.join(', '));
  await page.close();
});

test('the kind filter narrows results to cases', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=ledere');
  await resultUrls(page);
  await page.selectOption('#filter-type', 'Case');
  await page.waitForURL(/type=Case/);
  const urls = await resultUrls(page);
  assert.ok(urls.length > 0);
  assert.ok(urls.every((u) => u.startsWith('/cases/')), urls.join(', '));
  await page.close();
});

test('a sub-result links to the heading that matched', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=onboarding');
  await resultUrls(page);
  const sub = await page.$('#soegeresultater .sub-results a[href*="#"]');
  assert.ok(sub, 'a sub-result with an anchor');
  const href = await sub.getAttribute('href');
  await sub.click();
  await page.waitForURL((u) => u.hash.length > 1);
  const id = decodeURIComponent(new URL(href, server.url).hash.slice(1));
  assert.ok(await page.$(`[id="${id}"]`), `heading #${id} exists`);
  await page.close();
});

test(`recall: at least ${RECALL_FLOOR * 100}% of the query set has the expected page in the top 5`, async () => {
  const queries = JSON.parse(readFileSync(REPO_ROOT + 'tests/search-queries.json', 'utf8'));
  assert.ok(queries.length >= 30);
  const page = await newPage(browser);
  const misses = [];
  for (const { q, expect } of queries) {
    await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent(q));
    const urls = await resultUrls(page);
    if (!urls.slice(0, 5).includes(expect)) misses.push(`${q} → ${urls.slice(0, 5).join(' ') || '(none)'}`);
  }
  const recall = (queries.length - misses.length) / queries.length;
  console.log(`search recall@5: ${(recall * 100).toFixed(1)}% (${queries.length - misses.length}/${queries.length})`);
  if (misses.length) console.log('misses:\n  ' + misses.join('\n  '));
  assert.ok(recall >= RECALL_FLOOR, `recall ${recall}`);
  await page.close();
});
