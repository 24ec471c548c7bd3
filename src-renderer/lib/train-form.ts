// The start-a-run form's fields and their defaults: a run on the synthetic line
// that trains in a few minutes on a laptop CPU. The form's values are checked
// against the trainer's own schema before anything is sent, so a typo is named
// under the form and the trainer never sees it.
import { TrainConfigSchema, type TrainConfigInput } from '../../src-shared/train-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';

export interface TrainFormValues {
  runName: string;
  seed: number;
  frames: number;
  defectRate: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  labels: 'binary' | 'defect';
  augment: boolean;
  patience: number;
}

export function defaultTrainForm(): TrainFormValues {
  return { runName: '', seed: 7, frames: 80, defectRate: 0.35, epochs: 10, batchSize: 32, learningRate: 0.001, labels: 'binary', augment: true, patience: 5 };
}

export function trainConfigOf(form: TrainFormValues): { ok: true; config: TrainConfigInput } | { ok: false; message: string } {
  const config: TrainConfigInput = {
    data: { kind: 'synthetic', seed: form.seed, frames: form.frames, defectRate: form.defectRate },
    epochs: form.epochs,
    batchSize: form.batchSize,
    learningRate: form.learningRate,
    labels: form.labels,
    augment: form.augment,
    patience: form.patience,
    ...(form.runName.trim() ? { runName: form.runName.trim() } : {}),
  };
  const parsed = TrainConfigSchema.safeParse(config);
  return parsed.success ? { ok: true, config } : { ok: false, message: describeIssues(parsed.error) };
}
