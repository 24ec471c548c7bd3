// Which frames keep their picture. Decided on the live loop, so it is a test
// and a counter, nothing more: every NG frame, and one in `everyNthOk` OK frames.
import type { FrameResult } from '../../src-shared/inspection.js';

export type KeepReason = 'ng' | 'sampled-ok';

export class ImageRetention {
  private okSeen = 0;

  /** `everyNthOk`: 1 keeps every OK frame, 0 keeps none. */
  constructor(readonly everyNthOk: number) {
    if (!Number.isInteger(everyNthOk) || everyNthOk < 0) throw new Error(`the OK-picture sampling must be a whole number >= 0 (got ${everyNthOk})`);
  }

  decide(result: FrameResult): KeepReason | null {
    if (!result.verdict.ok) return 'ng';
    if (this.everyNthOk === 0) return null;
    return this.okSeen++ % this.everyNthOk === 0 ? 'sampled-ok' : null;
  }
}
