// Event files and Loupe run files written the way the trainer writes them, for
// the run monitor's tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventFileWriter } from '../../../src-engine/runs/index.js';
import type { EpochDetails } from '../../../src-shared/runs-contract.js';

/** Writes `points` of `tag` (value = f(step)) into a new event file in `dir`, flushed. */
export function writeScalars(dir: string, tag: string, steps: number[], value: (step: number) => number, wallStart = 1_700_000_000): EventFileWriter {
  const opened = EventFileWriter.open(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  for (const step of steps) opened.value.addScalar(tag, value(step), step, wallStart + step);
  const flushed = opened.value.flush();
  if (!flushed.ok) throw new Error(flushed.error.message);
  return opened.value;
}

export function writeLoupeRunFile(runDir: string, hparams: Record<string, string | number | boolean>, classes = ['ok', 'ng']): void {
  mkdirSync(join(runDir, 'loupe'), { recursive: true });
  writeFileSync(
    join(runDir, 'loupe', 'run.json'),
    JSON.stringify({ schema: 'loupe.run/1', runId: 'r1', config: { epochs: 3 }, hparams, backend: 'wasm', classes, state: 'finished', createdAtMs: 1 }),
  );
}

export function epochFixture(epoch: number): Omit<EpochDetails, 'runId'> {
  return {
    epoch,
    classes: ['ok', 'ng'],
    confusion: [
      [40, 2],
      [3, 15],
    ],
    misclassified: [
      {
        sampleId: 's-17',
        label: 'ng',
        predicted: 'ok',
        confidence: 0.71,
        cropPng: 'iVBORw0KGgo=',
        cropSize: 64,
        metrics: { area: 1200, circularity: 0.81 },
        outline: [
          [10, 10],
          [50, 10],
          [50, 50],
        ],
        origin: 'synthetic seed 7 frame 3',
        historyRef: null,
      },
    ],
    metrics: { val_loss: 0.3, val_accuracy: 0.92 },
  };
}

export function writeEpochFile(runDir: string, details: unknown, epoch: number): void {
  mkdirSync(join(runDir, 'loupe'), { recursive: true });
  writeFileSync(join(runDir, 'loupe', `epoch-${epoch}.json`), JSON.stringify(details));
}
