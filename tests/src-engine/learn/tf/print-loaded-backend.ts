// Child process for load-tensorflow-env.test.ts: loads TensorFlow in a fresh
// process (tf is a per-process singleton) and prints what it got as one JSON line.
import { loadTensorFlow, type TfBackendName } from '../../../../src-engine/learn/tf/load-tensorflow.js';

const prefer = (process.argv[2] ?? 'auto') as TfBackendName | 'auto';
try {
  const { tf, backend, tried } = await loadTensorFlow({ prefer });
  console.log(JSON.stringify({ backend, tfBackend: tf.getBackend(), tried }));
} catch (err) {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
}
