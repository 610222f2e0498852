// Where the built site lives, and a loud failure when it is not there.
//
// The site directory is `public/` at the repository root, or whatever the
// environment variable HANDBOOK_SITE points at (relative paths are taken from
// the current working directory).
import { statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function siteDir() {
  const fromEnv = process.env.HANDBOOK_SITE;
  return fromEnv ? path.resolve(fromEnv) : path.join(REPO_ROOT, 'public');
}

/** Throws a readable error unless `dir` is a directory with at least one .html file. */
export function assertSiteBuilt(dir = siteDir()) {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new Error(
      `The built site was not found at ${dir}.\n` +
        'Build the site first (the handbook binary writes public/), or point HANDBOOK_SITE at a built site directory.',
    );
  }
  if (!st.isDirectory()) throw new Error(`HANDBOOK_SITE / public path ${dir} is not a directory.`);
  if (listPages(dir).length === 0) throw new Error(`The built site at ${dir} contains no .html files.`);
  return dir;
}

/**
 * Every *.html file under `dir`, as URL paths served by lib/server.mjs:
 * `index.html` -> `/`, `a/index.html` -> `/a/`, `404.html` -> `/404.html`.
 * Path segments are percent-encoded (Danish letters in file names are fine).
 */
export function listPages(dir = siteDir()) {
  const out = [];
  const walk = (rel) => {
    for (const ent of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(childRel);
      else if (ent.isFile() && ent.name.endsWith('.html')) out.push(childRel);
    }
  };
  walk('');
  return out
    .map((rel) => {
      const urlPath = '/' + rel.split('/').map(encodeURIComponent).join('/');
      return urlPath.endsWith('/index.html') ? urlPath.slice(0, -'index.html'.length) : urlPath;
    })
    .sort();
}
