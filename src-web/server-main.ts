// `npm run web -- --host H --port P --token T --data DIR`: starts ONE engine
// process and serves the renderer plus a WebSocket to it. Every browser that
// connects shares that engine (its source, recipe and counters). If the engine
// dies, EngineKeeper restarts it under the crash limit and the bridge moves over.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnEngine } from '../src-engine/host/spawn-engine.js';
import { parseWebHostArgs, USAGE } from './cli-args.js';
import { EngineKeeper } from './engine-keeper.js';
import { startWebHost, type WebHost } from './web-host.js';
import { startSideServices, type SideServices } from './side-services.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const parsed = parseWebHostArgs(process.argv.slice(2));
  if (!parsed.ok) {
    log(`[web] ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  if (!existsSync(path.join(args.rendererDir, 'index.html'))) {
    log(`[web] no built renderer in ${args.rendererDir}; run \`npx electron-vite build\` first`);
    return 2;
  }
  mkdirSync(args.dataDir, { recursive: true });

  let shuttingDown = false;
  let host: WebHost | null = null;
  let side: SideServices | null = null;
  const keeper = new EngineKeeper(
    async (onExit) => {
      const engine = await spawnEngine({ env: { LOUPE_DATA_DIR: args.dataDir }, onExit });
      // The host relays raw envelopes; the spawn client's own validation of every frame would be wasted work.
      engine.client.dispose('the web host relays raw messages');
      return engine;
    },
    {
      onRestarted: (engine, message) => {
        log(`[web] ${message}`);
        host?.bridge.replaceEngine(engine.port, message);
      },
      onGiveUp: (message) => {
        // Without an engine the page would only show errors; exit so a supervisor (systemd, a shell loop) can step in.
        log(`[web] ${message}; stopping the web host`);
        host?.bridge.notifyAll('error', `${message}; the web host is stopping`);
        void (host?.close() ?? Promise.resolve()).finally(() => process.exit(1));
      },
    },
  );
  const engine = await keeper.start();

  host = await startWebHost({ host: args.host, port: args.port, token: args.token, rendererDir: args.rendererDir, engine: engine.port, log });
  // A restart while the host was still binding found no bridge to move over: move it now.
  const live = keeper.engine;
  if (live && live !== engine) host.bridge.replaceEngine(live.port, 'the engine stopped during start-up; restarted');
  log(`[web] engine ${engine.hello.engine} (OpenCV ${engine.hello.opencv}, pid ${engine.hello.pid})`);
  side = startSideServices(host.bridge, { LOUPE_DATA_DIR: args.dataDir }, log);
  log(`[web] serving ${args.rendererDir} at ${host.url}${args.token ? ' (token required: open ?token=… once)' : ''}`);
  // Machine-readable line for test harnesses that start us on port 0.
  process.stdout.write(`LOUPE_WEB_LISTENING ${host.url}\n`);

  const stop = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`[web] ${signal}: shutting down`);
    // Tell the keeper first, synchronously: a Ctrl+C reaches the engine child too, and its exit is no crash.
    const engineStopped = keeper.stop();
    const sideStopped = side?.stop();
    await host?.close();
    await engineStopped;
    await sideStopped;
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    log(`[web] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
