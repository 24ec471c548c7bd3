// A model bundle in live inspection: the engine loads it beside the rules, the
// parts of every frame get the model's verdict (as a model.verdict event after
// the frame's own, the forward pass running in a worker thread), disagreements
// with the rules and inference time are counted, and a bundle it cannot feed is
// refused at load with the rules (and any model already loaded) left judging.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTensorFlow } from '../../../src-engine/learn/tf/load-tensorflow.js';
import { buildModel } from '../../../src-engine/learn/model/build-model.js';
import { saveBundle } from '../../../src-engine/learn/bundle/save-bundle.js';
import { UNIT_NORMALISATION } from '../../../src-engine/learn/bundle/bundle-manifest.js';
import { ModelShelf } from '../../../src-engine/inference/model-shelf.js';
import { startEngine, ok } from '../host/engine-harness.js';
import type { ModelVerdictEvent } from '../../../src-shared/model-contract.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('live-model');
let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

async function writeBundle(modelsDir: string, name: string, size = 32) {
  const { tf, backend } = await loadTensorFlow();
  const model = buildModel('cnn-tiny', { size, channels: 1, classes: 2 });
  const saved = await saveBundle(tf, model, {
    modelsDir,
    name,
    description: {
      runId: 'test-run',
      createdAtMs: Date.now(),
      architecture: 'cnn-tiny',
      input: { size, channels: 1, scale: 0.25, normalisation: UNIT_NORMALISATION, layout: 'NHWC' },
      classes: ['ok', 'ng'],
      okClasses: ['ok'],
      recipe: { name: 'default', version: 1 },
      metrics: { val_accuracy: 0.5 },
      epoch: 1,
      backend,
    },
  });
  model.dispose();
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value.dir;
}

describe('a model in live inspection', () => {
  it('judges every part beside the rules and counts disagreements and inference time', async () => {
    const modelsDir = tempDir();
    await writeBundle(modelsDir, 'tiny-a');
    const engine = await startEngine({ models: new ModelShelf(modelsDir) });
    close = engine.close;
    const verdicts: ModelVerdictEvent[] = [];
    engine.client.onEvent('model.verdict', (v) => verdicts.push(v));

    const listed = await ok(engine.client.request('model.list', {}));
    expect(listed.bundles.map((b) => b.name)).toEqual(['tiny-a']);
    const loaded = await ok(engine.client.request('model.load', { name: 'tiny-a' }));
    expect(loaded).toMatchObject({ name: 'tiny-a', classes: ['ok', 'ng'], partsJudged: 0 });

    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(8);
    await ok(engine.client.request('run.stop', {}));
    await expect.poll(() => verdicts.length, { timeout: 5000 }).toBeGreaterThan(3);
    await new Promise((r) => setTimeout(r, 300)); // the last frames' verdicts
    let parts = 0;
    let disagreements = 0;
    for (const v of verdicts) {
      const frame = engine.frames.find((f) => f.result.seq === v.seq)!.result;
      expect(v.name).toBe('tiny-a');
      expect(v.inferenceMs).toBeGreaterThan(0);
      expect(v.objects.map((o) => o.id)).toEqual(frame.objects.map((o) => o.id));
      v.objects.forEach((o, i) => {
        expect(['ok', 'ng']).toContain(o.label);
        expect(o.ok).toBe(o.label === 'ok');
        expect(o.confidence).toBeGreaterThanOrEqual(0.5);
        if (o.ok !== frame.objects[i].verdict.ok) disagreements++;
      });
      expect(v.disagreements).toBe(v.objects.filter((o, i) => o.ok !== frame.objects[i].verdict.ok).length);
      parts += v.objects.length;
    }
    const status = await ok(engine.client.request('status.get', {}));
    // Every frame was either judged or counted as one the model could not keep up with.
    expect(verdicts.length + status.model!.framesNotJudged).toBe(engine.frames.length);
    expect(status.model).toMatchObject({ name: 'tiny-a', partsJudged: parts, disagreements });
    expect(status.model!.meanInferenceMs).toBeGreaterThan(0);

    await ok(engine.client.request('model.unload', {}));
    expect((await ok(engine.client.request('status.get', {}))).model).toBeNull();
  });

  it('refuses a bundle whose model does not match its input spec, and keeps the loaded model judging', async () => {
    const modelsDir = tempDir();
    await writeBundle(modelsDir, 'good');
    const badDir = await writeBundle(modelsDir, 'mislabelled');
    // bundle.json claims 64×64 crops; the model inside takes 32×32.
    const manifestFile = join(badDir, 'bundle.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.input.size = 64;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const engine = await startEngine({ models: new ModelShelf(modelsDir) });
    close = engine.close;
    const verdicts: ModelVerdictEvent[] = [];
    engine.client.onEvent('model.verdict', (v) => verdicts.push(v));

    await ok(engine.client.request('model.load', { name: 'good' }));
    const refused = await engine.client.request('model.load', { name: 'mislabelled' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/mislabelled.*takes \[.*32, 32, 1\].*64×64×1/);
    const missing = await engine.client.request('model.load', { name: 'nobody' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'not-found' });

    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(3);
    await ok(engine.client.request('run.stop', {}));
    await expect.poll(() => verdicts.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(new Set(verdicts.map((v) => v.name))).toEqual(new Set(['good']));
    expect(engine.logs.some((l) => l.level === 'warn' && /mislabelled not loaded, keeping good/.test(l.message))).toBe(true);
  });
});
