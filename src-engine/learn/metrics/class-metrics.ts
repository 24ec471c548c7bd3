// Figures of the model against the labels: accuracy, accuracy per defect kind
// (the defect of each sample travels in the batch), and the confusion matrix.
import { classCountOf, predictedClass, share, type FeatureBatch, type MetricTable, type StreamingMetric } from './streaming-metric.js';

export function accuracy(): StreamingMetric {
  let hits = 0;
  let count = 0;
  return {
    name: 'accuracy',
    update(yTrue: Int32Array, yPred: Float32Array) {
      const C = classCountOf(yTrue, yPred, 'accuracy');
      for (let i = 0; i < yTrue.length; i++) if (predictedClass(yPred, i, C) === yTrue[i]) hits++;
      count += yTrue.length;
    },
    result: () => share(hits, count),
    reset() {
      hits = 0;
      count = 0;
    },
  };
}

/** Good parts are listed as `none`. Rows appear in the order defects are first seen. */
export function accuracyByDefect(): StreamingMetric {
  const tally = new Map<string, { hits: number; count: number }>();
  return {
    name: 'accuracyByDefect',
    update(yTrue: Int32Array, yPred: Float32Array, batch: FeatureBatch) {
      if (!batch.defects || batch.defects.length !== yTrue.length) {
        throw new Error(`accuracyByDefect needs the defect of each of the ${yTrue.length} samples (FeatureBatch.defects)`);
      }
      const C = classCountOf(yTrue, yPred, 'accuracyByDefect');
      for (let i = 0; i < yTrue.length; i++) {
        const key = batch.defects[i] ?? 'none';
        const t = tally.get(key) ?? { hits: 0, count: 0 };
        t.count++;
        if (predictedClass(yPred, i, C) === yTrue[i]) t.hits++;
        tally.set(key, t);
      }
    },
    result(): MetricTable {
      const rows = [...tally.keys()];
      return { kind: 'table', rows, columns: ['accuracy', 'samples'], values: rows.map((r) => [share(tally.get(r)!.hits, tally.get(r)!.count), tally.get(r)!.count]) };
    },
    reset: () => tally.clear(),
  };
}

/** counts[true][predicted] over the classes. */
export function confusionMatrix(classes: readonly string[]): StreamingMetric {
  const C = classes.length;
  let counts = new Float64Array(C * C);
  return {
    name: 'confusion',
    update(yTrue: Int32Array, yPred: Float32Array) {
      const c = classCountOf(yTrue, yPred, 'confusion');
      if (yTrue.length > 0 && c !== C) throw new Error(`confusion: predictions have ${c} classes, the dataset ${C}`);
      for (let i = 0; i < yTrue.length; i++) counts[yTrue[i] * C + predictedClass(yPred, i, C)]++;
    },
    result(): MetricTable {
      return { kind: 'table', rows: [...classes], columns: [...classes], values: classes.map((_, t) => Array.from(counts.subarray(t * C, (t + 1) * C))) };
    },
    reset() {
      counts = new Float64Array(C * C);
    },
  };
}
