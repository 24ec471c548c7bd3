// Input handling both chart kinds share: unmeasurable values are left out (and
// said so), and the notes on how trustworthy the limits are.
import type { Baseline, ChartNote } from './control-chart.js';

/** Drops NaN and ±Infinity (a metric that could not be measured), keeping the order of the rest. */
export function finiteOnly(values: readonly number[]): { finite: number[]; notes: ChartNote[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  const dropped = values.length - finite.length;
  const notes: ChartNote[] =
    dropped > 0 ? [{ code: 'not-finite', message: `${dropped} value(s) were not finite numbers (not measured) and were left out` }] : [];
  return { finite, notes };
}

export function limitsNotes(baseline: Baseline, available: number, what: 'subgroups' | 'points', spread: number): ChartNote[] {
  const notes: ChartNote[] = [];
  if (baseline.kind === 'first' && available < baseline.count) {
    notes.push({
      code: 'provisional-limits',
      message: `the baseline asks for the first ${baseline.count} ${what} but only ${available} exist; the limits are provisional`,
    });
  }
  if (spread === 0) {
    notes.push({ code: 'zero-spread', message: `the baseline ${what} show no variation, so the limits collapse onto the centre line and no run rules apply` });
  }
  return notes;
}
