// The recipes an engine can offer: the built-in default (resources/recipes) and
// every version saved in the data folder's recipes/ subfolder. Saving always
// writes a new version file; a file that no longer validates is reported and
// left out of the list rather than hiding every other recipe.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Recipe } from '../../src-shared/recipe.js';
import type { RecipeEntry } from '../../src-shared/events.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { loadRecipeFile } from './load-recipe-file.js';
import { saveRecipeVersion } from './save-recipe-version.js';

export class RecipeLibrary {
  constructor(
    private readonly defaultPath: string,
    /** Folder of saved versions; null when the engine runs without a data folder. */
    readonly savedDir: string | null,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  list(): RecipeEntry[] {
    const entries: RecipeEntry[] = [];
    const builtin = loadRecipeFile(this.defaultPath);
    if (builtin.ok) entries.push({ recipe: builtin.value, origin: 'builtin', file: basename(this.defaultPath) });
    else this.report(builtin.error.message);
    if (!this.savedDir || !existsSync(this.savedDir)) return entries;
    for (const file of readdirSync(this.savedDir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort()) {
      const loaded = loadRecipeFile(join(this.savedDir, file));
      if (loaded.ok) entries.push({ recipe: loaded.value, origin: 'saved', file });
      else this.report(`saved recipe left out: ${loaded.error.message}`);
    }
    return entries.sort((a, b) => (a.recipe.name === b.recipe.name ? b.recipe.version - a.recipe.version : a.recipe.name.localeCompare(b.recipe.name)));
  }

  save(recipe: Recipe): Result<{ recipe: Recipe; file: string }> {
    if (!this.savedDir) {
      return fail('bad-request', 'recipes cannot be saved: the engine was started without a data folder (LOUPE_DATA_DIR)');
    }
    const saved = saveRecipeVersion(this.savedDir, recipe);
    if (!saved.ok) return saved;
    return ok({ recipe: saved.value.recipe, file: basename(saved.value.path) });
  }
}
