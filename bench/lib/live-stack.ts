// The whole workstation for a browser benchmark: the real engine process on the
// synthetic line, the web host bridging it, and the built renderer open in
// Debian's headless Chromium with the page probe on. Requests go straight over
// the engine port, so the bench process does not validate every frame (it
// also runs the bridge, whose CPU the live suite measures).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { REPO_ROOT } from './paths.js';
import { spawnEngine, type SpawnedEngine } from '../../src-engine/host/spawn-engine.js';
import type { EnginePort } from '../../src-engine/host/port.js';
import { startWebHost } from '../../src-web/web-host.js';
import { SERVICE_CHILD_ENTRIES, SERVICE_READY_METHODS } from '../../src-engine/host/service-entries.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export type RawRequest = <T>(method: string, params?: unknown) => Promise<T>;

export interface LiveStack {
  engine: SpawnedEngine;
  host: Awaited<ReturnType<typeof startWebHost>>;
  browser: Browser;
  page: Page;
  request: RawRequest;
  close(): Promise<void>;
}

function rawRequester(port: EnginePort): RawRequest {
  let nextId = 2_000_000_000;
  return <T>(method: string, params: unknown = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const off = port.onMessage((msg) => {
        const m = msg as { kind?: string; id?: number; result?: { ok: boolean; value?: T; error?: { message: string } } };
        if (m.kind !== 'response' || m.id !== id) return;
        off();
        if (m.result?.ok) resolve(m.result.value as T);
        else reject(new Error(`${method}: ${m.result?.error?.message}`));
      });
      port.postMessage({ kind: 'request', id, method, params });
    });
}

/** Starts engine, web host and a page on the synthetic line at `fps` (not yet running); `close` undoes all of it. */
export async function startLiveStack(options: {
  fps: number;
  viewport?: { width: number; height: number };
  /** Fills the engine's data folder before the engine starts (e.g. a model bundle to load). */
  prepareDataDir?: (dir: string) => Promise<void>;
}): Promise<LiveStack> {
  if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
  await options.prepareDataDir?.(dataDir);
  const engine = await spawnEngine({ env: { LOUPE_DATA_DIR: dataDir }, stdio: 'inherit' });
  engine.client.dispose('the bench relays raw messages'); // its validation would load the bridge's process
  const request = rawRequester(engine.port);
  const host = await startWebHost({ host: '127.0.0.1', port: 0, token: null, rendererDir: join(REPO_ROOT, 'out', 'renderer'), engine: engine.port });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const close = async () => {
    await browser.close();
    await host.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await request('source.open', { source: { kind: 'synthetic', seed: 7, width: 1280, height: 1024, fps: options.fps } });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1600, height: 950 } });
    // tsx compiles the bench with esbuild's keepNames, which wraps named inner
    // functions in __name(…); functions handed to page.evaluate need it defined there.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.goto(`${host.url}?probe=1`);
    await page.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent !== 'OFFLINE');
    return { engine, host, browser, page, request, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Starts the workbench process on `dataDir` beside the stack's engine and
 * routes its namespaces (runs, history, labels) through the stack's web host,
 * as the real host does; the caller closes it.
 */
export async function attachWorkbench(stack: LiveStack, dataDir: string): Promise<SpawnedEngine> {
  const workbench = await spawnEngine({
    entry: SERVICE_CHILD_ENTRIES.workbench,
    readyMethod: SERVICE_READY_METHODS.workbench,
    env: { LOUPE_DATA_DIR: dataDir },
    stdio: 'inherit',
  });
  workbench.client.dispose('the bench relays raw messages');
  stack.host.bridge.attachService('workbench', workbench.port);
  return workbench;
}
