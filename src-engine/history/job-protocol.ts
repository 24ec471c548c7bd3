// Messages between the workbench and the child process that runs an import or
// a what-if (OpenCV work, kept out of the workbench so reviews stay responsive,
// and niced so it never slows the live line).
import type { Recipe } from '../../src-shared/recipe.js';

export interface WhatIfItem {
  frameId: number;
  /** Absolute path of the kept full picture. */
  picture: string;
  verdict: 'ok' | 'ng';
}

export type JobTask =
  | { kind: 'import'; dataDir: string; folder: string; recipe: Recipe }
  | { kind: 'whatif'; recipe: Recipe; items: WhatIfItem[] };

export type FromJobChild =
  /** `runId`: the run an import records into, once it has one (a cancelled import's files are swept by it). */
  | { type: 'progress'; done: number; total: number; message: string; runId?: number }
  | { type: 'problem'; text: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string };
