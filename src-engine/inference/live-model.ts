// A trained model judging live parts beside the recipe's rules. It runs in the
// engine on each frame's part crops (one batched forward pass, a few ms on
// WebAssembly for a dozen 64×64 crops), and keeps the figures the operator is
// shown: inference time per frame and how often it disagrees with the rules.
import type * as Tf from '@tensorflow/tfjs';
import type { Mat } from '../opencv.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { ImageChannel } from '../../src-shared/recipe.js';
import type { LiveModelStatus } from '../../src-shared/model-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { loadTensorFlow } from '../learn/tf/load-tensorflow.js';
import { loadBundle, type LoadedBundle } from '../learn/bundle/load-bundle.js';
import { partCrops } from './part-crops.js';

/** The engine prepares grey NHWC crops; a bundle wanting anything else cannot be fed. */
const LIVE_INPUT = { channels: 1, layout: 'NHWC' } as const;

export class LiveModel {
  private partsJudged = 0;
  private disagreements = 0;
  private lastMs: number | null = null;
  private totalMs = 0;
  private frames = 0;
  private readonly okClasses: ReadonlySet<string>;

  private constructor(
    private readonly tf: typeof Tf,
    private readonly bundle: LoadedBundle,
    private readonly backend: string,
  ) {
    this.okClasses = new Set(bundle.manifest.okClasses);
  }

  /** Loads the bundle in `dir` on the best TensorFlow.js backend here; refuses a bundle the engine cannot feed. */
  static async open(dir: string): Promise<Result<LiveModel>> {
    let tf;
    try {
      tf = await loadTensorFlow();
    } catch (err) {
      return fail('internal', `TensorFlow.js could not start in the engine: ${err instanceof Error ? err.message : String(err)}`);
    }
    const loaded = await loadBundle(dir, { tf: tf.tf, expectedInput: LIVE_INPUT });
    if (!loaded.ok) return loaded;
    return ok(new LiveModel(tf.tf, loaded.value, tf.backend));
  }

  get name(): string {
    return this.bundle.manifest.name;
  }

  get recipe(): { name: string; version: number } {
    return this.bundle.manifest.recipe;
  }

  /** Adds the model's verdict to every object of `result` and its summary to the frame. */
  judge(image: Mat, channel: ImageChannel, result: FrameResult): void {
    const t0 = performance.now();
    const { classes, input } = this.bundle.manifest;
    const n = result.objects.length;
    let disagreements = 0;
    if (n > 0) {
      const pixels = partCrops(image, channel, result.objects, input);
      const probabilities = this.tf.tidy(() => {
        const x = this.tf.tensor4d(pixels, [n, input.size, input.size, 1]);
        return (this.bundle.model.predict(x) as Tf.Tensor2D).dataSync() as Float32Array;
      });
      const c = classes.length;
      result.objects.forEach((object, i) => {
        let best = 0;
        for (let k = 1; k < c; k++) if (probabilities[i * c + k] > probabilities[i * c + best]) best = k;
        const label = classes[best];
        const modelOk = this.okClasses.has(label);
        object.model = { label, ok: modelOk, confidence: probabilities[i * c + best] };
        if (modelOk !== object.verdict.ok) disagreements++;
      });
    }
    const ms = performance.now() - t0;
    result.model = { name: this.name, inferenceMs: ms, disagreements };
    this.partsJudged += n;
    this.disagreements += disagreements;
    this.lastMs = ms;
    this.totalMs += ms;
    this.frames++;
  }

  status(): LiveModelStatus {
    return {
      name: this.name,
      classes: [...this.bundle.manifest.classes],
      backend: this.backend,
      partsJudged: this.partsJudged,
      disagreements: this.disagreements,
      lastInferenceMs: this.lastMs,
      meanInferenceMs: this.frames > 0 ? this.totalMs / this.frames : null,
    };
  }

  dispose(): void {
    this.bundle.model.dispose();
  }
}
