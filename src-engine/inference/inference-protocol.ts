// Messages between the engine's live thread and its inference worker. Crops go
// in and probabilities come out as typed arrays (transferred, not copied), so a
// frame's worth of inference costs the live thread only the crops.
import type { BundleManifest } from '../learn/bundle/bundle-manifest.js';

export type ToInferenceWorker =
  | { kind: 'load'; dir: string }
  | { kind: 'judge'; seq: number; n: number; pixels: Float32Array }
  | { kind: 'dispose' };

export type FromInferenceWorker =
  | { kind: 'loaded'; manifest: BundleManifest; backend: string }
  | { kind: 'load-failed'; message: string }
  | { kind: 'judged'; seq: number; probabilities: Float32Array; forwardMs: number }
  | { kind: 'judge-failed'; seq: number; message: string };
