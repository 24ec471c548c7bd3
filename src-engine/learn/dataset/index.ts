// Public surface of the training datasets: build (synthetic line, labelled
// folder), save, load, check before training.
export { buildSyntheticDataset, DEFECT_CLASS_ORDER, type SyntheticDatasetOptions, type BuiltDataset } from './synthetic-dataset.js';
export { loadLabelledFolderDataset, type FolderDatasetOptions } from './folder-dataset.js';
export { saveDataset } from './save-dataset.js';
export { loadDataset } from './load-dataset.js';
export { validateForTraining, MIN_SAMPLES, MIN_PER_CLASS_PER_SPLIT, type TrainingReadiness } from './validate.js';
export { splitByPart } from './split.js';
export { DATASET_SCHEMA_ID, DatasetManifestSchema, type DatasetManifest } from './manifest.js';
export {
  DEFAULT_FRACTIONS,
  SPLIT_NAMES,
  sampleHash,
  type Dataset,
  type DatasetProblem,
  type Labelling,
  type PixelWindow,
  type Sample,
  type SampleOrigin,
  type SplitFractions,
  type SplitName,
} from './sample.js';
