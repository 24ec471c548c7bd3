// The synthetic line's own random numbers. Math.random cannot be seeded and
// OpenCV's RNG is global state other code may touch, so frames and truth would
// not be reproducible; mulberry32 is tiny, fast and good enough for drawing.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Integer uniform in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal (mean 0, σ 1). */
  gaussian(): number;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    gaussian: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Box–Muller; 1 - u keeps log() away from zero.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Mixes a seed with a stream number (e.g. the frame index) so every frame has
 * its own independent, reproducible stream. The seed is mixed before the
 * stream is added, so (seed 1, frame 2) and (seed 2, frame 1) differ.
 */
export function deriveSeed(seed: number, stream: number): number {
  const mixedSeed = fmix32((seed >>> 0) ^ 0x9e3779b9);
  return fmix32((mixedSeed + Math.imul(stream >>> 0, 0x9e3779b1)) >>> 0);
}
