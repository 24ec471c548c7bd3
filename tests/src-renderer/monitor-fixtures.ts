// Builders for the run monitor's renderer tests.
import type { RunInfo } from '../../src-shared/runs-contract.js';

export function makeRunInfo(logdir: string, run: string, over: Partial<RunInfo> = {}): RunInfo {
  return {
    id: `${logdir}#${run}`,
    logdir,
    run,
    tags: Object.keys(over.final ?? {}),
    points: 0,
    lastStep: null,
    lastWallTime: null,
    hparams: {},
    final: {},
    loupe: false,
    badRecords: 0,
    truncatedTails: 0,
    ...over,
  };
}
