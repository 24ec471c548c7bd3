// Messages between the feature pipeline and its child processes. The channel
// uses Node's 'advanced' serialization, so pixels and features cross as typed
// arrays (structured clone), never as JSON number lists.
import type { Recipe } from '../../../src-shared/recipe.js';
import type { PixelWindow } from '../dataset/sample.js';

export type ToWorker =
  | { type: 'init'; recipe: Recipe }
  | { type: 'compute'; job: number; windows: PixelWindow[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; job: number; features: Float32Array }
  | { type: 'error'; job: number | null; message: string };
