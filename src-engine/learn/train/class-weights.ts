// Class weights for imbalanced lines: most parts are good, so an unweighted
// loss learns "always OK" first. 'balanced' weighs each class by the inverse of
// its share, n / (classes × n_c), as scikit-learn and Keras users expect: every
// class then contributes the same total weight to the loss.

/** Weight per class index; a class absent from `labels` gets weight 0 (it has no samples to weigh). */
export function classWeights(labels: readonly number[], classCount: number, mode: 'balanced' | 'none'): number[] {
  if (mode === 'none') return new Array<number>(classCount).fill(1);
  const counts = new Array<number>(classCount).fill(0);
  for (const c of labels) counts[c]++;
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n === 0 ? 0 : labels.length / (present * n)));
}
