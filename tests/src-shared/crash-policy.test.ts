import { describe, expect, it } from 'vitest';
import { CrashLimiter } from '../../src-shared/crash-policy.js';

describe('crash limit', () => {
  const MIN = 60_000;
  it('restarts after the first two crashes and gives up at the third within 5 minutes', () => {
    const l = new CrashLimiter();
    expect(l.recordCrash(0).action).toBe('restart');
    expect(l.recordCrash(1 * MIN).action).toBe('restart');
    expect(l.recordCrash(4 * MIN)).toEqual({ action: 'give-up', crashesInWindow: 3 });
  });
  it('forgets crashes older than the window', () => {
    const l = new CrashLimiter();
    l.recordCrash(0);
    l.recordCrash(2 * MIN);
    // The crash at 0 is more than 5 minutes old by now; only the one at 2 min counts.
    expect(l.recordCrash(6 * MIN)).toEqual({ action: 'restart', crashesInWindow: 2 });
  });
  it('starts over when the user asks to retry', () => {
    const l = new CrashLimiter();
    l.recordCrash(0);
    l.recordCrash(1);
    l.reset();
    expect(l.recordCrash(2).action).toBe('restart');
  });
});
