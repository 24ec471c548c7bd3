// Public surface of the streaming custom metrics.
export type { StreamingMetric, FeatureBatch, MetricTable, PixelBatch, ClassInfo } from './streaming-metric.js';
export { MetricSet, type MetricResults } from './metric-set.js';
export { standardMetrics, bandedChecks, type StandardMetricOptions } from './standard-metrics.js';
export { meanCircularity, recipeMetric } from './feature-mean.js';
export { segmentationAccuracy, thresholdBand, type ThresholdBand } from './segmentation-accuracy.js';
export { trainingThresholdBand } from './training-band.js';
export { averagePixelValue } from './average-pixel-value.js';
export { recipeAgreement, recipeRejectRecall } from './verdict-metrics.js';
export { accuracy, accuracyByDefect, confusionMatrix } from './class-metrics.js';
