// The whole chain on real frames: the engine copies a kept frame's pixels out
// of its Mat, the store's worker encodes them, and the picture on disk is the
// frame the engine inspected, pixel for pixel.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { opencv } from '../../../src-engine/opencv.js';
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import { ok, SMALL_SYNTHETIC, startEngine } from '../host/engine-harness.js';
import { SyntheticLine } from '../../../src-engine/sources/synthetic/synthetic-line.js';
import { SyntheticSourceSchema } from '../../../src-shared/sources.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('engine-pictures');

describe('engine → store pictures', () => {
  it('keeps the inspected frames as lossless PNGs with thumbnails, listed in the history', async () => {
    const dir = tempDir();
    const engine = await startEngine({ results: openResultStore(dir, { keepEveryNthOk: 1 }) });
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(4);
    await ok(engine.client.request('run.stop', {}));
    const sent = engine.frames.length;
    engine.close(); // closes the store: every queued frame and picture is written first

    const reader = openHistoryReader(dir);
    expect(reader.count({ withImage: true })).toEqual({ ok: true, value: sent });
    const page = reader.query({ filter: { withImage: true }, page: { limit: 1 } });
    if (!page.ok) throw new Error(page.error.message);
    reader.close();
    const cv = opencv();
    const full = cv.imdecode(readFileSync(path.join(dir, 'images', page.value[0].image!.full!)), cv.IMREAD_UNCHANGED);
    const thumb = cv.imdecode(readFileSync(path.join(dir, 'images', page.value[0].image!.thumb!)), cv.IMREAD_UNCHANGED);
    expect([full.cols, full.rows]).toEqual([page.value[0].width, page.value[0].height]);
    expect(Math.max(thumb.cols, thumb.rows)).toBeLessThanOrEqual(160);
    // The synthetic line draws the same frame for the same seed and index: compare byte for byte.
    const drawn = new SyntheticLine(SyntheticSourceSchema.parse(SMALL_SYNTHETIC)).render(page.value[0].seq).image;
    expect([full.channels, full.depth]).toEqual([drawn.channels, drawn.depth]);
    expect(Buffer.compare(full.getData(), drawn.getData())).toBe(0);
  });
});
