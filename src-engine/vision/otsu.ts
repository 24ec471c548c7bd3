// Otsu's threshold computed here rather than by cv.threshold(THRESH_OTSU),
// because the binding returns only the image and the level actually used must
// be reported (FrameResult.thresholdUsed) and reused by the sub-pixel estimator.
import { opencv, type Mat } from '../opencv.js';

/**
 * 256-bin histogram of an 8-bit gray image, counted natively by cv.calcHist
 * (copying a frame into JS costs milliseconds). The pipeline uses the helper's
 * histogram8Native (native-geometry.ts) instead, about 1 ms cheaper per 1.3 MP
 * frame through the binding; this stays as the reference it is tested against.
 */
export function histogram8(gray: Mat): Float64Array {
  const cv = opencv();
  const hist = cv.calcHist(gray, [new cv.HistAxes({ channel: 0, bins: 256, ranges: [0, 256] })]);
  // The binding returns the counts as 64-bit floats (OpenCV itself computes 32-bit ones); read whichever it is.
  const bytes = Uint8Array.from(hist.getData());
  const counts = hist.depth === cv.CV_64F ? new Float64Array(bytes.buffer) : Float64Array.from(new Float32Array(bytes.buffer));
  hist.release();
  return counts;
}

/**
 * Otsu's level: the t maximising the between-class variance when class 0 is
 * values ≤ t and class 1 values > t (OpenCV's THRESH_BINARY convention, so
 * `src > t` is foreground). Ties keep the first maximum, as OpenCV does.
 */
export function otsuLevel(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i];
    sum += i * hist[i];
  }
  if (total === 0) return 0;
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let level = 0;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t];
    sum0 += t * hist[t];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const mu0 = sum0 / w0;
    const mu1 = (sum - sum0) / w1;
    const between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}
