import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src-web/web-host.js';
import { FakeEngine } from './fake-engine.js';

const TOKEN = 'test-token-0123456789abcdef';
let dir: string;
let host: WebHost;
let engine: FakeEngine;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'loupe-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Loupe</title>');
  engine = new FakeEngine();
  host = await startWebHost({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: dir, engine, log: (l) => logs.push(l) });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(p: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: host.port, path: p, headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function open(query = '', headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
  const messages: unknown[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  return { ws, messages, opened: new Promise<void>((res, rej) => (ws.once('open', () => res()), ws.once('error', rej))) };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('web host with a token', () => {
  it('answers requests without the token with a bare 401', async () => {
    for (const p of ['/', '/index.html', '/assets/x.js', '/ws', '/?token=wrong-token-wrong-token']) {
      const r = await get(p);
      expect(r.status).toBe(401);
      expect(r.body).toBe('');
      expect(r.headers['content-length']).toBe('0');
      expect(r.headers['content-security-policy']).toBeUndefined(); // nothing about what is behind it
    }
  });

  it('trades a query token for an HttpOnly cookie and a redirect that drops it', async () => {
    const r = await get(`/?probe=1&token=${TOKEN}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/?probe=1');
    expect(r.headers['set-cookie']?.[0]).toMatch(/^loupe_token=.*HttpOnly; SameSite=Strict/);
    const page = await get('/?probe=1', { cookie: `loupe_token=${TOKEN}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Loupe</title>');
  });

  it('refuses a WebSocket without the token with 401', async () => {
    const { opened } = open();
    await expect(opened).rejects.toThrow(/401/);
    const wrong = open('?token=nope-nope-nope-nope-nope');
    await expect(wrong.opened).rejects.toThrow(/401/);
  });

  it('refuses a WebSocket from another origin even with the token (cross-site hijacking)', async () => {
    const { opened } = open('', { cookie: `loupe_token=${TOKEN}`, origin: 'http://evil.example' });
    await expect(opened).rejects.toThrow(/403/);
  });

  it('bridges a WebSocket with the token; bad messages get an error and the socket stays usable', async () => {
    const { ws, messages, opened } = open('', { authorization: `Bearer ${TOKEN}`, origin: `http://127.0.0.1:${host.port}` });
    await opened;
    ws.send('not json at all');
    ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'engine.hello', params: { pad: 'x'.repeat(1_100_000) } }));
    ws.send(JSON.stringify({ kind: 'request', id: 2, method: 'engine.hello', params: {} }));
    await until(() => messages.length >= 3);
    expect(messages[0]).toMatchObject({ kind: 'event', event: 'log', payload: { level: 'error', message: expect.stringMatching(/not valid JSON/) } });
    expect(messages[1]).toMatchObject({ kind: 'event', event: 'log', payload: { message: expect.stringMatching(/exceeds/) } });
    expect(messages[2]).toMatchObject({ kind: 'response', id: 2, result: { ok: true } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(logs.filter((l) => l.includes('refused a message'))).toHaveLength(2);
    ws.close();
  });
});

describe('web host on loopback without a token', () => {
  it('serves without auth', async () => {
    const e = new FakeEngine();
    const open = await startWebHost({ host: '127.0.0.1', port: 0, token: null, rendererDir: dir, engine: e, log: () => {} });
    try {
      const r = await new Promise<number>((resolve) => http.get(`${open.url}index.html`, (res) => (res.resume(), resolve(res.statusCode!))));
      expect(r).toBe(200);
    } finally {
      await open.close();
    }
  });
});
