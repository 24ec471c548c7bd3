// The inspection pipeline for one frame:
//   gray (8-bit) → ROI → blur → threshold → morphology → contours with holes
//   → per-object measurement (sub-pixel outline) → verdict.
// Native OpenCV does the whole-image work; the per-object work (window, pixels,
// sub-pixel outline, polygon measures) runs in Loupe's native helper, one call
// per object reading the frame in place (native-geometry.ts). Its JS reference
// (object-geometry.ts) works on small windows copied out of OpenCV once per
// object, never pixel by pixel through the binding, nor whole frames.
//
// Order note: the ROI is cut before blurring, so a large image with a small ROI
// does not pay for blurring pixels nobody looks at. The ROI is a view into the
// image, so the blur still sees the real pixels just beyond the ROI's edge.
//
// Units: geometry stays in pixels (calibration applies only when judging, see
// recipes/judge.ts). Intensities (frame and object mean intensity) are in 8-bit
// gray after conversion (to-gray8.ts), whatever the input depth. thresholdUsed
// is in the input's own units, the same units as a fixed threshold's `value`
// (so a 12-bit camera's threshold reads in 0–4095); for adaptive thresholds it
// is the ROI mean shifted by the offset, the typical local level.
import { opencv, type Mat } from '../opencv.js';
import type { Recipe } from '../../src-shared/recipe.js';
import type { FrameMetricName } from '../../src-shared/metrics.js';
import type { FrameResult, ObjectResult, VerdictReason } from '../../src-shared/inspection.js';
import { toGray8 } from './to-gray8.js';
import { clampRoi } from './region-of-interest.js';
import { applyBlur } from './blur.js';
import { fusesBlurAndHistogram, gaussian3WithHistogram } from './blur-histogram.js';
import { segment } from './threshold.js';
import { applyMorphology } from './morphology.js';
import { contourBox, measureObject, type GeometryImplementation, type MeasureContext, type MeasuredObject } from './measure-object.js';
import { contourAt, findContoursFlat, type FlatContours, type PixelContour } from './native-contours.js';
import { judgeFrame, judgeObject } from '../recipes/judge.js';

export interface FrameMeta {
  seq: number;
  timestampMs: number;
}

export interface InspectionDiagnostics {
  /** Objects (by id) whose geometry came from OpenCV's pixel contour because the sub-pixel trace failed. */
  pixelContourFallbacks: number[];
  /** Objects (by id) with at least one hole measured on its pixel contour (the outer outline is sub-pixel). */
  pixelContourHoleFallbacks: number[];
}

export function inspectImage(image: Mat, recipe: Recipe, meta: FrameMeta): FrameResult {
  return inspectImageDetailed(image, recipe, meta).result;
}

export interface InspectOptions {
  /** Who measures each object: the native helper (default), or the JS reference implementation it is tested against. */
  geometry?: GeometryImplementation;
}

/** inspectImage plus what the FrameResult contract has no room for (which objects fell back to the pixel contour). */
export function inspectImageDetailed(
  image: Mat,
  recipe: Recipe,
  meta: FrameMeta,
  options: InspectOptions = {},
): { result: FrameResult; diagnostics: InspectionDiagnostics } {
  const t0 = performance.now();
  const cv = opencv();
  const p = recipe.pipeline;
  const width = image.cols;
  const height = image.rows;
  const diagnostics: InspectionDiagnostics = { pixelContourFallbacks: [], pixelContourHoleFallbacks: [] };
  const temps: Mat[] = [];
  const keep = <T extends Mat | null>(m: T): T => {
    if (m) temps.push(m);
    return m;
  };

  try {
    const g = toGray8(image, p.channel);
    if (g.owned) temps.push(g.gray);
    const toInputUnits = (level8: number): number => level8 / g.scale;

    const roi = clampRoi(p.roi, width, height);
    if (!roi) {
      const reason: VerdictReason = {
        metric: 'roi',
        value: null,
        message: `ROI ${p.roi!.x},${p.roi!.y} ${p.roi!.width}×${p.roi!.height} lies outside the ${width}×${height} image`,
      };
      return finish(emptyFrame(recipe, meta, width, height), recipe, [], [reason], t0, diagnostics);
    }
    const whole = roi.x === 0 && roi.y === 0 && roi.width === width && roi.height === height;
    // A region is a view, not a copy: native calls below read it in place.
    const roiGray = whole ? g.gray : keep(g.gray.getRegion(new cv.Rect(roi.x, roi.y, roi.width, roi.height)));
    // The default recipe's blur and Otsu histogram come from one native pass when
    // they can (the same pixels and counts as applyBlur and the histogram apart).
    const fused = whole && fusesBlurAndHistogram(p) ? gaussian3WithHistogram(roiGray) : null;
    const blurred = keep(fused ? fused.blurred : applyBlur(roiGray, p.blur));
    const segGray = blurred ?? roiGray;
    const mean8 = fused ? fused.mean : roiGray.mean().w;

    const seg = segment(segGray, p, g.scale, mean8, fused?.histogram);
    keep(seg.mask);
    const mask = keep(applyMorphology(seg.mask, p.morphology)) ?? seg.mask;
    const pixelsAboveThreshold = mask.countNonZero();

    const contours = findContoursFlat(mask, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
    const measured = contours.count
      ? measureAll(contours, { mask, gray: roiGray, segGray, polarity: p.invert ? -1 : 1, threshold8: seg.global ? seg.level8 : null, offset: [roi.x, roi.y] }, recipe, options.geometry ?? 'native')
      : [];

    const objects: ObjectResult[] = measured.map((m, i) => {
      const { part, verdict } = judgeObject(m.metrics, recipe);
      return { id: i + 1, part, bbox: m.bbox, centroid: m.centroid, outline: m.outline, holes: m.holes, metrics: m.metrics, verdict };
    });
    // Ids are assigned after sorting, so map the fallback positions to ids.
    diagnostics.pixelContourFallbacks = measured.flatMap((m, i) => (m.method === 'pixel-contour' ? [i + 1] : []));
    diagnostics.pixelContourHoleFallbacks = measured.flatMap((m, i) => (m.holeFallbacks > 0 ? [i + 1] : []));

    const frame: FrameResult = {
      seq: meta.seq,
      timestampMs: meta.timestampMs,
      width,
      height,
      recipe: { name: recipe.name, version: recipe.version },
      thresholdUsed: toInputUnits(seg.level8),
      metrics: { meanIntensity: mean8, pixelsAboveThreshold, objectCount: objects.length, processingMs: 0 },
      objects,
      verdict: { ok: true, reasons: [] },
    };
    return finish(frame, recipe, objects, [], t0, diagnostics);
  } finally {
    for (const m of temps) m.release();
  }
}

function measureAll(contours: FlatContours, ctx: MeasureContext, recipe: Recipe, geometry: GeometryImplementation): MeasuredObject[] {
  const p = recipe.pipeline;
  const W = ctx.mask.cols;
  const H = ctx.mask.rows;
  const all = Array.from({ length: contours.count }, (_, i) => contourAt(contours, i));

  // RETR_CCOMP: top-level contours are outer boundaries; their children are holes (parent = the object).
  // Pinholes below a tenth of minArea are segmentation noise, not features: they are
  // not counted and not subtracted (a real hole is rarely that much smaller than a part).
  const minHoleArea = p.minArea / 10;
  const holesOf = new Map<number, PixelContour[]>();
  for (const c of all) {
    if (c.parent < 0 || c.area < minHoleArea) continue;
    const list = holesOf.get(c.parent);
    if (list) list.push(c);
    else holesOf.set(c.parent, [c]);
  }

  const out: MeasuredObject[] = [];
  all.forEach((c, i) => {
    if (c.parent >= 0) return;
    const box = contourBox(c);
    // Cheap rejection before any per-pixel work: the outline lies within about
    // half a pixel of the box of boundary-pixel centres, so this bounds the area from above.
    if ((box.maxX - box.minX + 2) * (box.maxY - box.minY + 2) < p.minArea) return;
    if (p.ignoreBorderObjects && (box.minX <= 0 || box.minY <= 0 || box.maxX >= W - 1 || box.maxY >= H - 1)) return;
    const m = measureObject(c, box, holesOf.get(i) ?? [], ctx, geometry);
    if (m.metrics.area >= p.minArea) out.push(m);
  });
  // Reading order (top to bottom, then left to right) so ids are stable and predictable on screen.
  out.sort((a, b) => a.bbox.y - b.bbox.y || a.bbox.x - b.bbox.x);
  return out;
}

function emptyFrame(recipe: Recipe, meta: FrameMeta, width: number, height: number): FrameResult {
  return {
    seq: meta.seq,
    timestampMs: meta.timestampMs,
    width,
    height,
    recipe: { name: recipe.name, version: recipe.version },
    thresholdUsed: 0,
    metrics: { meanIntensity: 0, pixelsAboveThreshold: 0, objectCount: 0, processingMs: 0 },
    objects: [],
    verdict: { ok: true, reasons: [] },
  };
}

/** Stamps processing time (everything up to the frame verdict, which may itself check it) and judges the frame. */
function finish(
  frame: FrameResult,
  recipe: Recipe,
  objects: ObjectResult[],
  extra: VerdictReason[],
  t0: number,
  diagnostics: InspectionDiagnostics,
): { result: FrameResult; diagnostics: InspectionDiagnostics } {
  frame.metrics.processingMs = performance.now() - t0;
  frame.verdict = judgeFrame(frame.metrics as Record<FrameMetricName, number>, objects, recipe, extra);
  return { result: frame, diagnostics };
}
