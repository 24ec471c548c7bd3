// Optional clean-up of the mask: opening removes specks and thin bridges,
// closing fills pinholes and hairline cracks that would otherwise count as holes.
import { opencv, type Mat } from '../opencv.js';
import type { PipelineParams } from '../../src-shared/recipe.js';

/** Returns a new Mat, or null when the recipe asks for no morphology. */
export function applyMorphology(mask: Mat, morph: PipelineParams['morphology']): Mat | null {
  const cv = opencv();
  if (morph.op === 'none' || morph.kernel <= 1) return null;
  // Elliptic kernel: a square one turns round parts slightly square and skews circularity.
  const kernel = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(morph.kernel, morph.kernel));
  const op = morph.op === 'open' ? cv.MORPH_OPEN : cv.MORPH_CLOSE;
  const out = mask.morphologyEx(kernel, op, new cv.Point2(-1, -1), morph.iterations);
  kernel.release();
  return out;
}
