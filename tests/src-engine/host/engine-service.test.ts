// EngineService through an in-memory port: validation of everything inbound,
// latest-wins previews, recipe adoption and preview, and source failures.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INBOUND_MESSAGE_BYTES } from '../../../src-shared/messages.js';
import { RecipeSchema, type Recipe } from '../../../src-shared/recipe.js';
import { opencv } from '../../../src-engine/opencv.js';
import { ok, startEngine } from './engine-harness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | null = null;
const tempDirs: string[] = [];

afterEach(() => {
  engine?.close();
  engine = null;
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('EngineService: start-up', () => {
  it('opens the default source and recipe but does not run until run.start', async () => {
    engine = await startEngine();
    const hello = await ok(engine.client.request('engine.hello', {}));
    expect(hello.pid).toBe(process.pid);
    expect(hello.opencv).toMatch(/^4\.\d+\.\d+$/);
    const recipe = await ok(engine.client.request('recipe.get', {}));
    expect(recipe.name.length).toBeGreaterThan(0);
    const status = engine.service.status();
    expect(status.running).toBe(false);
    expect(status.source?.kind).toBe('synthetic');
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.frames).toHaveLength(0);
    const started = await ok(engine.client.request('run.start', {}));
    expect(started.running).toBe(true);
    await engine.waitForFrames(3);
    const stopped = await ok(engine.client.request('run.stop', {}));
    expect(stopped.running).toBe(false);
    const after = engine.frames.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(engine.frames.length).toBe(after);
  });
});

describe('EngineService: inbound validation', () => {
  it('answers bad messages with bad-request naming the problem, logs each, and keeps serving a running run', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);
    const logsBefore = engine.logs.filter((l) => l.level === 'warn').length;
    const responsesBefore = engine.responses.length;

    engine.sendRaw({ kind: 'request', id: 9001, method: 'engine.explode', params: {} });
    engine.sendRaw({ kind: 'request', id: 9002, method: 'recipe.set', params: { recipe: { name: 'x' } } });
    engine.sendRaw({ kind: 'request', id: 9003, method: 'view.configure', params: { width: 2, height: 99999 } });
    engine.sendRaw({ kind: 'request', id: 9004, method: 'engine.hello', params: { pad: 'x'.repeat(MAX_INBOUND_MESSAGE_BYTES + 1) } });
    engine.sendRaw({ kind: 'request', id: 9005, method: 'run.start', params: {}, extra: true });
    engine.sendRaw({ kind: 'request', id: 9006, method: 'preview.ack', params: { seq: -1 } });
    // No usable id: nothing can be answered, but each is logged.
    engine.sendRaw('{"kind": "request", "id": 1, "meth');
    engine.sendRaw(42);
    engine.sendRaw(null);
    engine.sendRaw({ kind: 'request', id: -5, method: 'engine.hello' });

    const expectations: [number, RegExp][] = [
      [9001, /method/],
      [9002, /invalid params for recipe\.set: recipe\./],
      [9003, /width|height/],
      [9004, /exceeds the \d+-byte limit/],
      [9005, /extra/],
      [9006, /seq/],
    ];
    for (const [id, pattern] of expectations) {
      const response = await engine.responseTo(id);
      expect(response.result.ok).toBe(false);
      expect(response.result.error?.code).toBe('bad-request');
      expect(response.result.error?.message).toMatch(pattern);
    }
    await expect.poll(() => engine!.logs.filter((l) => l.level === 'warn').length - logsBefore).toBeGreaterThanOrEqual(10);
    expect(engine.logs.some((l) => /not valid JSON/.test(l.message))).toBe(true);
    // Exactly the six addressable messages were answered; the four without a usable id were only logged.
    expect(engine.responses.length - responsesBefore).toBe(6);

    // Still serving: a valid request works and frames keep coming.
    const hello = await ok(engine.client.request('engine.hello', {}));
    expect(hello.pid).toBe(process.pid);
    await engine.waitForFrames(3);
    expect(engine.service.status().running).toBe(true);
  });

  it('status.get reports the running line and its counters without changing anything', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(3);
    const status = await ok(engine.client.request('status.get', {}));
    expect(status.running).toBe(true);
    expect(status.counters.frames).toBeGreaterThanOrEqual(3);
    expect(status.source?.kind).toBe('synthetic');
    await engine.waitForFrames(status.counters.frames + 2); // still running: asking did not stop it
    expect(engine.service.status().running).toBe(true);
  });

  it('requires the params key, as the contract says, and names it when missing', async () => {
    engine = await startEngine();
    engine.sendRaw({ kind: 'request', id: 77, method: 'recipe.get' });
    const response = await engine.responseTo(77);
    expect(response.result.ok).toBe(false);
    expect(response.result.error?.message).toMatch(/params/);
    engine.sendRaw({ kind: 'request', id: 78, method: 'recipe.get', params: {} });
    expect((await engine.responseTo(78)).result.ok).toBe(true);
  });
});

describe('EngineService: latest-wins previews', () => {
  it('attaches no preview until the last one is acked, counts the drops and never queues', async () => {
    engine = await startEngine();
    await ok(engine.client.request('view.configure', { width: 160, height: 128, format: 'jpeg' }));
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(8);
    const withPreview = engine.frames.filter((f) => f.preview !== null);
    expect(withPreview).toHaveLength(1); // the first, then nothing until an ack
    expect(withPreview[0].preview).toMatchObject({ mime: 'image/jpeg', width: 160, height: 128 });
    expect(withPreview[0].preview!.data.length).toBeGreaterThan(100);

    await expect.poll(() => engine!.service.status().counters.previewsDropped).toBeGreaterThanOrEqual(7);
    const dropped = engine.service.status().counters;
    expect(dropped.previewsDropped).toBe(dropped.frames - 1);

    // Acking the one outstanding preview lets exactly the next frame carry one.
    const countBeforeAck = engine.frames.length;
    await ok(engine.client.request('preview.ack', { seq: withPreview[0].result.seq }));
    await engine.waitForFrames(6);
    const later = engine.frames.slice(countBeforeAck).filter((f) => f.preview !== null);
    expect(later).toHaveLength(1);
    expect(later[0].result.seq).toBeGreaterThan(withPreview[0].result.seq);
  });

  it('ignores a stale ack while a newer preview is in flight', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);
    const first = engine.frames.find((f) => f.preview)!;
    await ok(engine.client.request('preview.ack', { seq: first.result.seq }));
    await expect.poll(() => engine!.frames.filter((f) => f.preview).length).toBe(2);
    const second = engine.frames.filter((f) => f.preview)[1];
    await ok(engine.client.request('preview.ack', { seq: first.result.seq })); // stale
    const mark = engine.frames.length;
    await engine.waitForFrames(5);
    expect(engine.frames.slice(mark).some((f) => f.preview)).toBe(false);
    await ok(engine.client.request('preview.ack', { seq: second.result.seq }));
    await expect.poll(() => engine!.frames.filter((f) => f.preview).length).toBe(3);
  });
});

describe('EngineService: recipes', () => {
  const strict = (base: Recipe): Recipe =>
    RecipeSchema.parse({ ...base, name: 'impossible', version: base.version + 1, parts: [], tolerances: { area: { max: 1 } } });

  it('recipe.set changes verdicts from the next frame on', async () => {
    engine = await startEngine();
    const base = await ok(engine.client.request('recipe.get', {}));
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);

    const setAt = engine.frames.length;
    const status = await ok(engine.client.request('recipe.set', { recipe: strict(base) }));
    expect(status.recipe).toEqual({ name: 'impossible', version: base.version + 1 });
    const afterSet = engine.frames.length;
    await engine.waitForFrames(3);
    const judged = engine.frames.slice(afterSet);
    for (const f of judged) {
      expect(f.result.recipe.name).toBe('impossible');
      if (f.result.objects.length > 0) expect(f.result.verdict.ok).toBe(false);
      for (const o of f.result.objects) {
        expect(o.verdict.ok).toBe(false);
        expect(o.verdict.reasons.some((r) => r.metric === 'area')).toBe(true);
      }
    }
    expect(judged.some((f) => f.result.objects.length > 0)).toBe(true);
    // Frames judged before the set kept the old recipe's name.
    expect(engine.frames.slice(0, setAt).every((f) => f.result.recipe.name === base.name)).toBe(true);
    expect((await ok(engine.client.request('recipe.get', {}))).name).toBe('impossible');
  });

  it('recipe.preview re-judges the frame on screen without adopting the candidate', async () => {
    engine = await startEngine();
    const base = await ok(engine.client.request('recipe.get', {}));
    expect(await ok(engine.client.request('recipe.preview', { recipe: strict(base) }))).toBeNull(); // no frame yet
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);
    await ok(engine.client.request('run.stop', {}));
    // The frame on screen is the last one that came with a picture (this client never acks, so later ones came without).
    const last = engine.frames.filter((f) => f.preview !== null).at(-1)!;

    // (Its speed is measured by `npm run bench`, suite recipe-preview.)
    const preview = await ok(engine.client.request('recipe.preview', { recipe: strict(base) }));
    expect(preview).not.toBeNull();
    expect(preview!.seq).toBe(last.result.seq);
    expect(preview!.recipe.name).toBe('impossible');
    expect(preview!.objects.length).toBe(last.result.objects.length);
    expect(preview!.objects.every((o) => !o.verdict.ok)).toBe(true);
    expect((await ok(engine.client.request('recipe.get', {}))).name).toBe(base.name);
    expect(engine.service.status().recipe.name).toBe(base.name);
  });
});

describe('EngineService: sources', () => {
  function folderWithImages(good: number, zeroByte: number): string {
    const cv = opencv();
    const dir = mkdtempSync(join(tmpdir(), 'loupe-engine-'));
    tempDirs.push(dir);
    for (let i = 0; i < good; i++) {
      const mat = new cv.Mat(120, 160, cv.CV_8UC1, 30);
      mat.drawCircle(new cv.Point2(80, 60), 25 + i, new cv.Vec3(220, 220, 220), -1);
      cv.imwrite(join(dir, `good-${i}.png`), mat);
    }
    for (let i = 0; i < zeroByte; i++) writeFileSync(join(dir, `empty-${i}.png`), '');
    return dir;
  }

  it('keeps the previous source working when a new one fails to open', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);
    const result = await engine.client.request('source.open', { source: { kind: 'folder', path: '/nonexistent/loupe-test-folder' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
    const status = engine.service.status();
    expect(status.source?.kind).toBe('synthetic');
    expect(status.running).toBe(true);
    await engine.waitForFrames(3);
    expect(engine.logs.some((l) => l.level === 'warn' && /source not opened/.test(l.message))).toBe(true);
  });

  it('counts skipped items, reports the last error and stops at the end of a non-looping source', async () => {
    engine = await startEngine();
    const dir = folderWithImages(2, 1);
    const opened = await ok(engine.client.request('source.open', { source: { kind: 'folder', path: dir, fps: 100 } }));
    expect(opened.source?.kind).toBe('folder');
    expect(opened.counters.frames).toBe(0);
    await ok(engine.client.request('run.start', {}));
    await expect.poll(() => engine!.service.status().running, { timeout: 10_000 }).toBe(false);
    const status = engine.service.status();
    expect(status.counters.frames).toBe(2);
    expect(status.counters.framesSkipped).toBe(1);
    expect(status.lastError?.message.length).toBeGreaterThan(0);
    expect(engine.statuses.at(-1)?.running).toBe(false);
    expect(engine.frames.map((f) => f.result.seq)).toEqual([0, 1]);

    // run.start on an exhausted source replays it from the start.
    await ok(engine.client.request('run.start', {}));
    await expect.poll(() => engine!.frames.length, { timeout: 10_000 }).toBe(4);
    await expect.poll(() => engine!.service.status().running).toBe(false);
  });

  it('switches a running engine to a newly opened source and keeps running', async () => {
    engine = await startEngine();
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(1);
    const opened = await ok(engine.client.request('source.open', { source: { kind: 'synthetic', seed: 9, width: 200, height: 160, fps: 60 } }));
    expect(opened.running).toBe(true);
    const mark = engine.frames.length;
    await engine.waitForFrames(3);
    expect(engine.frames.slice(mark + 1).every((f) => f.result.width === 200)).toBe(true);
  });

  it('a free-running line stalled past the camera buffer counts its lost frames, says so, and runs on', async () => {
    engine = await startEngine();
    await ok(engine.client.request('source.open', { source: { kind: 'synthetic', seed: 4, width: 160, height: 128, fps: 50 } }));
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(3);
    // Something else holds the engine's thread for 1.6 s: 80 frames are taken, 50 fit in the buffer.
    const until = performance.now() + 1600;
    while (performance.now() < until);
    await expect.poll(() => engine!.service.status().counters.framesMissed, { timeout: 5000 }).toBeGreaterThan(0);
    const status = engine.service.status();
    expect(status.counters.framesMissed).toBeGreaterThanOrEqual(10);
    expect(status.counters.framesMissed).toBeLessThanOrEqual(60);
    expect(engine.logs.some((l) => l.level === 'warn' && /behind the camera: \d+ frame\(s\) were never inspected/.test(l.message))).toBe(true);
    // The caught-up frames were inspected and are stamped when they were taken, not when read.
    const seqs = engine.frames.map((f) => f.result.seq);
    expect(seqs.some((seq, i) => i > 0 && seq > seqs[i - 1] + 1)).toBe(true);
    const late = engine.frames.filter((f) => f.sentAtMs - f.capturedAtMs > 300);
    expect(late.length).toBeGreaterThan(5);
    // A frame read while newer ones wait is not encoded for display, bar one picture every 200 ms
    // so the screen keeps moving: the time goes to catching up.
    const span = late.at(-1)!.sentAtMs - late[0].sentAtMs;
    expect(late.filter((f) => f.preview !== null).length).toBeLessThanOrEqual(1 + Math.ceil(span / 200));
    expect(late.filter((f) => f.preview === null).length).toBeGreaterThan(late.length / 2);
    const before = status.counters.frames;
    await expect.poll(() => engine!.service.status().counters.frames, { timeout: 5000 }).toBeGreaterThan(before + 5);
  });

  it('a bounded synthetic run is a recording: stalled, it still delivers every frame', async () => {
    engine = await startEngine();
    await ok(engine.client.request('source.open', { source: { kind: 'synthetic', seed: 4, width: 160, height: 128, fps: 50, frames: 40 } }));
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(3);
    const until = performance.now() + 1600;
    while (performance.now() < until);
    await expect.poll(() => engine!.service.status().running, { timeout: 10_000 }).toBe(false);
    expect(engine.service.status().counters.frames).toBe(40);
    expect(engine.service.status().counters.framesMissed).toBe(0);
  });

  it('emits status about once a second while running', async () => {
    engine = await startEngine({ statusIntervalMs: 100 });
    await ok(engine.client.request('run.start', {}));
    const before = engine.statuses.length;
    await new Promise((r) => setTimeout(r, 450));
    const periodic = engine.statuses.slice(before);
    expect(periodic.length).toBeGreaterThanOrEqual(3);
    expect(periodic.at(-1)!.counters.frames).toBeGreaterThan(0);
    expect(periodic.at(-1)!.fps).toBeGreaterThan(0);
  });
});
