// The engine's data folder, named by the host in LOUPE_DATA_DIR: the results
// database, the production database (lots, shifts, alarms), the saved recipe
// versions and the trainer's model bundles live there. Without one (tests,
// throwaway runs) nothing is recorded or counted and recipes cannot be saved.
import { join } from 'node:path';
import { openResultStore } from '../store/result-store.js';
import { storeSettingsFromEnv } from '../store/store-settings.js';
import { RecipeLibrary } from '../recipes/recipe-library.js';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { ModelShelf } from '../inference/model-shelf.js';
import { LiveProduction } from '../production/live-production.js';
import type { EngineServiceOptions } from './engine-service.js';

export const DATA_DIR_ENV = 'LOUPE_DATA_DIR';

export function dataFolderOptions(
  report: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Pick<EngineServiceOptions, 'results' | 'recipes' | 'models' | 'production'> {
  const dir = env[DATA_DIR_ENV];
  const recipes = new RecipeLibrary(defaultRecipePath(), dir ? join(dir, 'recipes') : null, report);
  const models = new ModelShelf(dir ? join(dir, 'models') : null);
  if (!dir) return { recipes, models };
  const production = openProduction(dir, report);
  const store = storeSettingsFromEnv(env);
  for (const problem of store.problems) report(`results store: ${problem}`);
  try {
    // The store's messages already say they are the results store's.
    return { recipes, models, production, results: openResultStore(dir, { ...store.options, onError: (err) => report(err.message) }) };
  } catch (err) {
    report(`results will not be recorded: the store in ${dir} did not open (${err instanceof Error ? err.message : String(err)})`);
    return { recipes, models, production };
  }
}

/** Lots, shift counters and alarms; a database that does not open costs the counting, not the line. */
function openProduction(dir: string, report: (message: string) => void): LiveProduction | undefined {
  const opened = LiveProduction.open(dir, { report: (message) => report(`production: ${message}`) });
  if (opened.ok) return opened.value;
  report(`lots, shift counters and alarms are off: ${opened.error.message}`);
  return undefined;
}
