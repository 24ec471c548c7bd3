// `--data SOURCE` of `npm run train`: `synthetic`, `synthetic:SEED`, `history`
// (the default data folder's labelled history), `history:DATA_DIR`, or the path
// of a labelled folder (one sub-folder per class).
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { TrainDataSpec } from '../../src-shared/train-contract.js';
import { DEFAULT_DATA_DIR } from '../learn/host/trainer-paths.js';

export function parseTrainSource(source: string, o: { frames?: number; defectRate?: number } = {}): Result<TrainDataSpec> {
  const synthetic = /^synthetic(?::(.*))?$/.exec(source);
  if (synthetic) {
    const seedText = synthetic[1];
    const seed = seedText === undefined ? 7 : Number(seedText);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) return fail('bad-request', `--data ${source}: the seed must be a whole number from 0 to 2147483647`, 'data');
    return ok({ kind: 'synthetic', seed, frames: o.frames ?? 80, defectRate: o.defectRate ?? 0.35 });
  }
  const history = /^history(?::(.*))?$/.exec(source);
  if (history) {
    if (history[1] === '') return fail('bad-request', `--data ${source}: give the data folder after "history:", or just history for ${DEFAULT_DATA_DIR}`, 'data');
    return ok({ kind: 'history', dataDir: resolve(history[1] ?? DEFAULT_DATA_DIR) });
  }
  if (source.trim() === '') return fail('bad-request', '--data is empty: give synthetic, synthetic:SEED, history, history:DATA_DIR or a labelled folder', 'data');
  return ok({ kind: 'folder', path: resolve(source) });
}
