// Recipe requests: saving writes a new version into the data folder and adopts
// it, the list offers the built-in recipe plus saved versions, and a preview
// re-judges the frame the client is looking at.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecipeLibrary } from '../../../src-engine/recipes/recipe-library.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { ok, startEngine } from './engine-harness.js';
import { useTempDirs } from '../../temp-dirs.js';

// Registered first, so its cleanup runs after the engine below is closed (afterEach hooks run in reverse).
const tempDir = useTempDirs('engine-recipes');
let engine: Awaited<ReturnType<typeof startEngine>> | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

describe('EngineService: recipes', () => {
  it('saves a new version into the data folder, adopts it, and lists it beside the built-in recipe', async () => {
    const dir = tempDir();
    engine = await startEngine({ recipes: new RecipeLibrary(defaultRecipePath(), join(dir, 'recipes')) });
    const current = await ok(engine.client.request('recipe.get', {}));
    const edited = { ...current, tolerances: { ...current.tolerances, area: { min: 10 } } };

    const first = await ok(engine.client.request('recipe.save', { recipe: edited }));
    const second = await ok(engine.client.request('recipe.save', { recipe: edited }));
    expect(first.recipe.version).toBe(current.version + 1);
    expect(second.recipe.version).toBe(current.version + 2); // never overwrites a saved version
    expect(JSON.parse(readFileSync(join(dir, 'recipes', first.file), 'utf8'))).toEqual(first.recipe);
    expect((await ok(engine.client.request('recipe.get', {}))).version).toBe(second.recipe.version);
    expect(engine.service.status().recipe.version).toBe(second.recipe.version);

    const list = await ok(engine.client.request('recipe.list', {}));
    expect(list.map((e) => [e.origin, e.recipe.version])).toEqual([
      ['saved', second.recipe.version],
      ['saved', first.recipe.version],
      ['builtin', current.version],
    ]);
  });

  it('leaves a saved file that no longer validates out of the list, and says so', async () => {
    const dir = tempDir();
    const messages: string[] = [];
    const library = new RecipeLibrary(defaultRecipePath(), dir, (m) => messages.push(m));
    writeFileSync(join(dir, 'broken.v2.json'), '{"schema": "loupe.recipe/1", "name": 5}');
    const entries = library.list();
    expect(entries.map((e) => e.origin)).toEqual(['builtin']);
    expect(messages.join('\n')).toMatch(/broken\.v2\.json/);
  });

  it('refuses a recipe that fails its schema, naming the field, and keeps judging with the one in force', async () => {
    engine = await startEngine();
    const current = await ok(engine.client.request('recipe.get', {}));
    await ok(engine.client.request('run.start', {}));
    const bad = { ...current, pipeline: { ...current.pipeline, blur: { kind: 'gaussian', kernel: 4 } } };
    engine.sendRaw({ kind: 'request', id: 7001, method: 'recipe.set', params: { recipe: bad } });
    const response = await engine.responseTo(7001);
    expect(response.result.ok).toBe(false);
    expect(response.result.error?.message).toMatch(/pipeline\.blur\.kernel/);
    const before = engine.frames.length;
    await engine.waitForFrames(2);
    expect(engine.frames.slice(before).every((f) => f.result.recipe.version === current.version && f.result.recipe.name === current.name)).toBe(true);
    expect((await ok(engine.client.request('recipe.get', {}))).pipeline.blur).toEqual(current.pipeline.blur);
  });

  it('refuses to save without a data folder and keeps the recipe in force', async () => {
    engine = await startEngine();
    const current = await ok(engine.client.request('recipe.get', {}));
    const result = await engine.client.request('recipe.save', { recipe: { ...current, name: 'other' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/without a data folder/);
    expect((await ok(engine.client.request('recipe.get', {}))).name).toBe(current.name);
  });

  it('previews on the frame whose picture the client has, not a later frame sent without one', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(6); // nothing acked: after the first, frames go without pictures
    await ok(engine.client.request('run.stop', {}));
    const withPicture = engine.frames.filter((f) => f.preview !== null).map((f) => f.result.seq);
    const last = engine.frames.at(-1)!.result.seq;
    expect(withPicture.at(-1)).toBeLessThan(last);
    const current = await ok(engine.client.request('recipe.get', {}));
    const preview = await ok(engine.client.request('recipe.preview', { recipe: current }));
    expect(preview?.seq).toBe(withPicture.at(-1));
  });
});
