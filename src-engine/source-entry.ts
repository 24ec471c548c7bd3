// Where the entry modules of worker threads and child processes are. They are
// found from the installation's root, not next to the calling module: bundled
// by electron-vite, the caller lives in out/main/chunks/, where no entry file is,
// while the sources (run by tsx in every process Loupe starts) stay where they
// are. Same answer under tsx, in tests, and from a bundle.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './repo-root.js';

/** Every worker and child entry Loupe starts, relative to src-engine/. */
export const SOURCE_ENTRIES = {
  storeWorker: 'store/store-worker.ts',
  inferenceWorker: 'inference/inference-worker.ts',
  historyJobChild: 'history/job-child-entry.ts',
  featureWorker: 'learn/features/feature-worker.ts',
  engineChild: 'host/child-entry.ts',
} as const;

export type SourceEntryName = keyof typeof SOURCE_ENTRIES;

/** Absolute path of an entry; throws, naming the file, when the installation lacks it. */
export function sourceEntryPath(name: SourceEntryName): string {
  const file = join(repoRoot(), 'src-engine', ...SOURCE_ENTRIES[name].split('/'));
  if (!existsSync(file)) throw new Error(`Loupe's ${name} entry is missing at ${file}: the installation is incomplete (run npm run setup)`);
  return file;
}

export function sourceEntryUrl(name: SourceEntryName): URL {
  return pathToFileURL(sourceEntryPath(name));
}
