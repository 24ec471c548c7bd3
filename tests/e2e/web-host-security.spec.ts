// The web host's gatekeeping, against a second host started here with a token
// (so its log can be read): no token → 401 and nothing else; a browser gets in
// with ?token= once; malformed and oversized WebSocket messages are refused with
// an error and a log line while the connection and the engine stay up.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { EngineObserver } from './engine-observer.js';

const TOKEN = 'e2e-token-3f9a1c7b5d2e8f60';
let child: ChildProcess;
let base: string;
let stderr = '';

test.beforeAll(async () => {
  // node itself (not npx), so SIGTERM in afterAll reaches the host, which then closes its engine.
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-web/server-main.ts', '--host', '127.0.0.1', '--port', '0', '--token', TOKEN, '--data', 'test-results/e2e-data-token'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', (d) => (stderr += String(d)));
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /LOUPE_WEB_LISTENING (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${stderr}`)));
  });
});

test.afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

function raw(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

test('missing or wrong token: 401 and nothing else', async () => {
  for (const [path, headers] of [
    ['/', {}],
    ['/index.html', {}],
    ['/assets/', {}],
    ['/ws', {}],
    ['/?token=not-the-token-at-all', {}],
    ['/', { cookie: 'loupe_token=wrong-wrong-wrong-wrong' }],
    ['/', { authorization: 'Bearer wrong-wrong-wrong-wrong' }],
  ] as const) {
    const r = await raw(path, headers);
    expect(r.status, path).toBe(401);
    expect(r.body, path).toBe('');
    // Only transport headers: no CSP, no content type, nothing that hints at what is behind the door.
    expect(Object.keys(r.headers).filter((h) => !['connection', 'content-length', 'date', 'keep-alive'].includes(h)), path).toEqual([]);
  }
  // The WebSocket upgrade is refused the same way.
  const ws = new EngineObserver(`${base.replace('http', 'ws')}/ws`);
  await expect(ws.opened).rejects.toThrow(/401/);
});

test('a browser opened with ?token= gets in and sees the live view', async ({ page }) => {
  const response = await page.goto(`${base}/?token=${TOKEN}`);
  expect(response!.status()).toBe(200);
  expect(page.url()).toBe(`${base}/`); // the token left the address bar
  await expect(page.getByTestId('run-state')).toHaveText(/STOPPED|RUNNING/);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'loupe_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
});

test('malformed and oversized messages are refused and logged; the connection and engine stay up', async () => {
  const ws = new EngineObserver(`${base.replace('http', 'ws')}/ws`, { authorization: `Bearer ${TOKEN}` });
  await ws.opened;

  ws.sendRaw('{"kind":"request","id":'); // not JSON
  const badParams = await ws.request('view.configure', { width: 1, height: 'tall' });
  ws.sendRaw(JSON.stringify({ kind: 'request', id: 99, method: 'engine.hello', params: {}, pad: 'x'.repeat(1_200_000) })); // over 1 MiB

  await expect.poll(() => ws.logs.length).toBeGreaterThanOrEqual(2);
  expect(ws.logs[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/not valid JSON/) });
  expect(ws.logs[1]).toMatchObject({ level: 'error', message: expect.stringMatching(/exceeds the 1048576-byte limit/) });
  expect(badParams.ok).toBe(false);
  expect(badParams.error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/width/) });
  await expect.poll(() => (stderr.match(/refused a message/g) ?? []).length).toBeGreaterThanOrEqual(3);

  // Still connected, and the engine still answers.
  expect(ws.isOpen).toBe(true);
  const hello = await ws.request<{ engine: string }>('engine.hello');
  expect(hello.ok).toBe(true);
  const status = await ws.request<{ running: boolean }>('run.stop');
  expect(status.ok).toBe(true);
  expect(child.exitCode).toBeNull();
  ws.close();
});
