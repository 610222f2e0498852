// All HTML of the built site through the Nu HTML Checker (vnu.jar from the
// vnu-jar npm package, run with the system's Java 11+), in one JVM start.
// Needs a built site in public/ (or HANDBOOK_SITE); builds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteDir, assertSiteBuilt, listPages } from './lib/site.mjs';

const require = createRequire(import.meta.url);
// The package's main export is a String object holding the jar's path. Its
// bin wrapper would try to download a JRE when no `java` is on PATH, so the
// jar is run with `java` directly instead.
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) =>
      reject(new Error(`could not start ${cmd}: ${err.message} (is Java 11+ installed? .ci/install-browser-deps)`)),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('Nu HTML Checker reports no errors in the built site', { timeout: 10 * 60_000 }, async () => {
  const dir = assertSiteBuilt(siteDir());
  const count = listPages(dir).length;

  // --stdout: vnu writes its report to stderr by default.
  // --skip-non-html: the directory also holds CSS, JS, images, the search index.
  // Exit status is 1 when errors are found, so the JSON is the authority.
  const args = ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', '--skip-non-html', dir];
  const { code, stdout, stderr } = await run(JAVA, args);

  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    assert.fail(`vnu did not print JSON (exit ${code}).\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  const messages = report.messages ?? [];
  const errors = messages.filter((m) => m.type !== 'info');

  const lines = errors.map((m) => {
    const file = m.url?.startsWith('file:') ? path.relative(dir, fileURLToPath(m.url)) : (m.url ?? '(no file)');
    // firstColumn belongs to firstLine, which vnu omits when it equals lastLine.
    const line = m.firstLine ?? m.lastLine;
    const where = line ? `${file}:${line}${m.firstColumn ? `:${m.firstColumn}` : ''}` : file;
    const kind = m.subType ? `${m.type}/${m.subType}` : m.type;
    const extract = m.extract ? `\n    ${m.extract.replace(/\n/g, '⏎')}` : '';
    return `  ${where}: [${kind}] ${m.message}${extract}`;
  });
  assert.equal(
    errors.length,
    0,
    `vnu found ${errors.length} error(s) in ${count} HTML file(s) under ${dir}:\n${lines.join('\n')}`,
  );
  assert.equal(code, 0, `vnu exited ${code} without reporting errors.\nstderr:\n${stderr}`);
});
