// A trained model judging live parts beside the recipe's rules. The crops are
// cut on the live thread (OpenCV, about a millisecond for a dozen parts); the
// forward pass runs in a worker thread (inference-worker.ts), so the next frame
// is inspected while the model thinks, and the verdict follows the frame as its
// own event. At most a couple of frames wait for the worker: when the model
// cannot keep up, frames go unjudged (and are counted) rather than queueing.
import type { Worker } from 'node:worker_threads';
import type { Mat } from '../opencv.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { ImageChannel } from '../../src-shared/recipe.js';
import type { LiveModelStatus, ModelVerdictEvent } from '../../src-shared/model-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { BundleManifest } from '../learn/bundle/bundle-manifest.js';
import { startModuleWorker } from '../store/ts-worker.js';
import { sourceEntryUrl } from '../source-entry.js';
import { partCrops } from './part-crops.js';
import type { FromInferenceWorker, ToInferenceWorker } from './inference-protocol.js';

/** Frames handed to the worker and not yet answered, beyond which a frame goes unjudged. */
export const MAX_FRAMES_IN_FLIGHT = 2;

export interface LiveModelEvents {
  /** The model's verdict on a frame's parts. */
  onVerdict(verdict: ModelVerdictEvent): void;
  /** The worker failed for good (crashed); the model is unusable. */
  onFailure(message: string): void;
}

interface InFlight {
  /** The rules' verdict per object, to count disagreements against. */
  rules: { id: number; ok: boolean }[];
  cropMs: number;
}

export class LiveModel {
  private partsJudged = 0;
  private disagreements = 0;
  private framesNotJudged = 0;
  private lastMs: number | null = null;
  private totalMs = 0;
  private frames = 0;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly okClasses: ReadonlySet<string>;
  private disposed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly manifest: BundleManifest,
    private readonly backend: string,
    private readonly events: LiveModelEvents,
  ) {
    this.okClasses = new Set(manifest.okClasses);
    worker.on('message', (msg: FromInferenceWorker) => this.onWorkerMessage(msg));
    worker.on('error', (err) => this.fail(`the inference worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.disposed) this.fail(`the inference worker exited (code ${code})`);
    });
  }

  /** Starts a worker and loads the bundle in `dir` there; refuses a bundle the engine cannot feed. */
  static async open(dir: string, events: LiveModelEvents): Promise<Result<LiveModel>> {
    const worker = startModuleWorker(sourceEntryUrl('inferenceWorker'), {});
    const answer = await new Promise<FromInferenceWorker | { kind: 'crashed'; message: string }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (err) => resolve({ kind: 'crashed', message: err.message }));
      worker.postMessage({ kind: 'load', dir } satisfies ToInferenceWorker);
    });
    if (answer.kind === 'loaded') return ok(new LiveModel(worker, answer.manifest, answer.backend, events));
    await worker.terminate();
    if (answer.kind === 'load-failed') return fail('bad-request', answer.message, dir);
    return fail('internal', `the inference worker did not start: ${answer.kind === 'crashed' ? answer.message : answer.kind}`, dir);
  }

  get name(): string {
    return this.manifest.name;
  }

  get recipe(): { name: string; version: number } {
    return this.manifest.recipe;
  }

  /** Cuts the crops of `result`'s parts and hands them to the worker; false when the worker is too far behind. */
  submit(image: Mat, channel: ImageChannel, result: FrameResult): boolean {
    if (this.disposed) return false;
    if (this.inFlight.size >= MAX_FRAMES_IN_FLIGHT) {
      this.framesNotJudged++;
      return false;
    }
    const t0 = performance.now();
    const pixels = partCrops(image, channel, result.objects, this.manifest.input);
    this.inFlight.set(result.seq, { rules: result.objects.map((o) => ({ id: o.id, ok: o.verdict.ok })), cropMs: performance.now() - t0 });
    const msg: ToInferenceWorker = { kind: 'judge', seq: result.seq, n: result.objects.length, pixels };
    this.worker.postMessage(msg, [pixels.buffer as ArrayBuffer]);
    return true;
  }

  status(): LiveModelStatus {
    return {
      name: this.name,
      classes: [...this.manifest.classes],
      backend: this.backend,
      partsJudged: this.partsJudged,
      disagreements: this.disagreements,
      framesNotJudged: this.framesNotJudged,
      lastInferenceMs: this.lastMs,
      meanInferenceMs: this.frames > 0 ? this.totalMs / this.frames : null,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.postMessage({ kind: 'dispose' } satisfies ToInferenceWorker);
    void this.worker.terminate();
  }

  private onWorkerMessage(msg: FromInferenceWorker): void {
    if (msg.kind !== 'judged' && msg.kind !== 'judge-failed') return;
    const pending = this.inFlight.get(msg.seq);
    this.inFlight.delete(msg.seq);
    if (!pending || this.disposed) return;
    if (msg.kind === 'judge-failed') {
      this.framesNotJudged++;
      return;
    }
    const { classes } = this.manifest;
    const c = classes.length;
    let disagreements = 0;
    const objects = pending.rules.map((rule, i) => {
      let best = 0;
      for (let k = 1; k < c; k++) if (msg.probabilities[i * c + k] > msg.probabilities[i * c + best]) best = k;
      const label = classes[best];
      const modelOk = this.okClasses.has(label);
      if (modelOk !== rule.ok) disagreements++;
      return { id: rule.id, label, ok: modelOk, confidence: msg.probabilities[i * c + best] };
    });
    const ms = pending.cropMs + msg.forwardMs;
    this.partsJudged += objects.length;
    this.disagreements += disagreements;
    this.lastMs = ms;
    this.totalMs += ms;
    this.frames++;
    this.events.onVerdict({ seq: msg.seq, name: this.name, inferenceMs: ms, disagreements, objects });
  }

  private fail(message: string): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events.onFailure(message);
  }
}
