// Keeps one engine process alive for the web host: an unexpected exit is
// recorded in the shared crash policy and answered with a fresh engine, until the
// policy gives up (a crash loop only burns CPU and hides the cause). A stop the
// host asked for is not a crash. The spawner is injected so tests can fake it.
import { CrashLimiter, DEFAULT_CRASH_LIMIT } from '../src-shared/crash-policy.js';
import type { EnginePort } from '../src-engine/host/port.js';

/** The part of a spawned engine the keeper and the host use (spawnEngine's result fits). */
export interface KeptEngine {
  port: EnginePort;
  hello: { engine: string; opencv: string; pid: number };
  close(): Promise<void>;
}

export type ExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;
export type StartEngine = (onExit: ExitListener) => Promise<KeptEngine>;

export interface KeeperEvents {
  /** A new engine replaced a dead one; `message` says why, for logs and clients. */
  onRestarted(engine: KeptEngine, message: string): void;
  /** The crash limit was reached (or a restart kept failing); no engine is running. */
  onGiveUp(message: string): void;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) => signal ?? `code ${code}`;
const LIMIT = `${DEFAULT_CRASH_LIMIT.maxCrashes} crashes in ${DEFAULT_CRASH_LIMIT.windowMs / 60_000} minutes`;

export class EngineKeeper {
  private current: KeptEngine | null = null;
  private stopping = false;

  constructor(
    private readonly startEngine: StartEngine,
    private readonly events: KeeperEvents,
    private readonly limiter = new CrashLimiter(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the first engine; a failure here is thrown (there is nothing to keep yet). */
  async start(): Promise<KeptEngine> {
    return this.spawn();
  }

  get engine(): KeptEngine | null {
    return this.current;
  }

  /** A clean shutdown: the exit it causes is not a crash and restarts nothing. */
  async stop(): Promise<void> {
    this.stopping = true;
    const engine = this.current;
    this.current = null;
    await engine?.close();
  }

  private async spawn(): Promise<KeptEngine> {
    let engine: KeptEngine | null = null;
    // Only the engine in service counts: an exit during start-up is reported by the rejected spawn instead.
    engine = await this.startEngine((code, signal) => {
      if (engine !== null && engine === this.current) void this.onCrash(`the engine stopped (${describeExit(code, signal)})`);
    });
    if (this.stopping) {
      await engine.close(); // stop() came while this one was starting
      throw new Error('the web host is shutting down');
    }
    this.current = engine;
    return engine;
  }

  private async onCrash(what: string): Promise<void> {
    this.current = null;
    if (this.stopping) return;
    const decision = this.limiter.recordCrash(this.now());
    if (decision.action === 'give-up') {
      this.events.onGiveUp(`${what}; it crashed ${decision.crashesInWindow} times (limit: ${LIMIT}), not restarting it`);
      return;
    }
    try {
      const engine = await this.spawn();
      this.events.onRestarted(engine, `${what}; restarted (pid ${engine.hello.pid}, crash ${decision.crashesInWindow} of ${LIMIT})`);
    } catch (err) {
      if (this.stopping) return;
      // A restart that cannot even start counts as another crash, so a broken engine still ends in give-up.
      await this.onCrash(`the engine could not be restarted (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}
