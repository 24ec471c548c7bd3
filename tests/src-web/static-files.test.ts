import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveStaticPath, serveStatic } from '../../src-web/static-files.js';

const root = path.resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps / to index.html and assets inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-1.js')).toBe(path.join(root, 'assets/index-1.js'));
  });
  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/..%5c..%5cetc%5cpasswd',
    '/assets/..%2f..%2f..%2fetc/passwd',
  ])('refuses %s, which would leave the root', (p) => {
    expect(resolveStaticPath(root, p)).toBeNull();
  });
  it('allows ".." that stays inside the root', () => {
    expect(resolveStaticPath(root, '/assets/../index.html')).toBe(path.join(root, 'index.html'));
  });
  it('refuses a sibling directory that shares the root as a prefix', () => {
    expect(resolveStaticPath(root, '/%2e%2e/renderer-evil/x.js')).toBeNull();
  });
  it('refuses NUL bytes and malformed escapes', () => {
    expect(resolveStaticPath(root, '/index.html%00.js')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
  });
});

describe('serveStatic over HTTP', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'loupe-static-'));
    const renderer = path.join(dir, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(path.join(renderer, 'assets', 'a.js'), 'export {}');
    writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
    server = http.createServer((req, res) => void serveStatic(req, res, renderer, new URL(req.url!, 'http://x').pathname));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Raw paths: node's http client sends them as written, like an attacker would.
  const get = (rawPath: string, method = 'GET') =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the page with the CSP and no caching', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>ok</title>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cache-control']).toBe('no-store');
  });
  it('serves hashed assets with a JS content type', async () => {
    const r = await get('/assets/a.js');
    expect(r.headers['content-type']).toMatch(/^text\/javascript/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt'])(
    'does not leak a file outside the root via %s',
    async (p) => {
      const r = await get(p);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    },
  );
  it('answers other methods with 405', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
  });
});
