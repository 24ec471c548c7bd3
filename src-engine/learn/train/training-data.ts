// Where a run's samples come from (TrainConfig.data): the synthetic line with
// its ground truth, a labelled folder, or the labelled history. Each source reports the inputs it
// could not use (an unreadable image, a photo with no part in it) as problems
// and carries on; the run shows them and trains on the rest.
import { createHash } from 'node:crypto';
import type { Recipe } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import type { TrainConfig } from '../../../src-shared/train-contract.js';
import { loadLabelledFolderDataset } from '../dataset/folder-dataset.js';
import { loadHistoryDataset } from '../dataset/history-dataset.js';
import { sampleHash, type Dataset, type DatasetProblem } from '../dataset/sample.js';
import { buildSyntheticDataset } from '../dataset/synthetic-dataset.js';

export interface TrainingData {
  dataset: Dataset;
  problems: DatasetProblem[];
}

export interface TrainingDataOptions {
  /** The data folder whose history a `history` source reads when it names none (the trainer's own). */
  dataDir?: string;
}

export function loadTrainingData(config: Pick<TrainConfig, 'data' | 'labels' | 'seed'>, recipe: Recipe, size = 64, o: TrainingDataOptions = {}): Result<TrainingData> {
  const data = config.data;
  if (data.kind === 'synthetic') {
    const built = buildSyntheticDataset({
      seed: data.seed,
      frames: data.frames,
      recipe,
      size,
      labelBy: config.labels === 'binary' ? 'ok-ng' : 'defect',
      line: { defectRate: data.defectRate },
      splitSeed: config.seed,
    });
    return ok({ dataset: built.dataset, problems: built.problems });
  }
  if (data.kind === 'history') {
    const dataDir = data.dataDir ?? o.dataDir;
    if (!dataDir) return fail('bad-request', 'a history data source needs the data folder holding the history (dataDir)', 'data.dataDir');
    const loaded = loadHistoryDataset(dataDir, { recipe, size, seed: config.seed, filter: data.filter });
    if (!loaded.ok) return loaded;
    // Labels are class names (good / defect_x, OK / NG), like a folder's: 'binary' folds the defects into ng.
    return ok({ dataset: config.labels === 'binary' ? foldToBinary(loaded.value.dataset) : loaded.value.dataset, problems: loaded.value.problems });
  }
  if (config.labels === 'binary') {
    // A folder's classes are its sub-folders; 'binary' folds every defect folder into ng.
    const loaded = loadLabelledFolderDataset(data.path, { recipe, size, seed: config.seed });
    if (!loaded.ok) return loaded;
    return ok({ dataset: foldToBinary(loaded.value.dataset), problems: loaded.value.problems });
  }
  const loaded = loadLabelledFolderDataset(data.path, { recipe, size, seed: config.seed });
  if (!loaded.ok) return loaded;
  return ok({ dataset: loaded.value.dataset, problems: loaded.value.problems });
}

function foldToBinary(d: Dataset): Dataset {
  if (d.classes.length <= 2) return d;
  return { ...d, classes: [d.okLabel, 'ng'], samples: d.samples.map((s) => (s.label === d.okLabel ? s : { ...s, label: 'ng' })) };
}

/**
 * Drops samples that are damaged (a crop of the wrong size, pixels that no
 * longer match their hash), naming each, so one bad image costs one sample and
 * not the run.
 */
export function dropDamagedSamples(dataset: Dataset): { dataset: Dataset; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const samples = dataset.samples.filter((s) => {
    let why: string | null = null;
    if (s.input.length !== dataset.size * dataset.size) why = `its crop has ${s.input.length} pixels, not ${dataset.size}×${dataset.size}`;
    else if (s.window.pixels.length !== s.window.width * s.window.height) why = `its window has ${s.window.pixels.length} pixels, not ${s.window.width}×${s.window.height}`;
    else if (sampleHash(s.input, s.window) !== s.hash) why = 'its pixels do not match their hash (damaged)';
    if (why) problems.push({ subject: s.id, message: `${why}; skipped` });
    return why === null;
  });
  return { dataset: problems.length === 0 ? dataset : { ...dataset, samples }, problems };
}

/** Identifies the samples, labels and split a run trains on: a resume on different data is refused. */
export function datasetFingerprint(d: Dataset): string {
  const h = createHash('sha256').update(JSON.stringify({ classes: d.classes, size: d.size, scale: d.scale }));
  for (const s of [...d.samples].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) h.update(`${s.id}\0${s.hash}\0${s.label}\0${s.split}\n`);
  return h.digest('hex');
}

/** Class index of every sample's label; a label outside the dataset's classes is an error in the dataset itself. */
export function labelIndices(d: Dataset): Result<Int32Array> {
  const index = new Map(d.classes.map((c, i) => [c, i]));
  const out = new Int32Array(d.samples.length);
  for (let i = 0; i < d.samples.length; i++) {
    const c = index.get(d.samples[i].label);
    if (c === undefined) return fail('bad-request', `sample ${d.samples[i].id} is labelled ${d.samples[i].label}, which is not one of the dataset's classes (${d.classes.join(', ')})`, d.samples[i].id);
    out[i] = c;
  }
  return ok(out);
}
