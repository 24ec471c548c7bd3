// Training and inference speed of the trainer's CNN ('cnn-small': 3 conv blocks
// on 64×64×1 parts, batch 32) on every TensorFlow.js backend this machine can
// start, side by side in one process. tfjs has one engine per process, so each
// backend is switched in with tf.setBackend and gets a freshly built model.
// The target: training on wasm at least 30× the pure-JS cpu backend.
// cpu trains at well under 1 sample/s (one batch of 32 is a minute on a quiet
// machine, several on a busy one), so it gets a single batch by default.
import { loadavg } from 'node:os';
import type * as Tf from '@tensorflow/tfjs';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { round } from '../lib/stats.js';
import { loadTensorFlow } from '../../src-engine/learn/tf/load-tensorflow.js';
import { startBackend } from '../../src-engine/learn/tf/backend-starters.js';
import type { TfBackendName } from '../../src-engine/learn/tf/backend-choice.js';
import { buildModel } from '../../src-engine/learn/model/build-model.js';

const SIZE = 64;
const CLASSES = 4;
const BATCH = 32;
const TRAIN_BATCHES: Record<TfBackendName, number> = {
  'tensorflow-gpu': 20,
  tensorflow: 10,
  wasm: Number(process.env.LOUPE_BENCH_WASM_BATCHES ?? 8),
  cpu: Number(process.env.LOUPE_BENCH_CPU_BATCHES ?? 1),
};
const INFER_BATCHES: Record<TfBackendName, number> = { 'tensorflow-gpu': 40, tensorflow: 20, wasm: 20, cpu: 4 };
/** Below this, the first batch's one-off costs (kernel set-up, XNNPACK packing) are not worth a separate warm-up batch. */
const WARM_UP_ABOVE_SAMPLES_PER_S = 5;

interface Speeds {
  trainSamplesPerS: number;
  inferSamplesPerS: number;
}

async function measure(tf: typeof Tf, backend: TfBackendName): Promise<Speeds> {
  const xs = tf.randomUniform([BATCH, SIZE, SIZE, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32') as Tf.Tensor1D, CLASSES).toFloat());
  const model = buildModel('cnn-small', { size: SIZE, channels: 1, classes: CLASSES });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  try {
    const t0 = performance.now();
    await model.trainOnBatch(xs, ys);
    const firstMs = performance.now() - t0;
    const warm = (BATCH / firstMs) * 1000 > WARM_UP_ABOVE_SAMPLES_PER_S;
    let batches = warm ? 0 : 1;
    let trainMs = warm ? 0 : firstMs;
    for (let i = batches; i < TRAIN_BATCHES[backend]; i++) {
      const t = performance.now();
      await model.trainOnBatch(xs, ys);
      trainMs += performance.now() - t;
      batches++;
    }
    const trainSamplesPerS = (batches * BATCH * 1000) / trainMs;

    const predictOnce = async () => {
      const y = model.predict(xs) as Tf.Tensor;
      await y.data();
      y.dispose();
    };
    await predictOnce();
    const t1 = performance.now();
    for (let i = 0; i < INFER_BATCHES[backend]; i++) await predictOnce();
    const inferSamplesPerS = (INFER_BATCHES[backend] * BATCH * 1000) / (performance.now() - t1);
    console.log(
      `training-backends: ${backend}: training ${round(trainSamplesPerS, 2)} samples/s over ${batches} batches of ${BATCH}, ` +
        `inference ${round(inferSamplesPerS, 1)} parts/s (load average ${round(loadavg()[0], 2)})`,
    );
    return { trainSamplesPerS, inferSamplesPerS };
  } finally {
    model.dispose();
    tf.dispose([xs, ys]);
  }
}

async function run(): Promise<BenchRow[]> {
  // Starts the best backend (and logs why the others were skipped); the rest are switched in below.
  const { tf, backend: chosen, tried } = await loadTensorFlow({ log: (line) => console.log(`training-backends: ${line}`) });
  const speeds = new Map<TfBackendName, Speeds>();
  const unavailable = new Set(tried.map((t) => t.backend));
  for (const backend of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const) {
    if (unavailable.has(backend)) continue;
    if (backend !== chosen) {
      try {
        await startBackend(backend);
      } catch (err) {
        console.log(`training-backends: ${backend} skipped: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
    }
    speeds.set(backend, await measure(tf, backend));
  }
  await loadTensorFlow(); // back to the process's chosen backend

  const rows: BenchRow[] = [];
  const report = (name: string, value: number | undefined, unit: string, digits: number) =>
    rows.push({ name, value: value === undefined ? Number.NaN : round(value, digits), unit, target: 'report', ok: value !== undefined });
  for (const native of ['tensorflow-gpu', 'tensorflow'] as const) {
    const s = speeds.get(native);
    if (s) report(`training samples/s (${native})`, s.trainSamplesPerS, 'samples/s', 1);
  }
  report('training samples/s (wasm)', speeds.get('wasm')?.trainSamplesPerS, 'samples/s', 1);
  report('training samples/s (cpu)', speeds.get('cpu')?.trainSamplesPerS, 'samples/s', 2);
  const wasm = speeds.get('wasm');
  const cpu = speeds.get('cpu');
  const ratio = wasm && cpu ? wasm.trainSamplesPerS / cpu.trainSamplesPerS : Number.NaN;
  rows.push({ name: 'training wasm / cpu', value: round(ratio, 1), unit: '×', target: '>= 30', ok: ratio >= 30 });
  for (const native of ['tensorflow-gpu', 'tensorflow'] as const) {
    const s = speeds.get(native);
    if (s) report(`inference parts/s (${native})`, s.inferSamplesPerS, 'parts/s', 0);
  }
  report('inference parts/s (wasm)', wasm?.inferSamplesPerS, 'parts/s', 0);
  report('inference parts/s (cpu)', cpu?.inferSamplesPerS, 'parts/s', 1);
  return rows;
}

const suite: BenchSuite = { name: 'training-backends', run };
export default suite;
