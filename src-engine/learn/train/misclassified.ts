// The validation samples the model got wrong, as the run monitor shows them:
// the crop the model saw (PNG), the sample's OpenCV features by name, and the
// part's outline in crop coordinates. The outline comes from inspecting the
// sample's native window again (OpenCV, here in the trainer, never in the tf
// graph) and mapping it through the same scale and centring as the crop.
import type { MisclassifiedSample } from '../../../src-shared/runs-contract.js';
import type { Point } from '../../../src-shared/inspection.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { opencv } from '../../opencv.js';
import type { Sample } from '../dataset/sample.js';
import { inspectWindow } from '../features/compute-features.js';
import { largestObject } from '../features/largest-object.js';

/** Most the monitor shows per epoch; the worst mistakes (most confident) first. */
export const MAX_MISCLASSIFIED = 64;

export interface Mistake {
  sample: Sample;
  predicted: number;
  confidence: number;
  /** The sample's features, FEATURE_NAMES order. */
  features: Float32Array;
}

export function cropPng(crop: Uint8Array, size: number): string {
  const cv = opencv();
  const mat = new cv.Mat(Buffer.from(crop.buffer, crop.byteOffset, crop.byteLength), size, size, cv.CV_8UC1);
  try {
    return cv.imencode('.png', mat).toString('base64');
  } finally {
    mat.release();
  }
}

/** Window coordinates → crop coordinates, exactly as dataset/crop.ts resamples (same rounding, same ½-pixel shifts). */
export function windowToCrop(window: { width: number; height: number }, centre: Point, scale: number, size: number): (p: Point) => Point {
  const w = Math.max(1, Math.round(window.width * scale));
  const h = Math.max(1, Math.round(window.height * scale));
  const sx = w / window.width;
  const sy = h / window.height;
  const dx = Math.round((centre[0] + 0.5) * sx - 0.5 - (size - 1) / 2);
  const dy = Math.round((centre[1] + 0.5) * sy - 0.5 - (size - 1) / 2);
  return ([x, y]) => [(x + 0.5) * sx - 0.5 - dx, (y + 0.5) * sy - 0.5 - dy];
}

function outlineInCrop(sample: Sample, recipe: Recipe, scale: number, size: number): Point[] | null {
  try {
    const part = largestObject(inspectWindow(sample.window, recipe));
    if (!part) return null;
    const map = windowToCrop(sample.window, part.centroid, scale, size);
    return part.outline.map((p) => {
      const [u, v] = map(p);
      return [Math.round(u * 100) / 100, Math.round(v * 100) / 100];
    });
  } catch {
    return null; // an outline is a help for the reader, never a reason to lose the epoch's details
  }
}

function originOf(s: Sample): string {
  if (s.origin.kind === 'synthetic') return `synthetic seed ${s.origin.seed} frame ${s.origin.frame} part ${s.origin.part}`;
  if (s.origin.kind === 'history') return `history frame ${s.origin.frameId} object ${s.origin.objectId}`;
  return `file ${s.origin.file}`;
}

/** Where the monitor opens the sample in review: only history samples have a frame there. */
export const historyRefOf = (s: Sample): MisclassifiedSample['historyRef'] =>
  s.origin.kind === 'history' ? { frameId: s.origin.frameId, objectId: s.origin.objectId } : null;

export function describeMistakes(
  mistakes: readonly Mistake[],
  o: { classes: readonly string[]; featureNames: readonly string[]; recipe: Recipe; scale: number; size: number },
): MisclassifiedSample[] {
  return [...mistakes]
    .sort((a, b) => b.confidence - a.confidence || a.sample.id.localeCompare(b.sample.id))
    .slice(0, MAX_MISCLASSIFIED)
    .map((m) => ({
      sampleId: m.sample.id,
      label: m.sample.label,
      predicted: o.classes[m.predicted],
      confidence: m.confidence,
      cropPng: cropPng(m.sample.input, o.size),
      cropSize: o.size,
      metrics: Object.fromEntries(o.featureNames.map((name, j) => [name, m.features[j]]).filter(([, v]) => Number.isFinite(v as number))),
      outline: outlineInCrop(m.sample, o.recipe, o.scale, o.size),
      origin: originOf(m.sample),
      historyRef: historyRefOf(m.sample),
    }));
}
