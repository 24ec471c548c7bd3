// Nominal geometry of the four part types on the synthetic line, and the size
// of each defect, in pixels at the reference frame size (1280×1024). Defects
// are sized like a real line's reject spec: big enough to move solidity,
// convexity, area or the hole count well past the scatter of good parts.
import type { PartShape } from '../../../src-shared/inspection.js';

export const REFERENCE_WIDTH = 1280;
export const REFERENCE_HEIGHT = 1024;

/** A [min, max) range a value is drawn from. */
export type Span = readonly [number, number];

export interface PartSpec {
  /** Disc/washer radius, hexagon circumradius; unused for rectangles. */
  radius: number;
  /** Rectangle sides (long, short). */
  sides?: readonly [number, number];
  /** Hole radius for washers and hex nuts. */
  hole?: number;
  /** Radius of the circular bite a chip takes out of an edge. */
  chip: Span;
  /** A dent is a smooth inward push: its depth and half-width along the edge. */
  dent: { depth: Span; halfWidth: Span };
  /** Solid parts crack as a deep slit (depth as a share of the width across); rings split open. */
  crack: { kind: 'slit'; depth: Span } | { kind: 'split' };
}

export const PART_CATALOG: Record<PartShape, PartSpec> = {
  disc: { radius: 32, chip: [9, 12], dent: { depth: [6, 8], halfWidth: [15, 19] }, crack: { kind: 'slit', depth: [0.5, 0.8] } },
  washer: { radius: 42, hole: 17, chip: [11, 14], dent: { depth: [7, 9], halfWidth: [18, 22] }, crack: { kind: 'split' } },
  hex: { radius: 36, hole: 15, chip: [8.5, 10.5], dent: { depth: [6.5, 8], halfWidth: [13, 15.5] }, crack: { kind: 'split' } },
  rect: { radius: 0, sides: [78, 44], chip: [9, 11.5], dent: { depth: [6, 8], halfWidth: [16, 20] }, crack: { kind: 'slit', depth: [0.5, 0.8] } },
};

export const PART_SHAPES: readonly PartShape[] = ['disc', 'washer', 'hex', 'rect'];

/** Parts are made to within ±1 % of nominal size: the scatter a good part shows. */
export const SIZE_SCATTER = 0.01;

/** Slit width at the mouth and at the tip (px at any scale: a crack must stay a few pixels wide to be seen). */
export const CRACK_WIDTH = { mouth: 4, tip: 2.6 } as const;
