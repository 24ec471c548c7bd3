// A new run's id: the name asked for, or the start time and model
// (`20261202-031700-cnn-small`), which sorts by time in any file listing.
import type { TrainConfig } from '../../../src-shared/train-contract.js';

export function newRunId(config: Pick<TrainConfig, 'runName' | 'model'>, nowMs: number): string {
  if (config.runName) return config.runName;
  const iso = new Date(nowMs).toISOString(); // 2026-12-02T03:17:00.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${config.model}`;
}
