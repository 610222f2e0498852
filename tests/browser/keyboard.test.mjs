// Keyboard use of the home page: the first Tab lands on a visible skip link to
// <main>, Enter moves there, and the first 15 focus stops all show a visible
// focus indicator. Needs a built site in public/ (or HANDBOOK_SITE).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, gotoOk, siteDir, assertSiteBuilt, runAxe, formatAxeViolations } from './lib/browser.mjs';

const WIDTH = 1280;
const HEIGHT = 800;
const STOPS = 15;

let server;
let browser;
let page;

before(async () => {
  const dir = assertSiteBuilt(siteDir());
  server = await startServer(dir);
  browser = await launchBrowser();
  page = await newPage(browser, { width: WIDTH, height: HEIGHT });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Describes document.activeElement as the tests need it.
const describeFocus = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 40);
    return {
      tag: el.tagName.toLowerCase(),
      label: `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`,
      href: el.getAttribute('href'),
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow,
      focusVisible: el.matches(':focus-visible'),
      rect: { x: r.x, y: r.y, width: r.width, height: r.height },
      visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    };
  });

test('first Tab focuses a visible skip link to <main>, Enter moves to the main content', async () => {
  await gotoOk(page, server.url + '/');
  const mainId = await page.evaluate(() => document.querySelector('main')?.id ?? null);
  assert.ok(mainId !== null, 'the home page has no <main> element');
  assert.ok(mainId, 'the <main> element has no id for a skip link to target');

  await page.keyboard.press('Tab');
  const f = await describeFocus();
  assert.ok(f, 'the first Tab focused nothing (focus stayed on <body>)');
  assert.equal(f.tag, 'a', `the first Tab focused ${f.label}, not a skip link <a>`);
  assert.ok(f.href?.startsWith('#'), `the first focused link ${f.label} has href="${f.href}", not "#…"`);
  assert.equal(
    decodeURIComponent(f.href.slice(1)),
    mainId,
    `the skip link ${f.label} targets "${f.href}" but <main> has id="${mainId}"`,
  );

  // Visible once focused: a real box, inside the viewport, not hidden.
  const { x, y, width, height } = f.rect;
  assert.ok(f.visible, `the focused skip link ${f.label} is hidden (visibility/opacity/display)`);
  assert.ok(width > 1 && height > 1, `the focused skip link is ${width}×${height} px: not visible`);
  assert.ok(
    x >= 0 && y >= 0 && x + width <= WIDTH && y + height <= HEIGHT,
    `the focused skip link is off screen at x=${x} y=${y} ${width}×${height} (viewport ${WIDTH}×${HEIGHT})`,
  );

  await page.keyboard.press('Enter');
  const moved = await page
    .waitForFunction(
      (id) => {
        const main = document.getElementById(id);
        const active = document.activeElement;
        return (
          (main && active && (active === main || main.contains(active))) ||
          decodeURIComponent(location.hash.slice(1)) === id
        );
      },
      mainId,
      { timeout: 3000 },
    )
    .then(() => true, () => false);
  const where = await page.evaluate(() => ({ hash: location.hash, active: document.activeElement?.tagName }));
  assert.ok(
    moved,
    `Enter on the skip link did not move to <main id="${mainId}"> (location.hash="${where.hash}", focus on <${where.active?.toLowerCase()}>)`,
  );
});

test(`the first ${STOPS} Tab stops on the home page show a visible focus indicator`, async () => {
  await gotoOk(page, server.url + '/');
  const seen = [];
  const failures = [];
  for (let i = 1; i <= STOPS; i++) {
    await page.keyboard.press('Tab');
    const f = await describeFocus();
    if (!f) break; // focus left the document: fewer than STOPS focusable elements
    if (seen.length && seen[0] === f.label && i > 1) break; // wrapped around
    seen.push(f.label);
    const outline = f.outlineStyle !== 'none' && f.outlineWidth > 0 && f.outlineColor !== 'rgba(0, 0, 0, 0)';
    const shadow = f.boxShadow && f.boxShadow !== 'none';
    if (!outline && !shadow) {
      failures.push(
        `  stop ${i}: ${f.label} has no focus indicator (outline: ${f.outlineStyle} ${f.outlineWidth}px ${f.outlineColor}; box-shadow: ${f.boxShadow})`,
      );
    }
  }
  assert.ok(seen.length > 0, 'Tab never focused anything on the home page');
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${seen.length} focus stop(s) lack a visible focus indicator:\n${failures.join('\n')}`,
  );
});

test('case filters work from the keyboard and the URL reflects them', async () => {
  await gotoOk(page, server.url + '/cases/');
  const total = await page.$$eval('ul.cards > li.case-card', (cards) => cards.length);
  // Tab until the sector select has focus, as a keyboard user would.
  let focused = '';
  for (let i = 0; i < 40 && focused !== 'filter-sektor'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  assert.equal(focused, 'filter-sektor', 'the sector filter is reachable with Tab');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => location.search.includes('sektor='));
  const visible = await page.$$eval('ul.cards > li.case-card', (cards) => cards.filter((c) => !c.hidden && c.offsetParent !== null).length);
  assert.ok(visible > 0 && visible < total, `filtering by keyboard shows a subset (${visible} of ${total})`);
  const status = await page.textContent('[role="status"]');
  assert.match(status, new RegExp(`Viser ${visible} af ${total}`));
});

test('on a phone the header is at most 120 px, its menu a disclosure that works with the keyboard, without JavaScript and under axe', async () => {
  const PHONE = { width: 375, height: 812 };
  const phone = await newPage(browser, PHONE);
  try {
    for (const path of ['/', '/temaer/faelles-formaal/', '/soeg/', '/cases/']) {
      await gotoOk(phone, server.url + path);
      const height = await phone.evaluate(() => Math.round(document.querySelector('.site-header').getBoundingClientRect().height));
      assert.ok(height <= 120, `${path}: the header is ${height} px tall at 375 px`);
      console.log(`# ${path}: header ${height} px at 375 px`);
    }
    // The keyboard path: skip link, title, search, menu; Enter opens it,
    // Tab walks its links, Escape closes it and keeps the focus on it.
    await gotoOk(phone, server.url + '/temaer/');
    const stops = [];
    for (let i = 0; i < 4; i++) {
      await phone.keyboard.press('Tab');
      stops.push(await phone.evaluate(() => document.activeElement.textContent.trim()));
    }
    assert.deepEqual(stops.slice(1), [await phone.textContent('.site-title'), 'Søg', 'Menu'], `the Tab stops: ${stops.join(' | ')}`);
    await phone.keyboard.press('Enter');
    assert.ok(await phone.isVisible('.phone-nav a[href="/cases/"]'), 'Enter did not open the menu');
    const violations = await runAxe(phone);
    assert.deepEqual(violations, [], formatAxeViolations('/temaer/ (menu open, 375 px)', violations));
    await phone.keyboard.press('Tab');
    const first = await phone.evaluate(() => ({ text: document.activeElement.textContent.trim(), current: document.activeElement.getAttribute('aria-current') }));
    assert.deepEqual(first, { text: 'Temaer', current: 'page' }, 'Tab after the menu button is not its first link');
    await phone.keyboard.press('Escape');
    assert.equal(await phone.isVisible('.phone-nav'), false, 'Escape did not close the menu');
    assert.equal(await phone.evaluate(() => document.activeElement.textContent.trim()), 'Menu', 'the focus did not return to the menu button');
    assert.equal(await phone.isVisible('nav.main-nav'), false, 'the menu bar is shown on a phone too');
  } finally {
    await phone.close();
  }
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
  try {
    const nojs = await context.newPage();
    await nojs.goto(server.url + '/');
    const height = await nojs.evaluate(() => Math.round(document.querySelector('.site-header').getBoundingClientRect().height));
    assert.ok(height <= 120, `without JavaScript the header is ${height} px`);
    await nojs.click('.phone-menu summary');
    assert.ok(await nojs.isVisible('.phone-nav a[href="/refleksion/"]'), 'without JavaScript the menu does not open');
    await nojs.click('.search-link');
    assert.equal(new URL(nojs.url()).pathname, '/soeg/', 'the search link does not lead to the search page');
  } finally {
    await context.close();
  }
  // On a wide screen: the bar, no disclosure.
  await gotoOk(page, server.url + '/');
  assert.ok(await page.isVisible('nav.main-nav a[href="/temaer/"]'));
  assert.equal(await page.isVisible('.phone-menu'), false);
});
