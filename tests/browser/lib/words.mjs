// search-words.js (with the vendored stemmer) loaded into node, for tests
// that compute what the index holds: `stem(word)`, `lookupFile(stem, count)`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { REPO_ROOT } from './browser.mjs';

export function loadWords() {
  const context = { TextEncoder };
  context.self = context;
  vm.createContext(context);
  for (const file of ['stem-da.js', 'search-words.js']) {
    vm.runInContext(readFileSync(path.join(REPO_ROOT, 'themes/default/static', file), 'utf8'), context, { filename: file });
  }
  return context.handbookWords;
}
