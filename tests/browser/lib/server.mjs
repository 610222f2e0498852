// A tiny static file server for the browser tests (node:http, no deps).
//
//   const { url, close } = await startServer(dir);   // url = 'http://127.0.0.1:PORT'
//
// - binds 127.0.0.1 on a free port (port 0)
// - `/x/` -> `/x/index.html`; `/x` (a directory) -> 301 to `/x/`
// - unknown path -> `404.html` with status 404 (plain text if there is none)
// - refuses paths that escape the root (including via symlinks) with 403
// - sends the same Content-Security-Policy the site is meant to live under
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { siteDir } from './site.mjs';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  // Pagefind's index files are opaque binary blobs.
  '.pagefind': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function statOrNull(p) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

export async function startServer(dir = siteDir()) {
  const root = await realpath(path.resolve(dir));
  const inRoot = (p) => p === root || p.startsWith(root + path.sep);
  // bench/ serves the Pagefind yardstick too, whose client needs WebAssembly;
  // the handbook's own pages never get 'wasm-unsafe-eval'.
  const pagefind = (await statOrNull(path.join(root, 'pagefind')))?.isDirectory();

  const baseHeaders = {
    'Content-Security-Policy': pagefind ? CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") : CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };

  const sendFile = (req, res, status, file, size) => {
    res.writeHead(status, { ...baseHeaders, 'Content-Type': contentType(file), 'Content-Length': size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const sendText = (req, res, status, text, extra = {}) => {
    res.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const notFound = async (req, res) => {
    const page = path.join(root, '404.html');
    const st = await statOrNull(page);
    if (st?.isFile()) return sendFile(req, res, 404, page, st.size);
    return sendText(req, res, 404, 'Not found\n');
  };

  const handle = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(req, res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return sendText(req, res, 400, 'Bad request\n');
    }
    if (pathname.includes('\0')) return sendText(req, res, 400, 'Bad request\n');

    // Resolve against the root and refuse anything outside it. `new URL()`
    // already collapses `/../`, but percent-encoded `%2e%2e%2f` and
    // backslashes only turn into traversal after decoding, so check again.
    let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
    if (!inRoot(file) || pathname.split(/[\\/]/).includes('..')) {
      return sendText(req, res, 403, 'Forbidden\n');
    }

    let st = await statOrNull(file);
    if (st?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        return sendText(req, res, 301, 'Moved\n', { Location: u.pathname + '/' + u.search });
      }
      file = path.join(file, 'index.html');
      st = await statOrNull(file);
    }
    if (!st?.isFile()) return notFound(req, res);

    // Symlinks must not lead out of the root either.
    const real = await realpath(file);
    if (!inRoot(real)) return sendText(req, res, 403, 'Forbidden\n');

    return sendFile(req, res, 200, real, st.size);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendText(req, res, 500, `Internal error: ${err.message}\n`);
      else res.destroy();
    });
  });
  // Keep-alive sockets from Chromium would otherwise hold close() open.
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    root,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

// `node tests/browser/lib/server.mjs [dir]` serves a site for manual poking.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startServer(process.argv[2] ?? siteDir());
  console.log(`serving ${process.argv[2] ?? siteDir()} at ${url}/`);
}
