// The browser editor (`/admin/`, Decap CMS served by `handbook serve`) as an
// editor without a terminal uses it, in Chromium: the preview page links to
// its own entry, a new case is written through the form, saved, and shown
// in the preview; an existing case is edited the same way (its comments and
// address kept); a save `check` rejects shows the Danish diagnostic and
// writes nothing; a page on another origin cannot write.
//
// Runs the real binary on scratch copies of a small site (never the repo's
// content/): HANDBOOK_BIN, else the newer of target/release/handbook and
// target/debug/handbook. Does not need HANDBOOK_SITE.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, pageProblems, REPO_ROOT } from './lib/browser.mjs';

function handbookBinary() {
  if (process.env.HANDBOOK_BIN) return path.resolve(process.env.HANDBOOK_BIN);
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
base_url = "https://example.org/"
accessibility_statement = "/tilgaengelighed/"

[publisher]
name = "Prøveredaktionen"
email = "redaktion@example.org"
last_updated = "2024-01-24"

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
const FILES = {
  'site.toml': SITE_TOML,
  'content/_index.md': '---\ntitle: Prøvehåndbog\nsummary: "Forsiden."\n---\nVelkommen.\n',
  'content/temaer/faelles-formaal.md':
    '---\ntitle: Fælles formål\nsummary: "Om at blive enige om formålet."\nweight: 10\nquestions:\n  - "Hvad er vores fælles formål?"\n---\nTekst om formål.\n',
  'content/temaer/moeder.md':
    '---\ntitle: Møder\nslug: moeder\nsummary: "Om møder."\nweight: 20\nquestions: ["Hvordan holder vi møder?"]\n---\nOm møder.\n',
  'content/cases/bordkort.md':
    '---\n# Overskriften på casen.\ntitle: "Bordkort til kaffen"\nsummary: "Et formandskab bruger bordkort."\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal]\nsource: kilde\ndate: 2024-01-24\n# Sidens adresse.\nslug: bordkort\n---\n## Situationen\n\nDe satte bordkort.\n',
  'content/budskaber/mening-motiverer.md':
    '---\nnumber: 1\ntitle: Mening motiverer\nsummary: "Budskab et."\nthemes: [faelles-formaal]\n---\nTekst.\n',
};

const scratch = [];
function makeSite() {
  const root = mkdtempSync(path.join(tmpdir(), 'handbook-admin-'));
  scratch.push(root);
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  cpSync(path.join(REPO_ROOT, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  return root;
}

const servers = [];
function startServe(root) {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', root], {
    env: { ...process.env, HANDBOOK_BASE_URL: '' },
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

/** Waits until `check` is true, polling, or fails after `ms`. */
async function eventually(check, what, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The field labelled `label` (Decap adds "(kan udelades)" to optional ones). */
function field(page, label) {
  return page.getByLabel(new RegExp(`^${label}( \\(kan udelades\\))?$`)).last();
}

/** The body's Markdown editor (raw mode: an editable area with no label of its own). */
function body(page) {
  return page.locator('[aria-label="markdown field"] [contenteditable="true"]').first();
}

/** Picks `option` in the editor's select field labelled `label`. */
async function choose(page, label, option) {
  const input = field(page, label);
  await input.click();
  await input.fill(option);
  await page.keyboard.press('Enter');
}

/** Saves the entry open in the editor ("Publicer" → "Publicer nu"). */
async function publish(page) {
  await page.getByRole('button', { name: 'Publicer', exact: true }).click();
  await page.getByText('Publicer nu', { exact: true }).click();
}

async function logIn(page, url) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText('Samlinger').waitFor({ timeout: 20_000 });
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

describe('the editor at /admin/ in Chromium', { timeout: 180_000 }, () => {
  it('creates a case through the form, saves it, and the preview shows it', async () => {
    const root = makeSite();
    const server = await startServe(root);
    const page = await newPage(browser, { width: 1280, height: 900 });
    try {
      // Every preview page links to its own entry.
      await page.goto(server.url + 'cases/bordkort/');
      const edit = page.getByRole('link', { name: 'Redigér denne side' });
      assert.equal(await edit.getAttribute('href'), '/admin/#/collections/cases/entries/bordkort');

      await logIn(page, server.url + 'admin/');
      const answers = [];
      page.on('response', async (r) => {
        if (r.url().includes('/api/v1')) answers.push(`${r.status()} ${r.request().postData()?.slice(0, 900)} -> ${(await r.text().catch(() => '')).slice(0, 300)}`);
      });
      await page.goto(server.url + 'admin/#/collections/cases/new');
      await page.getByLabel('Titel', { exact: true }).fill('Sådan mødtes vi på tværs');
      await page.getByLabel('Resumé', { exact: true }).fill('To afdelinger mødes hver uge.');
      await choose(page, 'Sektor', 'Region');
      await choose(page, 'Ledelsesniveau', 'Mellemledelse');
      await choose(page, 'Temaer', 'Møder');
      await choose(page, 'Budskaber til chefer', 'Mening');
      await choose(page, 'Kilde', 'En kilde');
      await body(page).fill('## Situationen\n\nDe mødtes.');
      await publish(page);

      // Decap names the file with its own transliteration; the address is handbook's.
      const file = await eventually(() => {
        const dir = path.join(root, 'content/cases');
        const found = ['sadan-modtes-vi-pa-tvaers.md', 'saadan-moedtes-vi-paa-tvaers.md'].find((f) => existsSync(path.join(dir, f)));
        return found && path.join(dir, found);
      }, 'the new case is written').catch(async (err) => {
        await page.screenshot({ path: path.join(tmpdir(), 'handbook-admin-failure.png'), fullPage: true });
        console.log(answers.join('\n'));
        throw new Error(`${err.message}; files: ${JSON.stringify(readdirSync(path.join(root, 'content/cases')))}; the editor says: ${(await page.locator("body").innerText()).slice(0, 4000)}`);
      });
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^---\ntitle: Sådan mødtes vi på tværs\nsummary: To afdelinger mødes hver uge\.\nsector: region\nlevel: mellemledelse\nthemes:\n- moeder\nmessages:\n- 1\nsource: kilde\n/, text);
      assert.match(text, /\nslug: saadan-moedtes-vi-paa-tvaers\n---\n## Situationen\n\nDe mødtes\.\n$/, text);

      // The preview has it: its page, and the case list.
      const preview = await newPage(browser);
      try {
        await eventually(async () => (await preview.goto(server.url + 'cases/saadan-moedtes-vi-paa-tvaers/')).status() === 200, 'the page is served');
        assert.match(await preview.textContent('h1'), /Sådan mødtes vi på tværs/);
        await preview.goto(server.url + 'cases/');
        assert.match(await preview.textContent('main'), /Sådan mødtes vi på tværs/);
      } finally {
        await preview.close();
      }
      const problems = (await pageProblems(page)).filter((p) => !/favicon/.test(p));
      assert.deepEqual(problems, [], 'no console errors or CSP violations in the editor');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('edits an existing case: the change is saved, comments and address kept, the preview shows it', async () => {
    const root = makeSite();
    const server = await startServe(root);
    const page = await newPage(browser, { width: 1280, height: 900 });
    try {
      await logIn(page, server.url + 'admin/');
      await page.goto(server.url + 'admin/#/collections/cases/entries/bordkort');
      const title = page.getByLabel('Titel', { exact: true });
      await eventually(async () => (await title.inputValue()) === 'Bordkort til kaffen', 'the entry is loaded');
      await title.fill('Bordkort ved kaffen');
      await publish(page);
      const file = path.join(root, 'content/cases/bordkort.md');
      await eventually(() => readFileSync(file, 'utf8').includes('Bordkort ved kaffen'), 'the change is written');
      assert.equal(
        readFileSync(file, 'utf8'),
        FILES['content/cases/bordkort.md'].replace('title: "Bordkort til kaffen"', 'title: Bordkort ved kaffen'),
        'only the title line changed; comments, order and the rest kept',
      );
      const preview = await newPage(browser);
      try {
        await eventually(async () => {
          await preview.goto(server.url + 'cases/bordkort/');
          return /Bordkort ved kaffen/.test(await preview.textContent('h1'));
        }, 'the preview shows the new title at the same address');
      } finally {
        await preview.close();
      }
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('a save check rejects is not written, and the editor sees the Danish diagnostic', async () => {
    const root = makeSite();
    const server = await startServe(root);
    const page = await newPage(browser, { width: 1280, height: 900 });
    const file = path.join(root, 'content/cases/bordkort.md');
    const before = readFileSync(file, 'utf8');
    try {
      await logIn(page, server.url + 'admin/');
      await page.goto(server.url + 'admin/#/collections/cases/entries/bordkort');
      const text = body(page);
      await eventually(async () => (await text.innerText()).includes('De satte bordkort.'), 'the entry is loaded');
      await text.fill('Se [siden](findes-ikke.md).');
      await publish(page);
      const toast = page.getByText(/check.*ville afvise den/);
      await toast.first().waitFor({ timeout: 15_000 });
      assert.match(await page.locator('body').innerText(), /linket/);
      assert.equal(readFileSync(file, 'utf8'), before, 'nothing written');
      assert.equal((await text.innerText()).trim(), 'Se [siden](findes-ikke.md).', 'the text is still in the form');
    } finally {
      await page.close();
      server.child.kill('SIGKILL');
    }
  });

  it('the API answers only its own origin, and only inside content/', async () => {
    const root = makeSite();
    const server = await startServe(root);
    const api = server.url + '__handbook/api/v1';
    const origin = new URL(server.url).origin;
    const post = (body, headers) =>
      fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const write = { action: 'persistEntry', params: { dataFiles: [{ path: 'content/cases/ny.md', raw: '---\ntitle: Ny\n---\n' }], assets: [] } };
    assert.equal((await post(write, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await post(write, {})).status, 403, 'no Origin');
    const outside = { action: 'persistEntry', params: { dataFiles: [{ path: 'site.toml', raw: 'x' }], assets: [] } };
    const refused = await post(outside, { Origin: origin });
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /ligger ikke i content/);
    assert.equal(readFileSync(path.join(root, 'site.toml'), 'utf8'), SITE_TOML);
    assert.ok(!existsSync(path.join(root, 'content/cases/ny.md')));
    // The editor gets its own CSP; public pages keep the site's.
    const admin = await fetch(server.url + 'admin/');
    assert.match(admin.headers.get('content-security-policy'), /'unsafe-eval'/);
    const home = await fetch(server.url);
    assert.doesNotMatch(home.headers.get('content-security-policy'), /'unsafe-eval'|'unsafe-inline'/);
    server.child.kill('SIGKILL');
  });
});
