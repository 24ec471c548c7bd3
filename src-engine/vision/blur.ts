// Optional noise suppression before thresholding. Median keeps edges where
// they are (good against salt-and-pepper); Gaussian is cheaper on wide kernels.
import { opencv, type Mat } from '../opencv.js';
import type { PipelineParams } from '../../src-shared/recipe.js';

/** Returns a new blurred Mat, or null when the recipe asks for no blur (or a 1-pixel kernel, which is a no-op). */
export function applyBlur(gray: Mat, blur: PipelineParams['blur']): Mat | null {
  const cv = opencv();
  if (blur.kind === 'none' || blur.kernel <= 1) return null;
  if (blur.kind === 'median') return gray.medianBlur(blur.kernel);
  // sigma 0: OpenCV derives it from the kernel size, so the recipe only needs one number.
  return gray.gaussianBlur(new cv.Size(blur.kernel, blur.kernel), 0, 0, cv.BORDER_REPLICATE);
}
