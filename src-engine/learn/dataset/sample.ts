// What a training dataset is made of: one sample per physical part seen, with
// the model's input (a small fixed-size grey crop) and the part at native
// resolution (for the OpenCV features, which must be measured on real pixels,
// not on the shrunken crop).
import { createHash } from 'node:crypto';

export interface PixelWindow {
  width: number;
  height: number;
  /** 8-bit grey, row-major, width × height. */
  pixels: Uint8Array;
}

export type SampleOrigin =
  | { kind: 'synthetic'; seed: number; frame: number; part: number }
  | { kind: 'folder'; file: string; fileHash: string }
  | { kind: 'history'; frameId: number; objectId: number };

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

export interface Sample {
  id: string;
  /** The physical part: every crop of one part lands in the same split. */
  partKey: string;
  label: string;
  /** Defect kind, or null for a good part. */
  defect: string | null;
  /** size × size grey crop, centred on the part, at the dataset's one scale. */
  input: Uint8Array;
  /** The part at native resolution with a margin around it. */
  window: PixelWindow;
  /** sha256 of the input and window pixels (see sampleHash): checked on load, keys the feature cache. */
  hash: string;
  origin: SampleOrigin;
  split: SplitName;
}

export type Labelling = 'ok-ng' | 'defect' | 'folder';

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { train: 0.7, val: 0.15, test: 0.15 };

export interface Dataset {
  name: string;
  /** Side of the square input crop, px. */
  size: number;
  /** Crop pixels per native pixel, the same for every sample (chosen so the largest single part fits; touching pairs may be cut). */
  scale: number;
  labelling: Labelling;
  /** Class names; a model's class index i is classes[i]. */
  classes: string[];
  /** The class that means "good part"; every other class is NG. */
  okLabel: string;
  recipe: { name: string; version: number };
  split: { seed: number; fractions: SplitFractions };
  samples: Sample[];
}

/** Something that went wrong with one input while building or loading; the rest carried on. */
export interface DatasetProblem {
  subject: string;
  message: string;
}

/** sha256 over the crop, the window's size and the window's pixels. */
export function sampleHash(input: Uint8Array, window: PixelWindow): string {
  const dims = new Uint8Array(new Uint32Array([input.length, window.width, window.height]).buffer);
  return createHash('sha256').update(dims).update(input).update(window.pixels).digest('hex');
}
