// Pictures and labels through the real worker thread: the store's caller only
// posts; the worker encodes, writes, lists and labels.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import type { RawImage } from '../../../src-engine/store/raw-image.js';
import { makeFrameResult } from './make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('store-pictures');
const SOURCE = { kind: 'camera', device: 0 } as const;

function gray(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height).map((_, i) => i % 251);
  return { width, height, channels: 1, depth: 8, data: data.buffer };
}

describe('ResultStore pictures and labels', () => {
  it('keeps the picture of every NG frame and of 1 in N OK frames, copying pixels only for those', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { keepEveryNthOk: 3, flushIntervalMs: 60_000 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    let copies = 0;
    const verdicts = [true, true, false, true, true, true, false, true];
    verdicts.forEach((ok, seq) =>
      store.append(run, makeFrameResult(seq, ok), () => {
        copies++;
        return gray(200, 100);
      }),
    );
    await store.flush();
    store.close();
    // OK frames 0, 1, 3, 4, 5, 7: the 1st and 4th of them (seq 0 and 4) are sampled; NG 2 and 6 always.
    expect(copies).toBe(4);
    const reader = openHistoryReader(dir);
    const rows = reader.query({ filter: { withImage: true }, sort: { column: 'seq', direction: 'asc' }, page: { limit: 10 } });
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value.map((r) => [r.seq, r.image?.reason])).toEqual([[0, 'sampled-ok'], [2, 'ng'], [4, 'sampled-ok'], [6, 'ng']]);
    for (const r of rows.value) {
      expect(existsSync(path.join(dir, 'images', r.image!.full!))).toBe(true);
      expect(existsSync(path.join(dir, 'images', r.image!.thumb!))).toBe(true);
    }
    expect(reader.count({ withImage: false })).toEqual({ ok: true, value: 4 });
    reader.close();
  });

  it('labels through the worker, refusing a stale change and a malformed one with the reason', async () => {
    const dir = tempDir();
    const store = openResultStore(dir);
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    store.append(run, makeFrameResult(0, false));
    // The frame is still queued: the label waits for its commit rather than missing it.
    const first = await store.setLabel({ frameId: 1, value: 'scratch', author: 'ana', replaces: null });
    expect(first).toMatchObject({ ok: true, value: { revision: 1 } });
    const stale = await store.setLabel({ frameId: 1, value: 'ok', author: 'ben', replaces: null });
    expect(!stale.ok && stale.error.message).toMatch(/stale.*current one is revision 1 \(scratch, by ana\)/);
    const malformed = await store.setLabel({ frameId: 1, value: '', author: 'ben', replaces: 1 });
    expect(!malformed.ok && malformed.error.message).toMatch(/label change refused: value/);
    const second = await store.setLabel({ frameId: 1, value: 'ok', author: 'ben', replaces: 1 });
    expect(second.ok).toBe(true);
    store.close();
    const reader = openHistoryReader(dir);
    expect(reader.labelHistory(1).map((r) => r.value)).toEqual(['scratch', 'ok']);
    reader.close();
  });
});
