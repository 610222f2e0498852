// Full-page screenshots of the main sections at phone and desktop width, into
// target/screenshots/<name>-<width>.png (override with HANDBOOK_SCREENSHOTS),
// plus /print/ under print media. At both widths no page may scroll
// sideways, the page's regions (header, main, footer) may not overlap, and
// no two controls (links, buttons, fields) may lie on top of each other.
// Needs a built site in public/ (or HANDBOOK_SITE); every page must exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, gotoOk, siteDir, assertSiteBuilt, REPO_ROOT } from './lib/browser.mjs';

const OUT = path.resolve(process.env.HANDBOOK_SCREENSHOTS || path.join(REPO_ROOT, 'target', 'screenshots'));
const WIDTHS = [375, 1280];

let server;
let browser;
const pages = {};

before(async () => {
  const dir = assertSiteBuilt(siteDir());
  mkdirSync(OUT, { recursive: true });
  server = await startServer(dir);
  browser = await launchBrowser();
  for (const width of WIDTHS) pages[width] = await newPage(browser, { width, height: width < 600 ? 812 : 800 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The first theme page linked from inside <main> of /temaer/.
async function firstThemePath() {
  const page = pages[1280];
  await gotoOk(page, server.url + '/temaer/');
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.href));
  const theme = hrefs
    .map((h) => new URL(h))
    .find((u) => u.origin === server.url && u.pathname.startsWith('/temaer/') && u.pathname !== '/temaer/');
  assert.ok(theme, `/temaer/ links to no theme page (/temaer/<something>) inside <main>; links: ${hrefs.join(', ')}`);
  return theme.pathname;
}

async function shoot(name, urlPath, width) {
  const page = pages[width];
  await gotoOk(page, server.url + urlPath);
  // Web fonts and late layout must settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(OUT, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const overlaps = await page.evaluate(findOverlaps);
  assert.deepEqual(overlaps, [], `${urlPath} at ${width} px: elements on top of each other`);
  {
    const { scrollWidth, culprits } = await page.evaluate((w) => {
      // Elements sticking out of the viewport, or whose content spills out of
      // them (e.g. a long <pre> or URL) without being a scroll container.
      const name = (el) =>
        `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}>`;
      const all = [...document.querySelectorAll('body *')];
      const outside = all
        .filter((el) => el.getBoundingClientRect().right > w + 0.5)
        .map((el) => `${name(el)} right=${Math.round(el.getBoundingClientRect().right)}px`);
      const spilling = all
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0)
        .map((el) => `${name(el)} content ${el.scrollWidth}px in ${el.clientWidth}px`);
      const culprits = [...outside, ...spilling].slice(0, 6);
      return { scrollWidth: document.documentElement.scrollWidth, culprits };
    }, width);
    assert.ok(
      scrollWidth <= width,
      `${urlPath} scrolls sideways at ${width} px: scrollWidth ${scrollWidth}. Widest elements: ${culprits.join('; ')}`,
    );
  }
  return file;
}

// In the page: pairs of regions, or of visible controls, whose boxes overlap
// (a control inside another, such as a link in a summary, is no overlap).
function findOverlaps() {
  const name = (el) => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> "${(el.textContent || '').trim().slice(0, 30)}"`;
  const visible = (el) => {
    // checkVisibility: not in a closed <details>, not hidden by CSS.
    const box = el.getBoundingClientRect();
    return el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > -scrollY;
  };
  const overlap = (a, b) => {
    const [p, q] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    return w > 1 && h > 1;
  };
  const pairs = (elements) => {
    const found = [];
    for (let i = 0; i < elements.length; i++) {
      for (let j = i + 1; j < elements.length; j++) {
        const [a, b] = [elements[i], elements[j]];
        if (a.contains(b) || b.contains(a)) continue;
        if (overlap(a, b)) found.push(`${name(a)} overlaps ${name(b)}`);
      }
    }
    return found;
  };
  const regions = [...document.querySelectorAll('body > header, main, body > footer')].filter(visible);
  // Links inside running text wrap over lines; their boxes are not theirs alone.
  const controls = [...document.querySelectorAll('button, input, select, textarea, summary, nav a, header a, footer a')]
    .filter(visible)
    .filter((el) => !el.closest('p, li > p, td'));
  return [...pairs(regions), ...pairs(controls)].slice(0, 8);
}

const SECTIONS = [
  ['home', '/'],
  ['temaer', '/temaer/'],
  ['tema', firstThemePath],
  ['cases', '/cases/'],
  ['refleksion', '/refleksion/'],
];

for (const [name, where] of SECTIONS) {
  for (const width of WIDTHS) {
    test(`screenshot ${name} at ${width} px: no sideways scroll, nothing on top of anything`, async () => {
      const urlPath = typeof where === 'function' ? await where() : where;
      await shoot(name, urlPath, width);
    });
  }
}

test('screenshot /print/ under print media at 1280 px', async () => {
  const page = await newPage(browser, { width: 1280 });
  try {
    await page.emulateMedia({ media: 'print' });
    await gotoOk(page, server.url + '/print/');
    assert.ok(await page.evaluate(() => matchMedia('print').matches), 'print media emulation did not take');
    const text = await page.evaluate(() => document.body.innerText.trim().length);
    assert.ok(text > 0, '/print/ shows no text under print media');
    await page.screenshot({ path: path.join(OUT, 'print-1280.png'), fullPage: true });
  } finally {
    await page.close();
  }
});
