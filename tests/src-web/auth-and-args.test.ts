import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { authorize, cookieValue, tokensOf, withoutToken, tokenCookie } from '../../src-web/auth.js';
import { bindProblem, isLoopback } from '../../src-web/bind-policy.js';
import { parseWebHostArgs } from '../../src-web/cli-args.js';

const TOKEN = 'correct-horse-battery-staple';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('authorize', () => {
  it('is open without a configured token', () => {
    expect(authorize({ query: null, cookie: null, bearer: null }, null)).toBe('open');
  });
  it('accepts the cookie, a bearer header, or the query (which is then traded for the cookie)', () => {
    expect(authorize(tokensOf(req({ cookie: `a=b; loupe_token=${TOKEN}` }), new URL('http://h/')), TOKEN)).toBe('ok');
    expect(authorize(tokensOf(req({ authorization: `Bearer ${TOKEN}` }), new URL('http://h/')), TOKEN)).toBe('ok');
    expect(authorize(tokensOf(req({}), new URL(`http://h/?token=${TOKEN}`)), TOKEN)).toBe('ok-via-query');
  });
  it('denies a missing, wrong, or prefix-of-right token', () => {
    expect(authorize(tokensOf(req({}), new URL('http://h/')), TOKEN)).toBe('denied');
    expect(authorize(tokensOf(req({ cookie: 'loupe_token=nope' }), new URL('http://h/?token=also-wrong')), TOKEN)).toBe('denied');
    expect(authorize({ query: TOKEN.slice(0, -1), cookie: null, bearer: null }, TOKEN)).toBe('denied');
  });
  it('sets an HttpOnly, SameSite=Strict cookie and strips only the token from the URL', () => {
    expect(tokenCookie(TOKEN)).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    expect(withoutToken(new URL(`http://h/index.html?probe=1&token=${TOKEN}`))).toBe('/index.html?probe=1');
  });
  it('parses cookies defensively', () => {
    expect(cookieValue('x=1;  loupe_token = abc ', 'loupe_token')).toBe('abc');
    expect(cookieValue('loupe_token=%E0%A4%A', 'loupe_token')).toBeNull();
    expect(cookieValue(undefined, 'loupe_token')).toBeNull();
  });
});

describe('bind policy', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'line3.local']) expect(isLoopback(h)).toBe(false);
  });
  it('refuses any other address without a token', () => {
    expect(bindProblem('127.0.0.1', null)).toBeNull();
    expect(bindProblem('0.0.0.0', null)).toMatch(/refusing to listen on 0.0.0.0 without a token/);
    expect(bindProblem('0.0.0.0', TOKEN)).toBeNull();
  });
  it('refuses a short token', () => {
    expect(bindProblem('0.0.0.0', 'short')).toMatch(/at least 16/);
  });
});

describe('parseWebHostArgs', () => {
  it('defaults to loopback without a token', () => {
    const r = parseWebHostArgs([], {}, '/w');
    expect(r).toEqual({ ok: true, args: { host: '127.0.0.1', port: 5173, token: null, dataDir: '/w/.loupe-data', rendererDir: '/w/out/renderer' } });
  });
  it('takes the token from the environment so it stays out of ps', () => {
    const r = parseWebHostArgs(['--host', '0.0.0.0'], { LOUPE_WEB_TOKEN: TOKEN }, '/w');
    expect(r.ok && r.args.token).toBe(TOKEN);
  });
  it('refuses to start on a LAN address without a token', () => {
    const r = parseWebHostArgs(['--host', '0.0.0.0', '--port', '8080'], {}, '/w');
    expect(r.ok).toBe(false);
  });
  it('refuses unknown flags and bad ports', () => {
    expect(parseWebHostArgs(['--hots', 'x'], {}, '/w').ok).toBe(false);
    expect(parseWebHostArgs(['--port', '70000'], {}, '/w').ok).toBe(false);
  });
});
