// What-if re-inspection: the kept full pictures inspected again with a
// candidate recipe, each new verdict compared with the one recorded. Runs in
// the job child (OpenCV), one picture at a time, yielding between pictures.
import type { Recipe } from '../../src-shared/recipe.js';
import { readImageFile } from '../images/read-image.js';
import { inspectImage } from '../vision/inspect-image.js';
import type { WhatIfItem } from './job-protocol.js';

export interface WhatIfFlip {
  frameId: number;
  from: 'ok' | 'ng';
  to: 'ok' | 'ng';
}

export interface WhatIfTally {
  inspected: number;
  okToNg: number;
  ngToOk: number;
  unchanged: number;
  /** Pictures that could not be read or inspected (each also reported as a problem). */
  unreadable: number;
  flipped: WhatIfFlip[];
}

export async function reinspect(
  items: readonly WhatIfItem[],
  recipe: Recipe,
  report: { progress(done: number, total: number): void; problem(text: string): void },
): Promise<WhatIfTally> {
  const tally: WhatIfTally = { inspected: 0, okToNg: 0, ngToOk: 0, unchanged: 0, unreadable: 0, flipped: [] };
  for (const [i, item] of items.entries()) {
    const image = readImageFile(item.picture);
    if (!image.ok) {
      tally.unreadable++;
      report.problem(`frame ${item.frameId}: its picture cannot be read (${image.error.message})`);
    } else {
      try {
        const to = inspectImage(image.value, recipe, { seq: i, timestampMs: 0 }).verdict.ok ? 'ok' : 'ng';
        tally.inspected++;
        if (to === item.verdict) tally.unchanged++;
        else {
          tally.flipped.push({ frameId: item.frameId, from: item.verdict, to });
          if (to === 'ng') tally.okToNg++;
          else tally.ngToOk++;
        }
      } catch (err) {
        tally.unreadable++;
        report.problem(`frame ${item.frameId}: inspection failed (${(err as Error).message})`);
      } finally {
        image.value.release();
      }
    }
    report.progress(i + 1, items.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tally;
}
