// Opens the results store in the data folder the host names (LOUPE_DATA_DIR).
// Without one (tests, throwaway runs) nothing is recorded.
import { openResultStore } from '../store/result-store.js';
import type { ResultSink } from './engine-service.js';

export const DATA_DIR_ENV = 'LOUPE_DATA_DIR';

export function resultsFromEnv(report: (message: string) => void, env: NodeJS.ProcessEnv = process.env): ResultSink | undefined {
  const dir = env[DATA_DIR_ENV];
  if (!dir) return undefined;
  try {
    return openResultStore(dir, { onError: (err) => report(`results store: ${err.message}`) });
  } catch (err) {
    report(`results will not be recorded: the store in ${dir} did not open (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}
