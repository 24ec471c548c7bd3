// The recipe the engine judges with. Loading a replacement only swaps it in
// when the new one is valid, so a typo in a recipe file costs an error message,
// not the running inspection.
import type { Recipe } from '../../src-shared/recipe.js';
import type { Result } from '../../src-shared/result.js';
import { loadRecipeFile } from './load-recipe-file.js';
import { parseRecipe } from './parse-recipe.js';

export class ActiveRecipe {
  #current: Recipe;
  #source: string;

  constructor(initial: Recipe, source: string) {
    this.#current = initial;
    this.#source = source;
  }

  get current(): Recipe {
    return this.#current;
  }

  /** File or name the current recipe came from. */
  get source(): string {
    return this.#source;
  }

  /** Loads `path`; on success it becomes current, on failure the current recipe stays. */
  loadFile(path: string): Result<Recipe> {
    return this.#adopt(loadRecipeFile(path), path);
  }

  /** Validates an edited recipe (e.g. from the UI); on success it becomes current. */
  replace(input: unknown, subject: string): Result<Recipe> {
    return this.#adopt(parseRecipe(input, subject), subject);
  }

  #adopt(r: Result<Recipe>, source: string): Result<Recipe> {
    if (r.ok) {
      this.#current = r.value;
      this.#source = source;
    }
    return r;
  }
}
