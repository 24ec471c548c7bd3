// Serves the built renderer from one directory and nothing outside it. A URL
// path is decoded, resolved against the root and accepted only if the result is
// still inside the root (resolve + prefix check), which defeats "..", encoded
// "%2e%2e%2f", absolute paths and backslash tricks alike.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security-headers.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The file a URL pathname names inside `root`, or null when it would escape the
 * root or cannot be decoded. "/" maps to index.html.
 */
export function resolveStaticPath(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const relative = decoded.replace(/\\/g, '/').replace(/^\/+/, '');
  const target = path.resolve(base, relative === '' ? 'index.html' : relative);
  if (target !== base && !target.startsWith(base + path.sep)) return null;
  return target === base ? path.join(base, 'index.html') : target;
}

function sendEmpty(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Length': '0', ...extra });
  res.end();
}

/** Answers GET/HEAD for a file under `root`; 404 for anything missing or outside it. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendEmpty(res, 405, { Allow: 'GET, HEAD' });
    return;
  }
  const file = resolveStaticPath(root, pathname);
  if (!file) {
    sendEmpty(res, 404);
    return;
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    info = null;
  }
  if (!info || !info.isFile()) {
    sendEmpty(res, 404);
    return;
  }
  const ext = path.extname(file).toLowerCase();
  // Vite names assets by content hash, so they may be cached for good; the page must not be.
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
