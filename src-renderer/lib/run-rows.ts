// The runs table's rows: one per run as the user thinks of it. Keras (and
// Loupe's trainer) write a run as two folders, `<run>/train` and
// `<run>/validation`, which the event files list as two runs; here they are one
// row, its final figures named the way Keras' history names them (loss,
// val_loss), per-epoch figures preferred over per-batch ones.
import type { RunInfo } from '../../src-shared/runs-contract.js';
import { baseRunOf, parseTag } from './tag-parts.js';

export interface RunRow {
  /** logdir + base run: the same key the charts colour by. */
  key: string;
  label: string;
  logdir: string;
  runIds: string[];
  /** The folders of the row, as the event files name them. */
  runs: string[];
  hparams: Record<string, string | number | boolean>;
  final: Record<string, number>;
  points: number;
  lastWallTime: number | null;
  loupe: boolean;
  badRecords: number;
}

export const rowKeyOf = (run: Pick<RunInfo, 'logdir' | 'run'>): string => `${run.logdir}\0${baseRunOf(run.run)}`;

const GRANULARITY_RANK = { epoch: 0, step: 1, batch: 2 } as const;

export function runRows(runs: readonly RunInfo[]): RunRow[] {
  const rows = new Map<string, RunRow>();
  // Which granularity each final figure came from, so an epoch figure is not overwritten by a batch one.
  const finalRank = new Map<string, number>();
  for (const run of runs) {
    const key = rowKeyOf(run);
    let row = rows.get(key);
    if (!row) {
      row = { key, label: baseRunOf(run.run), logdir: run.logdir, runIds: [], runs: [], hparams: {}, final: {}, points: 0, lastWallTime: null, loupe: false, badRecords: 0 };
      rows.set(key, row);
    }
    row.runIds.push(run.id);
    row.runs.push(run.run);
    Object.assign(row.hparams, run.hparams);
    row.points += run.points;
    row.loupe ||= run.loupe;
    row.badRecords += run.badRecords;
    if (run.lastWallTime !== null) row.lastWallTime = Math.max(row.lastWallTime ?? -Infinity, run.lastWallTime);
    for (const [tag, value] of Object.entries(run.final)) {
      const parts = parseTag(tag, run.run);
      const name = parts.split === 'val' ? `val_${parts.metric}` : parts.metric;
      const rank = GRANULARITY_RANK[parts.granularity];
      const slot = `${key}\0${name}`;
      if ((finalRank.get(slot) ?? Infinity) < rank) continue;
      finalRank.set(slot, rank);
      row.final[name] = value;
    }
  }
  return [...rows.values()];
}

export type SortKey = { kind: 'label' | 'points' | 'time' } | { kind: 'hparam' | 'final'; name: string };

function cell(row: RunRow, key: SortKey): string | number | boolean | null {
  switch (key.kind) {
    case 'label':
      return row.label;
    case 'points':
      return row.points;
    case 'time':
      return row.lastWallTime;
    case 'hparam':
      return row.hparams[key.name] ?? null;
    case 'final':
      return row.final[key.name] ?? null;
  }
}

/** Sorted copy; rows without the value go last in either direction, numbers compare as numbers. */
export function sortRows(rows: readonly RunRow[], key: SortKey, descending: boolean): RunRow[] {
  return [...rows].sort((a, b) => {
    const x = cell(a, key);
    const y = cell(b, key);
    if (x === null || (typeof x === 'number' && Number.isNaN(x))) return y === null ? 0 : 1;
    if (y === null || (typeof y === 'number' && Number.isNaN(y))) return -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return descending ? -order : order;
  });
}

/** The union of the rows' hyper-parameter and final-figure names, for the table's columns. */
export function columnsOf(rows: readonly RunRow[]): { hparams: string[]; finals: string[] } {
  const hparams = new Set<string>();
  const finals = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r.hparams)) hparams.add(k);
    for (const k of Object.keys(r.final)) finals.add(k);
  }
  const byMetric = (a: string, b: string) => a.replace(/^val_/, '').localeCompare(b.replace(/^val_/, '')) || a.localeCompare(b);
  return { hparams: [...hparams].sort(), finals: [...finals].sort(byMetric) };
}
