import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opencv } from '../../../src-engine/opencv.js';
import { ActiveRecipe } from '../../../src-engine/recipes/active-recipe.js';
import { loadRecipeFile } from '../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { inspectImage } from '../../../src-engine/vision/inspect-image.js';

const dir = mkdtempSync(join(tmpdir(), 'loupe-active-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ActiveRecipe', () => {
  it('keeps the last good recipe usable after a bad file or a bad edit', () => {
    const first = loadRecipeFile(defaultRecipePath());
    if (!first.ok) throw new Error(first.error.message);
    const active = new ActiveRecipe(first.value, defaultRecipePath());

    const badPath = join(dir, 'bad.json');
    writeFileSync(badPath, JSON.stringify({ ...first.value, pipeline: { ...first.value.pipeline, blur: { kind: 'gaussian', kernel: 4 } } }));
    const r = active.loadFile(badPath);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-recipe');
      expect(r.error.message).toContain(badPath);
      expect(r.error.message).toContain('pipeline.blur.kernel');
    }
    const edit = active.replace({ ...first.value, tolerances: { area: { min: 10, max: 1 } } }, 'edit from the UI');
    expect(edit.ok).toBe(false);
    expect(active.current).toBe(first.value);
    expect(active.source).toBe(defaultRecipePath());

    // Still inspects with the good recipe.
    const cv = opencv();
    const img = new cv.Mat(200, 200, cv.CV_8UC1, 20);
    img.drawCircle(new cv.Point2(100, 100), 40, new cv.Vec3(230, 230, 230), -1, cv.LINE_AA);
    const res = inspectImage(img, active.current, { seq: 0, timestampMs: 0 });
    expect(res.recipe).toEqual({ name: first.value.name, version: first.value.version });
    expect(res.objects).toHaveLength(1);
    expect(res.objects[0].part).toBe('disc');
    expect(res.verdict.ok).toBe(true);

    // A good file replaces it.
    const goodPath = join(dir, 'good.json');
    writeFileSync(goodPath, JSON.stringify({ ...first.value, name: 'next', version: 2 }));
    expect(active.loadFile(goodPath).ok).toBe(true);
    expect(active.current.name).toBe('next');
    expect(active.source).toBe(goodPath);
  });
});
