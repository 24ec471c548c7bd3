// Editing one bound of a tolerance band in place. An emptied field removes the
// bound, and a band with neither bound is removed, so the saved recipe holds
// only the checks someone meant.
import type { Band } from '../../src-shared/recipe.js';

export type Bound = 'min' | 'max';

/** Parses what was typed into a bound field: '' clears it; anything not a finite number is refused (null). */
export function parseBound(text: string): number | undefined | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

export function setBound(bands: Record<string, Band | undefined>, metric: string, bound: Bound, value: number | undefined): void {
  const next: Band = { ...(bands[metric] ?? {}) };
  if (value === undefined) delete next[bound];
  else next[bound] = value;
  if (next.min === undefined && next.max === undefined) delete bands[metric];
  else bands[metric] = next;
}
