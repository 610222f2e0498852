// Every HTML page of the built site: 0 axe-core violations (WCAG 2.0/2.1 A+AA)
// in light and in dark mode (prefers-color-scheme, switched in the same page
// with emulateMedia, no reload) and no console errors, uncaught exceptions, failed requests or CSP
// violations. Needs a built site in public/ (or HANDBOOK_SITE); builds nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const dir = siteDir();
let pages = [];
let siteError = null;
try {
  assertSiteBuilt(dir);
  pages = listPages(dir);
} catch (err) {
  siteError = err;
}

// Two cores: one browser, two tabs working in parallel.
const CONCURRENCY = Math.max(1, Number(process.env.BROWSER_CONCURRENCY) || 2);
const WIDTH = Number(process.env.A11Y_WIDTH) || 1280;
// Each page is checked in both colour schemes.
const SCHEMES = ['light', 'dark'];

describe(`accessibility and console on every page of ${dir}`, { concurrency: CONCURRENCY }, () => {
  let server;
  let browser;
  const free = [];
  const waiting = [];
  const acquire = () => (free.length ? Promise.resolve(free.pop()) : new Promise((r) => waiting.push(r)));
  const release = (page) => (waiting.length ? waiting.shift()(page) : free.push(page));

  before(async () => {
    if (siteError) return;
    server = await startServer(dir);
    browser = await launchBrowser();
    for (let i = 0; i < CONCURRENCY; i++) free.push(await newPage(browser, { width: WIDTH }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the built site exists and has HTML pages', () => {
    if (siteError) throw siteError;
    assert.ok(pages.length > 0);
  });

  for (const path of pages) {
    it(path, async () => {
      const page = await acquire();
      try {
        await gotoOk(page, server.url + path);
        // Taken before axe runs: axe itself can trip the CSP (it re-parses
        // stylesheets it cannot read, e.g. a 404ing one, via an inline <style>).
        const problems = await pageProblems(page);
        const report = [];
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          const violations = await runAxe(page);
          if (violations.length) {
            const n = violations.reduce((sum, v) => sum + v.nodes.length, 0);
            report.push(`${violations.length} axe violation(s) on ${n} element(s) of ${path} (${colorScheme}):`);
            report.push(formatAxeViolations(`${path} (${colorScheme})`, violations));
          }
        }
        if (problems.length) {
          report.push(`${problems.length} console error(s) / CSP violation(s) on ${path}:`);
          report.push(...problems.map((p) => `  ${p}`));
        }
        if (report.length) assert.fail(report.join('\n'));
      } finally {
        await page.emulateMedia({ colorScheme: 'light' }).catch(() => {});
        release(page);
      }
    });
  }
});
