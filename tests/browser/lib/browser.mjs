// Headless Debian Chromium driven by playwright-core, plus the helpers the
// browser tests share.
//
// Never downloads a browser: it launches the system's /usr/bin/chromium
// (override with env CHROMIUM_PATH). `.ci/install-browser-deps` installs it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export { listPages, siteDir, assertSiteBuilt, REPO_ROOT } from './site.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// The flags a root user in a sandboxed CI box with no network needs. Without
// the background-networking ones Chromium keeps trying to reach Google hosts.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch one headless Chromium (a fresh temporary profile each time). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Run .ci/install-browser-deps (apt chromium).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

// Recorded in the page before any of its own scripts run. Chromium also logs
// CSP violations to the console, but the event carries the blocked URI and
// directive in a structured way and catches report-only / worker cases too.
const CSP_LISTENER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
      'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') +
      (e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
  });
`;

/**
 * A new page (in its own browser context) of the given viewport width.
 * `page.problems` collects console errors, uncaught page errors and failed
 * requests; call `pageProblems(page)` to get them plus in-page CSP events.
 * Closing the page closes its context too.
 */
export async function newPage(browser, { width = 1280, height = 800, reducedMotion = 'reduce' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion });
  await context.addInitScript(CSP_LISTENER);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      // Chromium fetches /favicon.ico on its own when a page declares no icon;
      // its 404 is the browser's doing, not a page error.
      if (/\/favicon\.ico$/.test(loc?.url ?? '') && /status of 404/.test(msg.text())) return;
      page.problems.push(`console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => page.problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    // Aborts caused by our own navigation away are not the site's fault.
    const why = req.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') page.problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.once('close', () => context.close().catch(() => {}));
  return page;
}

/** Navigate, clearing the problem log first. Throws unless the response is 200. */
export async function gotoOk(page, url) {
  page.problems.length = 0;
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res) throw new Error(`No response for ${url}`);
  if (res.status() !== 200) throw new Error(`${url} answered HTTP ${res.status()} (expected 200): page missing?`);
  return res;
}

/** Console errors, uncaught exceptions, failed requests and CSP violations seen so far. */
export async function pageProblems(page) {
  const csp = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
  // Chromium reports a CSP violation both as an event and as a console error:
  // keep both, they carry different details, but drop exact duplicates.
  return [...new Set([...page.problems, ...csp])];
}

let axeSource;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Run axe-core on the page and return its violations, trimmed to what a
 * report needs: [{id, impact, help, helpUrl, nodes: [{target, html, summary}]}].
 *
 * The site is served under a CSP without 'unsafe-inline', so
 * page.addScriptTag({path}) (which inlines the file into a <script>) would be
 * blocked. page.evaluate() goes through CDP's Runtime.evaluate, which CSP does
 * not apply to, so axe is injected that way instead.
 */
export async function runAxe(page, { tags = AXE_TAGS } = {}) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof window.axe === 'object');
  if (!hasAxe) await page.evaluate(axeSource);
  return page.evaluate(async (values) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html.length > 200 ? n.html.slice(0, 200) + '…' : n.html,
        summary: n.failureSummary ?? '',
      })),
    }));
  }, tags);
}

/** A readable multi-line report of axe violations for one page. */
export function formatAxeViolations(pagePath, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    page ${pagePath}  target ${n.target}`);
      lines.push(`      ${n.html}`);
      for (const s of n.summary.split('\n').filter(Boolean)) lines.push(`      ${s.trim()}`);
    }
  }
  return lines.join('\n');
}

/** Run `fn(item)` over items with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await fn(queue.shift());
  });
  await Promise.all(workers);
}
