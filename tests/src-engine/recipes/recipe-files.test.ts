import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { RECIPE_SCHEMA_ID, type Recipe } from '../../../src-shared/recipe.js';
import { parseRecipe } from '../../../src-engine/recipes/parse-recipe.js';
import { loadRecipeFile } from '../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { recipeFileName, recipeSlug, savedVersions, saveRecipeVersion } from '../../../src-engine/recipes/save-recipe-version.js';

const dir = mkdtempSync(join(tmpdir(), 'loupe-recipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { schema: RECIPE_SCHEMA_ID, name: 'Washer line 2', version: 4, pipeline: { minArea: 80 } };

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('parseRecipe', () => {
  it('fills defaults for a minimal recipe', () => {
    const r = parseRecipe(good, 'inline');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.pipeline.threshold).toEqual({ method: 'otsu' });
    expect(r.value.calibration.mmPerPixel).toBeNull();
    expect(r.value.parts).toEqual([]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a wrong type', { ...good, pipeline: { minArea: '80' } }, /pipeline\.minArea: .*number/],
    ['an unknown field', { ...good, pipeline: { minArea: 80, treshold: { method: 'otsu' } } }, /pipeline: .*treshold/],
    ['min above max', { ...good, tolerances: { area: { min: 500, max: 100 } } }, /tolerances\.area: min must not exceed max/],
    ['an even kernel', { ...good, pipeline: { blur: { kind: 'median', kernel: 4 } } }, /pipeline\.blur\.kernel: must be an odd number of pixels/],
    ['an unknown metric', { ...good, tolerances: { roundness: { min: 0.9 } } }, /tolerances/],
    ['a wrong schema id', { ...good, schema: 'loupe.recipe/2' }, /schema/],
  ];
  for (const [what, input, field] of bad) {
    it(`rejects ${what}, naming the subject and the field`, () => {
      const r = parseRecipe(input, 'line2.json');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('bad-recipe');
      expect(r.error.subject).toBe('line2.json');
      expect(r.error.message).toContain('line2.json');
      expect(r.error.message).toMatch(field);
    });
  }
});

describe('loadRecipeFile', () => {
  it('loads a valid file', () => {
    const r = loadRecipeFile(write('ok.json', JSON.stringify(good)));
    expect(r.ok && r.value.name).toBe('Washer line 2');
  });

  it('reports a missing file, bad JSON and a schema failure as bad-recipe errors naming the file', () => {
    const missing = join(dir, 'nope.json');
    const cases: Array<[string, RegExp]> = [
      [missing, /does not exist/],
      [write('broken.json', '{ "schema": "loupe.recipe/1", '), /is not valid JSON/],
      [write('wrong.json', JSON.stringify({ ...good, version: 0 })), /version: /],
      [dir, /is a directory/],
    ];
    for (const [path, why] of cases) {
      const r = loadRecipeFile(path);
      expect(r.ok, path).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({ code: 'bad-recipe', subject: path });
      expect(r.error.message).toContain(path);
      expect(r.error.message).toMatch(why);
    }
  });
});

describe('the default recipe', () => {
  it('lives in resources/recipes and is valid: Otsu, bright parts, part classes', () => {
    const path = defaultRecipePath();
    expect(path).toMatch(/resources[/\\]recipes[/\\]default\.json$/);
    const r = loadRecipeFile(path);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.pipeline.threshold.method).toBe('otsu');
    expect(r.value.pipeline.invert).toBe(false);
    expect(r.value.parts.map((p) => p.name)).toEqual(['washer', 'disc', 'hex', 'rect']);
  });
});

describe('saveRecipeVersion', () => {
  const recipe = (): Recipe => {
    const r = parseRecipe(good, 'test');
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('names files by slug and version', () => {
    expect(recipeSlug('Washer line 2')).toBe('washer-line-2');
    expect(recipeSlug('///')).toBe('recipe');
    expect(recipeFileName('Washer line 2', 5)).toBe('washer-line-2.v5.json');
  });

  it('writes version+1, never overwrites, and leaves no temp files', () => {
    const d = join(dir, 'save');
    const first = saveRecipeVersion(d, recipe());
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.recipe.version).toBe(5);
    expect(first.value.path).toBe(join(d, 'washer-line-2.v5.json'));
    expect(JSON.parse(readFileSync(first.value.path, 'utf8')).version).toBe(5);
    const v5 = readFileSync(first.value.path, 'utf8');

    // Saving the same (version 4) recipe again must not replace v5: it becomes v6.
    const second = saveRecipeVersion(d, { ...recipe(), description: 'edited' });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.recipe.version).toBe(6);
    expect(readFileSync(first.value.path, 'utf8')).toBe(v5);
    expect(savedVersions(d, 'Washer line 2')).toEqual([5, 6]);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The saved file loads back as the same recipe.
    const loaded = loadRecipeFile(second.value.path);
    expect(loaded.ok && loaded.value).toEqual(second.value.recipe);
  });

  it('skips a version file that appeared behind its back', () => {
    const d = join(dir, 'race');
    mkdirSync(d);
    writeFileSync(join(d, 'washer-line-2.v9.json'), 'someone else');
    const r = saveRecipeVersion(d, recipe());
    expect(r.ok && r.value.recipe.version).toBe(10);
    expect(readFileSync(join(d, 'washer-line-2.v9.json'), 'utf8')).toBe('someone else');
  });

  it('refuses to save an invalid recipe', () => {
    const bad = { ...recipe(), pipeline: { ...recipe().pipeline, minArea: -1 } } as Recipe;
    const r = saveRecipeVersion(join(dir, 'invalid'), bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/pipeline\.minArea/);
  });
});
