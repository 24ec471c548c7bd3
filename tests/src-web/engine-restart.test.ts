// The real web host (server-main) with a real engine process: killing the engine
// is answered with a new engine while WebSocket clients stay connected; a crash
// loop ends with the host telling clients and exiting 1; SIGTERM is no crash.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

interface Msg {
  kind: string;
  id?: number;
  event?: string;
  result?: { ok: boolean; value?: { pid?: number } };
  payload?: { level?: string; message?: string };
}

let dir: string;
const hosts: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loupe-web-restart-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Loupe</title>');
});
afterEach(async () => {
  for (const child of hosts.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startHost() {
  // node itself (not npx), so signals reach the host and not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-web/server-main.ts', '--port', '0', '--data', path.join(dir, 'data'), '--renderer', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hosts.push(child);
  const log = { stderr: '' };
  child.stderr!.on('data', (d) => (log.stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /LOUPE_WEB_LISTENING http:\/\/(\S+?)\/?\s/.exec(out);
      if (m) resolve(`ws://${m[1]}/ws`);
    });
    void exited.then((code) => reject(new Error(`web host exited with ${code}:\n${log.stderr}`)));
  });
  return { child, log, exited, url };
}

async function connect(url: string) {
  const ws = new WebSocket(url);
  const messages: Msg[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Msg));
  await new Promise<void>((res, rej) => (ws.once('open', () => res()), ws.once('error', rej)));
  let nextId = 1;
  const hello = async (): Promise<Msg> => {
    const id = nextId++;
    ws.send(JSON.stringify({ kind: 'request', id, method: 'engine.hello', params: {} }));
    await expect.poll(() => messages.some((m) => m.kind === 'response' && m.id === id), { timeout: 15_000 }).toBe(true);
    return messages.find((m) => m.kind === 'response' && m.id === id)!;
  };
  const errorLogs = () => messages.filter((m) => m.event === 'log' && m.payload?.level === 'error').map((m) => m.payload!.message!);
  return { ws, messages, hello, errorLogs };
}

const pidOf = (m: Msg) => m.result!.value!.pid!;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('web host engine restarts', () => {
  it('restarts a killed engine; the client stays connected, hears why, and reaches the new engine', async () => {
    const host = await startHost();
    const client = await connect(host.url);
    const first = pidOf(await client.hello());
    expect(first).not.toBe(host.child.pid);

    process.kill(first, 'SIGKILL');
    await expect.poll(() => client.errorLogs(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^the engine stopped \(SIGKILL\); restarted \(pid \d+, crash 1 of 3/));
    // A fresh status follows the notice, so the page shows the new engine's state.
    const notice = client.messages.findIndex((m) => m.event === 'log' && m.payload?.level === 'error');
    await expect.poll(() => client.messages.slice(notice).some((m) => m.event === 'status'), { timeout: 10_000 }).toBe(true);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);

    const second = pidOf(await client.hello());
    expect(second).not.toBe(first);
    expect(host.log.stderr).toMatch(/\[web\] the engine stopped \(SIGKILL\); restarted/);

    // A clean shutdown is no crash: no restart, exit 0, and the engine goes with the host.
    client.ws.close();
    host.child.kill('SIGTERM');
    expect(await host.exited).toBe(0);
    expect(host.log.stderr.match(/restarted/g)).toHaveLength(1);
    await expect.poll(() => alive(second), { timeout: 10_000 }).toBe(false);
  });

  it('gives up at the third crash: clients are told and the host exits 1', async () => {
    const host = await startHost();
    const client = await connect(host.url);
    for (let crash = 1; crash <= 2; crash++) {
      process.kill(pidOf(await client.hello()), 'SIGKILL');
      await expect.poll(() => client.errorLogs().length, { timeout: 30_000 }).toBe(crash);
    }
    process.kill(pidOf(await client.hello()), 'SIGKILL');
    await expect.poll(() => client.errorLogs().length, { timeout: 30_000 }).toBe(3);
    expect(client.errorLogs()[2]).toMatch(/^the engine stopped \(SIGKILL\); it crashed 3 times \(limit: 3 crashes in 5 minutes\), not restarting it; the web host is stopping$/);
    expect(await host.exited).toBe(1);
    expect(host.log.stderr).toMatch(/not restarting it; stopping the web host/);
  });
});
