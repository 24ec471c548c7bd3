// Reading a recipe from disk: every way it can go wrong (missing, unreadable,
// not JSON, not a recipe) is a `bad-recipe` error naming the file, so the
// caller can keep the recipe it already has and show the message.
import { readFileSync, statSync } from 'node:fs';
import type { Recipe } from '../../src-shared/recipe.js';
import { fail, type Result } from '../../src-shared/result.js';
import { parseRecipe } from './parse-recipe.js';

/** Recipes are a few kilobytes; anything this big is the wrong file, not a recipe. */
const MAX_RECIPE_BYTES = 1024 * 1024;

export function loadRecipeFile(path: string): Result<Recipe> {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_RECIPE_BYTES) return fail('bad-recipe', `recipe file ${path} is ${size} bytes, more than a recipe can be (1 MiB)`, path);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${(err as Error).message})`;
    return fail('bad-recipe', `recipe file ${path} ${why}`, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('bad-recipe', `recipe file ${path} is not valid JSON: ${(err as Error).message}`, path);
  }
  return parseRecipe(json, path);
}
