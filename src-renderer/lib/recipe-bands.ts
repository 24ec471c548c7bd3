// Which tolerance band applies to a metric, for drawing it behind a trend: the
// recipe-wide band if there is one, else the band shared by every part class
// (a trend mixes all parts, so a band that differs per class cannot be drawn as one).
import type { Band, Recipe } from '../../src-shared/recipe.js';

export function bandFor(recipe: Recipe | null, metric: string): Band | null {
  if (!recipe) return null;
  const global = (recipe.tolerances as Record<string, Band | undefined>)[metric];
  if (global && (global.min !== undefined || global.max !== undefined)) return global;
  const perPart = recipe.parts.map((p) => (p.tolerances as Record<string, Band | undefined>)[metric]).filter((b): b is Band => b !== undefined);
  if (perPart.length === 0 || perPart.length !== recipe.parts.length) return null;
  const [first] = perPart;
  return perPart.every((b) => b.min === first.min && b.max === first.max) ? first : null;
}
