// The recipe the engine runs when the default recipe file cannot be loaded: the
// pipeline defaults with no tolerances, so the engine still starts and shows
// measurements while the log says what was wrong with the file.
import { RECIPE_SCHEMA_ID, RecipeSchema, type Recipe } from '../../src-shared/recipe.js';

export function fallbackRecipe(): Recipe {
  return RecipeSchema.parse({
    schema: RECIPE_SCHEMA_ID,
    name: 'built-in fallback',
    version: 1,
    description: 'Used because the default recipe file could not be loaded; see the engine log.',
    pipeline: {},
  });
}
