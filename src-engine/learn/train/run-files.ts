// Loupe's own files beside a run's event files, for the run monitor:
// `<run>/loupe/run.json` (what the run is: config, hparams, backend, classes,
// state) and one `<run>/loupe/epoch-<n>.json` per epoch (confusion matrix,
// figures and the misclassified validation samples). `n` is the epoch's
// TensorBoard step (0-based), so a point on an epoch_* chart names its file.
// Every file is replaced atomically: the monitor may read at any moment.
import { join } from 'node:path';
import { z } from 'zod';
import { EpochDetailsSchema, type EpochDetails } from '../../../src-shared/runs-contract.js';
import { TRAIN_STATES, type TrainConfig } from '../../../src-shared/train-contract.js';
import { writeFileAtomicSync } from '../../files/write-file-atomic.js';
import { nodeDurableFs } from '../bundle/durable-fs.js';

export const RUN_SCHEMA = 'loupe.run/1';
export const LOUPE_FOLDER = 'loupe';

export const RunFileSchema = z.object({
  schema: z.literal(RUN_SCHEMA),
  runId: z.string(),
  config: z.record(z.string(), z.unknown()),
  hparams: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  backend: z.string(),
  classes: z.array(z.string()),
  state: z.enum(TRAIN_STATES),
  createdAtMs: z.number(),
});
export type RunFile = z.infer<typeof RunFileSchema>;

/** The file's epoch details are EpochDetails without the run id (the monitor knows which run it read). */
export const EpochFileSchema = EpochDetailsSchema.omit({ runId: true });
export type EpochFile = Omit<EpochDetails, 'runId'>;

export const runFilePath = (runDir: string): string => join(runDir, LOUPE_FOLDER, 'run.json');
export const epochFilePath = (runDir: string, epoch: number): string => join(runDir, LOUPE_FOLDER, `epoch-${epoch}.json`);

/** The config as flat hyper-parameters (data.kind, data.seed, model, learningRate, …), as TensorBoard's HParams shows them. */
export function hparamsOf(config: TrainConfig): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const walk = (value: unknown, prefix: string): void => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[prefix] = value;
  };
  walk(config, '');
  return out;
}

export function writeRunFile(runDir: string, run: RunFile): void {
  nodeDurableFs.mkdir(join(runDir, LOUPE_FOLDER));
  writeFileAtomicSync(runFilePath(runDir), JSON.stringify(RunFileSchema.parse(run), null, 2) + '\n');
}

export function readRunFile(runDir: string): RunFile | null {
  try {
    const parsed = RunFileSchema.safeParse(JSON.parse(nodeDurableFs.readFile(runFilePath(runDir)).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Non-finite figures (an empty share is NaN) are left out: JSON has no NaN, and the monitor shows "no value". */
export const finiteOnly = (metrics: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));

export function writeEpochFile(runDir: string, details: EpochFile): void {
  nodeDurableFs.mkdir(join(runDir, LOUPE_FOLDER));
  const checked = EpochFileSchema.parse({ ...details, metrics: finiteOnly(details.metrics) });
  writeFileAtomicSync(epochFilePath(runDir, details.epoch), JSON.stringify(checked) + '\n');
}
