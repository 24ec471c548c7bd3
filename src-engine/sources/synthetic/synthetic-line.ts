// The synthetic line as a FrameSource: seeded, deterministic frames of parts
// on a belt, each with the ground truth of what was drawn. Used for demos,
// tests and benchmarks, and to check the inspection against known answers.
import type { SyntheticSourceSpec } from '../../../src-shared/sources.js';
import type { FrameTruth } from '../../../src-shared/inspection.js';
import type { Mat } from '../../opencv.js';
import type { FrameSource, FrameTiming, SourceInfo, SourceItem } from '../frame-source.js';
import { drawCoverage } from './draw-coverage.js';
import { CoverageCanvas } from './coverage-canvas.js';
import { planFrame, truthOf } from './plan-frame.js';
import { deriveSeed, mulberry32 } from './prng.js';
import { SensorModel } from './sensor-model.js';

export interface SyntheticLook {
  /** Gray level of the belt and of the parts before lighting and noise. */
  beltLevel: number;
  partLevel: number;
}

export const DEFAULT_LOOK: SyntheticLook = { beltLevel: 40, partLevel: 200 };

/** Stream numbers for the sensor's per-frame choices, kept apart from the part layout's. */
const SENSOR_STREAM_OFFSET = 0x40000000;

export class SyntheticLine implements FrameSource {
  readonly info: SourceInfo;
  private readonly sensor: SensorModel;
  /** Coverage of the parts, redrawn for every frame (never handed out). */
  private readonly canvas: CoverageCanvas;
  private index = 0;
  private closed = false;

  constructor(
    private readonly spec: SyntheticSourceSpec,
    look: SyntheticLook = DEFAULT_LOOK,
  ) {
    this.info = {
      kind: 'synthetic',
      label: `synthetic line (seed ${spec.seed}, ${spec.width}×${spec.height}, ${spec.partsPerFrame} parts/frame)`,
      fps: spec.fps,
      length: spec.frames > 0 ? spec.frames : null,
    };
    this.canvas = new CoverageCanvas(spec.width, spec.height);
    this.sensor = new SensorModel({ width: spec.width, height: spec.height, seed: spec.seed, noise: spec.noise, lightingDrift: spec.lightingDrift, ...look });
  }

  /** Frame `index` of the line, at any time and in any order: same spec and index → same pixels and truth. */
  render(index: number): { image: Mat; truth: FrameTruth } {
    const parts = planFrame(this.spec, index);
    const mask = drawCoverage(this.canvas, parts);
    const image = this.sensor.expose(mask, index, mulberry32(deriveSeed(this.spec.seed, SENSOR_STREAM_OFFSET + index)));
    mask.release();
    return { image, truth: truthOf(parts) };
  }

  /** A frame is stamped with the time it was due: a free-running camera took it then, however late it is read. */
  async next(timing?: FrameTiming): Promise<SourceItem | null> {
    if (this.atEnd) return null;
    const seq = this.index++;
    const { image, truth } = this.render(seq);
    return { kind: 'frame', frame: { seq, timestampMs: timing?.dueAtMs ?? Date.now(), image, truth } };
  }

  /**
   * The frames the camera took while nobody read them are gone; the next one read is numbered after
   * them. Only the endless line runs free: a bounded run (`frames` > 0) is a recording, played
   * like a video file, every frame delivered however late.
   */
  skip(frames: number): void {
    if (this.spec.frames === 0) this.index += frames;
  }

  private get atEnd(): boolean {
    return this.closed || (this.spec.frames > 0 && this.index >= this.spec.frames);
  }

  close(): void {
    this.closed = true;
  }
}
