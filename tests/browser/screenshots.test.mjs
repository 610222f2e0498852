// Full-page screenshots of the main sections at phone and desktop width, into
// target/screenshots/<name>-<width>.png (override with HANDBOOK_SCREENSHOTS),
// plus /print/ under print media. At 375 px no page may scroll sideways.
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
  if (width <= 375) {
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

const SECTIONS = [
  ['home', '/'],
  ['temaer', '/temaer/'],
  ['tema', firstThemePath],
  ['cases', '/cases/'],
  ['refleksion', '/refleksion/'],
];

for (const [name, where] of SECTIONS) {
  for (const width of WIDTHS) {
    test(`screenshot ${name} at ${width} px${width <= 375 ? ' (no horizontal scroll)' : ''}`, async () => {
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
