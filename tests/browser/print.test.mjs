// Printed material (issue 29), printed by Chromium to A4 and measured, not
// eyeballed: every card deck (no card's content taller than its box, cards
// using the whole width, a theme's deck naming only its theme), the
// worksheets, the meeting kit (at most two pages) and the whole handbook
// (/print/: nothing wider than the page, no page left nearly empty, page
// numbers). Needs a built site in public/ (or HANDBOOK_SITE); builds nothing.
// Word counts per page come from `pdftotext` (poppler-utils, installed by
// .ci/install-browser-deps).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, gotoOk, listPages, siteDir, assertSiteBuilt } from './lib/browser.mjs';

// A4 with the 15 mm margins of style.css's @page: 180 mm of text width.
const MM = 96 / 25.4;
const TEXT_WIDTH = Math.floor(180 * MM);

let dir;
let server;
let browser;
let page;
let scratch;

before(async () => {
  dir = assertSiteBuilt(siteDir());
  server = await startServer(dir);
  browser = await launchBrowser();
  // The viewport is the printed page's text width, so the print layout
  // measured here (emulateMedia print) is the one page.pdf lays out.
  page = await newPage(browser, { width: TEXT_WIDTH, height: 1000 });
  scratch = mkdtempSync(path.join(tmpdir(), 'handbook-print-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Number of pages in a PDF (its page objects). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

/** The text of each page of a PDF, by pdftotext. */
function pdfText(pdf) {
  const file = path.join(scratch, 'page.pdf');
  writeFileSync(file, pdf);
  let text;
  try {
    text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    throw new Error(`pdftotext failed (install poppler-utils: bash .ci/install-browser-deps): ${err.message}`);
  }
  const pages = text.split('\f');
  if (pages.at(-1).trim() === '') pages.pop();
  return pages;
}

/** Prints the page as it is to A4, as a reader's Ctrl+P does. */
async function printPdf() {
  return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
}

/** Loads `urlPath` laid out for print. */
async function openForPrint(urlPath) {
  await gotoOk(page, server.url + urlPath);
  await page.emulateMedia({ media: 'print' });
}

/** Everything of the print layout the tests read, measured in the page. */
const measureCards = () => {
  const mm = (px) => Math.round((px * 25.4 / 96) * 10) / 10;
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().height > 0;
  // How far the card's content reaches past its padding box's inner edge, in px.
  const overflow = (card) => {
    const box = card.getBoundingClientRect();
    const cs = getComputedStyle(card);
    const innerBottom = box.bottom - parseFloat(cs.paddingBottom) - parseFloat(cs.borderBottomWidth);
    const innerRight = box.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
    let bottom = -Infinity;
    let right = -Infinity;
    const range = document.createRange();
    range.selectNodeContents(card);
    for (const r of range.getClientRects()) {
      if (r.width === 0 && r.height === 0) continue;
      bottom = Math.max(bottom, r.bottom);
      right = Math.max(right, r.right);
    }
    return {
      down: Math.max(0, bottom - innerBottom, card.scrollHeight - card.clientHeight),
      across: Math.max(0, right - innerRight, card.scrollWidth - card.clientWidth),
    };
  };
  const deck = document.querySelector('.deck');
  const items = [...document.querySelectorAll('.deck > li')].filter(shown);
  const cards = items.map((li) => {
    const r = li.getBoundingClientRect();
    const o = overflow(li);
    return {
      guide: li.classList.contains('deck-guide'),
      double: li.classList.contains('card-double'),
      text: (li.querySelector('.card-question') ?? li).textContent.trim().replace(/\s+/g, ' '),
      themes: li.querySelector('.card-themes')?.textContent.trim() ?? '',
      width: mm(r.width),
      height: mm(r.height),
      down: mm(o.down),
      across: mm(o.across),
      question: li.querySelector('.card-question') ? Math.round(parseFloat(getComputedStyle(li.querySelector('.card-question')).fontSize) * 7.5) / 10 : 0,
    };
  });
  return { deckWidth: deck ? mm(deck.getBoundingClientRect().width) : 0, cards };
};

/** The decks: the whole question bank's and each theme's. */
function deckPaths() {
  return listPages(dir).filter((p) => /^\/refleksion\/([^/]+\/kort\/)?$/.test(p));
}

test('the overflow measure sees a card whose text is too long', async () => {
  const deck = deckPaths().find((p) => p.endsWith('/kort/'));
  await openForPrint(deck);
  await page.evaluate(() => {
    const q = document.querySelector('.question-card .card-question');
    q.textContent = q.textContent.repeat(12);
  });
  const { cards } = await page.evaluate(measureCards);
  assert.ok(cards.some((c) => c.down > 1), 'a card with twelve times its text did not measure as overflowing');
  await page.emulateMedia({ media: null });
});

test('every card deck prints on A4 with no card taller than its box, using the whole width', async () => {
  const report = [];
  const decks = deckPaths();
  assert.ok(decks.length >= 11, `only ${decks.length} decks`);
  for (const deck of decks) {
    await openForPrint(deck);
    const { deckWidth, cards } = await page.evaluate(measureCards);
    const pdf = await printPdf();
    await page.emulateMedia({ media: null });
    const pages = pdfPages(pdf);
    const questions = cards.filter((c) => !c.guide);
    assert.ok(questions.length > 0, `${deck}: no cards`);
    assert.ok(cards.some((c) => c.guide), `${deck}: no card saying how to use the cards`);
    if (Math.abs(deckWidth - 180) > 0.5) report.push(`${deck}: the deck is ${deckWidth} mm wide, not the page's 180 mm`);
    for (const c of cards) {
      const what = `${deck}: "${c.text.slice(0, 50)}…"`;
      if (c.down > 0.2) report.push(`${what} is ${c.down} mm taller than its card`);
      if (c.across > 0.2) report.push(`${what} is ${c.across} mm wider than its card`);
      if (Math.abs(c.width - (c.double ? 180 : 90)) > 0.5) report.push(`${what} is ${c.width} mm wide`);
      if (Math.abs(c.height - 64) > 0.5) report.push(`${what} is ${c.height} mm tall, not 64 mm`);
      if (!c.guide && c.question < 10) report.push(`${what} is set in ${c.question} pt, below the 10 pt minimum`);
    }
    const slots = cards.reduce((n, c) => n + (c.double ? 2 : 1), 0);
    if (pages > Math.ceil(slots / 8)) report.push(`${deck}: ${slots} card places on ${pages} A4 pages, more than 8 a page`);
    const doubles = cards.filter((c) => c.double).length;
    const smallest = Math.min(...questions.map((c) => c.question));
    console.log(`# ${deck}: ${questions.length} cards (${doubles} double), ${cards[0]?.width} mm wide, smallest question ${smallest} pt, ${pages} A4 pages`);
  }
  assert.deepEqual(report, [], report.join('\n'));
});

test('a theme deck names only its own theme on its cards; the whole bank names all of a question\'s themes', async () => {
  for (const deck of deckPaths()) {
    await gotoOk(page, server.url + deck);
    const { theme, lines } = await page.evaluate(() => ({
      theme: document.querySelector('.lead a')?.textContent.trim() ?? '',
      lines: [...document.querySelectorAll('.question-card .card-themes')].map((p) => p.textContent.trim()),
    }));
    if (deck === '/refleksion/') {
      assert.ok(lines.some((l) => l.includes(' · ')), 'no card of the whole bank names more than one theme');
      continue;
    }
    const others = lines.filter((l) => l !== theme);
    assert.deepEqual(others, [], `${deck}: cards that name other themes than ${theme}`);
  }
});

/** What of the page is wider than the printed page's text, in the print layout. */
const measureWidth = () => {
  const limit = document.documentElement.clientWidth + 0.5;
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) wide.push(`<${el.tagName.toLowerCase()} class="${el.className}"> reaches ${Math.round(r.right)} px of ${Math.round(limit)}`);
  }
  return { scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, wide: wide.slice(0, 5) };
};

/** Prints `urlPath` to A4: its PDF's pages (their text) and what is too wide. */
async function printPage(urlPath) {
  await openForPrint(urlPath);
  const width = await page.evaluate(measureWidth);
  const pdf = await printPdf();
  await page.emulateMedia({ media: null });
  return { width, pages: pdfText(pdf), count: pdfPages(pdf) };
}

/** The words of a text, for comparing printed and page text. */
const words = (text) => text.replace(/[»«“”"'’()]/g, ' ').split(/\s+/).filter(Boolean);

test('the meeting kit prints on at most two A4 pages, nothing cut, every link resolving', async () => {
  const kit = '/forbered-et-moede-i-ledergruppen/';
  assert.ok(listPages(dir).includes(kit), `${kit} is not built`);
  await gotoOk(page, server.url + kit);
  const facts = await page.evaluate(() => ({
    ticks: document.querySelectorAll('.kit .tick').length,
    inputs: document.querySelectorAll('main input').length,
    table: document.querySelectorAll('.kit table tbody tr').length,
    links: [...document.querySelectorAll('.kit a[href]')].map((a) => a.href),
    text: document.querySelector('.kit .prose').innerText,
  }));
  assert.ok(facts.ticks >= 8, `only ${facts.ticks} boxes to tick`);
  assert.equal(facts.inputs, 0, 'the checklist has form fields');
  assert.ok(facts.table >= 5, 'no agenda');
  const paths = new Set(facts.links.map((h) => new URL(h)).filter((u) => u.origin === server.url).map((u) => u.pathname));
  for (const want of ['/temaer/', '/refleksion/', '/refleksion/faelles-formaal/', '/refleksion/faelles-formaal/kort/']) {
    assert.ok(paths.has(want), `the kit does not link ${want}`);
  }
  for (const p of paths) {
    const res = await page.request.get(server.url + p, { maxRedirects: 0 });
    assert.equal(res.status(), 200, `the kit links ${p}, which answers ${res.status()}`);
  }
  const printed = await printPage(kit);
  assert.ok(printed.count <= 2, `the meeting kit prints on ${printed.count} A4 pages, more than two`);
  assert.deepEqual(printed.width.wide, [], 'parts of the kit wider than the page');
  // Every word of the kit is on paper (nothing clipped or hidden by print).
  const paper = new Set(words(printed.pages.join(' ')));
  const missing = words(facts.text).filter((w) => !paper.has(w));
  assert.deepEqual(missing.slice(0, 10), [], 'words of the kit missing from the printed pages');
  console.log(`# ${kit}: ${printed.count} A4 pages, ${facts.ticks} boxes, ${facts.table} agenda rows`);
});

test('every worksheet prints to A4 with every question on paper and nothing wider than the page', async () => {
  const sheets = listPages(dir).filter((p) => /^\/refleksion\/[^/]+\/$/.test(p));
  assert.ok(sheets.length >= 10, `only ${sheets.length} worksheets`);
  const report = [];
  for (const sheet of sheets) {
    await gotoOk(page, server.url + sheet);
    const questions = await page.$$eval('.worksheet-question p', (ps) => ps.map((p) => p.textContent.trim()));
    const printed = await printPage(sheet);
    if (printed.width.wide.length) report.push(`${sheet}: ${printed.width.wide.join('; ')}`);
    const paper = printed.pages.join(' ').replace(/\s+/g, ' ');
    for (const q of questions) {
      if (!paper.includes(q.replace(/\s+/g, ' ').slice(0, 40))) report.push(`${sheet}: "${q.slice(0, 40)}…" is not on paper`);
    }
    if (printed.count > questions.length) report.push(`${sheet}: ${questions.length} questions on ${printed.count} pages`);
    console.log(`# ${sheet}: ${questions.length} questions on ${printed.count} A4 pages`);
  }
  assert.deepEqual(report, [], report.join('\n'));
});

test('/print/ prints nothing wider than the page, no page nearly empty but a part\'s last, numbered pages and contents', async () => {
  await gotoOk(page, server.url + '/print/');
  const book = await page.evaluate(() => ({
    parts: [...document.querySelectorAll('.print-part')].map((p) => p.textContent.trim()),
    toc: [...document.querySelectorAll('.print-toc li')].map((li) => ({ value: li.value, href: li.querySelector('a').getAttribute('href') })),
    chapters: [...document.querySelectorAll('.print-chapter')].map((c) => ({ id: c.id, number: Number(c.querySelector('.chapter-number')?.textContent) })),
  }));
  assert.ok(book.parts.length >= 5, `only ${book.parts.length} parts`);
  assert.equal(book.toc.length, book.chapters.length, 'the contents list every chapter');
  book.chapters.forEach((c, i) => {
    assert.equal(c.number, i + 1, `chapter ${c.id} is numbered ${c.number}`);
    assert.deepEqual(book.toc[i], { value: i + 1, href: `#${c.id}` }, `the contents' entry ${i + 1}`);
  });
  const printed = await printPage('/print/');
  assert.deepEqual(printed.width.wide, [], 'parts of /print/ wider than the page');
  const report = [];
  const firstLine = (text) => text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  printed.pages.forEach((text, i) => {
    const n = i + 1;
    // The page's number at its foot.
    if (!new RegExp(`\\b${n} / ${printed.count}\\s*$`).test(text.trimEnd())) report.push(`page ${n} has no "${n} / ${printed.count}" at its foot`);
    const count = words(text).length;
    const last = n === printed.pages.length;
    const beforePart = !last && book.parts.includes(firstLine(printed.pages[i + 1]));
    if (count < 60 && !last && !beforePart) report.push(`page ${n} has ${count} words and does not end a part: "${text.trim().slice(0, 80)}"`);
  });
  const short = printed.pages.filter((t) => words(t).length < 60).length;
  assert.deepEqual(report, [], report.join('\n'));
  console.log(`# /print/: ${printed.count} A4 pages, ${book.parts.length} parts, ${book.chapters.length} chapters, ${short} pages under 60 words (each a part's last)`);
});

test('print buttons print with JavaScript; without it they are hidden and a hint names Ctrl+P', async () => {
  const sheet = listPages(dir).find((p) => /^\/refleksion\/[^/]+\/$/.test(p));
  const pages = ['/refleksion/', sheet, `${sheet}kort/`, '/forbered-et-moede-i-ledergruppen/'];
  for (const p of pages) {
    await gotoOk(page, server.url + p);
    await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
    const button = page.locator('button[data-print]');
    assert.equal(await button.count(), 1, `${p}: no print button`);
    assert.ok(await button.isVisible(), `${p}: the print button is hidden with JavaScript on`);
    await button.click();
    assert.equal(await page.evaluate(() => window.__printed), 1, `${p}: the print button did not print`);
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const nojs = await context.newPage();
    for (const p of pages) {
      await nojs.goto(server.url + p);
      assert.equal(await nojs.locator('button[data-print]').isVisible(), false, `${p}: a print button that cannot work is shown without JavaScript`);
      assert.match(await nojs.locator('.print-hint').innerText(), /Ctrl\+P/, `${p}: no hint how to print without JavaScript`);
    }
  } finally {
    await context.close();
  }
});
