// Builds small histories for reader, label and picture tests in the test's own
// thread: the HistoryWriter the store's worker runs, without the worker.
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { FrameResult, ObjectResult } from '../../../src-shared/inspection.js';
import { HistoryWriter, type HistoryWriterOptions } from '../../../src-engine/store/history-writer.js';
import { ImageFiles } from '../../../src-engine/store/image-files.js';
import { LabelTable } from '../../../src-engine/store/label-table.js';
import { databaseFile, openWriteDatabase } from '../../../src-engine/store/open-database.js';
import type { SourceSpec } from '../../../src-shared/sources.js';
import { makeFrameResult } from './make-frame-result.js';

export const T0 = 1_700_000_000_000;

export interface FrameSpec {
  seq: number;
  ok?: boolean;
  atMs?: number;
  recipeVersion?: number;
  processingMs?: number;
  /** One entry per object: its part and any metric overrides. */
  objects?: { part?: string | null; area?: number; circularity?: number }[];
}

export function frameFrom(spec: FrameSpec): FrameResult {
  const base = makeFrameResult(spec.seq, spec.ok ?? true);
  const template = base.objects[0];
  const objects: ObjectResult[] = (spec.objects ?? [{}]).map((o, id) => ({
    ...template,
    id,
    part: o.part === undefined ? 'disc' : o.part,
    metrics: { ...template.metrics, ...(o.area !== undefined ? { area: o.area } : {}), ...(o.circularity !== undefined ? { circularity: o.circularity } : {}) },
  }));
  return {
    ...base,
    timestampMs: spec.atMs ?? T0 + spec.seq * 1000,
    recipe: { name: 'test', version: spec.recipeVersion ?? 3 },
    metrics: { ...base.metrics, processingMs: spec.processingMs ?? 1.5, objectCount: objects.length },
    objects,
  };
}

export interface TestHistory {
  dir: string;
  db: Database.Database;
  writer: HistoryWriter;
  labels: LabelTable;
  reports: string[];
  run(source?: SourceSpec, runId?: number): number;
  add(runId: number, frames: FrameSpec[]): void;
  close(): void;
}

export function openTestHistory(dir: string, options: Partial<HistoryWriterOptions> = {}): TestHistory {
  const db = openWriteDatabase(databaseFile(dir));
  const reports: string[] = [];
  const writer = new HistoryWriter(db, {
    files: new ImageFiles(path.join(dir, 'images')),
    imageQuotaBytes: 1e12,
    report: (m) => reports.push(m),
    ...options,
  });
  let nextRun = 1;
  return {
    dir,
    db,
    writer,
    labels: new LabelTable(db),
    reports,
    run: (source = { kind: 'synthetic', seed: 1, width: 640, height: 480, fps: 30, partsPerFrame: 5, defectRate: 0, noise: 0, lightingDrift: 0, frames: 0 }, runId = nextRun++) => {
      writer.add({ type: 'run', run: runId, source, recipe: { name: 'test', version: 3 }, startedAtMs: T0 });
      return runId;
    },
    add: (runId, frames) => {
      for (const f of frames) writer.add({ type: 'frame', run: runId, result: frameFrom(f), picture: null });
      if (writer.commit() === null) throw new Error(`commit failed: ${reports.at(-1)}`);
    },
    close: () => db.close(),
  };
}
