// Child process for load-tensorflow-env.test.ts: loads TensorFlow in a fresh
// process (tf is a per-process singleton) and prints what it got as one JSON line.
import { loadTensorFlow, type TfBackendName } from '../../../../src-engine/learn/tf/load-tensorflow.js';

const prefer = (process.argv[2] ?? 'auto') as TfBackendName | 'auto';
try {
  // Two calls before either finished: the second must share the first's load, not start another.
  const [first, second] = await Promise.all([loadTensorFlow({ prefer }), loadTensorFlow({ prefer })]);
  const { tf, backend, tried } = first;
  console.log(JSON.stringify({ backend, tfBackend: tf.getBackend(), tried, concurrentCallsShared: first === second }));
} catch (err) {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
}
