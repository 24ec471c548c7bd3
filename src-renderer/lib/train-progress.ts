// How far a training run is, for its progress bar: the epochs done plus the
// part of the current epoch its steps have covered (steps count over the run's
// whole life, so a resumed run's steps include the epochs before the stop).
import type { TrainJobStatus } from '../../src-shared/train-contract.js';

export const ACTIVE_TRAIN_STATES: ReadonlySet<TrainJobStatus['state']> = new Set(['preparing', 'training']);

export function progressFraction(job: Pick<TrainJobStatus, 'epoch' | 'epochs' | 'step' | 'stepsPerEpoch' | 'state'>): number {
  if (job.epochs <= 0) return 0;
  let partial = 0;
  if (ACTIVE_TRAIN_STATES.has(job.state) && job.stepsPerEpoch > 0) {
    partial = Math.min(Math.max((job.step - job.epoch * job.stepsPerEpoch) / job.stepsPerEpoch, 0), 1);
  }
  return Math.min((job.epoch + partial) / job.epochs, 1);
}
