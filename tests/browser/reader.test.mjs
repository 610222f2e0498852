// The handbook as its readers meet it (issue 16): a short home page whose
// links all resolve, theme pages that lead to their worksheet and cards, a
// printed question bank with each question once and no link on a card, no
// placeholder text, favicon and og: tags, dark mode that changes the page and
// passes axe, and a case list whose intro agrees with its filter status.
// Needs a built site in public/ (or HANDBOOK_SITE); builds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import {
  launchBrowser,
  newPage,
  gotoOk,
  runAxe,
  pageProblems,
  formatAxeViolations,
  listPages,
  siteDir,
  assertSiteBuilt,
} from './lib/browser.mjs';

const WIDTH = 1280;
const HEIGHT = 900;

let dir;
let server;
let browser;
let page;

before(async () => {
  dir = assertSiteBuilt(siteDir());
  server = await startServer(dir);
  browser = await launchBrowser();
  page = await newPage(browser, { width: WIDTH, height: HEIGHT });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The built HTML of a URL path, read from disk. */
function html(urlPath) {
  const rel = decodeURIComponent(urlPath).replace(/^\//, '');
  const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  return readFileSync(path.join(dir, file), 'utf8');
}

/** HTTP status of a same-origin URL. */
async function status(url) {
  const res = await page.request.get(url, { maxRedirects: 0 });
  return res.status();
}

/** The theme pages: /temaer/<slug>/. */
function themePaths() {
  return listPages(dir).filter((p) => /^\/temaer\/[^/]+\/$/.test(p));
}

/** Number of pages in a PDF (its page objects). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

test('the home page fits about two screens at 1280 px and every link on it resolves', async () => {
  await gotoOk(page, server.url + '/');
  const mainBottom = await page.evaluate(() => {
    const r = document.querySelector('main').getBoundingClientRect();
    return Math.round(r.bottom + window.scrollY);
  });
  assert.ok(mainBottom <= 2 * HEIGHT, `the home page's content ends at ${mainBottom} px, more than two screens (${2 * HEIGHT} px)`);
  const text = await page.textContent('main');
  for (const task of ['Forbered et møde i ledergruppen', 'Print refleksionskort', 'Find en case, der ligner jeres', 'Efter ledelsesundersøgelsen']) {
    assert.ok(text.includes(task), `the home page has no task entry "${task}"`);
  }
  const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  assert.ok(links.length > 20, `only ${links.length} links on the home page`);
  const broken = [];
  for (const href of new Set(links)) {
    const url = new URL(href);
    if (url.origin !== server.url) continue;
    if (url.hash && url.pathname === '/') {
      const id = decodeURIComponent(url.hash.slice(1));
      if (!(await page.$(`[id="${id}"]`))) broken.push(`${href} (no element #${id})`);
      continue;
    }
    const code = await status(url.origin + url.pathname);
    if (code !== 200) broken.push(`${href} (HTTP ${code})`);
  }
  assert.deepEqual(broken, [], `links on the home page that do not resolve:\n${broken.join('\n')}`);
});

test('each theme page links its worksheet and its card print, and both exist', async () => {
  const themes = themePaths();
  assert.ok(themes.length >= 10, `only ${themes.length} theme pages`);
  for (const theme of themes) {
    const slug = theme.split('/')[2];
    await gotoOk(page, server.url + theme);
    const meeting = await page.$$eval('.meeting a[href]', (as) => as.map((a) => ({ href: new URL(a.href).pathname, text: a.textContent.trim() })));
    const worksheet = meeting.find((l) => l.href === `/refleksion/${slug}/`);
    const cards = meeting.find((l) => l.href === `/refleksion/${slug}/kort/`);
    assert.ok(worksheet, `${theme}: "Til mødet" does not link the worksheet /refleksion/${slug}/`);
    assert.ok(cards && cards.text === 'Print kortene til dette tema', `${theme}: "Til mødet" has no "Print kortene til dette tema" link`);
    assert.equal(await status(server.url + worksheet.href), 200, `${worksheet.href} is missing`);
    assert.equal(await status(server.url + cards.href), 200, `${cards.href} is missing`);
    const toc = await page.$$eval('nav.toc a[href]', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(toc.includes('#h-questions'), `${theme}: "På denne side" does not include the questions`);
  }
});

/** The cards of a deck as printed: their texts and what they hold. */
async function printedDeck(urlPath) {
  await gotoOk(page, server.url + urlPath);
  await page.emulateMedia({ media: 'print' });
  try {
    const deck = await page.evaluate(() => {
      const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().height > 0;
      const cards = [...document.querySelectorAll('.question-card')].filter(shown);
      // Everything else printed inside <main> besides the deck.
      const others = [...document.querySelectorAll('main a, main h1, main h2, main h3')]
        .filter(shown)
        .filter((el) => !el.closest('.deck'))
        .map((el) => el.outerHTML.slice(0, 80));
      return {
        questions: cards.map((c) => c.querySelector('.card-question')?.textContent.trim() ?? ''),
        themes: cards.map((c) => c.querySelector('.card-themes')?.textContent.trim() ?? ''),
        withLinkOrHeading: cards.filter((c) => c.querySelector('a, h1, h2, h3, h4')).map((c) => c.textContent.trim().slice(0, 60)),
        others,
      };
    });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    return { ...deck, pages: pdfPages(pdf) };
  } finally {
    await page.emulateMedia({ media: null });
  }
}

test('the printed question bank has each question once, every card names its theme and holds no link', async () => {
  const deck = await printedDeck('/refleksion/');
  assert.ok(deck.questions.length > 20, `only ${deck.questions.length} cards printed`);
  const seen = new Map();
  for (const q of deck.questions) seen.set(q.toLowerCase(), (seen.get(q.toLowerCase()) || 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([q]) => q);
  assert.deepEqual(twice, [], `questions printed more than once:\n${twice.join('\n')}`);
  assert.deepEqual(deck.withLinkOrHeading, [], 'cards that hold a link or a heading');
  assert.ok(deck.themes.every((t) => t.length > 0), 'a card does not name its theme');
  assert.ok(deck.questions.every((q) => q.length > 0), 'an empty card');
  assert.deepEqual(deck.others, [], 'links or headings printed besides the cards');
  // One place more: the card that says how to use the cards.
  const expected = Math.ceil((deck.questions.length + 1) / 8);
  assert.ok(deck.pages <= expected, `${deck.questions.length} cards take ${deck.pages} A4 pages, more than ${expected} (8 per page)`);
  console.log(`# /refleksion/ printed: ${deck.questions.length} cards on ${deck.pages} pages`);
});

test('each theme deck prints its questions once, at 8 cards per page', async () => {
  for (const theme of themePaths()) {
    const slug = theme.split('/')[2];
    const deck = await printedDeck(`/refleksion/${slug}/kort/`);
    assert.ok(deck.questions.length > 0, `${slug}: no cards`);
    assert.equal(new Set(deck.questions).size, deck.questions.length, `${slug}: a question printed twice`);
    assert.deepEqual(deck.withLinkOrHeading, [], `${slug}: cards with a link or heading`);
    assert.ok(deck.pages <= Math.ceil((deck.questions.length + 1) / 8), `${slug}: ${deck.questions.length} cards and the guide on ${deck.pages} pages`);
    console.log(`# /refleksion/${slug}/kort/ printed: ${deck.questions.length} cards on ${deck.pages} pages`);
  }
});

test('no page contains "Ikke oplyst"; every page has a favicon, og: tags and theme-color', async () => {
  const pages = listPages(dir);
  const problems = [];
  for (const p of pages) {
    const text = html(p);
    if (/ikke oplyst/i.test(text)) problems.push(`${p}: says "Ikke oplyst"`);
    if (!/<link rel="icon" href="[^"]+"/.test(text)) problems.push(`${p}: no <link rel=icon>`);
    for (const prop of ['og:title', 'og:description', 'og:url']) {
      if (!new RegExp(`<meta property="${prop}" content="[^"]+">`).test(text)) problems.push(`${p}: no ${prop}`);
    }
    if (!text.includes('<meta name="theme-color"')) problems.push(`${p}: no theme-color`);
  }
  assert.deepEqual(problems, []);
  await gotoOk(page, server.url + '/');
  const icon = await page.$eval('link[rel="icon"]', (l) => l.href);
  const res = await page.request.get(icon);
  assert.equal(res.status(), 200, `the favicon ${icon} is missing`);
  assert.match(res.headers()['content-type'] || '', /svg/);
  assert.equal(await page.$eval('meta[property="og:url"]', (m) => m.content.endsWith('/')), true);
});

// One page of each kind.
const DARK_PAGES = ['/', '/temaer/', '/temaer/faelles-formaal/', '/cases/', '/cases/faste-moededage/', '/refleksion/', '/refleksion/faelles-formaal/', '/refleksion/faelles-formaal/kort/', '/budskaber/', '/matrix/', '/tilgaengelighed/', '/404.html'];

test('dark mode changes the page background and passes axe-core', async () => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const dark = await context.newPage();
  dark.problems = [];
  try {
    await gotoOk(page, server.url + '/');
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const report = [];
    for (const p of DARK_PAGES) {
      if (!listPages(dir).includes(p)) continue;
      await gotoOk(dark, server.url + p);
      const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (bg === light) report.push(`${p}: the background in dark mode is the light one (${bg})`);
      const violations = await runAxe(dark);
      if (violations.length) report.push(formatAxeViolations(`${p} (dark)`, violations));
      const problems = await pageProblems(dark);
      if (problems.length) report.push(...problems.map((x) => `${p} (dark): ${x}`));
    }
    assert.deepEqual(report, [], report.join('\n'));
  } finally {
    await context.close();
  }
});

test('the case list intro and its filter status agree after a filter', async () => {
  for (const start of ['/cases/', '/cases/sektor/kommune/']) {
    if (!listPages(dir).includes(start)) continue;
    await gotoOk(page, server.url + start);
    const read = () =>
      page.evaluate(() => ({
        intro: document.querySelector('.case-count')?.textContent.trim() ?? '',
        status: document.querySelector('#filter-status')?.textContent.trim() ?? '',
        shown: [...document.querySelectorAll('ul.cards > li.case-card')].filter((c) => !c.hidden).length,
      }));
    const agree = ({ intro, status, shown }) => {
      const a = intro.match(/^(\d+) af (\d+) cases/);
      const b = status.match(/^Viser (\d+) af (\d+) cases/);
      assert.ok(a && b, `${start}: intro "${intro}", status "${status}"`);
      assert.equal(a[1], b[1], `${start}: the intro says ${a[1]} cases, the status ${b[1]}`);
      assert.equal(a[2], b[2], `${start}: the intro counts of ${a[2]}, the status of ${b[2]}`);
      if (start === '/cases/') assert.equal(Number(a[1]), shown, `${start}: ${shown} cards shown, the intro says ${a[1]}`);
    };
    agree(await read());
    if (start === '/cases/') {
      await page.selectOption('#filter-niveau', { index: 1 });
      const after = await read();
      assert.ok(after.shown > 0, 'the filter shows no case');
      agree(after);
    }
  }
});

test('in forced-colours mode only the current page keeps its navigation marker', async () => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, forcedColors: 'active' });
  const forced = await context.newPage();
  try {
    await forced.goto(server.url + '/temaer/');
    const marks = await forced.$$eval('.main-nav a', (as) =>
      as.map((a) => ({ current: a.getAttribute('aria-current') === 'page', border: getComputedStyle(a).borderBottomStyle })),
    );
    assert.ok(marks.some((m) => m.current), 'no current page in the navigation');
    for (const m of marks) assert.equal(m.border !== 'none', m.current, JSON.stringify(marks));
  } finally {
    await context.close();
  }
});

/** How many case cards a built page holds. */
function cardsOn(urlPath) {
  return (html(urlPath).match(/<li class="card case-card"/g) || []).length;
}

test('a pre-filtered case page filters instantly on a change, like /cases/, and its URL follows', async () => {
  const start = '/cases/sektor/kommune/';
  assert.ok(listPages(dir).includes(start), `${start} is not built`);
  const other = listPages(dir).find((p) => /^\/cases\/sektor\/[^/]+\/$/.test(p) && p !== start);
  assert.ok(other, 'only one sector page');
  const otherKey = other.split('/')[3];
  const total = cardsOn('/cases/');
  await gotoOk(page, server.url + start);
  // A page load would lose this mark: filtering must happen in the page.
  await page.evaluate(() => { window.__samePage = true; });
  const read = () =>
    page.evaluate(() => ({
      path: location.pathname + location.search,
      h1: document.querySelector('main h1').textContent.trim(),
      crumbs: [...document.querySelectorAll('.breadcrumbs li')].map((li) => li.textContent.trim()),
      intro: document.querySelector('.case-count').textContent.trim(),
      status: document.querySelector('#filter-status[role="status"]')?.textContent.trim() ?? '',
      shown: [...document.querySelectorAll('ul.cards > li.case-card')].filter((c) => !c.hidden).map((c) => c.dataset.sector),
      focused: document.activeElement?.id ?? '',
      samePage: window.__samePage === true,
      submit: [...document.querySelectorAll('form.filter-form button')].map((b) => b.textContent.trim()),
    }));
  const agree = (s, label) => {
    assert.equal(s.intro, `${s.shown.length} af ${total} cases.`, `${label}: the intro`);
    assert.equal(s.status, `Viser ${s.shown.length} af ${total} cases`, `${label}: the status`);
  };

  const first = await read();
  assert.equal(await page.$eval('#filter-sektor', (s) => s.value), 'kommune', 'the form starts from the page\'s filter');
  assert.equal(first.shown.length, cardsOn(start));
  agree(first, 'on load');
  assert.ok(!first.submit.includes('Vis cases'), 'a pre-filtered page still asks for a "Vis cases" click');

  // Another sector: cases this page did not hold, without a page load.
  await page.focus('#filter-sektor');
  await page.selectOption('#filter-sektor', otherKey);
  await page.waitForFunction((k) => location.search === `?sektor=${k}`, otherKey);
  const moved = await read();
  assert.equal(moved.path, `/cases/?sektor=${otherKey}`, 'the URL is the whole list with the filter');
  assert.ok(moved.samePage, 'the change loaded a new page');
  assert.equal(moved.shown.length, cardsOn(other), `${otherKey}: the cases shown`);
  assert.ok(moved.shown.every((s) => s === otherKey), `cases of other sectors shown: ${moved.shown}`);
  assert.equal(moved.focused, 'filter-sektor', 'the change moved the focus');
  assert.equal(moved.h1, 'Cases', 'the heading still names the pre-filtered page');
  assert.deepEqual(moved.crumbs, [first.crumbs[0], 'Cases'], 'the breadcrumb names the list once');
  agree(moved, 'after a change');

  // A second facet narrows; "Alle" everywhere shows every case.
  await page.selectOption('#filter-niveau', { index: 1 });
  await page.waitForFunction(() => location.search.includes('niveau='));
  agree(await read(), 'after two filters');
  await page.click('.filter-reset');
  await page.waitForFunction(() => location.search === '');
  const all = await read();
  assert.equal(all.path, '/cases/');
  assert.equal(all.shown.length, total);
  assert.ok(all.samePage);
  agree(all, 'after a reset');

  // The shared URL opens the same selection.
  await gotoOk(page, server.url + moved.path);
  const shared = await read();
  assert.deepEqual(shared.shown, moved.shown);
  agree(shared, 'the shared URL');

  // Without JavaScript the page keeps its links and only its own cases.
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const nojs = await context.newPage();
    await nojs.goto(server.url + start);
    assert.equal(await nojs.isVisible('nav.filters a[href="/cases/sektor/' + otherKey + '/"]'), true, 'no filter links without JavaScript');
    assert.equal(await nojs.$$eval('ul.cards > li.case-card', (c) => c.length), cardsOn(start));
  } finally {
    await context.close();
  }
});

test('a theme-filtered case page narrows in place while its own theme stays chosen', async () => {
  const start = listPages(dir).find((p) => /^\/cases\/tema\/[^/]+\/$/.test(p));
  assert.ok(start, 'no theme case page');
  const requests = [];
  await gotoOk(page, server.url + start);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  try {
    const sectors = await page.$$eval('ul.cards > li.case-card', (cs) => cs.map((c) => c.dataset.sector));
    await page.selectOption('#filter-sektor', sectors[0]);
    await page.waitForFunction(() => location.search.includes('sektor='));
    const shown = await page.$$eval('ul.cards > li.case-card', (cs) => cs.filter((c) => !c.hidden).length);
    assert.equal(shown, sectors.filter((s) => s === sectors[0]).length);
    assert.match(await page.textContent('#filter-status'), new RegExp(`^Viser ${shown} af `));
    assert.ok(!requests.includes('/cases/'), 'narrowing fetched the whole list');
  } finally {
    page.removeAllListeners('request');
  }
});

test('at 375 px no page scrolls sideways and no heading word breaks across lines', async () => {
  const phone = await newPage(browser, { width: 375, height: 812 });
  const problems = [];
  try {
    for (const p of listPages(dir)) {
      await gotoOk(phone, server.url + p);
      const found = await phone.evaluate(() => {
        const out = [];
        const width = document.documentElement.scrollWidth;
        if (width > window.innerWidth) out.push(`scrolls sideways (${width} px wide)`);
        // A word of a heading split over two lines has two boxes.
        for (const h of document.querySelectorAll('main h1, main h2')) {
          const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /\S+/g;
            for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
              if (lines.size > 1) out.push(`the heading word "${m[0]}" breaks across lines`);
            }
          }
        }
        return out;
      });
      problems.push(...found.map((f) => `${p}: ${f}`));
    }
  } finally {
    await phone.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('every theme\'s number of reflection questions is the same on every page that shows or counts them', async () => {
  const number = (text) => Number((text.match(/\d+/) || [NaN])[0]);
  await gotoOk(page, server.url + '/');
  const home = Object.fromEntries(
    await page.$$eval('.theme-grid li', (lis) => lis.map((li) => [new URL(li.querySelector('a').href).pathname, li.querySelector('.theme-meta')?.textContent ?? ''])),
  );
  await gotoOk(page, server.url + '/refleksion/');
  const bank = await page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.question-group')].map((g) => [
        new URL(g.querySelector('h2 a').href).pathname,
        {
          listed: g.querySelectorAll('.question-list > li').length,
          jump: document.querySelector(`.jump-links a[href="#${g.id}"]`)?.parentElement.textContent ?? '',
        },
      ]),
    ),
  );
  const report = [];
  const themes = themePaths();
  for (const theme of themes) {
    const slug = theme.split('/')[2];
    await gotoOk(page, server.url + theme);
    const onTheme = await page.evaluate(() => ({
      meeting: document.querySelector('.meeting a[href="#h-questions"]')?.textContent ?? '',
      cards: [...document.querySelectorAll('.meeting li')].find((li) => li.querySelector('a[href$="/kort/"]'))?.textContent ?? '',
      listed: document.querySelectorAll('section.questions .question-list > li').length,
    }));
    await gotoOk(page, server.url + `/refleksion/${slug}/`);
    const worksheet = await page.$$eval('.worksheet-question', (q) => q.length);
    await gotoOk(page, server.url + `/refleksion/${slug}/kort/`);
    const deck = await page.$$eval('.question-card', (q) => q.length);
    const counts = {
      'home page': number(home[theme] ?? ''),
      '"Til mødet"': number(onTheme.meeting),
      '"Print kortene" (kort)': number(onTheme.cards.replace(/^[^(]*/, '')),
      'theme page list': onTheme.listed,
      '/refleksion/ jump link': number(bank[theme]?.jump.replace(/^[^(]*/, '') ?? ''),
      '/refleksion/ list': bank[theme]?.listed,
      worksheet,
      deck,
    };
    if (new Set(Object.values(counts)).size !== 1) report.push(`${theme}: ${JSON.stringify(counts)}`);
  }
  assert.ok(themes.length >= 10);
  assert.deepEqual(report, [], `counts that disagree:\n${report.join('\n')}`);
});

test('no page a reader sees mentions site.toml or a command', async () => {
  const found = [];
  for (const p of listPages(dir)) {
    const text = html(p)
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z]+;|&#\d+;/g, ' ');
    for (const [what, re] of [['site.toml', /site\.toml/i], ['a handbook command', /\bhandbook (build|check|serve|new)\b|`handbook /], ['cargo', /\bcargo\b/i]]) {
      const m = text.match(re);
      if (m) found.push(`${p}: ${what}: "…${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…"`);
    }
  }
  assert.deepEqual(found, [], found.join('\n'));
});

test('the about page and the accessibility statement give the publisher and its contact from site.toml, never a link back to themselves', async () => {
  for (const p of ['/om/', '/tilgaengelighed/']) {
    if (!listPages(dir).includes(p)) continue;
    await gotoOk(page, server.url + p);
    const contact = await page.evaluate(() => {
      const section = document.querySelector('section.contact');
      return section && {
        text: section.innerText,
        links: [...section.querySelectorAll('a[href]')].map((a) => new URL(a.href).pathname),
      };
    });
    assert.ok(contact, `${p} has no contact section`);
    assert.match(contact.text, /udgives af/, `${p}: the contact section does not name the publisher`);
    assert.ok(!contact.links.includes(p), `${p}: the contact links back to the page itself`);
  }
  await gotoOk(page, server.url + '/tilgaengelighed/');
  const statement = await page.evaluate(() => ({
    headings: [...document.querySelectorAll('main h2')].map((h) => h.textContent.trim()),
    was: [...document.querySelectorAll('main a[href]')].some((a) => a.href === 'https://www.was.digst.dk/'),
    date: document.querySelector('#h-erklaering ~ p time, section[aria-labelledby="h-erklaering"] time')?.getAttribute('datetime') ?? '',
  }));
  for (const h of ['Overholdelsesstatus', 'Kendte problemer', 'Feedback og kontakt', 'Klagemulighed', 'Om erklæringen']) {
    assert.ok(statement.headings.includes(h), `the statement has no "${h}"`);
  }
  assert.ok(statement.was, 'the statement does not link to https://www.was.digst.dk/');
  assert.match(statement.date, /^\d{4}-\d{2}-\d{2}$/, 'the statement has no date');
});

test('with JavaScript the case filters say how many cases each choice would show, the other choices as they are', async () => {
  // Every option's count, checked by choosing it; `from` is where to start.
  const check = async (start, setup) => {
    await gotoOk(page, server.url + start);
    if (setup) await setup();
    const report = [];
    const selects = await page.$$eval('form.filter-form select', (ss) => ss.map((s) => s.id));
    assert.ok(selects.length >= 3, `${start}: only ${selects.length} filters`);
    for (const id of selects) {
      const before = await page.$eval(`#${id}`, (s) => s.value);
      const options = await page.$$eval(`#${id} option`, (os) => os.map((o) => ({ value: o.value, text: o.textContent.trim() })));
      for (const o of options) {
        const m = o.text.match(/\((\d+)\)$/);
        if (!m) { report.push(`${start} #${id} "${o.text}": no count`); continue; }
        await page.selectOption(`#${id}`, o.value);
        // A pre-filtered page may first fetch the whole list.
        const count = () => document.querySelectorAll('ul.cards > li.case-card:not([hidden])').length;
        await page.waitForFunction((n) => document.querySelectorAll('ul.cards > li.case-card:not([hidden])').length === n, Number(m[1]), { timeout: 3000 }).catch(() => {});
        const shown = await page.evaluate(count);
        if (shown !== Number(m[1])) report.push(`${start} #${id} "${o.text}" shows ${shown} cases`);
        const empty = await page.isVisible('.no-results');
        if (empty !== (shown === 0)) report.push(`${start} #${id} "${o.text}": the no-results note is ${empty ? 'shown' : 'hidden'} with ${shown} cases`);
      }
      await page.selectOption(`#${id}`, before);
    }
    return report;
  };
  const report = [
    ...(await check('/cases/')),
    ...(await check('/cases/', () => page.selectOption('#filter-niveau', { index: 1 }))),
  ];
  // A pre-filtered page knows its counts before it has the whole list.
  await gotoOk(page, server.url + '/cases/sektor/kommune/');
  const levels = await page.$$eval('#filter-niveau option', (os) => os.map((o) => o.textContent.trim()));
  assert.ok(levels.every((l) => /\(\d+\)$/.test(l)), `the level filter on /cases/sektor/kommune/: ${levels.join(', ')}`);
  report.push(...(await check('/cases/sektor/kommune/')));
  assert.deepEqual(report, [], report.join('\n'));
});

test('the matrix explains its codes and has no empty-cell text; case cards carry the editors\' placement and no gaps', async () => {
  await gotoOk(page, server.url + '/matrix/');
  const matrix = await page.evaluate(() => ({
    text: document.querySelector('main').innerText,
    codes: [...document.querySelectorAll('.matrix thead abbr')].map((a) => a.textContent.trim()),
    key: [...document.querySelectorAll('.matrix-key dt')].filter((dt) => dt.checkVisibility()).map((dt) => dt.textContent.trim()),
    placement: [...document.querySelectorAll('main .facet-note')].some((p) => p.checkVisibility() && /Redaktionens placering/.test(p.textContent)),
  }));
  assert.ok(!/Ingen cases endnu/.test(matrix.text), 'the matrix still says "Ingen cases endnu"');
  assert.ok(matrix.codes.length >= 12, `only ${matrix.codes.length} columns`);
  assert.deepEqual(matrix.codes.filter((c) => !matrix.key.includes(c)), [], 'codes in the table with no visible key');
  assert.ok(matrix.placement, 'the matrix does not say its links are the editors\' placement');

  for (const p of ['/cases/', '/temaer/faelles-formaal/']) {
    await gotoOk(page, server.url + p);
    const cards = await page.$$eval('li.case-card', (cs) =>
      cs.map((c) => {
        const summary = c.querySelector(':scope > p:not(.card-placement)').getBoundingClientRect();
        const note = c.querySelector('.card-placement');
        return {
          title: c.querySelector('h3').textContent.trim(),
          note: note?.checkVisibility() ? note.textContent.trim() : '',
          gap: Math.round((note ?? c.querySelector('.facets')).getBoundingClientRect().top - summary.bottom),
          below: Math.round(c.getBoundingClientRect().bottom - c.querySelector('.facets').getBoundingClientRect().bottom),
        };
      }),
    );
    assert.ok(cards.length > 0, `${p}: no case cards`);
    for (const c of cards) {
      assert.equal(c.note, 'Redaktionens placering', `${p}: the card "${c.title}" does not mark its facts as the editors' placement`);
      assert.ok(c.gap < 32, `${p}: "${c.title}" has ${c.gap} px between its summary and its facts`);
      assert.ok(c.below < 40, `${p}: "${c.title}" has ${c.below} px below its facts`);
    }
  }
});
