// Which gray levels the sub-pixel estimator traces an object's edge at (see the
// comment block in subpixel-outline.ts for why the midpoint comes first).
import { FIELD_SCALE } from './subpixel-outline.js';

/** Below this contrast (gray levels) between object and background the midpoint is noise, not an edge. */
const MIN_CONTRAST = 6;

/**
 * Candidate iso-levels in field units, best first: halfway between the object's
 * and the background's median gray, then the global threshold (when there is
 * one), whose class boundary for integer pixels and `src > t` lies at floor(t) + 0.5.
 */
export function edgeLevels(objectLevel: number, backgroundLevel: number, polarity: 1 | -1, threshold8: number | null): number[] {
  const levels: number[] = [];
  if (Number.isFinite(objectLevel) && Number.isFinite(backgroundLevel) && polarity * (objectLevel - backgroundLevel) >= MIN_CONTRAST) {
    levels.push(((objectLevel + backgroundLevel) / 2) * FIELD_SCALE);
  }
  if (threshold8 !== null) {
    const t = (Math.floor(threshold8) + 0.5) * FIELD_SCALE;
    if (!levels.some((l) => Math.abs(l - t) < FIELD_SCALE)) levels.push(t);
  }
  return levels;
}
