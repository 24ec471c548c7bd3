// One part, defect included, centred at the origin: its outline and holes as
// drawn, and its ground truth. Truth for a good part is analytic; for a
// defective one it is computed from the reshaped polygon itself (exact for
// the drawn shape, which is the best estimate the line can give).
import type { DefectKind, PartShape, Point } from '../../../src-shared/inspection.js';
import { buildBaseShape, type BaseShape, type Hole } from './base-shapes.js';
import { chip, dent, slit, split } from './defects.js';
import { CRACK_WIDTH, PART_CATALOG, SIZE_SCATTER } from './part-catalog.js';
import { polygonArea, polygonLength } from './polygon.js';
import type { Rng } from './prng.js';

export interface PartDrawing {
  shape: PartShape;
  center: Point;
  /** The outer outline, counter-clockwise in (x, y). */
  outline: Point[];
  holes: Hole[];
  defect: DefectKind;
  area: number;
  perimeter: number;
}

/** Defects each part type can show. `touching` is arranged by the layout, not here. */
export function defectsFor(shape: PartShape): DefectKind[] {
  return PART_CATALOG[shape].hole ? ['chip', 'dent', 'crack', 'missing-hole', 'touching'] : ['chip', 'dent', 'crack', 'touching'];
}

function goodPart(base: BaseShape, defect: DefectKind): PartDrawing {
  return {
    shape: base.shape,
    center: base.center,
    outline: base.outline,
    holes: base.hole ? [base.hole] : [],
    defect,
    area: base.area,
    perimeter: base.perimeter,
  };
}

function reshaped(base: BaseShape, outline: Point[], keepHole: boolean, defect: DefectKind): PartDrawing {
  const holes = keepHole && base.hole ? [base.hole] : [];
  const area = polygonArea(outline) - holes.reduce((sum, h) => sum + Math.PI * h.radius ** 2, 0);
  return { shape: base.shape, center: base.center, outline, holes, defect, area, perimeter: polygonLength(outline) };
}

/**
 * Draws one part of `shape` at the origin with `defect`; `scale` maps reference
 * pixels to frame pixels. `touching` parts are drawn whole (the layout makes
 * them touch). Falls back to a good part only if a defect cannot fit, which the
 * catalog's sizes rule out at every supported scale.
 */
export function buildPart(shape: PartShape, defect: DefectKind, scale: number, rng: Rng): PartDrawing {
  const size = scale * (1 + rng.range(-SIZE_SCATTER, SIZE_SCATTER));
  const angle = rng.range(0, 2 * Math.PI);
  const spec = PART_CATALOG[shape];
  const origin: Point = [0, 0];
  const base = buildBaseShape(shape, origin, angle, size, defect !== 'missing-hole');
  const lengths = (span: readonly [number, number]) => [span[0] * size, span[1] * size] as const;

  let outline: Point[] | null = null;
  switch (defect) {
    case 'none':
    case 'touching':
      return goodPart(base, defect);
    case 'missing-hole': {
      const part = goodPart(base, defect);
      return { ...part, holes: [] };
    }
    case 'chip':
      outline = chip(base.outline, base.flats, lengths(spec.chip), rng);
      break;
    case 'dent':
      outline = dent(base.outline, base.dentFlats, { depth: lengths(spec.dent.depth), halfWidth: lengths(spec.dent.halfWidth) }, rng);
      break;
    case 'crack': {
      const width = { mouth: Math.max(CRACK_WIDTH.mouth, CRACK_WIDTH.mouth * scale), tip: Math.max(CRACK_WIDTH.tip, CRACK_WIDTH.tip * scale) };
      if (spec.crack.kind === 'split' && base.hole) {
        outline = split(base.outline, base.flats, base.hole, rng.range(width.tip, width.mouth) + 0.5, rng);
        return outline ? reshaped(base, outline, false, defect) : goodPart(base, 'none');
      }
      if (spec.crack.kind === 'slit') {
        const depth = rng.range(spec.crack.depth[0], spec.crack.depth[1]) * 2 * base.inradius;
        outline = slit(base.outline, base.dentFlats, depth, width, rng);
      }
      break;
    }
  }
  return outline ? reshaped(base, outline, true, defect) : goodPart(base, 'none');
}

/** The same drawing moved by (dx, dy). */
export function translatePart(part: PartDrawing, dx: number, dy: number): PartDrawing {
  const move = ([x, y]: Point): Point => [x + dx, y + dy];
  return { ...part, center: move(part.center), outline: part.outline.map(move), holes: part.holes.map((h) => ({ ...h, center: move(h.center) })) };
}
