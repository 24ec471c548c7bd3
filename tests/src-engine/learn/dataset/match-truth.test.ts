// Matching engine objects to drawn parts by centre: the nearest truth centre
// within the object's equivalent radius, or nothing.
import { describe, expect, it } from 'vitest';
import type { PartTruth } from '../../../../src-shared/inspection.js';
import { matchTruth } from '../../../../src-engine/learn/dataset/match-truth.js';

const part = (id: number, x: number, y: number, defect: PartTruth['defect'] = 'none'): PartTruth => ({ id, shape: 'disc', center: [x, y], area: 3200, perimeter: 200, ok: defect === 'none', defect });
const object = (x: number, y: number, equivalentDiameter: number) => ({ centroid: [x, y] as [number, number], metrics: { equivalentDiameter } as never });

describe('matchTruth', () => {
  it('takes the nearest truth centre within the equivalent radius', () => {
    const parts = [part(0, 100, 100), part(1, 300, 100)];
    expect(matchTruth(object(102, 99, 64), parts)?.id).toBe(0);
    expect(matchTruth(object(297, 103, 64), parts)?.id).toBe(1);
  });

  it('matches nothing when no centre is within reach (noise, a fragment)', () => {
    expect(matchTruth(object(200, 100, 64), [part(0, 100, 100), part(1, 300, 100)])).toBeNull();
    expect(matchTruth(object(10, 10, 64), [])).toBeNull();
  });

  it('a touching pair (one object, centroid between two parts) matches one of them', () => {
    const parts = [part(0, 100, 100, 'touching'), part(1, 160, 100, 'touching')];
    const m = matchTruth(object(132, 100, 90), parts); // 28 px from part 1, 32 from part 0
    expect(m?.defect).toBe('touching');
    expect(m?.id).toBe(1);
  });
});
