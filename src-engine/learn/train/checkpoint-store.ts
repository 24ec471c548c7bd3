// Checkpoints on disk: `<run>/checkpoints/epoch-NNNNNN/` folders, each written
// whole before it becomes visible (atomic-folder.ts), and `latest.json`, a
// pointer replaced atomically after the folder is complete. The previous
// checkpoint is removed only after the pointer names the new one, so a crash or
// a full disk at any point leaves a complete checkpoint that the pointer names.
import { join } from 'node:path';
import type { ZodError } from 'zod';
import { describeIssues } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { isTransientName, sweepTransient, writeFileAtomicVia, writeFolderAtomic } from '../bundle/atomic-folder.js';
import { nodeDurableFs, type DurableFs } from '../bundle/durable-fs.js';
import { MODEL_JSON, WEIGHTS_BIN, sha256 } from '../bundle/model-files.js';
import {
  BEST_WEIGHTS_BIN,
  CheckpointStateSchema,
  LATEST_POINTER,
  LatestPointerSchema,
  OPTIMIZER_BIN,
  STATE_JSON,
  checkpointFolderName,
  type CheckpointState,
} from './checkpoint-state.js';

export interface CheckpointBytes {
  [MODEL_JSON]: string;
  [WEIGHTS_BIN]: Uint8Array;
  [OPTIMIZER_BIN]: Uint8Array;
  [BEST_WEIGHTS_BIN]: Uint8Array;
}

export interface LoadedCheckpoint {
  dir: string;
  state: CheckpointState;
  bytes: CheckpointBytes;
}

const describeError = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

export function writeCheckpoint(
  checkpointsDir: string,
  state: Omit<CheckpointState, 'files'>,
  bytes: CheckpointBytes,
  fs: DurableFs = nodeDurableFs,
): Result<{ dir: string }> {
  const name = checkpointFolderName(state.epoch);
  const dir = join(checkpointsDir, name);
  const files = Object.fromEntries(Object.entries(bytes).map(([file, data]) => [file, sha256(data as Uint8Array | string)]));
  const full: CheckpointState = { ...state, files };
  try {
    fs.mkdir(checkpointsDir);
    sweepTransient(checkpointsDir, fs);
    writeFolderAtomic(dir, { ...bytes, [STATE_JSON]: JSON.stringify(full, null, 1) }, fs);
    writeFileAtomicVia(fs, join(checkpointsDir, LATEST_POINTER), JSON.stringify({ checkpoint: name, epoch: state.epoch, step: state.step }) + '\n');
  } catch (err) {
    return fail('internal', `checkpoint of epoch ${state.epoch} could not be written to ${dir} (${describeError(err)}); the previous checkpoint is kept`, dir);
  }
  // Only now that the pointer names the new checkpoint may the older ones go.
  try {
    for (const other of fs.readdir(checkpointsDir)) {
      if (other !== name && other.startsWith('epoch-') && !isTransientName(other)) fs.remove(join(checkpointsDir, other));
    }
  } catch {
    // A stale older checkpoint costs disk space, not correctness: the pointer decides.
  }
  return ok({ dir });
}

/** The checkpoint `latest.json` names, fully checked (schema, every file's sha256). Reads only. */
export function readLatestCheckpoint(checkpointsDir: string, fs: DurableFs = nodeDurableFs): Result<LoadedCheckpoint> {
  const pointerFile = join(checkpointsDir, LATEST_POINTER);
  if (!fs.exists(pointerFile)) return fail('not-found', `no checkpoint to resume from: ${pointerFile} does not exist`, pointerFile);
  const pointer = parseJsonFile(fs, pointerFile, (json) => LatestPointerSchema.safeParse(json));
  if (!pointer.ok) return pointer;
  const dir = join(checkpointsDir, pointer.value.checkpoint);
  const stateFile = join(dir, STATE_JSON);
  const state = parseJsonFile(fs, stateFile, (json) => CheckpointStateSchema.safeParse(json));
  if (!state.ok) return state;
  const bytes: Record<string, Buffer> = {};
  for (const file of [MODEL_JSON, WEIGHTS_BIN, OPTIMIZER_BIN, BEST_WEIGHTS_BIN]) {
    const path = join(dir, file);
    try {
      bytes[file] = fs.readFile(path);
    } catch (err) {
      return fail('bad-request', `checkpoint ${dir} is incomplete: ${file} cannot be read (${describeError(err)})`, path);
    }
    if (sha256(bytes[file]) !== state.value.files[file]) return fail('bad-request', `checkpoint ${dir} is corrupt: ${file} does not match its checksum in ${STATE_JSON}`, path);
  }
  if (state.value.epoch !== pointer.value.epoch || state.value.step !== pointer.value.step) {
    return fail('bad-request', `checkpoint ${dir} is corrupt: ${STATE_JSON} says epoch ${state.value.epoch} step ${state.value.step}, ${LATEST_POINTER} says epoch ${pointer.value.epoch} step ${pointer.value.step}`, stateFile);
  }
  return ok({
    dir,
    state: state.value,
    bytes: {
      [MODEL_JSON]: bytes[MODEL_JSON].toString('utf8'),
      [WEIGHTS_BIN]: bytes[WEIGHTS_BIN],
      [OPTIMIZER_BIN]: bytes[OPTIMIZER_BIN],
      [BEST_WEIGHTS_BIN]: bytes[BEST_WEIGHTS_BIN],
    },
  });
}

function parseJsonFile<T>(fs: DurableFs, file: string, parse: (json: unknown) => { success: true; data: T } | { success: false; error: ZodError }): Result<T> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFile(file).toString('utf8'));
  } catch (err) {
    return fail('bad-request', `checkpoint file ${file} is corrupt: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : `cannot be read (${describeError(err)})`}`, file);
  }
  const parsed = parse(json);
  if (!parsed.success) return fail('bad-request', `checkpoint file ${file} is corrupt: ${describeIssues(parsed.error)}`, file);
  return ok(parsed.data);
}
