// What a scalar tag means for the charts: which metric it is, whether it was
// logged per batch or per epoch, and whether it is the training or the
// validation figure, so train and val of one metric share a chart. Writers
// disagree on how to say this, so the usual spellings are all understood:
// - Keras' TensorBoard callback: runs `<run>/train` and `<run>/validation`, tags
//   `epoch_loss`, `batch_loss`, `epoch_accuracy`;
// - `epoch/loss`, `batch/val_loss`, `train/loss`, `val/accuracy`, `loss/val`;
// - plain `loss` and `val_loss` (Loupe's epoch logs, Keras' history).
// A tag none of these fit is its own metric, charted by step.

export type Granularity = 'batch' | 'epoch' | 'step';
export type Split = 'train' | 'val';

export interface TagParts {
  metric: string;
  granularity: Granularity;
  split: Split;
}

const VAL_WORDS = new Set(['val', 'valid', 'validation', 'eval', 'test']);
const TRAIN_WORDS = new Set(['train', 'training']);

/** The split a run folder names by its last part (Keras writes `<run>/validation`), if any. */
export function splitOfRun(run: string): Split | null {
  const last = run.split('/').pop()!.toLowerCase();
  if (VAL_WORDS.has(last)) return 'val';
  if (TRAIN_WORDS.has(last)) return 'train';
  return null;
}

/** The run a folder belongs to, without a trailing train/validation part: `exp1/validation` → `exp1`. */
export function baseRunOf(run: string): string {
  if (splitOfRun(run) === null) return run;
  const parts = run.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : '.';
}

export function parseTag(tag: string, run = '.'): TagParts {
  let granularity: Granularity = 'step';
  let split: Split | null = null;
  const kept: string[] = [];
  for (const raw of tag.split('/')) {
    let part = raw;
    const lower = part.toLowerCase();
    const prefix = /^(epoch|batch)_(.+)$/.exec(lower);
    if (lower === 'epoch' || lower === 'batch') {
      granularity = lower;
      continue;
    }
    if (prefix && granularity === 'step') {
      granularity = prefix[1] as Granularity;
      part = part.slice(prefix[1].length + 1);
    }
    const word = part.toLowerCase();
    if (VAL_WORDS.has(word)) {
      split = 'val';
      continue;
    }
    if (TRAIN_WORDS.has(word)) {
      split = split ?? 'train';
      continue;
    }
    const valPrefix = /^(val|validation)_(.+)$/i.exec(part);
    if (valPrefix) {
      split = 'val';
      part = valPrefix[2];
    }
    kept.push(part);
  }
  return {
    metric: kept.length > 0 ? kept.join('/') : tag,
    granularity,
    split: split ?? splitOfRun(run) ?? 'train',
  };
}
