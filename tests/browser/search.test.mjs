// Search as a reader uses it: the header box, the /soeg/ page, a filter, and a
// result followed to the heading that matched; plus recall over a query set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { launchBrowser, newPage, gotoOk, pageProblems, REPO_ROOT, assertSiteBuilt } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

// Share of queries with the expected page in the top 5 that must hold.
const RECALL_FLOOR = 1;

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

// The first `n` results, pressing "Vis flere" as a reader would.
async function firstResults(page, n) {
  let urls = await resultUrls(page);
  while (urls.length < n && (await page.isVisible('#soegeflere'))) {
    const shown = urls.length;
    await page.click('#soegeflere');
    await page.waitForFunction((k) => document.querySelectorAll('#soegeresultater > li').length > k, shown);
    urls = await resultUrls(page);
  }
  return urls.slice(0, n);
}

// The number of results the status line reports (all of them, not just those shown).
async function resultCount(page) {
  await resultUrls(page);
  const text = await page.textContent('#soegestatus');
  return text.startsWith('Ingen') ? 0 : Number(/^(\d+) resultat/.exec(text)[1]);
}

test('/soeg/ has one search box (the header box is left out there), each search landmark named', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/');
  assert.equal(await page.locator('[role="search"]').count(), 1);
  assert.equal(await page.locator('#sitesoeg').count(), 0);
  assert.equal(await page.getAttribute('[role="search"]', 'aria-label'), 'Søgning');
  await gotoOk(page, server.url + '/');
  assert.equal(await page.getAttribute('[role="search"]', 'aria-label'), 'Søg i håndbogen');
  await page.close();
});

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

// What a reader types, and what must happen (issue 26). None of these
// words is on the site as typed.
async function searchFor(page, q) {
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent(q));
  const urls = await resultUrls(page);
  const note = (await page.textContent('#soegenote')) || '';
  return { urls, note, status: await page.textContent('#soegestatus') };
}

test('word forms the site never uses find their stem\'s pages (definite plural, syncope)', async () => {
  const page = await newPage(browser);
  for (const [q, want] of [
    ['dialogrummene', '/vaerktoejer/de-fire-dialogrum/'],
    ['spillereglerne', '/temaer/interesser-oekonomi-og-spilleregler/'],
    ['lydhørhed', '/budskaber/vaer-lydhoer-overfor-medarbejderne-og-vis-tillid/'],
  ]) {
    const { urls } = await searchFor(page, q);
    assert.ok(urls.slice(0, 3).includes(want), `${q}: ${urls.join(', ')}`);
  }
  await page.close();
});

test('a compound of site words finds pages with its parts, and the page says how it was read', async () => {
  const page = await newPage(browser);
  const { urls, note } = await searchFor(page, 'borgerinddragelse');
  assert.ok(urls.slice(0, 3).includes('/borgertemaer/at-blive-set-hoert-og-inddraget/'), urls.join(', '));
  assert.match(note, /»borgerinddragelse« søges som »borger« \+ »inddragelse«/);
  const tillid = await searchFor(page, 'tillidsrelationer');
  assert.equal(tillid.urls[0], '/temaer/relationer-og-tillid/', tillid.urls.join(', '));
  await page.close();
});

test('a one-letter typo in a long word finds the page, and says which word it searched', async () => {
  const page = await newPage(browser);
  const { urls, note } = await searchFor(page, 'mødefacilitaring');
  assert.equal(urls[0], '/temaer/fra-moedeafvikling-til-moedefacilitering/', urls.join(', '));
  assert.match(note, /Ingen sider med »mødefacilitaring«; viser sider med »mødefacilitering«/);
  await page.close();
});

test('a word the site does not have is named and left out; the other words still find pages', async () => {
  const page = await newPage(browser);
  const { urls, note } = await searchFor(page, 'tillid qwxzvk');
  assert.ok(urls.length > 0, 'results for the other word');
  assert.equal(urls[0], '/temaer/relationer-og-tillid/');
  assert.match(note, /Ingen sider med »qwxzvk«; viser sider med de andre ord/);
  const none = await searchFor(page, 'qwxzvk');
  assert.deepEqual(none.urls, []);
  assert.match(none.status, /Ingen resultater/);
  await page.close();
});

test('a short query naming a kind of page leads to that page', async () => {
  const page = await newPage(browser);
  for (const [q, want] of [['cases', '/cases/'], ['refleksionsspørgsmål', '/refleksion/'], ['værktøjer', '/vaerktoejer/'], ['temaer', '/temaer/']]) {
    const { urls } = await searchFor(page, q);
    assert.equal(urls[0], want, `${q}: ${urls.join(', ')}`);
  }
  await page.close();
});

test('excerpts come from running text, never from a case\'s facts box or notes; sub-results name their page', async () => {
  const page = await newPage(browser);
  for (const q of ['kommune', 'redaktionens placering', 'sektor niveau']) {
    await searchFor(page, q);
    const excerpts = await page.$$eval('#soegeresultater > li > p:not(.kicker)', (ps) => ps.map((p) => p.textContent));
    for (const text of excerpts) {
      assert.ok(!/Sektor, niveau og temaer/.test(text), `${q}: ${text}`);
      assert.ok(!/^…?\s*(Kommune|Region|Tværsektoriel)\s+(Topledelse|Mellemledelse)/.test(text), `${q}: ${text}`);
    }
  }
  const { urls } = await searchFor(page, 'onboarding');
  assert.equal(urls[0], '/temaer/relationer-og-tillid/');
  const sub = await page.textContent('#soegeresultater > li .sub-results a');
  assert.match(sub, /^Relationer og tillid › /);
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

test('compound words: "forskning" finds a page that only says "ledelsesforskning"', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=forskning');
  const urls = await resultUrls(page);
  // The theme never says "forskning" on its own, so stemming alone can't find it.
  assert.ok(urls.includes('/temaer/oevebaner-og-kompetenceudvikling/'), urls.join(', '));
  await page.close();
});

test('synonyms from site.toml: "personale" finds pages about "medarbejderne"', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=personale');
  // Pages that only have the synonym rank below those with the word itself.
  const urls = await firstResults(page, 10);
  assert.ok(urls.includes('/budskaber/vaer-lydhoer-overfor-medarbejderne-og-vis-tillid/'), urls.join(', '));
  await page.close();
});

test('sector, level and theme filters narrow to matching cases, and live in the URL', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=ledelse');
  const all = await resultCount(page);
  await page.selectOption('#filter-sektor', 'kommune');
  await page.waitForURL(/sektor=kommune/);
  const count = await resultCount(page);
  const kommune = await resultUrls(page);
  assert.ok(count > 0 && count < all, `${count} of ${all}`);
  // Every case found is one the pre-rendered sector page lists.
  const listed = await (await fetch(server.url + '/cases/sektor/kommune/')).text();
  for (const url of kommune) {
    assert.ok(url.startsWith('/cases/') && listed.includes(`href="${url}"`), url);
  }
  await page.selectOption('#filter-niveau', { index: 1 });
  await page.waitForURL(/niveau=/);
  // A deep link restores every filter.
  const link = page.url();
  const again = await newPage(browser);
  await gotoOk(again, link);
  assert.equal(await again.$eval('#filter-sektor', (s) => s.value), 'kommune');
  assert.notEqual(await again.$eval('#filter-niveau', (s) => s.value), '');
  assert.deepEqual(await pageProblems(again), []);
  await again.close();
  await page.close();
});

test('five results at a time: "Vis flere" shows the next five and moves focus to the first of them', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=ledelse');
  const total = await resultCount(page);
  assert.ok(total > 5, `${total} results`);
  assert.equal((await resultUrls(page)).length, 5);
  assert.match(await page.textContent('#soegestatus'), /Viser de første 5\./);
  await page.click('#soegeflere');
  await page.waitForFunction(() => document.querySelectorAll('#soegeresultater > li').length > 5);
  const urls = await resultUrls(page);
  assert.equal(urls.length, Math.min(10, total));
  assert.equal(new Set(urls).size, urls.length, 'no result twice');
  const focused = await page.evaluate(() => document.activeElement.closest('li') === document.querySelectorAll('#soegeresultater > li')[5]);
  assert.ok(focused, 'focus on the 6th result');
  // Each search is measured for the benchmark script.
  const measures = await page.evaluate(() => performance.getEntriesByName('soeg').map((m) => m.detail));
  assert.deepEqual(measures[0], { query: 'ledelse', results: total });
  assert.deepEqual(await pageProblems(page), []);
  await page.close();
});

test('the index\'s small entry file loads with the search page, before the reader has typed anything', async () => {
  const page = await newPage(browser);
  const loaded = page.waitForResponse((r) => r.url().includes('/soeg-indeks/indeks.json'));
  await gotoOk(page, server.url + '/soeg/');
  await loaded;
  assert.equal(await page.textContent('#soegestatus'), '');
  await page.close();
});

test('stop words are left out of a query, so it finds what the same query without them finds', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('ledelse på tværs'));
  const withStopWord = await resultUrls(page);
  const count = await resultCount(page);
  // The status line still quotes what the reader typed.
  assert.match(await page.textContent('#soegestatus'), /»ledelse på tværs«/);
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('ledelse tværs'));
  assert.deepEqual(await resultUrls(page), withStopWord);
  assert.equal(await resultCount(page), count);
  // In quotes, every word counts: the exact phrase finds fewer pages.
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('"ledelse på tværs"'));
  const exact = await resultCount(page);
  assert.ok(exact > 0 && exact < count, `${exact} exact of ${count}`);
  await page.close();
});

test('typing then Enter runs one search, not a second one when the typing pause ends', async () => {
  const page = await newPage(browser);
  // Each search starts by putting the query in the URL: count those.
  await page.addInitScript(() => {
    const replace = history.replaceState.bind(history);
    window.__searches = 0;
    history.replaceState = (...args) => {
      window.__searches += 1;
      return replace(...args);
    };
  });
  await gotoOk(page, server.url + '/soeg/');
  await page.fill('#soegefelt', 'tillid');
  await page.press('#soegefelt', 'Enter');
  await resultUrls(page);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__searches), 1);
  await page.close();
});

// --- Our own index (issue 14) ---

test('while typing, the last word is a prefix: "ledelsesgr" finds ledelsesgrupper', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/');
  await page.type('#soegefelt', 'ledelsesgr');
  await page.waitForFunction(() => document.querySelectorAll('#soegeresultater > li').length > 0);
  const urls = await resultUrls(page);
  assert.ok(urls.includes('/cases/nyborg-ledelsesgrupper/'), urls.join(', '));
  // The completed word is marked in the excerpts.
  const marked = await page.$$eval('#soegeresultater mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marked.some((m) => m.startsWith('ledelsesgr')), marked.join(', '));
  assert.deepEqual(await pageProblems(page), []);
  await page.close();
});

test('"Mente du …?" suggests the site\'s own word for a misspelt one', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=tilid');
  await resultUrls(page);
  const link = await page.waitForSelector('#soegenote a');
  assert.equal(await link.textContent(), 'tillid');
  assert.match(await page.textContent('#soegenote'), /^Mente du »tillid«\?$/);
  await link.click();
  await page.waitForURL(/q=tillid/);
  const urls = await resultUrls(page);
  assert.ok(urls.slice(0, 5).includes('/temaer/relationer-og-tillid/'), urls.join(', '));
  await page.close();
});

test('when no page has every word, pages with most of them are shown, and the page says so', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('bordkort koordinator'));
  const urls = await resultUrls(page);
  assert.match(await page.textContent('#soegenote'), /flest af dem/);
  assert.ok(urls.includes('/cases/bordkort/'), urls.join(', '));
  assert.match(await page.textContent('#soegestatus'), /flest af dem/);
  await page.close();
});

test('a quoted phrase matches the words in order', async () => {
  const page = await newPage(browser);
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('tillid relationer'));
  const loose = await resultCount(page);
  await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent('"relationer og tillid"'));
  const exact = await resultCount(page);
  const urls = await resultUrls(page);
  assert.ok(exact > 0 && exact < loose, `${exact} exact of ${loose}`);
  assert.ok(urls.includes('/temaer/relationer-og-tillid/'), urls.join(', '));
  await page.close();
});

test('filters work without fetching every page\'s result data', async () => {
  const page = await newPage(browser);
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/soeg-indeks/')) fetched.push(new URL(r.url()).pathname); });
  await gotoOk(page, server.url + '/soeg/?q=ledelse&type=Case');
  const urls = await resultUrls(page);
  assert.ok(urls.length > 0 && urls.every((u) => u.startsWith('/cases/')), urls.join(', '));
  const meta = await (await fetch(server.url + '/soeg-indeks/indeks.json')).json();
  const chunks = fetched.filter((p) => p.includes('/sider/'));
  assert.ok(chunks.length <= urls.length, chunks.join(', '));
  assert.ok(chunks.length < Math.ceil(meta.sider / meta.klump), `${chunks.length} chunks`);
  assert.ok(fetched.includes('/soeg-indeks/filtre-type.json'), fetched.join(', '));
  await page.close();
});

test('a title like <img src=x onerror=alert(1)> shows as text in results', async () => {
  const page = await newPage(browser);
  const hostile = '<img src=x onerror=alert(1)>';
  await page.route('**/soeg-indeks/sider/*.json.gz', async (route) => {
    const response = await route.fetch();
    const pages = JSON.parse(gunzipSync(await response.body()).toString('utf8'));
    for (const p of pages) {
      p[1] = hostile;
      p[3] = hostile;
      for (const s of p[4]) { s[1] = hostile; s[2] = hostile + ' tillid ' + hostile; }
    }
    await route.fulfill({ response, json: pages });
  });
  let dialog = false;
  page.on('dialog', async (d) => { dialog = true; await d.dismiss(); });
  await gotoOk(page, server.url + '/soeg/?q=tillid');
  await resultUrls(page);
  assert.equal(await page.textContent('#soegeresultater > li h2 a'), hostile);
  assert.equal(await page.$$eval('#soegeresultater img', (i) => i.length), 0);
  await page.waitForTimeout(200);
  assert.equal(dialog, false);
  await page.close();
});

test('bad queries get a calm answer and no console error', async () => {
  const page = await newPage(browser);
  const queries = [
    '', '   ', 'og på i', '.*+?^$()[]{}|\\<>&"\'', 'ledelse '.repeat(200), 'Ελληνικά 中文 العربية',
    '"', '"ledelse', '<script>alert(1)</script>',
  ];
  for (const q of queries) {
    await gotoOk(page, server.url + '/soeg/?q=' + encodeURIComponent(q));
    if (q.trim()) await resultUrls(page);
    const status = await page.textContent('#soegestatus');
    assert.ok(!/kunne ikke/.test(status), `${q.slice(0, 20)}: ${status}`);
    assert.ok((await page.inputValue('#soegefelt')).length <= 1000);
  }
  // A filter value that does not exist in a deep link is ignored.
  await gotoOk(page, server.url + '/soeg/?q=ledelse&sektor=findes-ikke&type=%3Cb%3E');
  const urls = await resultUrls(page);
  assert.ok(urls.length > 0);
  assert.equal(await page.$eval('#filter-sektor', (s) => s.value), '');
  assert.deepEqual(await pageProblems(page), []);
  await page.close();
});

test('JavaScript object keys as words (constructor, __proto__ …) are words like any other', async () => {
  const page = await newPage(browser);
  const words = ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', 'prototype', 'isPrototypeOf'];
  for (const q of [...words, ...words.map((w) => 'tillid ' + w), words.join(' ')]) {
    // Typed, so the completions and "Mente du" paths run too, then Enter.
    await gotoOk(page, server.url + '/soeg/');
    await page.fill('#soegefelt', q);
    await page.press('#soegefelt', 'Enter');
    const urls = await resultUrls(page);
    const status = await page.textContent('#soegestatus');
    assert.ok(!/kunne ikke/.test(status), `${q}: ${status}`);
    if (q.startsWith('tillid ')) assert.ok(urls.includes('/temaer/relationer-og-tillid/'), `${q}: ${urls}`);
  }
  // Filters from a deep link with such a value are ignored too.
  await gotoOk(page, server.url + '/soeg/?q=tillid&sektor=__proto__&type=constructor');
  assert.ok((await resultUrls(page)).length > 0);
  assert.deepEqual(await pageProblems(page), []);
  await page.close();
});

test('on a phone, a search started from another page shows the first result without scrolling; the filters are folded', async () => {
  const page = await newPage(browser, { width: 375, height: 812 });
  await gotoOk(page, server.url + '/temaer/faelles-formaal/');
  // On a phone the header's search is a link to /soeg/ (the box is too wide).
  await page.click('header .search-link');
  await page.waitForURL(/\/soeg\/$/);
  await page.fill('#soegefelt', 'tillid');
  await page.press('#soegefelt', 'Enter');
  await page.waitForURL(/\/soeg\/\?q=tillid/);
  await resultUrls(page);
  assert.equal(await page.$eval('#soegefold', (d) => d.open), false, 'the filters are folded');
  const box = await page.$eval('#soegeresultater > li h2 a', (a) => a.getBoundingClientRect().toJSON());
  assert.ok(box.top >= 0 && box.bottom <= 812, JSON.stringify(box));
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'no scrolling needed');
  // Asked for, they open; a chosen filter keeps them open on the next visit.
  await page.click('#soegefold > summary');
  await page.selectOption('#filter-type', 'Case');
  await gotoOk(page, page.url());
  assert.equal(await page.$eval('#soegefold', (d) => d.open), true);
  await page.close();
});

test('on a 375 px phone the first result is on screen after Enter', async () => {
  const page = await newPage(browser, { width: 375, height: 667 });
  await gotoOk(page, server.url + '/soeg/');
  await page.fill('#soegefelt', 'tillid');
  await page.press('#soegefelt', 'Enter');
  await resultUrls(page);
  const box = await page.$eval('#soegeresultater > li h2 a', (a) => a.getBoundingClientRect().toJSON());
  assert.ok(box.top >= 0 && box.bottom <= 667, JSON.stringify(box));
  await page.close();
});

test('"Søger …" shows when a search takes a while or replaces results on screen, not before a quick first one', async () => {
  const page = await newPage(browser);
  // Every status the live region gets, in order.
  await page.addInitScript(() => {
    window.__statuses = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('soegestatus');
      new MutationObserver(() => window.__statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await gotoOk(page, server.url + '/soeg/');
  await page.fill('#soegefelt', 'tillid');
  await page.press('#soegefelt', 'Enter');
  await resultUrls(page);
  const quick = await page.evaluate(() => window.__statuses.slice());
  const took = await page.evaluate(() => performance.getEntriesByName('soeg').at(-1).duration);
  // A slow index (the lookup files held back 600 ms): the reader is told.
  const slow = await newPage(browser);
  await slow.route('**/soeg-indeks/opslag/*.json', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
  await gotoOk(slow, server.url + '/soeg/');
  await slow.fill('#soegefelt', 'møder');
  await slow.press('#soegefelt', 'Enter');
  await slow.waitForFunction(() => document.getElementById('soegestatus').textContent === 'Søger …');
  await resultUrls(slow);
  // Results on screen, a new search: "Søger …" at once, as they go.
  await page.fill('#soegefelt', 'møder');
  await page.press('#soegefelt', 'Enter');
  await resultUrls(page);
  const again = await page.evaluate(() => window.__statuses.slice());
  // (On a machine so loaded that the first search took 150 ms, it may be said.)
  assert.ok(!(quick.includes('Søger …') && took < 150), `${took} ms: ${quick.join(' | ')}`);
  assert.ok(quick.at(-1).includes('resultat'), quick.join(' | '));
  assert.equal(again[quick.length], 'Søger …', again.join(' | '));
  assert.deepEqual(await pageProblems(slow), []);
  await slow.close();
  await page.close();
});
