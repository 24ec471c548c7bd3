// The inference worker: TensorFlow.js and one model bundle in a thread of their
// own, so a forward pass (10–30 ms for a dozen crops on WebAssembly) runs on
// the other core instead of delaying the next frame's inspection. No OpenCV
// here: the live thread prepares the crops (OpenCV must not load in a second
// worker thread).
import { parentPort } from 'node:worker_threads';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../learn/tf/load-tensorflow.js';
import { loadBundle, type LoadedBundle } from '../learn/bundle/load-bundle.js';
import type { FromInferenceWorker, ToInferenceWorker } from './inference-protocol.js';

/** The engine prepares grey NHWC crops; a bundle wanting anything else cannot be fed. */
const LIVE_INPUT = { channels: 1, layout: 'NHWC' } as const;

const port = parentPort!;
let tf: typeof Tf | null = null;
let bundle: LoadedBundle | null = null;

const reply = (msg: FromInferenceWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

async function load(dir: string): Promise<void> {
  try {
    const loaded = await loadTensorFlow();
    tf = loaded.tf;
    const opened = await loadBundle(dir, { tf, expectedInput: LIVE_INPUT });
    if (!opened.ok) return reply({ kind: 'load-failed', message: opened.error.message });
    bundle = opened.value;
    reply({ kind: 'loaded', manifest: bundle.manifest, backend: loaded.backend });
  } catch (err) {
    reply({ kind: 'load-failed', message: `TensorFlow.js could not start for the model: ${err instanceof Error ? err.message : String(err)}` });
  }
}

function judge(seq: number, n: number, pixels: Float32Array): void {
  if (!tf || !bundle) return reply({ kind: 'judge-failed', seq, message: 'no model is loaded' });
  const { size } = bundle.manifest.input;
  const model = bundle.model;
  const t0 = performance.now();
  try {
    const probabilities = tf.tidy(() => (model.predict(tf!.tensor4d(pixels, [n, size, size, 1])) as Tf.Tensor2D).dataSync() as Float32Array);
    // dataSync may hand back a view of tfjs's own buffer: copy before transferring.
    const out = new Float32Array(probabilities);
    reply({ kind: 'judged', seq, probabilities: out, forwardMs: performance.now() - t0 }, [out.buffer]);
  } catch (err) {
    reply({ kind: 'judge-failed', seq, message: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (msg: ToInferenceWorker) => {
  if (msg.kind === 'load') void load(msg.dir);
  else if (msg.kind === 'judge') judge(msg.seq, msg.n, msg.pixels);
  else {
    bundle?.model.dispose();
    bundle = null;
    port.close();
  }
});
