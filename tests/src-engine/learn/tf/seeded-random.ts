// Reproducible test data: the synthetic line's mulberry32, so a failing case can be rerun exactly.
import { mulberry32 } from '../../../../src-engine/sources/synthetic/prng.js';

export const seededRandom = (seed: number): (() => number) => mulberry32(seed).next;

/** n values uniform in [-1, 1). */
export function randomValues(random: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => random() * 2 - 1);
}
