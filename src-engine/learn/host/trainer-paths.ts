// Where the trainer keeps things, all under the data folder the host names in
// LOUPE_DATA_DIR: run logs (event files, Loupe's run files, checkpoints) in
// runs/, model bundles in models/, the feature cache where the feature
// pipeline keeps it (featureCacheDir), so the trainer and other users share it.
import { join, resolve } from 'node:path';
import { DATA_DIR_ENV } from '../../host/data-folder-env.js';
import { featureCacheDir } from '../features/feature-cache.js';

export interface TrainerPaths {
  dataDir: string;
  logdir: string;
  modelsDir: string;
  cacheDir: string;
}

/** Default data folder when the host names none: the workstation's own default. */
export const DEFAULT_DATA_DIR = './loupe-data';

export function trainerPaths(dataDir: string, overrides: Partial<Omit<TrainerPaths, 'dataDir'>> = {}): TrainerPaths {
  const root = resolve(dataDir);
  return {
    dataDir: root,
    logdir: resolve(overrides.logdir ?? join(root, 'runs')),
    modelsDir: resolve(overrides.modelsDir ?? join(root, 'models')),
    cacheDir: resolve(overrides.cacheDir ?? featureCacheDir(root)),
  };
}

export const trainerPathsFromEnv = (env: NodeJS.ProcessEnv = process.env): TrainerPaths => trainerPaths(env[DATA_DIR_ENV] || DEFAULT_DATA_DIR);
