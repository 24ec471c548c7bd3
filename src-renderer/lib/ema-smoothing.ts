// TensorBoard's scalar smoothing: an exponential moving average debiased the way
// Adam debiases its moments, so the first points are not dragged towards zero.
// Same rules as TensorBoard's scalar dashboard, so a curve looks the same here
// and there: non-finite values (a diverged loss) pass through unsmoothed and do
// not enter the average, and a constant series is left as it is (debiasing
// would otherwise bend it by float rounding).

/** `weight` in [0, 1): 0 gives the raw values back, values near 1 smooth hard. */
export function emaSmooth(values: ArrayLike<number>, weight: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0 || isConstant(values)) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  let last = 0;
  let accumulated = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    accumulated++;
    out[i] = last / (1 - Math.pow(w, accumulated));
  }
  return out;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
