// The files Loupe's trainer writes beside a run's event files, in
// LOGDIR/<run>/loupe/: run.json (config, hyper-parameters, classes) and one
// epoch-<n>.json per finished epoch (confusion matrix, misclassified validation
// samples). TensorBoard ignores them; the monitor reads them, validated, so a
// hand-edited or half-copied file is reported, never trusted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EpochDetailsSchema, type EpochDetails } from '../../src-shared/runs-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

export const LOUPE_FOLDER = 'loupe';
export const RUN_FILE = 'run.json';
export const epochFileName = (epoch: number): string => `epoch-${epoch}.json`;

const HparamValue = z.union([z.string(), z.number(), z.boolean()]);

export const LoupeRunFileSchema = z.object({
  schema: z.literal('loupe.run/1'),
  runId: z.string(),
  config: z.record(z.string(), z.unknown()),
  hparams: z.record(z.string(), HparamValue),
  backend: z.string().nullable(),
  classes: z.array(z.string()),
  state: z.string(),
  createdAtMs: z.number(),
});
export type LoupeRunFile = z.infer<typeof LoupeRunFileSchema>;

export const EpochFileSchema = EpochDetailsSchema.omit({ runId: true });

function readJson<T>(path: string, schema: z.ZodType<T>, what: string): Result<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `${what} not found: ${path}`, path);
    return fail('bad-source', `cannot read ${what} ${path}: ${(err as Error).message}`, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('bad-source', `${what} ${path} is not valid JSON: ${(err as Error).message}`, path);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail('bad-source', `${what} ${path} is not valid: ${describeIssues(parsed.error)}`, path);
  return ok(parsed.data);
}

/** `runDir`: the folder holding the `loupe` folder (LOGDIR/<run>). */
export function readLoupeRun(runDir: string): Result<LoupeRunFile> {
  return readJson(join(runDir, LOUPE_FOLDER, RUN_FILE), LoupeRunFileSchema, 'Loupe run file');
}

export function readEpochDetails(runDir: string, runId: string, epoch: number): Result<EpochDetails> {
  const read = readJson(join(runDir, LOUPE_FOLDER, epochFileName(epoch)), EpochFileSchema, `details of epoch ${epoch}`);
  if (!read.ok) return read;
  if (read.value.epoch !== epoch) {
    return fail('bad-source', `${epochFileName(epoch)} holds epoch ${read.value.epoch}, not ${epoch}`, join(runDir, LOUPE_FOLDER, epochFileName(epoch)));
  }
  const { classes, confusion } = read.value;
  if (confusion.length !== classes.length || confusion.some((row) => row.length !== classes.length)) {
    return fail('bad-source', `${epochFileName(epoch)}: the confusion matrix is not ${classes.length}×${classes.length} (one row and column per class)`, join(runDir, LOUPE_FOLDER, epochFileName(epoch)));
  }
  return ok({ runId, ...read.value });
}
