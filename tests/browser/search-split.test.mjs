// Search on a site large enough that common words' posting lists are split
// (a word's lookup file, soeg-indeks/opslag/<n>.json, holds its best pages
// whole and the rest as levels, in 255ths of the rest's best score): a query
// with common words loads only its words' lookup files (and the result data
// of results no lookup file shows), and its results are the ones the lists
// give, computed here from the index files, for the first screen, "Vis
// flere" and a quoted phrase alike.
//
// Generates 400 cases (the `generate` example, built here with cargo when
// GENERATE_BIN is not set) and builds them with the real binary into a
// scratch folder: target/release/handbook (or HANDBOOK_BIN). Does not need
// HANDBOOK_SITE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { launchBrowser, newPage, gotoOk, pageProblems, REPO_ROOT } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { loadWords } from './lib/words.mjs';

const BIN = process.env.HANDBOOK_BIN || path.join(REPO_ROOT, 'target/release/handbook');
const GENERATE = process.env.GENERATE_BIN || path.join(REPO_ROOT, 'target/release/examples/generate');

let browser, server, work, site;
before(async () => {
  if (!process.env.GENERATE_BIN) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'generate'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  for (const bin of [BIN, GENERATE]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release --bin handbook --example generate`);
  }
  work = mkdtempSync(path.join(tmpdir(), 'handbook-split-'));
  execFileSync(GENERATE, ['--cases', '400', '--out', path.join(work, 'src'), '--seed', '1'], { stdio: 'ignore' });
  site = path.join(work, 'out');
  execFileSync(BIN, ['build', '--root', path.join(work, 'src'), '--output', site, '--quiet'], { stdio: 'ignore' });
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const index = (file) => {
  const bytes = readFileSync(path.join(site, 'soeg-indeks', file));
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
};
// A word's entry in its stem's lookup file ([stem, forms, list]): the file
// is the stem's hash, as search-words.js computes it.
const words = loadWords();
function lookupFile(word) {
  return `opslag/${words.lookupFile(words.stem(word), index('indeks.json').opslag)}.json`;
}
const lookup = (word) => index(lookupFile(word))[words.stem(word)];

// A word's whole posting list from the files: page → score (a rest page's
// score is its level × the rest's best / 255, as the index ranks it).
function wholeList(word) {
  const data = lookup(word)[2][1];
  const out = new Map();
  const add = (l) => {
    let doc = 0;
    l[0].forEach((d, i) => { doc += d; out.set(doc, l[1][i]); });
  };
  if (Array.isArray(data)) { add(data); return out; }
  add(data.h);
  const bits = Buffer.from(data.m, 'base64');
  const levels = Buffer.from(data.q, 'base64');
  let k = 0;
  for (let doc = 0; doc < bits.length * 8; doc++) {
    if (bits[doc >> 3] & (1 << (doc & 7))) out.set(doc, levels[k++] * data.t / 255);
  }
  assert.equal(k, levels.length, `${word}: a level per page of the rest`);
  return out;
}

function isSplit(word) {
  return !Array.isArray(lookup(word)[2][1]);
}

// Only index files a query needs: the page's, lookup files, result data.
const needed = (f) => /\/soeg-indeks\/(indeks\.json|opslag\/\d+\.json|sider\/\d+\.json\.gz)$/.test(f);

// The best `n` pages with every word, from whole lists (ties: lower page id first).
function expected(words, n) {
  const lists = words.map(wholeList);
  const pages = [...lists[0].keys()].filter((d) => lists.every((l) => l.has(d)));
  const score = (d) => lists.reduce((s, l) => s + l.get(d), 0);
  pages.sort((a, b) => score(b) - score(a) || a - b);
  const klump = index('indeks.json').klump;
  return pages.slice(0, n).map((d) => new URL(index(`sider/${Math.floor(d / klump)}.json.gz`)[d % klump][0], 'http://x').pathname);
}

async function search(q) {
  const page = await newPage(browser);
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/soeg-indeks/')) fetched.push(new URL(r.url()).pathname); });
  await gotoOk(page, server.url + '/soeg/');
  await page.fill('#soegefelt', q);
  await page.press('#soegefelt', 'Enter');
  await page.waitForFunction(() => {
    const s = document.getElementById('soegestatus').textContent;
    return s && !s.startsWith('Søger');
  });
  const urls = () => page.$$eval('#soegeresultater > li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
  return { page, fetched, urls };
}

test('common words: the first results come from the lookup files alone and equal what the whole lists give', async () => {
  const queries = [['ledelse'], ['tillid', 'ledelse'], ['møder', 'ledelse', 'tillid']];
  for (const words of queries) {
    assert.ok(words.every(isSplit), `${words}: the test needs split lists`);
    const { page, fetched, urls } = await search(words.join(' '));
    assert.deepEqual(await urls(), expected(words, 5), words.join(' '));
    assert.deepEqual(fetched.filter((f) => !needed(f)), [], fetched.join(', '));
    const theirs = new Set(words.map((w) => `/soeg-indeks/${lookupFile(w)}`));
    assert.deepEqual(new Set(fetched.filter((f) => f.includes('/opslag/'))), theirs, fetched.join(', '));
    const total = Number(/^(\d+) resultat/.exec(await page.textContent('#soegestatus'))[1]);
    const lists = words.map(wholeList);
    const all = [...lists[0].keys()].filter((d) => lists.every((l) => l.has(d))).length;
    assert.equal(total, all, `${words}: the count is exact without the rest of the lists`);
    assert.deepEqual(await pageProblems(page), []);
    await page.close();
  }
});

test('"Vis flere" past the lists\' best pages keeps the order of the whole lists, without another index file', async () => {
  const { page, fetched, urls } = await search('ledelse');
  for (let shown = 5; shown < 40; shown += 5) {
    await page.click('#soegeflere');
    await page.waitForFunction((k) => document.querySelectorAll('#soegeresultater > li').length > k, shown);
  }
  assert.deepEqual(await urls(), expected(['ledelse'], 40));
  await page.close();
  const deep = await search('tillid ledelse');
  for (let shown = 5; shown < 100; shown += 5) {
    if (!(await deep.page.isVisible('#soegeflere'))) break;
    await deep.page.click('#soegeflere');
    await deep.page.waitForFunction((k) => document.querySelectorAll('#soegeresultater > li').length > k, shown);
  }
  assert.deepEqual(deep.fetched.filter((f) => !needed(f)), [], deep.fetched.join(', '));
  const got = await deep.urls();
  assert.deepEqual(got, expected(['tillid', 'ledelse'], got.length));
  await deep.page.close();
});

test('a quoted phrase of common words matches in order', async () => {
  const { page, fetched, urls } = await search('"fælles formål"');
  assert.deepEqual(fetched.filter((f) => !needed(f)), [], fetched.join(', '));
  assert.deepEqual(await pageProblems(page), []);
  // Every result has the words in that order, in the text search indexed.
  const klump = index('indeks.json').klump;
  const byUrl = new Map();
  for (let d = 0; d < index('indeks.json').sider; d++) {
    const p = index(`sider/${Math.floor(d / klump)}.json.gz`)[d % klump];
    byUrl.set(new URL(p[0], 'http://x').pathname, [p[1], p[3], ...p[4].flatMap((s) => [s[1], s[2]])].join(' ').toLowerCase());
  }
  const got = await urls();
  assert.ok(got.length > 0, 'the generated text has the phrase');
  for (const u of got) assert.match(byUrl.get(u).replace(/\s+/g, ' '), /fælles formål/, u);
  await page.close();
});

// The same query with the lookup files' own result display removed (so
// every result comes from its page's file), as the reader sees it.
async function withoutShown(q) {
  const page = await newPage(browser);
  await page.route('**/soeg-indeks/opslag/*.json', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    for (const info of Object.values(data)) {
      const list = info[2] && info[2][1];
      if (Array.isArray(list)) list.length = Math.min(list.length, 3);
      else if (list) delete list.v;
    }
    await route.fulfill({ response, json: data });
  });
  await gotoOk(page, server.url + '/soeg/');
  await page.fill('#soegefelt', q);
  await page.press('#soegefelt', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#soegeresultater > li').length > 0);
  const text = await page.innerText('#soegeresultater');
  await page.close();
  return text;
}

test('a one-word query renders from its lookup file, exactly as from the pages\' result files', async () => {
  for (const q of ['ledelse', 'tillid', 'tillid ledelse', 'møder ledelse tillid']) {
    const { page, fetched } = await search(q);
    await page.waitForFunction(() => document.querySelectorAll('#soegeresultater > li').length > 0);
    const text = await page.innerText('#soegeresultater');
    const marked = await page.$$eval('#soegeresultater mark', (ms) => ms.length);
    if (!q.includes(' ')) {
      assert.deepEqual(fetched.filter((f) => f.includes('/sider/')), [], `${q}: no result file fetched`);
      // A case found only by its tags (a theme "Relationer og tillid") shows
      // its text's opening, with nothing to mark; the others mark the word.
      assert.ok(marked >= 4, `${q}: the words are marked (${marked})`);
    }
    assert.deepEqual(await pageProblems(page), []);
    await page.close();
    assert.equal(text, await withoutShown(q), q);
  }
});
