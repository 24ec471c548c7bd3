// The engine's data folder, named by the host in LOUPE_DATA_DIR: the results
// database, the saved recipe versions and the trainer's model bundles live there. Without one (tests,
// throwaway runs) nothing is recorded and recipes cannot be saved.
import { join } from 'node:path';
import { openResultStore } from '../store/result-store.js';
import { RecipeLibrary } from '../recipes/recipe-library.js';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { ModelShelf } from '../inference/model-shelf.js';
import type { EngineServiceOptions } from './engine-service.js';

export const DATA_DIR_ENV = 'LOUPE_DATA_DIR';

export function dataFolderOptions(
  report: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Pick<EngineServiceOptions, 'results' | 'recipes' | 'models'> {
  const dir = env[DATA_DIR_ENV];
  const recipes = new RecipeLibrary(defaultRecipePath(), dir ? join(dir, 'recipes') : null, report);
  const models = new ModelShelf(dir ? join(dir, 'models') : null);
  if (!dir) return { recipes, models };
  try {
    return { recipes, models, results: openResultStore(dir, { onError: (err) => report(`results store: ${err.message}`) }) };
  } catch (err) {
    report(`results will not be recorded: the store in ${dir} did not open (${err instanceof Error ? err.message : String(err)})`);
    return { recipes, models };
  }
}
