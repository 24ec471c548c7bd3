// What the engine service needs from the rest of the engine, as one injectable
// object: the real wiring lives in default-engine-deps.ts, and tests swap in
// sources that fail or end on cue.
import type { Mat } from '../opencv.js';
import type { FrameSource } from '../sources/frame-source.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { Preview } from '../../src-shared/events.js';
import type { Recipe } from '../../src-shared/recipe.js';
import type { Result } from '../../src-shared/result.js';
import type { SourceSpec } from '../../src-shared/sources.js';
import type { ImageChannel } from '../../src-shared/recipe.js';
import type { LiveModelStatus } from '../../src-shared/model-contract.js';
import type { LiveModelEvents } from '../inference/live-model.js';

export interface ViewConfig {
  width: number;
  height: number;
  format: 'jpeg' | 'webp';
}

export interface EngineIdentity {
  engine: string;
  opencv: string;
  pid: number;
}

/** A loaded model judging live parts (inference/live-model.ts); an interface so tests can fake one. */
export interface LiveJudge {
  readonly name: string;
  /** The recipe the model was trained with. */
  readonly recipe: { name: string; version: number };
  /** Hands the frame's part crops to the model; its verdict follows through LiveModelEvents. False when it could not keep up. */
  submit(image: Mat, channel: ImageChannel, result: FrameResult): boolean;
  status(): LiveModelStatus;
  dispose(): void;
}

export interface EngineDeps {
  identity(): EngineIdentity;
  openSource(spec: SourceSpec): Result<FrameSource> | Promise<Result<FrameSource>>;
  inspectImage(image: Mat, recipe: Recipe, meta: { seq: number; timestampMs: number }): FrameResult;
  encodePreview(image: Mat, view: ViewConfig): Preview;
  loadDefaultRecipe(): Result<Recipe>;
  /** Loads the model bundle in `dir` for live inspection. */
  openModel(dir: string, events: LiveModelEvents): Promise<Result<LiveJudge>>;
}
