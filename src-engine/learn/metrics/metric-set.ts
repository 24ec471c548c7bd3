// A list of streaming metrics run together, per batch and per epoch: update()
// feeds a batch to the epoch's metrics and to a fresh per-batch copy, and
// returns the batch's own figures; result() gives the epoch so far. One set per
// phase (train, val): `prefix` keeps their names apart in one record.
//
// Results come flat, as the trainer's logs and charts want them: scalars under
// their metric name, and every table cell as `<metric>.<row>.<column>`; the
// tables are also returned whole for display.
import type { FeatureBatch, MetricTable, StreamingMetric } from './streaming-metric.js';

export interface MetricResults {
  values: Record<string, number>;
  tables: Record<string, MetricTable>;
}

export class MetricSet {
  private readonly epoch: StreamingMetric[];
  private readonly batch: StreamingMetric[];

  /** `create` is called twice (epoch and batch instances), so it must build new metric objects each time. */
  constructor(
    create: () => StreamingMetric[],
    private readonly prefix = '',
  ) {
    this.epoch = create();
    this.batch = create();
    const names = this.epoch.map((m) => m.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`two metrics are both named ${twice}`);
    if (this.batch.some((m, i) => m === this.epoch[i])) throw new Error('MetricSet: create() returned the same metric objects twice');
  }

  /** Adds a batch to the epoch and returns the figures of this batch alone. */
  update(yTrue: Int32Array, yPred: Float32Array, features: FeatureBatch): MetricResults {
    if (features.n !== yTrue.length) throw new Error(`the feature batch has ${features.n} samples, the labels ${yTrue.length}`);
    for (const m of this.batch) {
      m.reset();
      m.update(yTrue, yPred, features);
    }
    for (const m of this.epoch) m.update(yTrue, yPred, features);
    return collect(this.batch, this.prefix);
  }

  result(): MetricResults {
    return collect(this.epoch, this.prefix);
  }

  reset(): void {
    for (const m of this.epoch) m.reset();
  }
}

function collect(metrics: readonly StreamingMetric[], prefix: string): MetricResults {
  const values: Record<string, number> = {};
  const tables: Record<string, MetricTable> = {};
  for (const m of metrics) {
    const name = prefix + m.name;
    const r = m.result();
    if (typeof r === 'number') {
      values[name] = r;
      continue;
    }
    tables[name] = r;
    r.rows.forEach((row, i) => r.columns.forEach((col, j) => (values[`${name}.${row}.${col}`] = r.values[i][j])));
  }
  return { values, tables };
}
