#!/usr/bin/env node
// Benchmark: `handbook serve` — save → edited page served with the change,
// and → every page the edit affects served current (issue #15).
//
//   node bench/serve-edit.mjs [N ...]     N = generated cases (default: 1000 10000)
//
// Environment:
//   EDITS=10          edits per size, each of a different case
//   HANDBOOK_BIN=...  use this `handbook` binary instead of building one
//   GENERATE_BIN=...  use this `generate` example binary instead of building one
//   HUGO=1            also time `hugo server` on the bench/hugo skeleton (see
//                     bench/run) with the same edits; it has no print page
//   POLL=1            poll `handbook serve` every 5 ms too, instead of as an
//                     open page does (see below)
//
// For each size: generates a site (seed 1), starts `handbook serve --port 0`
// on it, and edits EDITS cases spread over the site, one at a time. Each edit
// puts a new word into the case's title and body; the clock starts just
// before the file is written and stops when a GET of the page shows the word.
// Each GET asks as a browser revalidates (with the ETag it last got, answered
// 304 while unchanged). Pages are asked for as an open page of `serve` is
// reloaded: on each of serve's reload events (the stream reload.js listens
// to), and every 50 ms besides, should an event be missed; `hugo server`'s
// pages, and with POLL=1 serve's, every 5 ms. Ten pages polled every 5 ms
// are 2,000 requests a second, which took most of a core from the server
// being measured on a 2-core machine.
//   - edited page: the case's own page shows the word;
//   - all affected: every page that links the case (so shows its title) shows
//     it too — the case lists (all, its sector, its level, each of its
//     themes), its themes' pages, its staff message's and citizen theme's
//     pages, the matrix, and the feed when the case is among its newest;
//   - print page: the whole handbook on one page (46 MB at 10,000 cases),
//     fetched once the rest is current (in `serve` it may be rendered on request).
// The next edit starts once serve has said its rebuild is done (search index
// included). The Markdown report goes to stdout, progress to stderr.
// Run it under `flock /work/bench.lock` on a shared machine.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const note = (s) => process.stderr.write(`bench/serve-edit: ${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.argv.includes('-h') || process.argv.includes('--help')) {
  process.stderr.write('usage: [EDITS=10] [HANDBOOK_BIN=…] [GENERATE_BIN=…] node bench/serve-edit.mjs [N ...]\n');
  process.exit(0);
}
const sizes = process.argv.slice(2).map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) {
  note('error: N must be a whole number ≥ 10');
  process.exit(2);
}
if (!sizes.length) sizes.push(1000, 10000);
const EDITS = Number(process.env.EDITS || 10);

let HANDBOOK = process.env.HANDBOOK_BIN;
let GENERATE = process.env.GENERATE_BIN;
if (!HANDBOOK || !GENERATE) {
  note('cargo build --release --bin handbook --example generate');
  execFileSync('cargo', ['build', '--release', '--bin', 'handbook', '--example', 'generate'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  HANDBOOK ||= path.join(ROOT, 'target/release/handbook');
  GENERATE ||= path.join(ROOT, 'target/release/examples/generate');
}

const work = mkdtempSync(path.join(tmpdir(), 'handbook-serve-bench.'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** A preview server on `site`: resolves with its URL, the process and a count of finished rebuilds. */
function startServe(site, tool) {
  const hugoSource = path.join(work, 'hugo-src');
  if (tool === 'hugo') {
    rmSync(hugoSource, { recursive: true, force: true });
    execFileSync('cp', ['-r', path.join(ROOT, 'bench/hugo'), hugoSource]);
    execFileSync('mkdir', ['-p', path.join(hugoSource, 'data')]);
    execFileSync('cp', [path.join(site, 'site.toml'), path.join(hugoSource, 'data/site.toml')]);
  }
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const [command, args] =
    tool === 'hugo'
      ? ['hugo', ['server', '--source', hugoSource, '--contentDir', path.join(site, 'content'), '--port', port, '--bind', '127.0.0.1', '--cacheDir', path.join(work, 'hugo-cache')]]
      : [HANDBOOK, ['serve', '--root', site, '--port', '0']];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { child, done: 0, lines: [] };
  process.on('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        state.lines.push(line);
        // The last line of every rebuild names the search index (Hugo: its total).
        if (/søgeindeks|^(?:Built|Rebuilt|Total) in/.test(line)) state.done += 1;
        const url = line.match(/(?:Serverer håndbogen på|Web Server is available at) (\S+)/);
        if (url) {
          state.url = url[1].replace(/\/$/, '');
          resolve(state);
        }
      }
    });
    // Warnings and errors: kept, shown only if serve stops.
    let errors = '';
    child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
    child.on('exit', (code) => reject(new Error(`handbook serve exited (${code}):\n${errors}`)));
  });
}

// Each URL's last ETag and text: a poll asks as a browser revalidates
// (`If-None-Match`), so while a page is unchanged the server answers
// `304 Not Modified` and the poll costs next to nothing. Polling the
// megabytes of the case list and the matrix whole every 5 ms took a core
// from the server it measured and lagged up to a transfer behind it.
// Bytes, not text: decoding the 7 MB case list to a string took node
// 40 ms, a search of its bytes 15 ms in all.
const known = new Map();
async function bytes(url) {
  const last = known.get(url);
  const headers = { 'accept-encoding': 'identity' };
  if (last) headers['if-none-match'] = last.etag;
  const response = await fetch(url, { headers });
  if (response.status === 304 && last) return last.body;
  if (!response.ok) return Buffer.alloc(0);
  const body = Buffer.from(await response.arrayBuffer());
  const etag = response.headers.get('etag');
  if (etag) known.set(url, { etag, body });
  return body;
}
const get = async (url) => (await bytes(url)).toString();

/**
 * serve's reload events, as an open page gets them: `after(seen, ms)`
 * resolves at the first event after the `seen`-th (at once if there was
 * one), or after `ms`; `count()` is how many came so far.
 */
function reloadEvents(url) {
  let count = 0;
  const waiters = new Set();
  const controller = new AbortController();
  (async () => {
    const response = await fetch(`${url}/__handbook/events`, { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: ?(reload|builderror)$/m.test(block)) {
          count += 1;
          for (const wake of waiters) wake();
          waiters.clear();
        }
      }
    }
  })().catch(() => {});
  return {
    count: () => count,
    after: (seen, ms) =>
      count > seen
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            waiters.add(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    close: () => controller.abort(),
  };
}

/**
 * Asks for `url` until it contains `word` (after each reload event of
 * `events`, or every 5 ms without); the milliseconds since `t0`.
 */
async function until(url, word, t0, events, timeout = 120_000) {
  for (;;) {
    const seen = events?.count();
    if ((await bytes(url)).includes(word)) return performance.now() - t0;
    if (performance.now() - t0 > timeout) throw new Error(`${url} never showed ${word}`);
    await (events ? events.after(seen, 50) : sleep(5));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

const rows = [];
const loadStart = loadavg().map((x) => x.toFixed(2)).join(' ');
const tools = process.env.HUGO === '1' ? ['handbook', 'hugo'] : ['handbook'];
for (const n of sizes) for (const tool of tools) {
  const site = path.join(work, `site-${n}-${tool}`);
  note(`N=${n}: generating the site (seed 1)`);
  execFileSync(GENERATE, ['--cases', String(n), '--out', site, '--seed', '1'], { stdio: ['ignore', 'ignore', 2] });
  const started = performance.now();
  const serve = await startServe(site, tool);
  note(`N=${n}: ${tool} serving ${serve.url} after ${fmt(performance.now() - started)}`);
  // The first build's search index.
  while (serve.done < 1) await sleep(20);
  const events = tool === 'handbook' && process.env.POLL !== '1' ? reloadEvents(serve.url) : null;
  const files = readdirSync(path.join(site, 'content/cases')).filter((f) => f.endsWith('.md')).sort();
  const edited = [];
  const affected = [];
  const print = [];
  for (let k = 0; k < EDITS; k++) {
    const file = path.join(site, 'content/cases', files[Math.floor(((k + 0.5) * files.length) / EDITS)]);
    const text = readFileSync(file, 'utf8');
    const field = (key) => text.match(new RegExp(`^${key}: *\\[?([^\\]\\n]*)`, 'm'))[1].trim();
    const page = `${serve.url}/cases/${field('slug')}/`;
    const slug = field('slug');
    const before = await get(page);
    // The pages that link the case (and so show its title): its lists, its
    // themes, staff message and citizen theme, the matrix, maybe the feed.
    const linked = [...before.matchAll(/href="([^"]*\/(?:temaer|budskaber|borgertemaer)\/[^"/]+\/)"/g)].map((m) => m[1]);
    const themes = field('themes').split(',').map((s) => s.trim());
    const candidates = new Set([
      `${serve.url}/cases/`,
      `${serve.url}/cases/sektor/${field('sector')}/`,
      `${serve.url}/cases/niveau/${field('level')}/`,
      `${serve.url}/matrix/`,
      `${serve.url}/feed.xml`,
      ...themes.flatMap((t) => [`${serve.url}/cases/tema/${t}/`, `${serve.url}/temaer/${t}/`]),
      ...linked.map((href) => new URL(href, serve.url).href),
    ]);
    const others = [];
    for (const url of candidates) if ((await bytes(url)).includes(`/cases/${slug}/`)) others.push(url);
    const word = `maalemarkoer${k}x${Date.now().toString(36)}`;
    // The title (shown wherever the case is linked) and the body (its own page).
    const changed = text
      .replace(/^title: "(.*)"$/m, `title: "$1 ${word}"`)
      .replace(/\n*$/, `\n\nRettet: ${word}.\n`);
    if (!changed.includes(`${word}"`)) throw new Error(`${file}: no title line to edit`);
    const done = serve.done;
    const t0 = performance.now();
    writeFileSync(file, changed);
    const own = await until(page, word, t0, events);
    const rest = await Promise.all(others.map((url) => until(url, word, t0, events)));
    const all = Math.max(own, ...rest);
    const whole = tool === 'hugo' ? NaN : await until(`${serve.url}/print/`, word, t0, events);
    edited.push(own);
    affected.push(all);
    print.push(whole);
    note(`N=${n} ${tool} edit ${k + 1}/${EDITS}: edited page ${fmt(own)}, all ${others.length + 1} affected ${fmt(all)}, print page ${fmt(whole)}`);
    // Let the rebuild finish (search index included) before the next edit.
    const waited = performance.now();
    while (serve.done <= done && performance.now() - waited < 120_000) await sleep(20);
    await sleep(200);
  }
  events?.close();
  serve.child.kill('SIGTERM');
  rows.push({ n, tool, edited, affected, print });
}

console.log(`| cases | server | edited page served, median (max) | all affected pages current, median (max) | print page current, median (max) |`);
console.log(`|---:|---|---:|---:|---:|`);
for (const { n, tool, edited, affected, print } of rows) {
  const cell = (xs) => (xs.some(Number.isNaN) ? '–' : `${fmt(median(xs))} (${fmt(Math.max(...xs))})`);
  const server = tool === 'hugo' ? '`hugo server`' : '`handbook serve`';
  console.log(`| ${n.toLocaleString('en')} | ${server} | ${cell(edited)} | ${cell(affected)} | ${cell(print)} |`);
}
const asked = process.env.POLL === '1' ? 'every 5 ms' : "on each reload event (and every 50 ms)";
console.log(`\n${EDITS} edits per size, each of a different case; serve's pages asked for ${asked}; load average ${loadStart} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end.`);
