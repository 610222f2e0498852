// The browser's half of the search index format (docs/search-index.md):
// search-words.js stems and places words as src/search/words.rs and
// layout/mod.rs do, held to the vectors cargo test runs too
// (tests/search-vectors.json); and the vendored Snowball stemmer is the
// pinned @orama/stemmers. Runs in node (no browser, no site needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './lib/browser.mjs';
import { loadWords } from './lib/words.mjs';

const vectors = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/search-vectors.json'), 'utf8'));
const words = loadWords();

test('stems: Snowball Danish, folded, as the index stems', () => {
  for (const [word, stem] of vectors.stems) assert.equal(words.stem(word), stem, word);
});

test('lookup files: FNV-1a of the stem, as the index places it', () => {
  for (const [stem, count, file] of vectors.lookups) assert.equal(words.lookupFile(stem, count), file, stem);
});

test('levels: the score in 255ths of the rest\'s best, rounded up, as the index writes them', () => {
  // search.js ranks a rest page by level × best / 255; the index's level is the vector's.
  for (const [score, best, level] of vectors.levels) {
    // What the browser ranks the page by: at least its score, less than one level more.
    const rank = (level * best) / 255;
    assert.ok(best === 0 ? level === 0 : rank >= score && rank < score + best / 255, `${score}/${best}`);
  }
});

test('the vendored stemmer is the pinned @orama/stemmers', () => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/vendor-stemmer.mjs'), '--check'], { stdio: 'pipe' });
});
