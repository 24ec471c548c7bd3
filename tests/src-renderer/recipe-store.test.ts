// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useRecipeStore, PREVIEW_DEBOUNCE_MS } from '../../src-renderer/stores/recipe.js';
import { useLiveStore } from '../../src-renderer/stores/live.js';
import { useErrorsStore } from '../../src-renderer/stores/errors.js';
import type { Recipe } from '../../src-shared/recipe.js';
import { makeRecipe, makeResult, makeStatus, type FakeClient } from './fixtures.js';
import { flush, setupStores } from './setup-stores.js';

let client: FakeClient;
beforeEach(() => {
  vi.useFakeTimers();
  ({ client } = setupStores());
});
afterEach(() => {
  vi.useRealTimers();
});

const previews = () => client.requests.filter((r) => r.method === 'recipe.preview');

describe('recipe store', () => {
  it('pauses a running line while editing and resumes it on close', async () => {
    const live = useLiveStore();
    live.ingestStatus(makeStatus({ running: true }));
    client.responders.set('run.stop', () => ({ ok: true, value: makeStatus({ running: false }) }));
    const recipe = useRecipeStore();
    await recipe.openEditor();
    expect(client.methods()).toContain('run.stop');
    expect(recipe.editorOpen).toBe(true);
    await recipe.closeEditor();
    expect(client.methods().at(-1)).toBe('run.start');
  });

  it('re-inspects the current frame shortly after an edit and shows that result', async () => {
    const recipe = useRecipeStore();
    await recipe.openEditor();
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    const before = previews().length;
    client.responders.set('recipe.preview', () => ({ ok: true, value: makeResult(42, [false, false, false]) }));
    recipe.draft!.tolerances = { circularity: { min: 0.99 } };
    await nextTick();
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    await flush();
    expect(previews().length).toBe(before + 1);
    expect((previews().at(-1)!.params as { recipe: Recipe }).recipe.tolerances).toEqual({ circularity: { min: 0.99 } });
    expect(recipe.previewResult?.seq).toBe(42);
  });

  it('sends only the newest draft after a burst of edits', async () => {
    const recipe = useRecipeStore();
    await recipe.openEditor();
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    const before = previews().length;
    for (let v = 10; v < 20; v++) {
      recipe.draft!.pipeline.minArea = v;
      await nextTick();
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    await flush();
    expect(previews().length - before).toBe(1);
    expect((previews().at(-1)!.params as { recipe: Recipe }).recipe.pipeline.minArea).toBe(19);
  });

  it('does not send an invalid draft, and says which field is wrong', async () => {
    const recipe = useRecipeStore();
    await recipe.openEditor();
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    const before = previews().length;
    recipe.draft!.pipeline.blur = { kind: 'gaussian', kernel: 4 };
    await nextTick();
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS + 1);
    expect(previews().length).toBe(before);
    expect(recipe.draftIssues).toMatch(/pipeline\.blur\.kernel/);
  });

  it('saves the draft as the next version with recipe.save and adopts what the engine saved', async () => {
    const recipe = useRecipeStore();
    await recipe.openEditor();
    expect(recipe.dirty).toBe(false);
    recipe.draft!.tolerances.area = { max: 5000 }; // a nested edit, after dirty was computed once
    expect(recipe.dirty).toBe(true);
    expect(await recipe.saveDraft()).toBe(true);
    const save = client.requests.find((r) => r.method === 'recipe.save')!;
    expect((save.params as { recipe: Recipe }).recipe).toMatchObject({ name: 'discs', version: 1, tolerances: { area: { max: 5000 } } });
    expect(recipe.current?.version).toBe(2);
    expect(recipe.library.map((r) => r.version)).toEqual([2, 1]);
  });

  it('applies a recipe file and refuses a bad one naming the field', async () => {
    const recipe = useRecipeStore();
    expect(await recipe.applyFromText(JSON.stringify(makeRecipe({ name: 'tight', version: 3 })), 'tight.json')).toBe(true);
    expect(recipe.current?.name).toBe('tight');
    expect(await recipe.applyFromText(JSON.stringify({ ...makeRecipe(), version: 0 }), 'bad.json')).toBe(false);
    expect(useErrorsStore().current).toMatchObject({ code: 'bad-recipe', subject: 'bad.json' });
    expect(useErrorsStore().current?.message).toMatch(/^version:/);
    expect(await recipe.applyFromText('{nope', 'broken.json')).toBe(false);
  });
});
