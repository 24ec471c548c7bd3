// Public surface of the recipes folder: load, validate, save and judge.
export { parseRecipe } from './parse-recipe.js';
export { loadRecipeFile } from './load-recipe-file.js';
export { defaultRecipePath } from './recipe-paths.js';
export { saveRecipeVersion, savedVersions, recipeFileName, recipeSlug } from './save-recipe-version.js';
export { judgeObject, judgeFrame, checkBands, formatPair } from './judge.js';
