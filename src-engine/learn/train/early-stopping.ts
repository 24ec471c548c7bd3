// Early stopping on validation loss, Keras-style: stop once val loss has not
// improved for `patience` epochs. Nothing is restored into the model: the best
// epoch's weights are kept aside (and in each checkpoint) for the bundle.

export interface EarlyStoppingState {
  bestEpoch: number;
  bestValLoss: number;
  /** Epochs since the best one. */
  sinceBest: number;
}

/** Improvements smaller than this are noise, not progress. */
export const MIN_DELTA = 1e-4;

export function observeEpoch(state: EarlyStoppingState | null, epoch: number, valLoss: number): { state: EarlyStoppingState; improved: boolean } {
  if (state === null || (Number.isFinite(valLoss) && valLoss < state.bestValLoss - MIN_DELTA)) {
    return { state: { bestEpoch: epoch, bestValLoss: valLoss, sinceBest: 0 }, improved: true };
  }
  return { state: { ...state, sinceBest: state.sinceBest + 1 }, improved: false };
}

/** patience 0 = never stop early. */
export const shouldStop = (state: EarlyStoppingState, patience: number): boolean => patience > 0 && state.sinceBest >= patience;
