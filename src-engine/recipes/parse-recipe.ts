// Recipes are files people edit by hand, so every load goes through the schema
// and a failure says which file and which field, never just "invalid".
import { RecipeSchema, describeIssues, type Recipe } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** Validates `input` as a recipe; `subject` (a file path or a name) is named in the error. */
export function parseRecipe(input: unknown, subject: string): Result<Recipe> {
  const parsed = RecipeSchema.safeParse(input);
  if (!parsed.success) return fail('bad-recipe', `invalid recipe ${subject}: ${describeIssues(parsed.error)}`, subject);
  return ok(parsed.data);
}
