// Engine crash supervision policy, in the spirit of VS Code's utility process
// tracking: restart after a crash, but after 3 crashes within 5 minutes stop and
// tell the user (restarting a crash loop only burns CPU and hides the cause).
// Plain TS so both engine hosts share it: the Electron shell and the web host.
export interface CrashLimitOptions {
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_CRASH_LIMIT: CrashLimitOptions = { maxCrashes: 3, windowMs: 5 * 60_000 };

export type CrashDecision = { action: 'restart'; crashesInWindow: number } | { action: 'give-up'; crashesInWindow: number };

export class CrashLimiter {
  private crashes: number[] = [];

  constructor(private readonly options: CrashLimitOptions = DEFAULT_CRASH_LIMIT) {}

  /** Records a crash at `atMs` and says what to do about it. */
  recordCrash(atMs: number): CrashDecision {
    this.crashes = this.crashes.filter((t) => atMs - t < this.options.windowMs);
    this.crashes.push(atMs);
    const n = this.crashes.length;
    return n >= this.options.maxCrashes ? { action: 'give-up', crashesInWindow: n } : { action: 'restart', crashesInWindow: n };
  }

  /** The user asked to try again after giving up. */
  reset(): void {
    this.crashes = [];
  }
}
