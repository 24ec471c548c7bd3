// Public surface of the OpenCV features: names, per-sample computation, and
// the cached, multi-process pipeline that runs ahead of the trainer.
export { FEATURE_NAMES, FEATURE_COUNT, VERDICT_CHECKS, featureIndex, type VerdictCheck } from './feature-names.js';
export { computeFeatures, featuresOf, inspectWindow } from './compute-features.js';
export { FeaturePipeline, type FeaturePipelineOptions, type FeatureSample, type PipelineBatch, type PipelineStats } from './feature-pipeline.js';
export { FeatureCache, cacheFolderName, featureCacheDir } from './feature-cache.js';
export { featureBatchOf, labelsOf, cropsOf } from './feature-batch.js';
