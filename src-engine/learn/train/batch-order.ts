// The order training samples are visited in: shuffled afresh every epoch, from
// a seed derived from the run's seed and the epoch, so a resumed run visits
// exactly the batches an uninterrupted run would have.
import { deriveSeed, mulberry32 } from '../../sources/synthetic/prng.js';

/** `indices` shuffled for `epoch` and cut into batches of `batchSize` (the last one may be smaller). */
export function epochBatches(indices: readonly number[], batchSize: number, seed: number, epoch: number): number[][] {
  const order = [...indices];
  const rng = mulberry32(deriveSeed(seed, epoch));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

/** Fixed batches in the given order (validation: no shuffle needed). */
export function inOrderBatches(indices: readonly number[], batchSize: number): number[][] {
  const batches: number[][] = [];
  for (let i = 0; i < indices.length; i += batchSize) batches.push(indices.slice(i, i + batchSize));
  return batches;
}
