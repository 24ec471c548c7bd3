// Starts the engine as a forked Node process and hands back a ready client: the
// web host and the tests use this; Electron uses utility-entry.ts instead.
// Ready means the engine answered engine.hello, so callers never race its start-up.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createPortClient, type PortClient } from '../../src-shared/port-client.js';
import type { z } from 'zod';
import type { HelloSchema } from '../../src-shared/events.js';
import { createChildProcessPort } from './node-ipc-port.js';
import { ENGINE_OPTIONS_ENV, type EngineProcessOptions } from './engine-options-env.js';
import { ENGINE_MALLOC_ENV } from './engine-process-env.js';
import type { EnginePort } from './port.js';
import { sourceEntryPath } from '../source-entry.js';
import type { RequestMethod } from '../../src-shared/messages.js';
import packageJson from '../../package.json' with { type: 'json' };

export interface SpawnEngineOptions {
  /** Entry module of the child (default: the engine's child-entry.ts; the trainer and run monitor have their own). */
  entry?: string;
  /**
   * A cheap request the service answers once it is ready, for entries other than
   * the engine's (which answers engine.hello): e.g. train.status, runs.list.
   */
  readyMethod?: RequestMethod;
  /** Options for the engine's service (default source, status interval, …). */
  engine?: EngineProcessOptions;
  /** Extra environment for the child (merged over process.env). */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child; relative source paths resolve against it. */
  cwd?: string;
  /** Timeout of each client request (default 15 s). */
  requestTimeoutMs?: number;
  /** How long to wait for the engine's hello (default 30 s: loading OpenCV and tsx takes a few seconds). */
  startTimeoutMs?: number;
  /**
   * Where the child's stdout/stderr go (default: inherited). With 'pipe' the caller
   * must read child.stdout and child.stderr: a full pipe blocks the engine.
   */
  stdio?: 'inherit' | 'pipe' | 'ignore';
  /** Called when the engine process exits, whether or not close() asked it to. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface SpawnedEngine {
  client: PortClient;
  /** The parent's raw end of the IPC channel (for hosts that relay messages unchanged, e.g. a WebSocket bridge). */
  port: EnginePort;
  child: ChildProcess;
  hello: z.infer<typeof HelloSchema>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Disconnects (the engine exits on disconnect), and kills it if it has not exited within `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

const CHILD_ENTRY = sourceEntryPath('engineChild');

/** An absolute URL for tsx's loader, so `--import` works whatever the child's cwd is. */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

export async function spawnEngine(options: SpawnEngineOptions = {}): Promise<SpawnedEngine> {
  const child = fork(options.entry ?? CHILD_ENTRY, [], {
    execArgv: ['--import', tsxLoaderUrl()],
    serialization: 'advanced', // typed arrays survive the channel
    cwd: options.cwd,
    env: { ...ENGINE_MALLOC_ENV, ...process.env, ...options.env, ...(options.engine ? { [ENGINE_OPTIONS_ENV]: JSON.stringify(options.engine) } : {}) },
    stdio: options.stdio === undefined || options.stdio === 'inherit' ? 'inherit' : ['ignore', options.stdio, options.stdio, 'ipc'],
  });

  const port = createChildProcessPort(child);
  const client = createPortClient(port, { timeoutMs: options.requestTimeoutMs });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      // Whatever is still pending will never be answered: say so now, not after a timeout.
      client.dispose(`the engine process exited (${signal ?? `code ${code}`})`);
      options.onExit?.(code, signal);
      resolve({ code, signal });
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));

  const close = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const hello = await Promise.race([
    options.readyMethod
      ? waitForAnswer(client, options.readyMethod, startTimeoutMs).then(() => ({ engine: packageJson.version, opencv: 'n/a', pid: child.pid ?? -1 }))
      : waitForHello(client, startTimeoutMs),
    spawnError,
    exited.then(({ code, signal }) => {
      throw new Error(`the engine process exited during start-up (${signal ?? `code ${code}`})`);
    }),
  ]).catch(async (err: unknown) => {
    await close(1000);
    throw err;
  });
  return { client, port, child, hello, exited, close };
}

/** Asks for hello until the engine answers: the first requests may land before its handlers are attached. */
async function waitForHello(client: PortClient, timeoutMs: number): Promise<z.infer<typeof HelloSchema>> {
  return (await waitForAnswer(client, 'engine.hello', timeoutMs)) as z.infer<typeof HelloSchema>;
}

/** Sends `method` (with empty params) until the child answers it, or the time is up. */
async function waitForAnswer(client: PortClient, method: RequestMethod, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    const answer = await Promise.race([
      client.request(method as 'engine.hello', {}),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.min(2000, Math.max(1, deadline - Date.now())))),
    ]);
    if (answer?.ok) return answer.value;
    if (answer) lastProblem = answer.error.message;
  }
  throw new Error(`the process did not answer ${method} within ${timeoutMs} ms (${lastProblem})`);
}
