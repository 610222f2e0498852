// `handbook serve` as an editor uses it, in Chromium: an edit reloads the open
// page, a broken save shows the error overlay and fixing it removes it, a
// site that starts broken shows the error page on every URL until fixed,
// warnings show as a notice that passes axe, and a site under a sub-folder
// base_url previews with its styles, links and search.
//
// Runs the real binary on scratch copies of a small site (never the repo's
// content/): HANDBOOK_BIN, else the newer of target/release/handbook and
// target/debug/handbook. Does not need HANDBOOK_SITE.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, statSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, cpSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, pageProblems, runAxe, formatAxeViolations, REPO_ROOT } from './lib/browser.mjs';

function handbookBinary() {
  if (process.env.HANDBOOK_BIN) return path.resolve(process.env.HANDBOOK_BIN);
  // The newer one, so a stale release build left from an earlier run does not
  // test old code (.ci/run builds release just before the browser tests).
  const found = ['release', 'debug']
    .map((profile) => path.join(REPO_ROOT, 'target', profile, 'handbook'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found.length) throw new Error('No handbook binary: run `cargo build` (or set HANDBOOK_BIN).');
  return found[0];
}
const BIN = handbookBinary();

const SITE_TOML = `
title = "Prøvehåndbog"
description = "En lille håndbog til test."
base_url = "https://example.org/"
accessibility_statement = "/tilgaengelighed/"

[publisher]
name = "Prøveredaktionen"
email = "redaktion@example.org"
last_updated = "2024-01-24"

[accessibility]
status = "fuldt"
response_time = "10 arbejdsdage"
prepared = "2024-01-24"

[vocabularies.sector]
kommune = "Kommune"
region = "Region"

[vocabularies.level]
topledelse = "Topledelse"
mellemledelse = "Mellemledelse"

[sources.kilde]
title = "En kilde"
author = "Forfatter"
`;
const HOME = '---\ntitle: Prøvehåndbog\nsummary: "Forsiden."\n---\nVelkommen.\n';
const THEME =
  '---\ntitle: Fælles formål\nsummary: "Om at blive enige om formålet."\nweight: 10\nquestions:\n  - "Hvad er vores fælles formål?"\nrelated: [moeder]\n---\n## Hvad er det?\n\nTekst om formål.\n';
const THEME2 =
  '---\ntitle: Møder\nslug: moeder\nsummary: "Om møder."\nweight: 20\nquestions: ["Hvordan holder vi møder?"]\n---\nSe [formål](faelles-formaal.md#hvad-er-det).\n';
const CASE =
  '---\ntitle: "Bordkort til kaffen"\nslug: bordkort\nsummary: "Et formandskab bruger bordkort."\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal]\nmessages: [1]\nsource: kilde\ndate: 2024-01-24\n---\n## Situationen\n\nSe [temaet](../temaer/faelles-formaal.md).\n';
const MESSAGE = '---\nnumber: 1\ntitle: Mening motiverer\nsummary: "Budskab et."\nthemes: [faelles-formaal]\n---\nTekst.\n';

const scratch = [];
/** A small site in a fresh temporary folder, with the repository's default theme. */
function makeSite(siteToml = SITE_TOML) {
  const root = mkdtempSync(path.join(tmpdir(), 'handbook-preview-'));
  scratch.push(root);
  const files = {
    'site.toml': siteToml,
    'content/_index.md': HOME,
    'content/temaer/faelles-formaal.md': THEME,
    'content/temaer/moeder.md': THEME2,
    'content/cases/bordkort.md': CASE,
    'content/budskaber/mening-motiverer.md': MESSAGE,
  };
  for (const [rel, text] of Object.entries(files)) write(root, rel, text);
  cpSync(path.join(REPO_ROOT, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  return root;
}

function write(root, rel, text) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const servers = [];
/** Starts `handbook serve --port 0` on `root`; resolves with the URL it prints. */
function startServe(root, { env = {}, args = [] } = {}) {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', root, ...args], {
    env: { ...process.env, HANDBOOK_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let output = '';
  const server = { child, output: () => output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Serverer håndbogen på (http:\/\/\S+)/.exec(output);
      if (match && !server.url) {
        clearTimeout(timer);
        server.url = match[1];
        server.origin = new URL(match[1]).origin;
        resolve(server);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

/** Opens `url` and waits until the page is connected to serve's events and has read its state. */
async function openConnected(page, url) {
  const state = page.waitForResponse((r) => r.url().includes('/__handbook/state'), { timeout: 15_000 });
  const response = await page.goto(url, { waitUntil: 'load' });
  await state;
  return response;
}

/** Runs `change` and waits for the page to load again by itself (reload from serve's event). */
async function reloadedBy(page, change) {
  await page.evaluate(() => {
    window.__beforeReload = true;
  });
  const loaded = page.waitForEvent('load', { timeout: 15_000 });
  const started = Date.now();
  await change();
  await loaded;
  console.log(`page reloaded ${Date.now() - started} ms after the save`);
  assert.equal(await page.evaluate(() => window.__beforeReload), undefined, 'the page was reloaded');
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const child of servers) child.kill('SIGKILL');
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('handbook serve in Chromium', { timeout: 120_000 }, () => {
  it('an edit reloads the open page; a broken save shows the overlay, the fix removes it', async () => {
    const root = makeSite();
    const server = await startServe(root);
    const page = await newPage(browser);
    try {
      const url = server.url + 'temaer/faelles-formaal/';
      assert.equal((await openConnected(page, url)).status(), 200);
      assert.match(await page.textContent('main'), /Tekst om formål\./);

      await reloadedBy(page, () =>
        write(root, 'content/temaer/faelles-formaal.md', THEME.replace('Tekst om formål.', 'Nyt afsnit om formål.')),
      );
      assert.match(await page.textContent('main'), /Nyt afsnit om formål\./);

      // Broken front matter: the overlay appears on the open page, naming file:line.
      write(root, 'content/cases/bordkort.md', CASE.replace('sector: kommune', 'sector: komune'));
      const overlay = page.locator('#handbook-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await overlay.getAttribute('role'), 'alert');
      const text = await overlay.textContent();
      assert.match(text, /Bygningen fejlede/);
      assert.match(text, /content\/cases\/bordkort\.md:5:9: fejl: `komune` er ikke en tilladt værdi/);
      const box = await overlay.boundingBox();
      assert.ok(box && box.width >= 1200 && box.height >= 700, `the overlay covers the page (${JSON.stringify(box)})`);
      // Readable over the site's own styles (its `pre`, headings) and accessible.
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxeViolations('overlay', violations));

      await reloadedBy(page, () => write(root, 'content/cases/bordkort.md', CASE));
      await page.waitForTimeout(300);
      assert.equal(await overlay.count(), 0, 'the overlay is gone after the fix');
      assert.match(await page.textContent('main'), /Nyt afsnit om formål\./);
      assert.deepEqual(await pageProblems(page), [], 'no console errors or CSP violations');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('a template that never finishes is said on the page, and the next save is built and shown', async () => {
    const root = makeSite();
    const footer = 'themes/default/templates/partials/footer.html';
    const good = readFileSync(path.join(root, footer), 'utf8');
    const server = await startServe(root, { env: { HANDBOOK_SERVE_SLOW_MS: '1500' } });
    const page = await newPage(browser);
    try {
      await openConnected(page, server.url + 'temaer/faelles-formaal/');
      // Ten billion turns: this build would run for hours.
      write(root, footer, good + '{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}');
      const slow = page.locator('#handbook-slow');
      await slow.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await slow.getAttribute('role'), 'status');
      assert.match(await slow.textContent(), /Bygningen har kørt i \d+ s/);
      assert.match(await page.textContent('main'), /Tekst om formål\./, 'the last good page stays');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxeViolations('slow notice', violations));
      await reloadedBy(page, () => write(root, footer, good + '<p>Rettet skabelon</p>'));
      assert.match(await page.textContent('body'), /Rettet skabelon/);
      await page.waitForTimeout(300);
      assert.equal(await slow.count(), 0, 'the notice is gone once a build finished');
      assert.deepEqual(await pageProblems(page), [], 'no console errors or CSP violations');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('a site that starts broken shows the error page on every URL until fixed', async () => {
    const root = makeSite();
    // A published case with a mistake (a draft's gaps are only warnings).
    write(root, 'content/cases/ny-case.md', CASE.replace('slug: bordkort', 'slug: ny-case').replace('sector: kommune', 'sector: komune'));
    const server = await startServe(root);
    const pages = [await newPage(browser), await newPage(browser)];
    try {
      for (const [page, rel] of [
        [pages[0], ''],
        [pages[1], 'temaer/faelles-formaal/'],
      ]) {
        const response = await openConnected(page, server.url + rel);
        assert.equal(response.status(), 503, rel);
        assert.equal(await page.getAttribute('html', 'lang'), 'da');
        const text = await page.textContent('#handbook-overlay');
        assert.match(text, /Bygningen fejlede/);
        assert.match(text, /content\/cases\/ny-case\.md:\d+:\d+: fejl:/, text);
        // Styled by serve's stylesheet, under the CSP.
        assert.equal(await page.$eval('#handbook-overlay', (e) => getComputedStyle(e).position), 'fixed');
        // Chromium logs the page's own 503 (and its favicon's) as console errors.
        const problems = (await pageProblems(page)).filter((p) => !/status of 503/.test(p));
        assert.deepEqual(problems, [], rel);
        const violations = await runAxe(page);
        assert.equal(violations.length, 0, formatAxeViolations(rel || '/', violations));
      }
      // Fixed: both open pages turn into the real pages by themselves.
      const loaded = pages.map((page) => page.waitForEvent('load', { timeout: 15_000 }));
      unlinkSync(path.join(root, 'content/cases/ny-case.md'));
      await Promise.all(loaded);
      for (const page of pages) await page.waitForLoadState('load');
      assert.equal(await pages[0].textContent('h1'), 'Prøvehåndbog');
      assert.equal(await pages[1].textContent('h1'), 'Fælles formål');
      for (const page of pages) assert.equal(await page.locator('#handbook-overlay').count(), 0);
    } finally {
      for (const page of pages) await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('a draft from `handbook new case` is previewed with a "Kladde" banner, and left out of build', async () => {
    const root = makeSite();
    execFileSync(BIN, ['new', 'case', 'Ny case', '--root', root]);
    // Fill in what a draft needs to be placed in the lists; it stays a draft.
    const file = path.join(root, 'content/cases/ny-case.md');
    const draft = readFileSync(file, 'utf8')
      .replace(/^summary:.*$/m, 'summary: "En kladde."')
      .replace(/^sector:.*$/m, 'sector: kommune')
      .replace(/^level:.*$/m, 'level: topledelse');
    writeFileSync(file, draft);
    assert.match(draft, /^draft: true$/m, 'new writes a draft');
    const server = await startServe(root);
    const page = await newPage(browser);
    try {
      const response = await openConnected(page, server.url + 'cases/ny-case/');
      assert.equal(response.status(), 200);
      const banner = page.locator('.draft-banner');
      await banner.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await banner.textContent(), /Kladde/);
      // The banner is part of the page, before its heading, and passes axe.
      const [bannerBox, headingBox] = [await banner.boundingBox(), await page.locator('main h1').boundingBox()];
      assert.ok(bannerBox.y < headingBox.y, 'the banner stands above the title');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxeViolations('draft', violations));
      // A published page has no banner.
      await openConnected(page, server.url + 'cases/bordkort/');
      assert.equal(await page.locator('.draft-banner').count(), 0);
      assert.deepEqual(await pageProblems(page), [], 'no console errors or CSP violations');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
    // A build without --drafts leaves it out.
    const out = path.join(root, 'public');
    execFileSync(BIN, ['build', '--no-search', '-q', '--root', root]);
    assert.ok(existsSync(path.join(out, 'cases/bordkort/index.html')));
    assert.ok(!existsSync(path.join(out, 'cases/ny-case')), 'the draft is not published');
  });

  it('warnings show as a dismissible notice that passes axe', async () => {
    const root = makeSite();
    // A case without a date is a warning, not an error.
    write(
      root,
      'content/cases/uden-dato.md',
      CASE.replace('slug: bordkort\n', 'slug: uden-dato\n').replace('date: 2024-01-24\n', ''),
    );
    const server = await startServe(root);
    const page = await newPage(browser);
    try {
      await openConnected(page, server.url + 'cases/uden-dato/');
      const notice = page.locator('#handbook-notice');
      await notice.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await notice.getAttribute('role'), 'status');
      assert.match(await notice.textContent(), /1 advarsel fra seneste bygning/);
      assert.match(server.output(), /advarsel: casen har ingen dato/, 'the terminal shows the warning');
      // In the flow above the header: it covers no content.
      assert.equal(await notice.evaluate((e) => getComputedStyle(e).position), 'static');
      const noticeBox = await notice.boundingBox();
      const headerBox = await page.locator('.site-header').boundingBox();
      assert.ok(noticeBox.y + noticeBox.height <= headerBox.y + 0.5, 'the header starts below the notice');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxeViolations('/cases/uden-dato/', violations));

      // Keyboard: the skip link first, then the notice's summary, which opens the list.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
      await page.keyboard.press('Enter');
      assert.match(await notice.locator('ul').textContent(), /content\/cases\/uden-dato\.md:\d+:\d+: advarsel: casen har ingen dato/);
      const opened = await runAxe(page);
      assert.equal(opened.length, 0, formatAxeViolations('/cases/uden-dato/ (notice open)', opened));
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skjul advarslerne');
      await page.keyboard.press('Enter');
      assert.equal(await notice.count(), 0, 'dismissed');
      // Dismissed stays dismissed for the same warnings.
      await openConnected(page, server.url + 'cases/uden-dato/');
      await page.waitForTimeout(300);
      assert.equal(await notice.count(), 0, 'still dismissed after a reload');
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('a sub-folder base_url previews under its path with styles, links and search', async () => {
    const root = makeSite(SITE_TOML.replace('https://example.org/', 'https://org.github.io/handbook/'));
    const server = await startServe(root);
    const page = await newPage(browser);
    try {
      assert.equal(new URL(server.url).pathname, '/handbook/');
      // The root redirects to the site.
      const response = await openConnected(page, server.origin + '/');
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/handbook/');
      // style.css applied: the skip link is moved off-screen by it.
      assert.equal(await page.$eval('.skip-link', (e) => getComputedStyle(e).position), 'absolute');
      await Promise.all([page.waitForURL('**/handbook/temaer/'), page.click('nav.main-nav a[href$="/temaer/"]')]);
      assert.match(await page.textContent('h1'), /Temaer/);
      await Promise.all([page.waitForURL('**/handbook/temaer/faelles-formaal/'), page.click('main a[href$="/faelles-formaal/"]')]);
      assert.equal(await page.textContent('h1'), 'Fælles formål');

      await page.goto(server.url + 'soeg/?q=bordkort', { waitUntil: 'load' });
      await page.waitForFunction(() => {
        const s = document.getElementById('soegestatus');
        return s && s.textContent && !s.textContent.startsWith('Søger');
      }, null, { timeout: 15_000 });
      const results = await page.$$eval('#soegeresultater > li h2 a', (as) => as.map((a) => new URL(a.href).pathname));
      assert.ok(results.includes('/handbook/cases/bordkort/'), `search results: ${JSON.stringify(results)}`);
      assert.deepEqual(await pageProblems(page), [], 'no failed requests or CSP violations');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });
});
