// The start-a-run form's fields and their defaults: a run on the synthetic line
// that trains in a few minutes on a laptop CPU, or on a labelled folder, or on
// the labelled history (all of it, or the Review tab's current filter). The
// form's values are checked against the trainer's own schema before anything is
// sent, so a typo is named under the form and the trainer never sees it.
import { TrainConfigSchema, TRAINABLE_MODEL_NAMES, type TrainConfigInput, type TrainDataSpec } from '../../src-shared/train-contract.js';
import type { HistoryFilter } from '../../src-shared/history-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';

export type TrainDataChoice = TrainDataSpec['kind'];
export type TrainModelName = (typeof TRAINABLE_MODEL_NAMES)[number];
export const TRAIN_MODELS: readonly TrainModelName[] = TRAINABLE_MODEL_NAMES;

export interface TrainFormValues {
  runName: string;
  data: TrainDataChoice;
  /** Synthetic line */
  seed: number;
  frames: number;
  defectRate: number;
  /** Labelled folder: class from sub-folder names. */
  folderPath: string;
  /** Labelled history: only the frames the Review tab's filter matches, or every labelled frame. */
  useReviewFilter: boolean;
  model: TrainModelName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  labels: 'binary' | 'defect';
  augment: boolean;
  patience: number;
}

export function defaultTrainForm(): TrainFormValues {
  return {
    runName: '',
    data: 'synthetic',
    seed: 7,
    frames: 80,
    defectRate: 0.35,
    folderPath: '',
    useReviewFilter: false,
    model: 'cnn-small',
    epochs: 10,
    batchSize: 32,
    learningRate: 0.001,
    labels: 'binary',
    augment: true,
    patience: 5,
  };
}

type Built = { ok: true; config: TrainConfigInput } | { ok: false; message: string };

function dataOf(form: TrainFormValues, reviewFilter: HistoryFilter | null): { ok: true; data: TrainConfigInput['data'] } | { ok: false; message: string } {
  switch (form.data) {
    case 'synthetic':
      return { ok: true, data: { kind: 'synthetic', seed: form.seed, frames: form.frames, defectRate: form.defectRate } };
    case 'folder': {
      const path = form.folderPath.trim();
      if (!path) return { ok: false, message: 'a labelled folder needs its path (sub-folders good/, defect_x/ name the classes)' };
      return { ok: true, data: { kind: 'folder', path } };
    }
    case 'history':
      return { ok: true, data: form.useReviewFilter && reviewFilter ? { kind: 'history', filter: reviewFilter } : { kind: 'history' } };
  }
}

/** `reviewFilter`: the Review tab's applied filter, used when the form asks for it. */
export function trainConfigOf(form: TrainFormValues, reviewFilter: HistoryFilter | null = null): Built {
  const data = dataOf(form, reviewFilter);
  if (!data.ok) return data;
  const config: TrainConfigInput = {
    data: data.data,
    epochs: form.epochs,
    batchSize: form.batchSize,
    learningRate: form.learningRate,
    labels: form.labels,
    augment: form.augment,
    patience: form.patience,
    // The default model is left to the trainer, so a config reads the same as the CLI's.
    ...(form.model !== 'cnn-small' ? { model: form.model } : {}),
    ...(form.runName.trim() ? { runName: form.runName.trim() } : {}),
  };
  const parsed = TrainConfigSchema.safeParse(config);
  return parsed.success ? { ok: true, config } : { ok: false, message: describeIssues(parsed.error) };
}
