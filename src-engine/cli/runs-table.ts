// `npm run runs -- show` without --json: one aligned row per run and tag, then
// the counts of bad records and truncated tails.
import type { LogdirSummary } from '../runs/logdir-watcher.js';

const HEADER = ['run', 'tag', 'count', 'first step', 'last step', 'last value', 'min', 'max'];
const NUMERIC_FROM = 2;

/** Six significant digits: enough to compare runs, short enough to read. */
const formatValue = (v: number): string => (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

export function formatRunsTable(summary: LogdirSummary): string {
  const rows: string[][] = [];
  for (const [run, tags] of Object.entries(summary.runs)) {
    for (const [tag, s] of Object.entries(tags)) {
      rows.push([run, tag, String(s.count), String(s.firstStep), String(s.lastStep), formatValue(s.lastValue), formatValue(s.min), formatValue(s.max)]);
    }
  }
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= NUMERIC_FROM ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = rows.length > 0 ? [line(HEADER), ...rows.map(line)] : ['no scalars in the event files'];
  lines.push(`${summary.badRecords} bad record(s), ${summary.truncatedTails} truncated tail(s)`);
  return lines.join('\n') + '\n';
}
