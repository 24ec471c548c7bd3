// Every image source (synthetic line, folder, video, camera) streams frames
// through this one interface, so the run loop, the CLI and the tests never care
// where pixels come from.
import type { Mat } from '../opencv.js';
import type { FrameTruth } from '../../src-shared/inspection.js';
import type { LoupeError } from '../../src-shared/result.js';

export interface Frame {
  /** 0-based, increasing by one per delivered frame (skipped items do not use a number). */
  seq: number;
  /** Capture time, ms since the epoch. */
  timestampMs: number;
  /** 8- or 16-bit, 1 or 3 channels (BGR), exactly as read. */
  image: Mat;
  /** Ground truth, for sources that know it (the synthetic line). */
  truth?: FrameTruth;
  /** File the frame came from, for file-backed sources. */
  origin?: string;
}

/** One step of a source: a frame, or an item that could not be read (the source goes on). */
export type SourceItem = { kind: 'frame'; frame: Frame } | { kind: 'skipped'; error: LoupeError };

export interface SourceInfo {
  kind: 'synthetic' | 'folder' | 'video' | 'camera' | 'file';
  /** Human-readable description: a path, a device, a seed. */
  label: string;
  /** Nominal frame rate; the run loop paces to it. Sources never sleep themselves. */
  fps: number;
  /** Frames the source will deliver, when known (folders, video files, bounded synthetic runs). */
  length: number | null;
}

/** When the run loop asks for a frame: the time the frame was due, by the source's frame rate. */
export interface FrameTiming {
  /** ms since the epoch; later than "now" never, earlier when the loop is catching up. */
  dueAtMs: number;
}

export interface FrameSource {
  readonly info: SourceInfo;
  /** The next item, or null when the source is exhausted. */
  next(timing?: FrameTiming): Promise<SourceItem | null>;
  /**
   * Free-running sources only (a camera, the synthetic line): the loop fell further behind than
   * the camera's buffer holds, so `frames` frames were taken and overwritten unseen. The source
   * moves its frame numbers on by as many, which is how the engine counts them missed.
   */
  skip?(frames: number): void;
  close(): void;
}
